package io.dmsdelta.glue

import com.fasterxml.jackson.databind.{JsonNode, ObjectMapper}
import io.dmsdelta.testing.Pipeline

import java.nio.file.Path

/** Files of this repository, found from wherever the tests run (the module folder under Maven). */
object RepoFiles {

  def path(relative: String): Path = Pipeline.REPO.resolve(relative)

  def json(relative: String): JsonNode = new ObjectMapper().readTree(path(relative).toFile)

  /** The launcher object's name, as Glue's `--class` must give it. */
  val launcherClass: String = DmsDeltaGlueLauncher.getClass.getName.stripSuffix("$")

  /** The script Glue compiles: the source file named after the launcher object, in its package's folder. */
  lazy val launcherScript: Path = path("glue-scripts/src/main/scala/" + launcherClass.replace('.', '/') + ".scala")
}
