package io.dmsdelta.report;

/** Turns an exception chain into one readable line for reports. */
public final class Failures {
    private Failures() {
    }

    /** Longest text of a value that messages show: a value can be a whole file when a quote is not closed. */
    public static final int VALUE_SHOWN = 200;

    /** {@code value} cut to {@value #VALUE_SHOWN} characters, with "..." when it was longer. */
    public static String cut(String value) {
        return value.length() > VALUE_SHOWN ? value.substring(0, VALUE_SHOWN) + "..." : value;
    }

    /**
     * Throws {@code e} as it is, checked or not: Spark's Scala code throws checked exceptions (SparkException) that
     * Java signatures do not declare, and a catch that inspects them must pass them on unchanged.
     */
    @SuppressWarnings("unchecked")
    public static <E extends Throwable> RuntimeException rethrow(Throwable e) throws E {
        throw (E) e;
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
