package io.dmsdelta.glue

import io.dmsdelta.pipeline.SampleDataEndToEndTest
import io.dmsdelta.testing.{Pipeline, TestSpark}
import org.scalatest.BeforeAndAfterAll
import org.scalatest.funsuite.AnyFunSuite

import java.nio.file.{Files, Path}
import scala.collection.JavaConverters._

/**
 * The launcher as Glue runs it: in-process, in a SparkSession that already exists, handed Glue's own arguments
 * along with dms-delta's, against the repository's sample DMS output. The pipeline folders, the session and the
 * expected tables are spark-app's test helpers.
 */
class DmsDeltaGlueLauncherSpec extends AnyFunSuite with BeforeAndAfterAll {

  private val tempDirs = scala.collection.mutable.Buffer.empty[Path]

  /** Created before the launcher runs, as on Glue: the launcher must use it, not build its own. */
  override def beforeAll(): Unit = TestSpark.get()

  override def afterAll(): Unit = tempDirs.foreach { dir =>
    val paths = Files.walk(dir)
    try paths.iterator.asScala.toSeq.reverse.foreach(p => Files.deleteIfExists(p)) finally paths.close()
  }

  /** A DMS bucket folder with the sample's files of these tables, and a warehouse, in a new temporary folder. */
  private def pipeline(tableFolders: String*): Pipeline = {
    val dir = Files.createTempDirectory("dms-delta-glue")
    tempDirs += dir
    tableFolders.foldLeft(new Pipeline(dir))(_.copySample(_))
  }

  /** What Glue hands the script: its own arguments, mixed in with the job's. */
  private def glueArgs(source: Path, target: Path, strict: String = "false"): Seq[String] = Seq(
    "--JOB_ID", "j_1", "--JOB_RUN_ID", "jr_1", "--job-bookmark-option", "job-bookmark-disable",
    "--TempDir", "s3://tmp/x", "--job-language", "scala", "--JOB_NAME", "dms-delta", "--enable-metrics", "true",
    "--unknown=1",
    "--source", source.toString, "--target", target.toString,
    "--tables", Pipeline.SAMPLE_TABLES.toString,
    "--endpoint-settings", Pipeline.SAMPLE_SETTINGS.toString,
    "--strict", strict)

  test("applies the sample DMS output exactly, and a second run changes nothing") {
    val p = pipeline("ahmad_schema/Persons", "sales/order_lines")

    DmsDeltaGlueLauncher.main(glueArgs(p.source, p.target).toArray) // as Glue calls it
    assert(!TestSpark.get().sparkContext.isStopped, "the session belongs to Glue: the launcher must leave it running")
    assert(p.rows("ahmad_schema", "Persons") == SampleDataEndToEndTest.PERSONS)
    assert(p.rows("sales", "order_lines") == SampleDataEndToEndTest.ORDER_LINES)
    // The full load (version 0) and one MERGE of all pending files (version 1).
    assert(p.version("ahmad_schema", "Persons") == 1)
    assert(p.version("sales", "order_lines") == 1)

    DmsDeltaGlueLauncher.run(glueArgs(p.source, p.target))
    assert(p.version("ahmad_schema", "Persons") == 1)
    assert(p.version("sales", "order_lines") == 1)
    assert(p.rows("sales", "order_lines") == SampleDataEndToEndTest.ORDER_LINES)
  }

  test("the job's catalog arguments reach dms-delta: the tables are registered and queryable by name") {
    val p = pipeline("ahmad_schema/Persons", "sales/order_lines")

    // The job passes --catalog glue; here Spark's session catalog stands in for the Glue Data Catalog.
    DmsDeltaGlueLauncher.run(glueArgs(p.source, p.target) ++ Seq("--catalog", "spark", "--catalog-database", "glue_job"))

    val byName = io.dmsdelta.testing.Pipeline.Tables.rows(TestSpark.get().sql("SELECT * FROM glue_job.sales_order_lines"))
    assert(byName == SampleDataEndToEndTest.ORDER_LINES)
    assert(TestSpark.get().catalog.tableExists("glue_job", "ahmad_schema_persons"))
  }

  test("a catalog registration that fails makes the job run fail with exit code 5, the data applied") {
    val p = pipeline("ahmad_schema/Persons")
    val elsewhere = p.source.getParent.resolve("elsewhere").toUri
    TestSpark.get().sql("CREATE DATABASE IF NOT EXISTS taken_by_other")
    TestSpark.get().sql(s"CREATE TABLE taken_by_other.ahmad_schema_persons (x int) USING parquet LOCATION '$elsewhere'")

    val failure = intercept[DmsDeltaRunFailedException] {
      DmsDeltaGlueLauncher.run(glueArgs(p.source, p.target) ++ Seq("--catalog", "spark", "--catalog-database", "taken_by_other"))
    }
    assert(failure.exitCode == 5)
    assert(failure.getMessage.startsWith("dms-delta run failed with exit code 5: every table was applied, but a table"
      + " could not be registered in the catalog"), failure.getMessage)
    assert(p.rows("ahmad_schema", "Persons") == SampleDataEndToEndTest.PERSONS)
  }

  test("a warehouse outside S3 cannot be registered in the Glue Data Catalog: exit code 2, nothing written") {
    val p = pipeline("ahmad_schema/Persons")

    val failure = intercept[DmsDeltaRunFailedException] {
      DmsDeltaGlueLauncher.run(glueArgs(p.source, p.target) ++ Seq("--catalog", "glue", "--catalog-database", "glue_job"))
    }
    assert(failure.exitCode == 2)
    assert(!Files.exists(p.target))
  }

  test("a table that fails makes the job run fail with exit code 1, and nothing of its batch is written") {
    val p = pipeline("ahmad_schema/Persons")
    // As the Lambda does: --source is the new file; the run applies everything pending for its table.
    val badFile = p.file("ahmad_schema/Persons/20240612-110000000.csv", "X,7,Bad Op,Nowhere")

    val failure = intercept[DmsDeltaRunFailedException] {
      DmsDeltaGlueLauncher.run(glueArgs(badFile, p.target))
    }
    assert(failure.exitCode == 1)
    assert(failure.getMessage.contains("exit code 1: a table failed"), failure.getMessage)
    assert(p.version("ahmad_schema", "Persons") == 0) // the full load only: the batch with the bad row is not applied
  }

  test("--strict true reaches dms-delta as the flag, --strict false as its absence") {
    val p = pipeline()
    // A table folder that --tables does not define; the defined tables have no folder here and are skipped.
    p.file("other_schema/undefined_table/LOAD00000001.csv", "1,x")

    DmsDeltaGlueLauncher.run(glueArgs(p.source, p.target, strict = "false"))
    val failure = intercept[DmsDeltaRunFailedException] {
      DmsDeltaGlueLauncher.run(glueArgs(p.source, p.target, strict = "true"))
    }
    assert(failure.exitCode == 1)
  }

  test("a missing --target fails the job run with exit code 2, and nothing is written") {
    val p = pipeline("ahmad_schema/Persons")
    val args = glueArgs(p.source, p.target)
    val withoutTarget = args.patch(args.indexOf("--target"), Nil, 2)

    val failure = intercept[DmsDeltaRunFailedException](DmsDeltaGlueLauncher.run(withoutTarget))
    assert(failure.exitCode == 2)
    assert(failure.getMessage.contains("exit code 2: wrong options or configuration"), failure.getMessage)
    assert(!Files.exists(p.target))
  }

  test("a flag given a value other than true or false fails the job run with exit code 2 before anything runs") {
    val p = pipeline("ahmad_schema/Persons")
    val failure = intercept[DmsDeltaRunFailedException](DmsDeltaGlueLauncher.run(glueArgs(p.source, p.target, strict = "yes")))
    assert(failure.exitCode == 2)
    assert(failure.getMessage.contains("--strict is a flag"), failure.getMessage)
    assert(!Files.exists(p.target))
  }

  test("--dms-delta-command optimize runs optimize inside the same one-writer job, with only its options") {
    val p = pipeline("sales/order_lines")
    DmsDeltaGlueLauncher.run(glueArgs(p.source, p.target))
    val version = p.version("sales", "order_lines")

    // The job's default arguments carry run's options (--source, --endpoint-settings, --strict): not passed on.
    DmsDeltaGlueLauncher.run(glueArgs(p.source, p.target) ++ Seq("--dms-delta-command", "optimize"))
    assert(p.version("sales", "order_lines") == version + 1, "one rewrite commit")
    assert(p.rows("sales", "order_lines") == SampleDataEndToEndTest.ORDER_LINES)
    DmsDeltaGlueLauncher.run(glueArgs(p.source, p.target)) // and runs go on from the same file
    assert(p.version("sales", "order_lines") == version + 1)
  }

  test("a --dms-delta-command that is not run, optimize or rewind fails the job run with exit code 2") {
    val p = pipeline("ahmad_schema/Persons")
    val failure = intercept[DmsDeltaRunFailedException](
      DmsDeltaGlueLauncher.run(glueArgs(p.source, p.target) ++ Seq("--dms-delta-command=generate")))
    assert(failure.exitCode == 2)
    assert(failure.getMessage.contains("--dms-delta-command is 'generate'"), failure.getMessage)
    assert(!Files.exists(p.target))
  }
}
