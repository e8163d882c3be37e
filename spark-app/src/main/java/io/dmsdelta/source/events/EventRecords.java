package io.dmsdelta.source.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Splits event objects into their records, in one Spark pass over the files: a record is one JSON value, whether the
 * object holds one per line (the Kafka Connect S3 sink) or concatenates them with no delimiter (Firehose). Jackson's
 * streaming parser finds where each value starts and ends; the record is that slice of the text, exactly as written,
 * so numbers are never re-encoded. Spark's JSON reader then reads the records ({@link DebeziumEvents}).
 *
 * <p>Columns: {@value #FILE} (path), {@value #FILE_INDEX} (its position in the batch), {@value #LINE} (the line the
 * record starts on), {@value #RECORD} (its text; {@code null} for a tombstone, a JSON {@code null}) and
 * {@value #MALFORMED} (what is wrong when the rest of the file is not JSON; the record then holds that rest).
 */
public final class EventRecords {

    public static final String FILE = "__file";
    public static final String FILE_INDEX = "__file_index";
    public static final String LINE = "__line";
    public static final String RECORD = "__record";
    public static final String MALFORMED = "__malformed";

    static final StructType SCHEMA = new StructType()
            .add(FILE, DataTypes.StringType, false)
            .add(FILE_INDEX, DataTypes.IntegerType, false)
            .add(LINE, DataTypes.LongType, false)
            .add(RECORD, DataTypes.StringType, true)
            .add(MALFORMED, DataTypes.StringType, true);

    /** Bad text shown in a message is cut to this many characters. */
    private static final int SHOWN = 2_000;

    private EventRecords() {
    }

    public static Dataset<Row> read(SparkSession spark, List<EventFile> files) {
        return read(spark, files, EventRecords::records, SCHEMA);
    }

    /**
     * Splits each object's text into rows of {@code schema}, in one Spark pass over the files.
     *
     * @param splitter turns an object's text (decompressed when its name ends in {@code .gz}) into rows
     */
    public static Dataset<Row> read(SparkSession spark, List<EventFile> files, Splitter splitter, StructType schema) {
        if (files.isEmpty()) {
            return spark.createDataFrame(List.of(), schema);
        }
        Map<String, Integer> index = new HashMap<>();
        Map<String, Long> modified = new HashMap<>();
        files.forEach(f -> {
            String path = new org.apache.hadoop.fs.Path(f.path()).toUri().getPath();
            modified.put(path, f.modificationTime());
            index.put(path, index.size());
        });
        String[] paths = files.stream().map(EventFile::path).toArray(String[]::new);
        // Spark's binary file source reads each object whole (and lists nothing: the paths are the batch's files).
        Dataset<Row> objects = spark.read().format("binaryFile").load(paths).select("path", "content");
        return objects.flatMap(new Split(index, modified, splitter), org.apache.spark.sql.Encoders.row(schema));
    }

    /** Turns one object's text into rows; runs on the executors. */
    @FunctionalInterface
    public interface Splitter extends java.io.Serializable {
        /**
         * @param fileIndex        the object's position in the batch, -1 when it is not one of the batch's files
         * @param modificationTime when storage stored the object, epoch ms
         */
        List<Row> split(String path, int fileIndex, long modificationTime, String text);
    }

    private static final class Split implements FlatMapFunction<Row, Row> {
        private final Map<String, Integer> index;
        private final Map<String, Long> modified;
        private final Splitter splitter;

        Split(Map<String, Integer> index, Map<String, Long> modified, Splitter splitter) {
            this.index = new HashMap<>(index);
            this.modified = new HashMap<>(modified);
            this.splitter = splitter;
        }

        @Override
        public Iterator<Row> call(Row object) {
            String path = object.getString(0);
            String key = new org.apache.hadoop.fs.Path(path).toUri().getPath();
            Integer fileIndex = index.get(key);
            String text = decode(path, (byte[]) object.get(1));
            return splitter.split(path, fileIndex == null ? -1 : fileIndex, modified.getOrDefault(key, 0L), text)
                    .iterator();
        }
    }

    private static String decode(String path, byte[] content) {
        if (!path.endsWith(".gz")) {
            return new String(content, StandardCharsets.UTF_8);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decompress " + path + ": " + e.getMessage(), e);
        }
    }

    /** The text after the last whole record, as a message shows it (cut to a readable length). */
    public static String rest(String text, long consumed) {
        String rest = text.substring((int) consumed).strip();
        return rest.length() > SHOWN ? rest.substring(0, SHOWN) : rest;
    }

    /** The records of one object's text, in order. */
    public static List<Row> records(String path, int fileIndex, long modificationTime, String text) {
        List<Row> rows = new ArrayList<>();
        JsonFactory factory = new JsonFactory();
        long line = 1;
        int consumed = 0; // where the text after the last whole record starts
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                JsonLocation start = parser.currentTokenLocation();
                line = start.getLineNr();
                if (token == JsonToken.VALUE_NULL) {
                    rows.add(RowFactory.create(path, fileIndex, line, null, null));
                    consumed = (int) parser.currentLocation().getCharOffset();
                    continue;
                }
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                }
                int end = (int) parser.currentLocation().getCharOffset();
                String record = text.substring((int) start.getCharOffset(), end);
                consumed = end;
                rows.add(RowFactory.create(path, fileIndex, line, record,
                        token == JsonToken.START_OBJECT ? null : "is not a JSON object (an event is one)"));
            }
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? line : e.getLocation().getLineNr();
            rows.add(RowFactory.create(path, fileIndex, at, rest(text, consumed), "is not valid JSON: "
                    + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return rows;
    }
}
