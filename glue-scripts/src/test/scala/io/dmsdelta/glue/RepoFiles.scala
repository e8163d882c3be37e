package io.dmsdelta.glue

import com.fasterxml.jackson.databind.{JsonNode, ObjectMapper}

import java.nio.file.{Files, Path, Paths}

/** Files of this repository, found from wherever the tests run (the module folder under Maven). */
object RepoFiles {

  /** The repository root: the nearest folder at or above the working directory that holds `sample-data`. */
  lazy val root: Path = {
    val start = Paths.get("").toAbsolutePath
    Iterator.iterate(start)(_.getParent).takeWhile(_ != null).find(dir => Files.isDirectory(dir.resolve("sample-data")))
      .getOrElse(throw new IllegalStateException(s"Cannot find the repository root (the folder with sample-data/) above $start."))
  }

  def path(relative: String): Path = root.resolve(relative)

  def json(relative: String): JsonNode = new ObjectMapper().readTree(path(relative).toFile)

  /** The launcher object's name, as Glue's `--class` must give it. */
  val launcherClass: String = DmsDeltaGlueLauncher.getClass.getName.stripSuffix("$")

  /** The script Glue compiles: the source file named after the launcher object, in its package's folder. */
  lazy val launcherScript: Path = path("glue-scripts/src/main/scala/" + launcherClass.replace('.', '/') + ".scala")
}
