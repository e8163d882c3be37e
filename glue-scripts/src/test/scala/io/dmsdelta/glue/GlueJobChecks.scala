package io.dmsdelta.glue

import com.fasterxml.jackson.databind.JsonNode
import org.scalatest.Assertions._

/** What every definition of the dms-delta Glue job must say, whether glue-job.json or the stack's job. */
object GlueJobChecks {

  val DeltaConfs: Seq[String] = Seq(
    "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
    // Tables synced in parallel share the cluster fairly, and reuse compiled code across many tables and passes.
    "spark.scheduler.mode=FAIR",
    "spark.sql.codegen.cache.maxEntries=2000")

  /** The dms-delta options every run needs (the Lambda passes --source too: the same DMS folder). */
  val RequiredRunOptions: Seq[String] = Seq("--source", "--target", "--tables", "--endpoint-settings")

  /** The options that make every run register its tables in the catalog database. */
  val CatalogRunOptions: Seq[String] = Seq("--catalog", "--catalog-database")

  /** Checks a job's properties (CreateJob input, or an AWS::Glue::Job's Properties). */
  def assertRunsTheLauncher(job: JsonNode): Unit = {
    assert(job.path("GlueVersion").asText == "5.1")
    assert(job.path("Command").path("Name").asText == "glueetl")
    assert(job.path("ExecutionProperty").path("MaxConcurrentRuns").asInt(-1) == 1, "one run at a time")
    assert(job.path("JobRunQueuingEnabled").isBoolean && job.path("JobRunQueuingEnabled").asBoolean,
      "further starts must queue, not fail")
    val arguments = job.path("DefaultArguments")
    assert(arguments.path("--job-language").asText == "scala")
    assert(arguments.path("--class").asText == RepoFiles.launcherClass)
    assert(arguments.path("--datalake-formats").asText == "delta")
    val conf = arguments.path("--conf").asText
    // Glue takes several Spark settings as one --conf value, joined by " --conf ".
    DeltaConfs.foreach(setting => assert(conf.split(" --conf ").contains(setting), s"--conf lacks $setting: $conf"))
    RequiredRunOptions.foreach(option => assert(arguments.has(option), s"DefaultArguments lack $option"))
    // Every run registers its tables in the Glue Data Catalog, in the form Athena reads natively.
    assert(arguments.path("--catalog").asText == "glue", "the job registers the tables in the Glue Data Catalog")
    assert(arguments.has("--catalog-database"), "DefaultArguments lack --catalog-database")
    CatalogRunOptions.foreach(option => assert(io.dmsdelta.cli.DmsDeltaMain.runOptions().get(option) == true,
      s"$option is not a run option that takes a value: the launcher would drop it"))
    assert(arguments.has("--extra-jars"))
  }

  /** The launcher script's file name, which a ScriptLocation must end with. */
  def scriptFileName: String = RepoFiles.launcherScript.getFileName.toString
}
