package io.dmsdelta.glue

import io.dmsdelta.cli.DmsDeltaMain
import org.scalatest.funsuite.AnyFunSuite

import scala.collection.JavaConverters._

/** Which of a Glue job's arguments reach `dms-delta run`, and in what form. */
class GlueArgumentsSpec extends AnyFunSuite {

  private val runOptions: Map[String, Boolean] =
    DmsDeltaMain.runOptions().asScala.map { case (name, takesValue) => name -> takesValue.booleanValue }.toMap

  private def select(args: String*): GlueArguments = GlueArguments.select(args, runOptions)

  private val gluesOwn = Seq(
    "--JOB_ID" -> "j_1", "--JOB_RUN_ID" -> "jr_1", "--JOB_NAME" -> "dms-delta", "--TempDir" -> "s3://tmp/x",
    "--job-bookmark-option" -> "job-bookmark-disable", "--job-language" -> "scala", "--enable-metrics" -> "true",
    "--class" -> "io.dmsdelta.glue.DmsDeltaGlueLauncher", "--extra-jars" -> "s3://a/dms-delta.jar",
    "--datalake-formats" -> "delta",
    "--conf" -> "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension --conf spark.x=y",
    "--enable-continuous-cloudwatch-log" -> "true", "--enable-spark-ui" -> "false")

  test("the run options come from dms-delta itself, flags marked as taking no value") {
    assert(runOptions("--source") && runOptions("--target") && runOptions("--tables") && runOptions("--endpoint-settings"))
    assert(runOptions("--table") && runOptions("--report"))
    assert(!runOptions("--strict"))
  }

  test("each of Glue's own arguments is dropped with its value, by name") {
    for ((name, value) <- gluesOwn) {
      val selected = select(name, value, "--target", "t")
      assert(selected.kept == Seq("--target=t"), name)
      assert(selected.dropped == Seq(name), name)
    }
  }

  test("dms-delta's options are kept, in order, with their values attached") {
    val args = gluesOwn.flatMap { case (n, v) => Seq(n, v) } ++
      Seq("--source", "s3://dms/dms/sales/order_lines/20240612-103125108.csv", "--target", "s3://wh/warehouse",
        "--tables", "s3://a/tables.json", "--endpoint-settings", """{"CsvDelimiter": ","}""", "--report", "s3://a/r.json")
    val selected = select(args: _*)
    assert(selected.kept == Seq("--source=s3://dms/dms/sales/order_lines/20240612-103125108.csv",
      "--target=s3://wh/warehouse", "--tables=s3://a/tables.json", """--endpoint-settings={"CsvDelimiter": ","}""",
      "--report=s3://a/r.json"))
    assert(selected.dropped == gluesOwn.map(_._1))
  }

  test("--name=value forms are accepted for dms-delta's options and for unknown ones") {
    val selected = select("--unknown=1", "--target=s3://wh/a=b", "--JOB_ID=j_1", "--tables=t.json")
    assert(selected.kept == Seq("--target=s3://wh/a=b", "--tables=t.json"))
    assert(selected.dropped == Seq("--unknown", "--JOB_ID"))
  }

  test("a bare unknown flag does not swallow the option after it, wherever it stands") {
    val selected = select("--some-flag", "--target", "t", "--another-flag", "--tables", "x.json", "--last-flag")
    assert(selected.kept == Seq("--target=t", "--tables=x.json"))
    assert(selected.dropped == Seq("--some-flag", "--another-flag", "--last-flag"))
  }

  test("an empty value, as Glue passes for an argument set to nothing, stays a value") {
    assert(select("--JOB_ID", "", "--report", "", "--target", "t").kept == Seq("--report=", "--target=t"))
  }

  test("a value that looks like an option after =, or starts with a single dash, stays a value") {
    assert(select("--target=--odd", "--tables", "-x.json").kept == Seq("--target=--odd", "--tables=-x.json"))
  }

  test("a dms-delta option left without a value is passed bare, for dms-delta to report") {
    assert(select("--tables", "t.json", "--target").kept == Seq("--tables=t.json", "--target"))
    assert(select("--target", "--tables", "t.json").kept == Seq("--target", "--tables=t.json"))
  }

  test("--strict true, TRUE, =true or bare becomes the flag; --strict false leaves it off") {
    for (form <- Seq(Seq("--strict", "true"), Seq("--strict", "TRUE"), Seq("--strict=true"), Seq("--strict"))) {
      val selected = select(form ++ Seq("--target", "t"): _*)
      assert(selected.kept == Seq("--strict", "--target=t"), form)
      assert(selected.dropped.isEmpty, form)
    }
    for (form <- Seq(Seq("--strict", "false"), Seq("--strict", "False"), Seq("--strict=false"))) {
      val selected = select(form ++ Seq("--target", "t"): _*)
      assert(selected.kept == Seq("--target=t"), form)
      assert(selected.dropped == Seq("--strict (false)"), form)
    }
  }

  test("a flag with a value other than true or false is refused, naming the flag and the value") {
    val e = intercept[IllegalArgumentException](select("--strict", "yes", "--target", "t"))
    assert(e.getMessage.contains("--strict") && e.getMessage.contains("'yes'") && e.getMessage.contains("true or false"))
  }

  test("--table may be repeated; every occurrence is kept") {
    val selected = select("--table", "sales.order_lines", "--JOB_ID", "j", "--table=ahmad_schema.Persons")
    assert(selected.kept == Seq("--table=sales.order_lines", "--table=ahmad_schema.Persons"))
  }

  test("a value with no option name before it is dropped without being shown") {
    val selected = select("stray", "--target", "t")
    assert(selected.kept == Seq("--target=t"))
    assert(selected.dropped == Seq("(a value without an option name)"))
  }

  test("options dms-delta gains later pass through without a change here") {
    val later = Seq("--some-later-option" -> true, "--some-later-flag" -> false)
    assert(!later.exists { case (name, _) => runOptions.contains(name) })
    val args = Seq("--some-later-option", "x", "--some-later-flag", "true", "--JOB_ID", "j")
    assert(select(args: _*).kept.isEmpty)
    assert(GlueArguments.select(args, runOptions ++ later).kept == Seq("--some-later-option=x", "--some-later-flag"))
  }

  test("the log line names the options but never shows a value") {
    val secret = """{"ServiceAccessRoleArn": "arn:aws:iam::123456789012:role/secret-role"}"""
    val line = select("--JOB_ID", "j_secret", "--endpoint-settings", secret, "--target", "s3://wh/secret-target",
      "--strict", "false").describe()
    assert(line.contains("--endpoint-settings") && line.contains("--target") && line.contains("--JOB_ID"))
    assert(line.contains("--strict (false)"))
    assert(!line.contains("secret"), line)
  }
}
