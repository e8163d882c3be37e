package io.dmsdelta.glue

import org.scalatest.funsuite.AnyFunSuite

import java.nio.file.Files

/** glue-scripts/glue-job.json, the input of `aws glue create-job --cli-input-json`. */
class GlueJobDefinitionSpec extends AnyFunSuite {

  private val job = RepoFiles.json("glue-scripts/glue-job.json")

  test("runs the launcher on Glue 5.1 with Delta, one run at a time, further starts queued") {
    GlueJobChecks.assertRunsTheLauncher(job)
    assert(job.path("Name").asText == "dms-delta")
  }

  test("the script location names the launcher's real source file, which declares the --class object") {
    val location = job.path("Command").path("ScriptLocation").asText
    assert(location.startsWith("s3://") && location.endsWith("/" + GlueJobChecks.scriptFileName), location)
    val source = new String(Files.readAllBytes(RepoFiles.launcherScript), "UTF-8")
    val (pkg, name) = RepoFiles.launcherClass.splitAt(RepoFiles.launcherClass.lastIndexOf('.'))
    assert(source.contains(s"package $pkg\n") && source.contains(s"object ${name.drop(1)} {"))
  }

  test("the S3 locations are s3:// URIs with placeholders to fill in") {
    val arguments = job.path("DefaultArguments")
    for (option <- Seq("--extra-jars", "--source", "--target", "--tables", "--endpoint-settings")) {
      assert(arguments.path(option).asText.matches("s3://YOUR-[A-Z-]+/.+"), s"$option: ${arguments.path(option)}")
    }
    assert(arguments.path("--extra-jars").asText.endsWith("/dms-delta.jar"))
    assert(job.path("Role").asText.contains("YOUR-"))
  }

  test("sensible size and time limit") {
    assert(Set("G.1X", "G.2X").contains(job.path("WorkerType").asText))
    assert(job.path("NumberOfWorkers").asInt >= 2)
    assert((1 to 480).contains(job.path("Timeout").asInt))
  }
}
