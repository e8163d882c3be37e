package io.dmsdelta.report;

/** Turns an exception chain into one readable line for reports. */
public final class Failures {
    private Failures() {
    }

    /** The innermost cause, its type and the first line of its message (Spark's messages carry whole plans). */
    public static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        if (message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
