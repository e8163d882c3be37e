package io.dmsdelta.debezium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dmsdelta.testing.DebeziumCapture;
import io.dmsdelta.testing.PostgresServer;
import io.dmsdelta.testing.PostgresWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Debezium harness on its own: real Debezium events from a real PostgreSQL, in the S3 sink's and Firehose's layouts. */
class DebeziumCaptureTest {

    @RegisterExtension
    static final PostgresServer.Extension PG = new PostgresServer.Extension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final String PLACEHOLDER = "__debezium_unavailable_value";
    private static final Pattern CONNECT_FILE =
            Pattern.compile("topics/([^/]+)/partition=(\\d+)/\\1\\+\\2\\+(\\d{10})\\.json(\\.gz)?");
    private static final Pattern FIREHOSE_OBJECT = Pattern.compile(
            "([^/]+)/\\d{4}/\\d{2}/\\d{2}/\\d{2}/\\1-1-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9a-f-]{36}(\\.gz)?");

    @TempDir
    Path temp;

    /** One line of a Connect S3 file. */
    private record Line(String topic, int partition, long offset, String text, JsonNode value) {
    }

    @Test
    void snapshotThenStreamingInTheConnectS3Layout() throws Exception {
        PostgresServer server = PG.server();
        server.createDatabase("dbz_capture");
        PostgresWorkload workload = new PostgresWorkload(server, "dbz_capture", 7);
        workload.createTables();
        workload.runBatch(40); // before the capture starts: the snapshot's
        Path root = temp.resolve("s3");
        try (DebeziumCapture capture = DebeziumCapture.builder(server, "dbz_capture", root)
                .tables(PostgresWorkload.ACCOUNTS, PostgresWorkload.ORDER_LINES)
                .partitions(3).flushSize(20).tombstones(DebeziumCapture.Tombstones.WRITE).start()) {
            workload.runBatch(80);
            workload.addColumn(PostgresWorkload.ACCOUNTS, "tier", "integer");
            workload.runBatch(60);
            capture.awaitCaughtUp(CATCH_UP);
            capture.flush();

            List<Path> files = capture.files();
            assertIncreasingModificationTimes(files);
            List<Line> lines = connectLines(root, files);
            String accounts = capture.topic(PostgresWorkload.ACCOUNTS);
            Map<String, Map<String, Long>> counts = capture.eventCounts();
            assertEquals(Set.of(accounts, capture.topic(PostgresWorkload.ORDER_LINES)), counts.keySet());
            assertEquals(counts.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum(),
                    lines.size(), "every event (tombstones too) is a line");
            for (String op : List.of("r", "c", "u", "d", DebeziumCapture.TOMBSTONE)) {
                assertTrue(counts.get(accounts).getOrDefault(op, 0L) > 0, op + " events in " + counts);
            }
            assertEquals(counts.get(accounts).get("d"), counts.get(accounts).get(DebeziumCapture.TOMBSTONE));
            assertEquals(lines.stream().filter(l -> l.value() == null).count(),
                    counts.values().stream().mapToLong(m -> m.getOrDefault(DebeziumCapture.TOMBSTONE, 0L)).sum());

            List<JsonNode> accountEvents = lines.stream().filter(l -> l.topic().equals(accounts) && l.value() != null)
                    .map(Line::value).toList();
            JsonNode first = accountEvents.get(0);
            assertEquals("r", first.get("op").asText(), "the snapshot comes first");
            assertFalse(first.has("schema") || first.has("payload"), "no schema/payload envelope: " + first);
            assertEquals("accounts", first.get("source").get("table").asText());
            assertTrue(accountEvents.stream().anyMatch(e -> e.get("op").asText().equals("u")
                    && PLACEHOLDER.equals(e.get("after").get("notes").asText(null))), "an update leaving the big text");
            assertTrue(accountEvents.stream().anyMatch(e -> e.get("after") != null && !e.get("after").isNull()
                    && e.get("after").has("tier")), "the added column");
            assertKeyChangeIsDeleteAndCreate(accountEvents, workload);

            List<Map<String, Object>> expected = workload.readTable(PostgresWorkload.ACCOUNTS);
            List<Map<String, Object>> fromEvents = accountsFromEvents(lines, accounts);
            assertEquals(expected.size(), fromEvents.size());
            for (int i = 0; i < expected.size(); i++) {
                if (PLACEHOLDER.equals(fromEvents.get(i).get("notes"))) {
                    expected.get(i).put("notes", PLACEHOLDER); // see accountsFromEvents
                }
                // Debezium's VariableScaleDecimal drops trailing zeros: PostgreSQL's -23577.690 arrives as scale 2
                expected.get(i).computeIfPresent("score", (k, v) -> ((BigDecimal) v).stripTrailingZeros());
                fromEvents.get(i).computeIfPresent("score", (k, v) -> ((BigDecimal) v).stripTrailingZeros());
            }
            assertEquals("", differences(expected, fromEvents), "the events applied per key give the table");

            // duplicates, as a restarted connector delivers them, in new later files
            int before = files.size();
            List<Path> replayed = capture.replay(new Random(5), 15, null);
            assertFalse(replayed.isEmpty());
            List<Path> all = capture.files();
            assertEquals(replayed, all.subList(before, all.size()));
            assertIncreasingModificationTimes(all);
            Set<String> earlier = new HashSet<>();
            lines.forEach(l -> earlier.add(l.text()));
            List<Line> again = connectLines(root, all);
            assertEquals(lines.size() + 15, again.size());
            for (Line line : again.subList(lines.size(), again.size())) {
                assertTrue(earlier.contains(line.text()), "a replayed line was written before: " + line.text());
            }
            List<Path> onePartition = capture.replay(new Random(6), 4, 1);
            assertTrue(onePartition.stream().allMatch(p -> p.toString().contains("/partition=1/")), onePartition.toString());
        }
    }

    @Test
    void gzipShuffledAndFirehoseObjectsAreReadable() throws Exception {
        PostgresServer server = PG.server();
        server.createDatabase("dbz_modes");
        PostgresWorkload workload = new PostgresWorkload(server, "dbz_modes", 11).truncates(true);
        workload.createTables();
        workload.runBatch(20);
        Path gz = temp.resolve("gz");
        Path firehose = temp.resolve("firehose");
        Path firehoseLines = temp.resolve("firehose-lines");
        String[] tables = {PostgresWorkload.ACCOUNTS, PostgresWorkload.ORDER_LINES};
        try (DebeziumCapture shuffled = DebeziumCapture.builder(server, "dbz_modes", gz).tables(tables)
                     .gzip(true).flushSize(5).shuffleAcrossPartitions(new Random(3)).start();
             DebeziumCapture concatenated = DebeziumCapture.builder(server, "dbz_modes", firehose).tables(tables)
                     .topicPrefix("fh").firehose(false).flushSize(7).start();
             DebeziumCapture delimited = DebeziumCapture.builder(server, "dbz_modes", firehoseLines).tables(tables)
                     .topicPrefix("fhl").firehose(true).gzip(true).flushSize(9).start()) {
            for (DebeziumCapture capture : List.of(shuffled, concatenated, delimited)) {
                capture.awaitCaughtUp(CATCH_UP); // snapshots done: a TRUNCATE during one would empty its table for it
            }
            workload.runBatch(120);
            assertTrue(workload.operationCounts().getOrDefault("truncate", 0) > 0, workload.operationCounts().toString());
            for (DebeziumCapture capture : List.of(shuffled, concatenated, delimited)) {
                capture.awaitCaughtUp(CATCH_UP);
            }
            assertTrue(shuffled.files().isEmpty(), "shuffled files stay invisible until flush");
            for (DebeziumCapture capture : List.of(shuffled, concatenated, delimited)) {
                capture.flush();
                assertIncreasingModificationTimes(capture.files());
            }
            long events = total(shuffled.eventCounts()) - tombstones(shuffled.eventCounts());
            assertTrue(shuffled.eventCounts().get(shuffled.topic(PostgresWorkload.ACCOUNTS)).containsKey("t")
                    || shuffled.eventCounts().get(shuffled.topic(PostgresWorkload.ORDER_LINES)).containsKey("t"),
                    "truncate events: " + shuffled.eventCounts());
            assertEquals(shuffled.eventCounts().size(), concatenated.eventCounts().size());
            String counts = "shuffled " + shuffled.eventCounts() + ", concatenated " + concatenated.eventCounts()
                    + ", delimited " + delimited.eventCounts() + ", workload " + workload.operationCounts();
            assertEquals(events, total(concatenated.eventCounts()) - tombstones(concatenated.eventCounts()), counts);
            assertEquals(events, total(delimited.eventCounts()) - tombstones(delimited.eventCounts()), counts);

            List<Line> lines = connectLines(gz, shuffled.files());
            assertEquals(events, lines.size());
            assertTrue(lines.stream().allMatch(l -> l.value() != null), "tombstones ignored by default");
            assertTrue(shuffled.files().stream().allMatch(p -> p.toString().endsWith(".json.gz")));

            List<JsonNode> objects = new ArrayList<>();
            for (Path file : concatenated.files()) {
                assertTrue(FIREHOSE_OBJECT.matcher(firehose.relativize(file).toString()).matches(), file.toString());
                byte[] content = Files.readAllBytes(file);
                assertFalse(new String(content, StandardCharsets.UTF_8).contains("}\n{"), "no delimiter");
                try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(content)) {
                    objects.addAll(values.readAll());
                }
            }
            assertEquals(events, objects.size());
            int delimitedCount = 0;
            for (Path file : delimited.files()) {
                assertTrue(FIREHOSE_OBJECT.matcher(firehoseLines.relativize(file).toString()).matches(), file.toString());
                for (String line : read(file).split("\n")) {
                    assertTrue(JSON.readTree(line).has("op"));
                    delimitedCount++;
                }
            }
            assertEquals(events, delimitedCount);
        }
    }

    @Test
    void workloadIsDeterministicForASeed() throws Exception {
        PostgresServer server = PG.server();
        List<List<String>> statements = new ArrayList<>();
        List<List<Map<String, Object>>> contents = new ArrayList<>();
        for (String database : List.of("dbz_seed_a", "dbz_seed_b")) {
            server.createDatabase(database);
            PostgresWorkload workload = new PostgresWorkload(server, database, 99).truncates(true);
            workload.createTables();
            workload.runBatch(50);
            workload.addColumn(PostgresWorkload.ORDER_LINES, "note", "text");
            workload.runBatch(30);
            statements.add(workload.statements());
            contents.add(workload.readTable(PostgresWorkload.ACCOUNTS));
            contents.add(workload.readTable(PostgresWorkload.ORDER_LINES));
        }
        assertEquals(statements.get(0), statements.get(1));
        assertEquals("", differences(contents.get(0), contents.get(2)));
        assertEquals("", differences(contents.get(1), contents.get(3)));
        assertTrue(contents.get(0).size() > 5 && contents.get(1).size() > 5, "rows in both tables");
        server.createDatabase("dbz_seed_c");
        PostgresWorkload other = new PostgresWorkload(server, "dbz_seed_c", 100);
        other.createTables();
        other.runBatch(50);
        assertNotEquals(statements.get(0).subList(0, 10), other.statements().subList(0, 10));
    }

    /** A key change: a delete of the old key and a create of the new one, one change (same transaction and LSN). */
    private static void assertKeyChangeIsDeleteAndCreate(List<JsonNode> events, PostgresWorkload workload) {
        assertTrue(workload.operationCounts().getOrDefault("key change", 0) > 0, workload.operationCounts().toString());
        Map<String, JsonNode> deletes = new HashMap<>();
        for (JsonNode e : events) {
            if (e.get("op").asText().equals("d")) {
                deletes.put(e.get("source").get("txId").asText() + "/" + e.get("source").get("lsn").asText(), e);
            }
        }
        boolean found = false;
        for (JsonNode e : events) {
            JsonNode delete = deletes.get(e.get("source").get("txId").asText() + "/" + e.get("source").get("lsn").asText());
            if (e.get("op").asText().equals("c") && delete != null) {
                assertNotEquals(delete.get("before").get("id"), e.get("after").get("id"));
                found = true;
            }
        }
        assertTrue(found, "no d + c pair of one change");
    }

    /**
     * The accounts table built from its events, partition by partition in offset order (a key's events are all in
     * one partition): c, r and u replace the row (an unavailable value keeps the one before), d removes it. Values
     * decoded as Debezium encodes them, into {@link PostgresWorkload#readTable}'s normal form.
     */
    private static List<Map<String, Object>> accountsFromEvents(List<Line> lines, String topic) {
        Map<Long, Map<String, Object>> rows = new TreeMap<>();
        List<Line> ordered = new ArrayList<>(lines.stream().filter(l -> l.topic().equals(topic) && l.value() != null).toList());
        ordered.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        for (Line line : ordered) {
            JsonNode e = line.value();
            switch (e.get("op").asText()) {
                case "d" -> rows.remove(e.get("before").get("id").asLong());
                case "t" -> rows.clear();
                default -> {
                    JsonNode after = e.get("after");
                    Map<String, Object> previous = rows.get(after.get("id").asLong());
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", after.get("id").asLong());
                    row.put("name", text(after.get("name")));
                    row.put("balance", after.get("balance").isNull() ? null : decimal(after.get("balance").asText(), 2));
                    JsonNode score = after.get("score");
                    row.put("score", score.isNull() ? null : decimal(score.get("value").asText(), score.get("scale").asInt()));
                    row.put("opened", after.get("opened").isNull() ? null : LocalDate.ofEpochDay(after.get("opened").asLong()));
                    row.put("updated_at", after.get("updated_at").isNull() ? null : micros(after.get("updated_at").asLong()));
                    row.put("updated_ms", after.get("updated_ms").isNull() ? null
                            : micros(Math.multiplyExact(after.get("updated_ms").asLong(), 1000)));
                    row.put("seen_at", after.get("seen_at").isNull() ? null : Instant.parse(after.get("seen_at").asText()));
                    row.put("active", after.get("active").isNull() ? null : after.get("active").asBoolean());
                    row.put("photo", after.get("photo").isNull() ? null
                            : HexFormat.of().formatHex(Base64.getDecoder().decode(after.get("photo").asText())));
                    String notes = text(after.get("notes"));
                    if (PLACEHOLDER.equals(notes)) {
                        // unchanged, not sent; after a key change the row before is under the old key
                        notes = previous == null ? PLACEHOLDER : (String) previous.get("notes");
                    }
                    row.put("notes", notes);
                    row.put("tier", after.has("tier") && !after.get("tier").isNull() ? after.get("tier").asInt() : null);
                    rows.put((Long) row.get("id"), row);
                }
            }
        }
        return new ArrayList<>(rows.values());
    }

    /** The rows that differ (by position) and their differing columns, briefly; empty when none. */
    private static String differences(List<Map<String, Object>> expected, List<Map<String, Object>> actual) {
        StringBuilder out = new StringBuilder();
        if (expected.size() != actual.size()) {
            out.append(expected.size()).append(" rows expected, ").append(actual.size()).append(" found; ");
        }
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            Map<String, Object> e = expected.get(i);
            Map<String, Object> a = actual.get(i);
            if (!e.equals(a)) {
                out.append("row ").append(i).append(" ").append(e.values().iterator().next()).append(":");
                Set<String> columns = new java.util.LinkedHashSet<>(e.keySet());
                columns.addAll(a.keySet());
                for (String c : columns) {
                    if (!java.util.Objects.equals(e.get(c), a.get(c))) {
                        out.append(" ").append(c).append(" ").append(brief(e.get(c))).append(" != ").append(brief(a.get(c)));
                    }
                }
                out.append("; ");
            }
        }
        return out.toString();
    }

    private static String brief(Object value) {
        String text = String.valueOf(value);
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static BigDecimal decimal(String base64, int scale) {
        return new BigDecimal(new BigInteger(Base64.getDecoder().decode(base64)), scale);
    }

    private static LocalDateTime micros(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000), (int) Math.floorMod(micros, 1_000_000) * 1000,
                ZoneOffset.UTC);
    }

    /** The lines of Connect S3 files (in the given order), checking names and offsets on the way. */
    private static List<Line> connectLines(Path root, List<Path> files) throws IOException {
        Map<String, Long> nextOffset = new HashMap<>();
        List<Line> lines = new ArrayList<>();
        for (Path file : files) {
            Matcher m = CONNECT_FILE.matcher(root.relativize(file).toString());
            assertTrue(m.matches(), "a Connect S3 sink name: " + file);
            String topic = m.group(1);
            int partition = Integer.parseInt(m.group(2));
            long start = Long.parseLong(m.group(3));
            assertEquals(nextOffset.getOrDefault(topic + "+" + partition, 0L), start, "offsets follow on: " + file);
            long offset = start;
            for (String text : read(file).split("\n", -1)) {
                if (text.isEmpty()) {
                    continue; // after the last line's newline
                }
                JsonNode value = JSON.readTree(text);
                lines.add(new Line(topic, partition, offset++, text, value.isNull() ? null : value));
            }
            nextOffset.put(topic + "+" + partition, offset);
        }
        return lines;
    }

    private static String read(Path file) {
        try (InputStream in = file.toString().endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertIncreasingModificationTimes(List<Path> files) throws IOException {
        long previous = Long.MIN_VALUE;
        for (Path file : files) {
            long modified = Files.getLastModifiedTime(file).toMillis();
            assertTrue(modified > previous, "modification times increase: " + file);
            previous = modified;
        }
    }

    private static long total(Map<String, Map<String, Long>> counts) {
        return counts.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }

    private static long tombstones(Map<String, Map<String, Long>> counts) {
        return counts.values().stream().mapToLong(m -> m.getOrDefault(DebeziumCapture.TOMBSTONE, 0L)).sum();
    }
}
