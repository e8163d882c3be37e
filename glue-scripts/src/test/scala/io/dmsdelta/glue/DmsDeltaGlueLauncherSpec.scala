package io.dmsdelta.glue

import io.delta.tables.DeltaTable
import org.apache.spark.sql.SparkSession
import org.scalatest.BeforeAndAfterAll
import org.scalatest.funsuite.AnyFunSuite

import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Path}
import scala.collection.JavaConverters._

/**
 * The launcher as Glue runs it: in-process, in a SparkSession that already exists, handed Glue's own arguments
 * along with dms-delta's, against the repository's sample DMS output.
 */
class DmsDeltaGlueLauncherSpec extends AnyFunSuite with BeforeAndAfterAll {

  // The exact tables of spark-app's SampleDataEndToEndTest (columns joined with |, rows sorted).
  private val persons = Seq(
    "1|Mary Major|Seattle", "11|Ana Carolina Silva|Atlanta", "12|Arnav Desai|Dallas",
    "13|Shirley Rodriguez|San Diego", "130|Alica Bing|New York", "131|Malinda Bing|Detroit",
    "132|Chandler Bing|Portland", "14|Saanvi Sarkar|Columbus", "15|Mateo Jackson|Nashville",
    "16|Martha Rivera|Tampa", "17|Diego Ramirez|Detroit", "18|Zhang Wei|Seattle", "19|Efua Owusu|Baltimore",
    "2|John Doe|Boston", "20|Jorge Souza|Omaha", "3|Jane Roe|Chicago", "4|Richard Miles|Austin",
    "5|Paulo Santos|Miami", "6|Nikhil Jayashankar|San Jose", "7|ABC XYZ|Phoenix", "8|ABC XYZ|Denver",
    "9|Wang Xiulan|Portland").sorted

  private val orderLines = Seq(
    "1001|1|Widget|8|9.49|2024-06-12 10:33:01.0",
    "1002|1|Sprocket|9|0.80|2024-06-12 10:33:02.0",
    "1003|1|Gift card\nwith a two-line note|1|25.00|2024-06-12 10:32:05.0",
    "1|1|Widget|4|9.99|2024-06-12 10:30:50.0",
    "1|2|Gadget|1|24.50|2024-06-12 09:00:00.0",
    "2|1|Sprocket|12|0.70|2024-06-12 10:32:04.0",
    "3|1|Gizmo Pro|1|129.00|2024-06-12 10:33:03.0",
    "4|1|Widget|5|9.99|2024-06-12 09:15:00.0",
    "5000|1|Thingamajig|2|3.30|2024-06-12 10:33:04.0",
    "5|1|Gadget, \"deluxe\"|1|5.00|2024-06-12 10:31:00.0").sorted

  private var spark: SparkSession = _

  /** Created before the launcher runs, as on Glue: the launcher must use it, not build its own. */
  override def beforeAll(): Unit = {
    spark = SparkSession.builder()
      .appName("dms-delta-glue-launcher-tests")
      .master("local[2]")
      .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
      .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
      .config("spark.sql.session.timeZone", "UTC")
      .config("spark.sql.shuffle.partitions", "2")
      .config("spark.default.parallelism", "2")
      .config("spark.databricks.delta.snapshotPartitions", "1")
      .config("spark.ui.enabled", "false")
      .config("spark.driver.host", "127.0.0.1")
      .config("spark.sql.warehouse.dir", newTempDir().resolve("spark-warehouse").toString) // not in the module folder
      .getOrCreate()
  }

  override def afterAll(): Unit = {
    spark.stop()
    tempDirs.foreach(deleteRecursively)
  }

  private val tempDirs = scala.collection.mutable.Buffer.empty[Path]

  private def newTempDir(): Path = {
    val dir = Files.createTempDirectory("dms-delta-glue")
    tempDirs += dir
    dir
  }

  private def deleteRecursively(dir: Path): Unit = {
    val paths = Files.walk(dir)
    try paths.iterator.asScala.toSeq.reverse.foreach(p => Files.deleteIfExists(p)) finally paths.close()
  }

  /** A DMS bucket folder and a warehouse of the test's own, in a new temporary folder. */
  private final class Bucket(tableFolders: String*) {
    val dir: Path = newTempDir()
    val source: Path = dir.resolve("dms")
    val target: Path = dir.resolve("warehouse")
    tableFolders.foreach(copySample)

    private def copySample(tableFolder: String): Unit = {
      val from = RepoFiles.path("sample-data/dms").resolve(tableFolder)
      val files = Files.list(from)
      try files.iterator.asScala.foreach { file =>
        val to = source.resolve(tableFolder).resolve(file.getFileName.toString)
        Files.createDirectories(to.getParent)
        Files.copy(file, to)
      } finally files.close()
    }

    def write(relative: String, text: String): Path = {
      val file = source.resolve(relative)
      Files.createDirectories(file.getParent)
      Files.write(file, text.getBytes(StandardCharsets.UTF_8))
    }

    private def table(name: String): String = target.resolve(name).toString

    def rows(name: String): Seq[String] = {
      val frame = spark.read.format("delta").load(table(name))
      frame.collect().toSeq.map(_.toSeq.map(v => if (v == null) "null" else v.toString).mkString("|")).sorted
    }

    def version(name: String): Long = DeltaTable.forPath(spark, table(name)).history(1).head().getLong(0)
  }

  /** What Glue hands the script: its own arguments, mixed in with the job's. */
  private def glueArgs(source: Path, target: Path, strict: String = "false"): Seq[String] = Seq(
    "--JOB_ID", "j_1", "--JOB_RUN_ID", "jr_1", "--job-bookmark-option", "job-bookmark-disable",
    "--TempDir", "s3://tmp/x", "--job-language", "scala", "--JOB_NAME", "dms-delta", "--enable-metrics", "true",
    "--unknown=1",
    "--source", source.toString, "--target", target.toString,
    "--tables", RepoFiles.path("dms-config/tables.json").toString,
    "--endpoint-settings", RepoFiles.path("sample-data/endpoint-settings.json").toString,
    "--strict", strict)

  test("applies the sample DMS output exactly, and a second run changes nothing") {
    val bucket = new Bucket("ahmad_schema/Persons", "sales/order_lines")

    DmsDeltaGlueLauncher.main(glueArgs(bucket.source, bucket.target).toArray) // as Glue calls it
    assert(!spark.sparkContext.isStopped, "the session belongs to Glue: the launcher must leave it running")
    assert(bucket.rows("ahmad_schema/Persons") == persons)
    assert(bucket.rows("sales/order_lines") == orderLines)
    // The full load (version 0) and one MERGE of all pending files (version 1).
    assert(bucket.version("ahmad_schema/Persons") == 1)
    assert(bucket.version("sales/order_lines") == 1)

    DmsDeltaGlueLauncher.run(glueArgs(bucket.source, bucket.target))
    assert(bucket.version("ahmad_schema/Persons") == 1)
    assert(bucket.version("sales/order_lines") == 1)
    assert(bucket.rows("sales/order_lines") == orderLines)
  }

  test("a table that fails makes the job run fail with exit code 1, and nothing of its batch is written") {
    val bucket = new Bucket("ahmad_schema/Persons")
    // As the Lambda does: --source is the new file; the run applies everything pending for its table.
    val badFile = bucket.write("ahmad_schema/Persons/20240612-110000000.csv", "X,7,Bad Op,Nowhere\n")

    val failure = intercept[DmsDeltaRunFailedException] {
      DmsDeltaGlueLauncher.run(glueArgs(badFile, bucket.target))
    }
    assert(failure.exitCode == 1)
    assert(failure.getMessage.contains("exit code 1: a table failed"), failure.getMessage)
    assert(bucket.version("ahmad_schema/Persons") == 0) // the full load only: the batch with the bad row is not applied
  }

  test("--strict true reaches dms-delta as the flag, --strict false as its absence") {
    val bucket = new Bucket()
    // A table folder that --tables does not define; the defined tables have no folder here and are skipped.
    bucket.write("other_schema/undefined_table/LOAD00000001.csv", "1,x\n")

    DmsDeltaGlueLauncher.run(glueArgs(bucket.source, bucket.target, strict = "false"))
    val failure = intercept[DmsDeltaRunFailedException] {
      DmsDeltaGlueLauncher.run(glueArgs(bucket.source, bucket.target, strict = "true"))
    }
    assert(failure.exitCode == 1)
  }

  test("a missing --target fails the job run with exit code 2, and nothing is written") {
    val bucket = new Bucket("ahmad_schema/Persons")
    val args = glueArgs(bucket.source, bucket.target)
    val withoutTarget = args.patch(args.indexOf("--target"), Nil, 2)

    val failure = intercept[DmsDeltaRunFailedException](DmsDeltaGlueLauncher.run(withoutTarget))
    assert(failure.exitCode == 2)
    assert(failure.getMessage.contains("exit code 2: wrong options or configuration"), failure.getMessage)
    assert(!Files.exists(bucket.target))
  }

  test("a flag given a value other than true or false fails the job run with exit code 2 before anything runs") {
    val bucket = new Bucket("ahmad_schema/Persons")
    val failure = intercept[DmsDeltaRunFailedException](DmsDeltaGlueLauncher.run(glueArgs(bucket.source, bucket.target, strict = "yes")))
    assert(failure.exitCode == 2)
    assert(failure.getMessage.contains("--strict is a flag"), failure.getMessage)
    assert(!Files.exists(bucket.target))
  }
}
