package io.dmsdelta.dms;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.spark.Storage;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the first records of a CSV file (or a Parquet file's column names) with univocity, the parser behind
 * Spark's CSV source, configured the way {@link SparkFileReader} configures Spark. The layout of a file (header
 * names, whether the operation column is there, which trailing columns it has) is decided from them before Spark
 * reads the file in bulk.
 */
public final class FirstRecords {

    private final Storage storage;
    private final EndpointSettings settings;
    private final int maxValueChars;

    /** @param maxValueChars the most characters a value may have, as in the Spark read */
    public FirstRecords(Storage storage, EndpointSettings settings, int maxValueChars) {
        this.storage = storage;
        this.settings = settings;
        this.maxValueChars = maxValueChars;
    }

    /** A value longer than the bound: almost always a quote that is not closed. */
    public static final class ValueTooLongException extends IOException {
        private final long record;

        public ValueTooLongException(long record, int maxValueChars) {
            super("a value is longer than " + maxValueChars + " characters, so a quote is most likely not closed (the"
                    + " value would run to the end of the file). If values really are that long, raise the Spark setting "
                    + io.dmsdelta.config.DmsDeltaSettings.MAX_VALUE_CHARS);
            this.record = record;
        }

        /** 1-based record where the value starts. */
        public long record() {
            return record;
        }
    }

    /**
     * @return up to {@code count} records; empty for an empty file
     * @throws ValueTooLongException if a value in them is longer than the bound
     * @throws IOException if the file cannot be read or decompressed
     */
    public List<String[]> read(DmsFile file, int count) throws IOException {
        CsvParser parser = new CsvParser(parserSettings());
        List<String[]> records = new ArrayList<>(count);
        try (InputStream in = storage.openDecompressed(new Path(file.path()));
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            parser.beginParsing(reader);
            String[] record;
            while (records.size() < count && (record = parser.parseNext()) != null) {
                records.add(record);
            }
            parser.stopParsing();
            return records;
        } catch (TextParsingException e) {
            if (isTooLong(e)) {
                throw new ValueTooLongException(records.size() + 1, maxValueChars);
            }
            throw new IOException(e.getMessage(), e);
        } catch (RuntimeException e) {
            // univocity wraps read failures (a truncated gzip stream, say) in its own unchecked exception
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Reads a whole file, keeping nothing, to find the record holding a value longer than the bound: for a failed
     * Spark read, whose error does not name the file.
     *
     * @return the 1-based record where the first too long value starts; empty when the file has none
     * @throws IOException if the file cannot be read or decompressed
     */
    public java.util.OptionalLong findValueTooLong(DmsFile file) throws IOException {
        CsvParser parser = new CsvParser(parserSettings());
        long records = 0;
        try (InputStream in = storage.openDecompressed(new Path(file.path()));
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            parser.beginParsing(reader);
            while (parser.parseNext() != null) {
                records++;
            }
            return java.util.OptionalLong.empty();
        } catch (TextParsingException e) {
            if (isTooLong(e)) {
                return java.util.OptionalLong.of(records + 1);
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Whether univocity failed because a value outgrew {@code maxCharsPerColumn}, as Spark's CSV reader does too. */
    public static boolean isTooLong(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TextParsingException && t.getMessage() != null
                    && t.getMessage().contains("exceeds the maximum number of characters")) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the column names of a Parquet file, from its footer alone
     * @throws IOException if the file cannot be read or is not Parquet
     */
    public String[] parquetColumns(DmsFile file) throws IOException {
        try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new Path(file.path()), storage.configuration()))) {
            return reader.getFooter().getFileMetaData().getSchema().getFields().stream()
                    .map(org.apache.parquet.schema.Type::getName).toArray(String[]::new);
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private CsvParserSettings parserSettings() {
        CsvParserSettings s = new CsvParserSettings();
        s.getFormat().setDelimiter(settings.csvDelimiter());
        s.getFormat().setQuote(settings.rfc4180() ? '"' : '\0');
        s.getFormat().setQuoteEscape('"');
        s.getFormat().setLineSeparator(settings.rowDelimiter().orElse("\n"));
        s.setIgnoreLeadingWhitespaces(false);
        s.setIgnoreTrailingWhitespaces(false);
        s.setMaxCharsPerColumn(maxValueChars);
        s.setInputBufferSize(16 * 1024); // only the first records are wanted: read no more of the file than needed
        s.setReadInputOnSeparateThread(false);
        s.setMaxColumns(100_000);
        s.setNullValue(null);
        s.setEmptyValue("");
        s.setErrorContentLength(0); // never copy the offending content into the message
        return s;
    }
}
