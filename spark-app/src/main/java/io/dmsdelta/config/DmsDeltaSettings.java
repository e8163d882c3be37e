package io.dmsdelta.config;

import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.RuntimeConfig;

/**
 * dms-delta's own settings, given like any Spark setting ({@code --conf} with spark-submit and Glue, {@code -D} with
 * the local launcher). Read once per run; each value is checked, so a typo fails before any data is read.
 *
 * @param maxValueChars        the most characters one CSV value may have. A quote that is not closed makes the rest
 *                             of a file one value: the bound turns that into an error naming the file instead of an
 *                             out-of-memory failure that would end the whole run
 * @param cdcNameAheadAllowanceMs how much later than its storage modification time a CDC file may be named. Its name
 *                             is the time DMS wrote it; a name far ahead (a clock that is wrong, a file renamed by
 *                             hand) would move the watermark past every genuine file until then
 */
public record DmsDeltaSettings(int maxValueChars, long cdcNameAheadAllowanceMs) {

    public static final String MAX_VALUE_CHARS = "spark.dmsdelta.maxValueChars";
    public static final String CDC_NAME_AHEAD_ALLOWANCE = "spark.dmsdelta.cdc.nameAheadAllowance";

    static final int DEFAULT_MAX_VALUE_CHARS = 16 * 1024 * 1024;
    static final String DEFAULT_CDC_NAME_AHEAD_ALLOWANCE = "1h";

    /** The defaults, for code that runs without a Spark session (unit tests, the trigger). */
    public static final DmsDeltaSettings DEFAULTS = new DmsDeltaSettings(DEFAULT_MAX_VALUE_CHARS,
            JavaUtils.timeStringAsMs(DEFAULT_CDC_NAME_AHEAD_ALLOWANCE));

    public static DmsDeltaSettings from(RuntimeConfig conf) {
        String chars = conf.get(MAX_VALUE_CHARS, Integer.toString(DEFAULT_MAX_VALUE_CHARS)).trim();
        int maxValueChars;
        try {
            maxValueChars = Integer.parseInt(chars);
        } catch (NumberFormatException e) {
            maxValueChars = -1;
        }
        if (maxValueChars < 1024) {
            throw new ConfigException("The Spark setting " + MAX_VALUE_CHARS + " is '" + chars + "'; it must be a whole"
                    + " number of characters from 1024 to " + Integer.MAX_VALUE + " (default " + DEFAULT_MAX_VALUE_CHARS + ").");
        }
        String allowance = conf.get(CDC_NAME_AHEAD_ALLOWANCE, DEFAULT_CDC_NAME_AHEAD_ALLOWANCE).trim();
        long allowanceMs;
        try {
            allowanceMs = JavaUtils.timeStringAsMs(allowance);
        } catch (NumberFormatException e) {
            throw new ConfigException("The Spark setting " + CDC_NAME_AHEAD_ALLOWANCE + " is '" + allowance + "'; it must"
                    + " be a duration such as 30min, 1h or 3600s (default " + DEFAULT_CDC_NAME_AHEAD_ALLOWANCE + ").");
        }
        if (allowanceMs < 0) {
            throw new ConfigException("The Spark setting " + CDC_NAME_AHEAD_ALLOWANCE + " must not be negative.");
        }
        return new DmsDeltaSettings(maxValueChars, allowanceMs);
    }
}
