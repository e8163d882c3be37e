package io.dmsdelta.dms;

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
 * Reads the first two records of a CSV file (or a Parquet file's column names) with univocity, the parser behind Spark's CSV source, configured the
 * way {@link SparkFileReader} configures Spark. The layout of a file (header names, whether the operation
 * column is there) is decided from them before Spark reads the file in bulk.
 */
public final class FirstRecords {

    private final Storage storage;
    private final EndpointSettings settings;

    public FirstRecords(Storage storage, EndpointSettings settings) {
        this.storage = storage;
        this.settings = settings;
    }

    /**
     * @return up to two records; empty for an empty file
     * @throws IOException if the file cannot be read or decompressed
     */
    public List<String[]> read(DmsFile file) throws IOException {
        CsvParser parser = new CsvParser(parserSettings());
        try (InputStream in = storage.openDecompressed(new Path(file.path()));
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            parser.beginParsing(reader);
            List<String[]> records = new ArrayList<>(2);
            String[] record;
            while (records.size() < 2 && (record = parser.parseNext()) != null) {
                records.add(record);
            }
            parser.stopParsing();
            return records;
        } catch (RuntimeException e) {
            // univocity wraps read failures (a truncated gzip stream, say) in its own unchecked exception
            throw new IOException(e.getMessage(), e);
        }
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
        s.setMaxCharsPerColumn(-1);
        s.setInputBufferSize(16 * 1024); // only the first records are wanted: read no more of the file than needed
        s.setReadInputOnSeparateThread(false);
        s.setMaxColumns(100_000);
        s.setNullValue(null);
        s.setEmptyValue("");
        return s;
    }
}
