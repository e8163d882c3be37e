package io.dmsdelta.pipeline;

/**
 * Named points where tests stop the process dead, as SIGKILL would: set the system property
 * {@value #PROPERTY} to a point's name and the JVM halts there with exit code 137, running no finally blocks
 * or shutdown hooks. Used by the crash tests to prove every point leaves the table recoverable.
 */
public final class CrashPoints {
    public static final String PROPERTY = "dmsdelta.test.crashAt";

    private CrashPoints() {
    }

    public static void reach(String point) {
        if (point.equals(System.getProperty(PROPERTY))) {
            System.err.println("dms-delta: halting at crash point " + point);
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
