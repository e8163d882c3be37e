package io.dmsdelta.dms;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recognises DMS file names and reads the write time out of CDC file names. */
public final class DmsFileNames {

    // LOAD00000001.csv, SEGMENT1_LOAD0000000A.csv (parallel load), optionally gzipped; .parquet for DataFormat=parquet.
    private static final Pattern LOAD = Pattern.compile("(?:.+_)?LOAD[0-9A-F]{8}\\.(?:csv(?:\\.gz)?|parquet)");
    // yyyyMMdd-HHmmss followed by a fraction of any width: 20240612-103125108.csv, 20141029-1134010000.csv.
    private static final Pattern CDC = Pattern.compile("(\\d{8})-(\\d{6})(\\d{0,9})\\.(?:csv(?:\\.gz)?|parquet)");
    // PreserveTransactions: every table's changes, CDC_TXN-20201117153046033.csv.
    private static final Pattern TRANSACTIONS = Pattern.compile("CDC_TXN-(\\d{8})(\\d{6})(\\d{0,9})\\.csv(?:\\.gz)?");

    private DmsFileNames() {
    }

    public static Optional<DmsFileKind> kindOf(String fileName) {
        if (LOAD.matcher(fileName).matches()) {
            return Optional.of(DmsFileKind.LOAD);
        }
        return cdcTimestampNanos(fileName).map(t -> DmsFileKind.CDC);
    }

    /** Whether the name is that of a {@code CDC_TXN} file, which holds the changes of every table. */
    public static boolean isTransactionFile(String fileName) {
        return TRANSACTIONS.matcher(fileName).matches();
    }

    /** The write time in a CDC or CDC_TXN file name, nanoseconds since the epoch; empty for other names. */
    public static Optional<Long> cdcTimestampNanos(String fileName) {
        Matcher m = CDC.matcher(fileName);
        if (!m.matches()) {
            m = TRANSACTIONS.matcher(fileName);
        }
        if (!m.matches()) {
            return Optional.empty();
        }
        String d = m.group(1);
        String t = m.group(2);
        try {
            LocalDateTime time = LocalDateTime.of(
                    Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                    Integer.parseInt(d.substring(6, 8)), Integer.parseInt(t.substring(0, 2)),
                    Integer.parseInt(t.substring(2, 4)), Integer.parseInt(t.substring(4, 6)));
            String fraction = (m.group(3) + "000000000").substring(0, 9);
            long seconds = time.toEpochSecond(ZoneOffset.UTC);
            return Optional.of(Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), Long.parseLong(fraction)));
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
