package io.dmsdelta.config;

import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.SparkSession;
import scala.Option;

import java.util.Optional;
import java.util.function.UnaryOperator;

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
 * @param rowsPerFile          rows per data file of a full load, about. Files that each hold a narrow key range are
 *                             what lets a batch bounded by its key ranges skip most of a large table; DMS's LOAD files
 *                             are no help there, since each is read by one task and would become one file
 * @param maxSmallFiles        at most this many small files (under half {@code rowsPerFile} rows: the new rows of
 *                             earlier batches) stay beside the key-range files before a batch rewrites them into one
 * @param driverBatchKeys      a batch of at most this many keys (a minute's file) has its matched rows counted and its
 *                             deletion vectors built in the driver, in no Spark job of their own; a larger one (a
 *                             backlog) where its rows are, so they never pass through the driver
 */
public record DmsDeltaSettings(int maxValueChars, long cdcNameAheadAllowanceMs, long rowsPerFile, int maxSmallFiles,
                               long driverBatchKeys) {

    public static final String MAX_VALUE_CHARS = "spark.dmsdelta.maxValueChars";
    public static final String CDC_NAME_AHEAD_ALLOWANCE = "spark.dmsdelta.cdc.nameAheadAllowance";
    public static final String ROWS_PER_FILE = "spark.dmsdelta.fullLoad.rowsPerFile";
    public static final String MAX_SMALL_FILES = "spark.dmsdelta.maxSmallFiles";
    public static final String DRIVER_BATCH_KEYS = "spark.dmsdelta.driverBatchKeys";

    static final int DEFAULT_MAX_VALUE_CHARS = 16 * 1024 * 1024;
    static final String DEFAULT_CDC_NAME_AHEAD_ALLOWANCE = "1h";
    static final long DEFAULT_ROWS_PER_FILE = 1_000_000;
    static final int DEFAULT_MAX_SMALL_FILES = 10;
    static final long DEFAULT_DRIVER_BATCH_KEYS = 100_000;

    /** The defaults, for code that runs without a Spark session (unit tests, the trigger). */
    public static final DmsDeltaSettings DEFAULTS = new DmsDeltaSettings(DEFAULT_MAX_VALUE_CHARS,
            JavaUtils.timeStringAsMs(DEFAULT_CDC_NAME_AHEAD_ALLOWANCE), DEFAULT_ROWS_PER_FILE, DEFAULT_MAX_SMALL_FILES,
            DEFAULT_DRIVER_BATCH_KEYS);

    /**
     * The settings of {@code spark}: its session's, else its application's (a setting made on the running
     * application's configuration reaches sessions created after it, as each table's is).
     */
    public static DmsDeltaSettings from(SparkSession spark) {
        return from(name -> {
            Option<String> session = spark.conf().getOption(name);
            return session.isDefined() ? session.get() : spark.sparkContext().getConf().getOption(name).getOrElse(() -> null);
        });
    }

    /** The settings a lookup gives (null for a setting not made). */
    static DmsDeltaSettings from(UnaryOperator<String> conf) {
        int maxValueChars = (int) wholeNumber(conf, MAX_VALUE_CHARS, DEFAULT_MAX_VALUE_CHARS, 1024, "characters");
        String allowance = Optional.ofNullable(conf.apply(CDC_NAME_AHEAD_ALLOWANCE)).orElse(DEFAULT_CDC_NAME_AHEAD_ALLOWANCE)
                .trim();
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
        long rowsPerFile = wholeNumber(conf, ROWS_PER_FILE, DEFAULT_ROWS_PER_FILE, 1, "rows");
        int maxSmallFiles = (int) wholeNumber(conf, MAX_SMALL_FILES, DEFAULT_MAX_SMALL_FILES, 1, "files");
        long driverBatchKeys = wholeNumber(conf, DRIVER_BATCH_KEYS, DEFAULT_DRIVER_BATCH_KEYS, 0, "keys");
        return new DmsDeltaSettings(maxValueChars, allowanceMs, rowsPerFile, maxSmallFiles, driverBatchKeys);
    }

    private static long wholeNumber(UnaryOperator<String> conf, String name, long defaultValue, long least, String unit) {
        String setting = Optional.ofNullable(conf.apply(name)).orElse(Long.toString(defaultValue)).trim();
        try {
            long value = Long.parseLong(setting);
            if (value >= least && value <= Integer.MAX_VALUE) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("The Spark setting " + name + " is '" + setting + "'; it must be a whole number of "
                + unit + " from " + least + " to " + Integer.MAX_VALUE + " (default " + defaultValue + ").");
    }
}
