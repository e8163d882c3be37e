package io.dmsdelta.glue

import io.dmsdelta.cli.{DmsDeltaMain, ExitCodes}

import scala.collection.JavaConverters._

/**
 * The AWS Glue 5.1 job script: runs `dms-delta run` with the job's arguments, or another of the commands that write
 * the tables (`optimize`, `rewind`) when the job argument `--dms-delta-command` names it. Running them through the
 * same job keeps one writer per table: the job allows one run at a time.
 *
 * Glue compiles this one file as a Scala job (`--job-language scala`, `--class io.dmsdelta.glue.DmsDeltaGlueLauncher`,
 * the app jar in `--extra-jars`) and calls [[main]] with every job argument, its own ones (`--JOB_ID`,
 * `--JOB_RUN_ID`, `--TempDir`, ...) among them. Only the options of dms-delta's `run` command are passed on
 * (see [[GlueArguments]]); the rest are dropped and named on standard error.
 *
 * The run uses the SparkSession that already exists (a test's, for one), which must have Delta configured.
 * Otherwise dms-delta's `SparkSessions` builds it from the job's Spark configuration (`--datalake-formats delta`
 * and the Delta `--conf`), adding Delta's extension and catalog and a UTC session time zone where they are not
 * set; that is why this script does not call `SparkSession.builder()` itself. The session is not stopped: Glue
 * ends the job when the script returns, and an embedding caller may go on using it.
 *
 * Deliberately free of the Glue ETL library (GlueContext, GlueArgParser): it is not on Maven Central, and
 * dms-delta needs nothing from it.
 */
object DmsDeltaGlueLauncher {

  /** The job argument that picks the command; `run` without it. */
  val CommandArgument = "--dms-delta-command"

  /** The commands a job run may be: the ones that bring the tables up to date or maintain them. */
  val Commands: Set[String] = Set("run", "optimize", "rewind")

  /**
   * Glue's entry point.
   *
   * @throws DmsDeltaRunFailedException when dms-delta exits non-zero, so the Glue job run fails
   */
  def main(sysArgs: Array[String]): Unit = run(sysArgs.toIndexedSeq)

  /**
   * Runs `dms-delta run` in this JVM with the dms-delta options among `glueArgs`.
   *
   * Returns normally when every table succeeded or was up to date (exit code 0).
   *
   * @throws DmsDeltaRunFailedException with the exit code and its meaning on any other exit code, and with exit
   *                                    code 2 when a flag option carries a value other than true or false
   */
  def run(glueArgs: Seq[String]): Unit = {
    val (command, rest) = GlueArguments.command(glueArgs, CommandArgument)
    if (!Commands.contains(command)) {
      throw new DmsDeltaRunFailedException(ExitCodes.USAGE,
        s"$CommandArgument is '$command'; a Glue job run can be one of ${Commands.toSeq.sorted.mkString(", ")}.")
    }
    val selected =
      try GlueArguments.select(rest, DmsDeltaMain.commandOptions(command).asScala.map { case (k, v) => k -> v.booleanValue }.toMap)
      catch {
        case e: IllegalArgumentException => throw new DmsDeltaRunFailedException(ExitCodes.USAGE, e.getMessage)
      }
    System.err.println(selected.describe(command))
    val exitCode = DmsDeltaMain.execute((command +: selected.kept): _*)
    if (exitCode != ExitCodes.OK) {
      throw new DmsDeltaRunFailedException(exitCode,
        "The run summary and dms-delta's messages are in this job run's output and error logs.")
    }
  }
}

/**
 * The arguments passed on to `dms-delta run` (`kept`, in their original order), and the names of those that
 * were not (`dropped`: Glue's own and any other unknown option, or a flag set to false).
 */
final case class GlueArguments(kept: Seq[String], dropped: Seq[String]) {

  /** One line for the log: option names only, since values may hold secrets (inline endpoint settings). */
  def describe(command: String = "run"): String = {
    val passed = kept.map(_.takeWhile(_ != '=')).distinct
    s"dms-delta Glue launcher: passing to dms-delta $command: " + list(passed) + "; not passing: " + list(dropped)
  }

  private def list(names: Seq[String]): String = if (names.isEmpty) "(none)" else names.mkString(" ")
}

object GlueArguments {

  /**
   * The value of `argument` (`--name value` or `--name=value`), `run` without it, and the other arguments.
   *
   * @throws DmsDeltaRunFailedException with exit code 2 when the argument has no value
   */
  def command(args: Seq[String], argument: String): (String, Seq[String]) = {
    val at = args.indexWhere(a => a == argument || a.startsWith(argument + "="))
    if (at < 0) {
      ("run", args)
    } else if (args(at).contains('=')) {
      (args(at).substring(argument.length + 1).trim, args.patch(at, Nil, 1))
    } else if (at + 1 < args.length && !isOptionName(args(at + 1))) {
      (args(at + 1).trim, args.patch(at, Nil, 2))
    } else {
      throw new DmsDeltaRunFailedException(ExitCodes.USAGE, s"$argument needs a value: run, optimize or rewind.")
    }
  }

  /**
   * Picks the `dms-delta run` options out of a Glue job's argument list.
   *
   * Glue passes every job argument as `--name value` (a value may be empty); `--name=value` and a bare `--name`
   * are accepted as well. A token right after an option name is its value unless it starts with `--`.
   *
   *  - A dms-delta option that takes a value is kept as `--name=value`, so a value starting with `-` can never be
   *    read as an option. Without a value it is kept bare, for dms-delta to report the missing value.
   *  - A dms-delta flag (such as `--strict`) is kept bare when its value is `true` or absent and dropped when it is
   *    `false` (any case): Glue cannot pass a flag without a value.
   *  - Anything else (Glue's `--JOB_ID`, `--TempDir`, ..., unknown options, stray values) is dropped with its value.
   *
   * @param args       Glue's argument list
   * @param runOptions every option name of `dms-delta run` mapped to whether it takes a value
   *                   (`DmsDeltaMain.runOptions()`)
   * @throws IllegalArgumentException when a flag's value is neither true nor false
   */
  def select(args: Seq[String], runOptions: Map[String, Boolean]): GlueArguments = {
    val kept = Vector.newBuilder[String]
    val dropped = Vector.newBuilder[String]
    var i = 0
    while (i < args.length) {
      val token = args(i)
      i += 1
      if (!isOptionName(token)) {
        dropped += "(a value without an option name)"
      } else {
        val (name, attached) = token.indexOf('=') match {
          case -1 => (token, None)
          case eq => (token.substring(0, eq), Some(token.substring(eq + 1)))
        }
        val value = attached.orElse {
          if (i < args.length && !isOptionName(args(i))) { i += 1; Some(args(i - 1)) } else None
        }
        runOptions.get(name) match {
          case Some(true) => kept += value.fold(name)(v => s"$name=$v")
          case Some(false) => value.map(_.toLowerCase) match {
            case None | Some("true") => kept += name
            case Some("false") => dropped += s"$name (false)"
            case Some(other) => throw new IllegalArgumentException(
              s"$name is a flag: give it the value true or false in the Glue job's arguments, not '$other'.")
          }
          case None => dropped += name
        }
      }
    }
    GlueArguments(kept.result(), dropped.result())
  }

  private def isOptionName(token: String): Boolean = token.startsWith("--") && token.length > 2
}

/**
 * dms-delta did not succeed; thrown so that the Glue job run fails. The message gives the exit code, what it
 * means and what to do.
 */
final class DmsDeltaRunFailedException(val exitCode: Int, detail: String)
  extends RuntimeException(s"dms-delta run failed with exit code $exitCode: ${DmsDeltaRunFailedException.meaning(exitCode)} $detail")

object DmsDeltaRunFailedException {

  /** Said of an exit code that dms-delta's `ExitCodes` does not define. */
  val Undocumented = "an exit code dms-delta does not document."

  /** What an exit code of `dms-delta run` means (see its `--help`), and what to do about it. */
  def meaning(exitCode: Int): String = exitCode match {
    case ExitCodes.TABLE_FAILED =>
      "a table failed; the other tables were applied. Fix the input the summary names; the next run retries it."
    case ExitCodes.USAGE =>
      "wrong options or configuration; nothing was written. Check the job's arguments and the --tables and --endpoint-settings files."
    case ExitCodes.CONCURRENT_RUN =>
      "other runs kept committing to a table at the same time; nothing was written to it. Keep the job's maximum concurrent runs at 1."
    case ExitCodes.ROWS_QUARANTINED =>
      "every table was applied, but bad rows were set aside (--on-bad-rows quarantine); the summary says where they are."
    case ExitCodes.CATALOG_FAILED =>
      "every table was applied, but a table could not be registered in the catalog (--catalog-database); the summary says which and why (often a missing glue: permission or database). The next run registers it."
    case ExitCodes.INTERNAL =>
      "an unexpected error stopped the run; its stack trace is in the error log."
    case _ => Undocumented
  }
}
