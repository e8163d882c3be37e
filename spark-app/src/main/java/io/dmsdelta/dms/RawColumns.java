package io.dmsdelta.dms;

/** Names of the bookkeeping columns {@link SparkFileReader} adds to every row it reads. */
public final class RawColumns {
    /** The raw record when Spark could not split it into the expected fields, else null. */
    public static final String CORRUPT = "__corrupt";
    /** The file's URI. */
    public static final String FILE = "__file";
    /** When storage says the file was last written: with {@link #FILE}, which version of the file a row came from. */
    public static final String FILE_MODIFIED = "__file_modified";
    /** The file's position in commit order among the files read together. */
    public static final String FILE_INDEX = "__file_index";
    /** Start offset of the split the row was read from: orders splits when Spark splits a file. */
    public static final String BLOCK = "__block";
    /** Increasing within a split: orders rows inside it. */
    public static final String ROW_ID = "__row_id";
    /** 1 when the file starts with a header line, else 0: turns row numbers into line numbers. */
    public static final String HEADER_LINES = "__header_lines";

    /**
     * The row's line in its file when it must be counted while reading (CDC_TXN files, whose rows are then
     * filtered by table); null when it is counted later, only for rows that need a message.
     */
    public static final String LINE = "__line";

    /** The fields the row's file layout expects, for messages about malformed rows. */
    public static final String EXPECTED_FIELDS = "__expected_fields";

    private RawColumns() {
    }
}
