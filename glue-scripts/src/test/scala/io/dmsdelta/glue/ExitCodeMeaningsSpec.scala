package io.dmsdelta.glue

import io.dmsdelta.cli.ExitCodes
import org.scalatest.funsuite.AnyFunSuite

import java.lang.reflect.Modifier

/** The failure message of the Glue job run explains every exit code dms-delta has. */
class ExitCodeMeaningsSpec extends AnyFunSuite {

  /** Every exit code constant of the app, so a code added there fails this test until the launcher explains it. */
  private val exitCodes: Map[String, Int] = classOf[ExitCodes].getFields.toSeq
    .filter(f => Modifier.isStatic(f.getModifiers) && f.getType == classOf[Int])
    .map(f => f.getName -> f.getInt(null)).toMap

  test("each failing exit code of dms-delta has its own meaning") {
    val failing = exitCodes - "OK"
    assert(failing.size >= 5, exitCodes)
    for ((name, code) <- failing) {
      assert(DmsDeltaRunFailedException.meaning(code) != DmsDeltaRunFailedException.Undocumented, name)
    }
    assert(failing.values.map(DmsDeltaRunFailedException.meaning).toSet.size == failing.size)
  }

  test("the message gives the exit code, its meaning and the detail") {
    val e = new DmsDeltaRunFailedException(ExitCodes.CONCURRENT_RUN, "See the logs.")
    assert(e.exitCode == 3)
    assert(e.getMessage == "dms-delta run failed with exit code 3: " + DmsDeltaRunFailedException.meaning(3) + " See the logs.")
    assert(DmsDeltaRunFailedException.meaning(99) == DmsDeltaRunFailedException.Undocumented)
  }
}
