package io.dmsdelta.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Named points where tests stop the process dead, or hold it, to put another writer's commit exactly there.
 *
 * <p>Set the system property {@value #PROPERTY} to a point's name and the JVM halts there with exit code 137,
 * running no finally blocks or shutdown hooks, as SIGKILL would: the crash tests prove every point leaves the
 * table recoverable. Set {@value #PAUSE_PROPERTY} to a point's name and {@value #PAUSE_FILE_PROPERTY} to a path,
 * and the process writes {@code <path>.reached} there and waits (two minutes at most) until {@code <path>} exists:
 * the concurrency tests commit from another process meanwhile.
 */
public final class CrashPoints {
    public static final String PROPERTY = "dmsdelta.test.crashAt";
    public static final String PAUSE_PROPERTY = "dmsdelta.test.pauseAt";
    public static final String PAUSE_FILE_PROPERTY = "dmsdelta.test.pauseUntil";

    private CrashPoints() {
    }

    public static void reach(String point) {
        if (point.equals(System.getProperty(PROPERTY))) {
            System.err.println("dms-delta: halting at crash point " + point);
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
        if (point.equals(System.getProperty(PAUSE_PROPERTY))) {
            pause(Path.of(System.getProperty(PAUSE_FILE_PROPERTY)));
        }
    }

    /** The file a paused process writes when it reaches its point. */
    public static Path reached(Path pauseFile) {
        return pauseFile.resolveSibling(pauseFile.getFileName() + ".reached");
    }

    private static void pause(Path until) {
        try {
            Files.writeString(reached(until), "");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!Files.exists(until) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
