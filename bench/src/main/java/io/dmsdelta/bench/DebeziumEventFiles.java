package io.dmsdelta.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A generated data set's rows and changes as the Debezium PostgreSQL connector's events, in the Kafka Connect S3
 * sink's layout ({@code <data set>/debezium/topics/<topic>/partition=0/<topic>+0+<offset>.json}, one envelope per
 * line): the LOAD files' rows as snapshot events ({@code r}, all at one LSN), in files of {@value #SNAPSHOT_EVENTS};
 * CDC file k as one event file of {@code c}, {@code u} and {@code d} events, in the CSV file's order, at increasing
 * LSNs after the snapshot's. Values as the connector writes them: decimals base64 of the unscaled bytes, timestamps
 * epoch µs; a delete's before-image holds the key only (REPLICA IDENTITY DEFAULT), an update has none. The files'
 * modification times are fixed: the snapshot's first, then each CDC file a minute after the one before, so every run
 * finds exactly its own file new. Written once next to the data set and reused, as the data set is.
 */
record DebeziumEventFiles(GeneratedDataSet data) {

    static final String TOPIC_PREFIX = "bench";
    static final int SNAPSHOT_EVENTS = 100_000;
    private static final long SNAPSHOT_LSN = 1;
    /** 2024-06-12T10:00Z: when the snapshot files arrived; CDC file k arrives an hour and k minutes later. */
    private static final long ARRIVED = 1_718_186_400_000L;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

    static String topic() {
        return TOPIC_PREFIX + "." + BenchmarkOptions.SCHEMA + "." + BenchmarkOptions.TABLE;
    }

    Path root() {
        return data.root().resolve("debezium");
    }

    /** The source folder's part the files go in: {@code topics/<topic>/partition=0}. */
    static Path partition(Path source) {
        return source.resolve("topics").resolve(topic()).resolve("partition=0");
    }

    /** The data set's tables.json with {@code "source": {"format": "debezium", "topicPrefix": "bench"}}. */
    Path tables() {
        Path tables = root().resolve("tables.json");
        if (!Files.exists(tables)) {
            try {
                ObjectMapper json = new ObjectMapper();
                ObjectNode definitions = (ObjectNode) json.readTree(data.tables().toFile());
                definitions.withArray("tables").forEach(t -> ((ObjectNode) t).putObject("source")
                        .put("format", "debezium").put("topicPrefix", TOPIC_PREFIX));
                Files.createDirectories(root());
                json.writerWithDefaultPrettyPrinter().writeValue(tables.toFile(), definitions);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + tables + ": " + e.getMessage(), e);
            }
        }
        return tables;
    }

    /** The snapshot's event files, written if they are not there yet. */
    List<Path> snapshot() {
        long rows = data.spec().rows();
        List<Path> files = new ArrayList<>();
        for (long offset = 0; offset < rows; offset += SNAPSHOT_EVENTS) {
            files.add(partition(root()).resolve(name(offset)));
        }
        Path done = root().resolve("snapshot.done");
        if (Files.exists(done)) {
            return files;
        }
        long written = 0;
        BufferedWriter out = null;
        try {
            Files.createDirectories(partition(root()));
            for (Path load : data.loadFiles()) {
                try (BufferedReader in = Files.newBufferedReader(load, StandardCharsets.UTF_8)) {
                    for (String line = in.readLine(); line != null; line = in.readLine(), written++) {
                        if (written % SNAPSHOT_EVENTS == 0) {
                            if (out != null) {
                                out.close();
                            }
                            out = Files.newBufferedWriter(files.get((int) (written / SNAPSHOT_EVENTS)));
                        }
                        out.write(event("r", SNAPSHOT_LSN, "null", image(fields(line), 0)));
                        out.newLine();
                    }
                }
            }
            if (out != null) {
                out.close();
            }
            if (written != rows) {
                throw new BenchmarkFailure("the LOAD files of " + data.root() + " hold " + written + " rows, not " + rows);
            }
            for (int i = 0; i < files.size(); i++) {
                Files.setLastModifiedTime(files.get(i), FileTime.fromMillis(ARRIVED + i));
            }
            Files.writeString(done, rows + " snapshot events\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the snapshot events of " + data.root() + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** CDC file {@code k} as one event file, written if it is not there yet. */
    Path changes(int k) {
        long before = data.changesInFirst(k);
        Path file = partition(root()).resolve(name(data.spec().rows() + before));
        Path done = root().resolve("changes-" + k + ".done");
        if (Files.exists(done)) {
            return file;
        }
        long lsn = SNAPSHOT_LSN + 1 + before;
        try (BufferedReader in = Files.newBufferedReader(data.cdcFiles().get(k), StandardCharsets.UTF_8)) {
            Files.createDirectories(file.getParent());
            try (BufferedWriter out = Files.newBufferedWriter(file)) {
                for (String line = in.readLine(); line != null; line = in.readLine(), lsn++) {
                    List<String> f = fields(line);
                    String event = switch (f.get(0)) {
                        case "I" -> event("c", lsn, "null", image(f, 1));
                        case "U" -> event("u", lsn, "null", image(f, 1));
                        case "D" -> event("d", lsn, "{\"id\":" + f.get(1) + ",\"customer\":null,\"note\":null,"
                                + "\"amount\":null,\"status\":null,\"updated_at\":null}", "null");
                        default -> throw new BenchmarkFailure("unexpected operation " + f.get(0) + " in " + data.cdcFiles().get(k));
                    };
                    out.write(event);
                    out.newLine();
                }
            }
            Files.setLastModifiedTime(file, FileTime.fromMillis(ARRIVED + 3_600_000L + k * 60_000L));
            Files.writeString(done, "written\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the events of " + data.cdcFiles().get(k) + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static String name(long offset) {
        return topic() + "+0+" + String.format(Locale.ROOT, "%019d", offset) + ".json";
    }

    private static String event(String op, long lsn, String before, String after) {
        return "{\"before\":" + before + ",\"after\":" + after + ",\"source\":{\"version\":\"2.7.3.Final\","
                + "\"connector\":\"postgresql\",\"name\":\"" + TOPIC_PREFIX + "\",\"db\":\"shop\",\"schema\":\""
                + BenchmarkOptions.SCHEMA + "\",\"table\":\"" + BenchmarkOptions.TABLE + "\",\"txId\":" + (lsn / 10)
                + ",\"lsn\":" + lsn + ",\"snapshot\":\"" + op.equals("r") + "\"},\"op\":\"" + op
                + "\",\"ts_ms\":1718188285000}";
    }

    /** The row image of a generated row: id, customer, note, amount (decimal(12,2)), status, updated_at. */
    private static String image(List<String> f, int from) {
        BigDecimal amount = new BigDecimal(f.get(from + 3)).setScale(2);
        LocalDateTime updated = LocalDateTime.parse(f.get(from + 5), TIMESTAMP);
        long micros = updated.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + updated.getNano() / 1_000;
        return "{\"id\":" + f.get(from) + ",\"customer\":" + text(f.get(from + 1)) + ",\"note\":" + text(f.get(from + 2))
                + ",\"amount\":\"" + Base64.getEncoder().encodeToString(amount.unscaledValue().toByteArray())
                + "\",\"status\":" + text(f.get(from + 4)) + ",\"updated_at\":" + micros + "}";
    }

    private static String text(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The fields of one RFC 4180 line as the generator writes them (no line breaks within a value). */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
