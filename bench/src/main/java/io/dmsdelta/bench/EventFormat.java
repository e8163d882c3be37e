package io.dmsdelta.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * How an at-least-once source writes the generated rows (id, customer, note, amount {@code decimal(12,2)}, status,
 * updated_at) and changes, one record per line ({@link GeneratedEvents}).
 */
enum EventFormat {

    /**
     * The Debezium PostgreSQL connector's envelopes in the Kafka Connect S3 sink's layout
     * ({@code topics/<topic>/partition=0/<topic>+0+<offset>.json}): decimals base64 of the unscaled bytes, timestamps
     * epoch µs; a delete's before-image holds the key only (REPLICA IDENTITY DEFAULT), an update has none.
     */
    DEBEZIUM("debezium", "Debezium") {
        @Override
        Path folder(Path source) {
            return source.resolve("topics").resolve(topic()).resolve("partition=0");
        }

        @Override
        void source(ObjectNode source) {
            source.put("format", "debezium").put("topicPrefix", TOPIC_PREFIX);
        }

        @Override
        String name(long offset) {
            return topic() + "+0+" + String.format(Locale.ROOT, "%019d", offset) + ".json";
        }

        @Override
        String snapshot(long lsn, List<String> row) {
            return event("r", lsn, "null", image(row, 0));
        }

        @Override
        String change(String op, long lsn, List<String> f) {
            return switch (op) {
                case "I" -> event("c", lsn, "null", image(f, 1));
                case "U" -> event("u", lsn, "null", image(f, 1));
                default -> event("d", lsn, "{\"id\":" + f.get(1) + ",\"customer\":null,\"note\":null,"
                        + "\"amount\":null,\"status\":null,\"updated_at\":null}", "null");
            };
        }

        private String event(String op, long lsn, String before, String after) {
            return "{\"before\":" + before + ",\"after\":" + after + ",\"source\":{\"version\":\"2.7.3.Final\","
                    + "\"connector\":\"postgresql\",\"name\":\"" + TOPIC_PREFIX + "\",\"db\":\"shop\",\"schema\":\""
                    + BenchmarkOptions.SCHEMA + "\",\"table\":\"" + BenchmarkOptions.TABLE + "\",\"txId\":" + (lsn / 10)
                    + ",\"lsn\":" + lsn + ",\"snapshot\":\"" + op.equals("r") + "\"},\"op\":\"" + op
                    + "\",\"ts_ms\":1718188285000}";
        }

        private String image(List<String> f, int from) {
            BigDecimal amount = new BigDecimal(f.get(from + 3)).setScale(2);
            LocalDateTime updated = LocalDateTime.parse(f.get(from + 5), TIMESTAMP);
            long micros = updated.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + updated.getNano() / 1_000;
            return "{\"id\":" + f.get(from) + ",\"customer\":" + text(f.get(from + 1)) + ",\"note\":"
                    + text(f.get(from + 2)) + ",\"amount\":\"" + Base64.getEncoder().encodeToString(
                    amount.unscaledValue().toByteArray()) + "\",\"status\":" + text(f.get(from + 4))
                    + ",\"updated_at\":" + micros + "}";
        }
    },

    /**
     * wal2json's format version 2 with {@code include-lsn}, one file of a stream per run ({@code wal/shop/chunk-
     * <offset>.json}): numerics as JSON numbers, timestamps as PostgreSQL prints them; a delete carries its
     * {@code identity}, the key.
     */
    WAL2JSON("wal2json", "wal2json") {
        @Override
        Path folder(Path source) {
            return source.resolve("wal").resolve("shop");
        }

        @Override
        void source(ObjectNode source) {
            source.put("format", "wal2json").put("folder", "wal/shop");
        }

        @Override
        String name(long offset) {
            return "chunk-" + String.format(Locale.ROOT, "%019d", offset) + ".json";
        }

        @Override
        String snapshot(long lsn, List<String> row) {
            return action("I", lsn, "\"columns\":" + columns(row, 0));
        }

        @Override
        String change(String op, long lsn, List<String> f) {
            return op.equals("D") ? action("D", lsn, "\"identity\":[{\"name\":\"id\",\"type\":\"bigint\",\"value\":"
                    + f.get(1) + "}]") : action(op, lsn, "\"columns\":" + columns(f, 1));
        }

        private String action(String action, long lsn, String rest) {
            return "{\"action\":\"" + action + "\",\"lsn\":\"" + Long.toHexString(lsn >>> 32).toUpperCase(Locale.ROOT)
                    + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(Locale.ROOT) + "\",\"schema\":\""
                    + BenchmarkOptions.SCHEMA + "\",\"table\":\"" + BenchmarkOptions.TABLE + "\"," + rest + "}";
        }

        private String columns(List<String> f, int from) {
            return "[{\"name\":\"id\",\"type\":\"bigint\",\"value\":" + f.get(from) + "},"
                    + "{\"name\":\"customer\",\"type\":\"text\",\"value\":" + text(f.get(from + 1)) + "},"
                    + "{\"name\":\"note\",\"type\":\"text\",\"value\":" + text(f.get(from + 2)) + "},"
                    + "{\"name\":\"amount\",\"type\":\"numeric(12,2)\",\"value\":"
                    + new BigDecimal(f.get(from + 3)).setScale(2).toPlainString() + "},"
                    + "{\"name\":\"status\",\"type\":\"text\",\"value\":" + text(f.get(from + 4)) + "},"
                    + "{\"name\":\"updated_at\",\"type\":\"timestamp(6) without time zone\",\"value\":"
                    + text(f.get(from + 5)) + "}]";
        }
    },

    /**
     * DynamoDB stream records as the project's Lambda writes them ({@code dynamodb/bench/<first sequence>.json}):
     * numbers as {@code N} strings, timestamps as {@code S} text; a delete carries its {@code Keys}.
     */
    DYNAMODB("dynamodb", "DynamoDB") {
        @Override
        Path folder(Path source) {
            return source.resolve("dynamodb").resolve("bench");
        }

        @Override
        void source(ObjectNode source) {
            source.put("format", "dynamodb").put("folder", "dynamodb/bench");
        }

        @Override
        String name(long offset) {
            return String.format(Locale.ROOT, "%040d", offset) + ".json";
        }

        @Override
        String snapshot(long lsn, List<String> row) {
            return record("INSERT", lsn, row.get(0), ",\"NewImage\":" + item(row, 0));
        }

        @Override
        String change(String op, long lsn, List<String> f) {
            return switch (op) {
                case "I" -> record("INSERT", lsn, f.get(1), ",\"NewImage\":" + item(f, 1));
                case "U" -> record("MODIFY", lsn, f.get(1), ",\"NewImage\":" + item(f, 1));
                default -> record("REMOVE", lsn, f.get(1), "");
            };
        }

        private String record(String event, long lsn, String id, String image) {
            return "{\"eventID\":\"" + lsn + "\",\"eventName\":\"" + event + "\",\"eventVersion\":\"1.1\","
                    + "\"eventSource\":\"aws:dynamodb\",\"awsRegion\":\"us-east-1\",\"dynamodb\":{"
                    + "\"ApproximateCreationDateTime\":1718188285,\"Keys\":{\"id\":{\"N\":\"" + id + "\"}}" + image
                    + ",\"SequenceNumber\":\"" + (100_000_000_000_000_000L + lsn) + "\",\"SizeBytes\":200,"
                    + "\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"},\"eventSourceARN\":\"arn:aws:dynamodb:us-east-1:"
                    + "123456789012:table/" + BenchmarkOptions.TABLE + "/stream/2024-06-12T00:00:00.000\"}";
        }

        private String item(List<String> f, int from) {
            return "{\"id\":{\"N\":\"" + f.get(from) + "\"},\"customer\":{\"S\":" + text(f.get(from + 1)) + "},"
                    + "\"note\":{\"S\":" + text(f.get(from + 2)) + "},\"amount\":{\"N\":\""
                    + new BigDecimal(f.get(from + 3)).setScale(2).toPlainString() + "\"},"
                    + "\"status\":{\"S\":" + text(f.get(from + 4)) + "},\"updated_at\":{\"S\":"
                    + text(f.get(from + 5)) + "}}";
        }
    };

    static final String TOPIC_PREFIX = "bench";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS",
            Locale.ROOT);

    private final String configName;
    private final String label;

    EventFormat(String configName, String label) {
        this.configName = configName;
        this.label = label;
    }

    /** As {@code --source} names it, and the data set's folder of the format's files. */
    String configName() {
        return configName;
    }

    /** As the results name it. */
    String label() {
        return label;
    }

    static String topic() {
        return TOPIC_PREFIX + "." + BenchmarkOptions.SCHEMA + "." + BenchmarkOptions.TABLE;
    }

    /** The folder below a source root that holds the files. */
    abstract Path folder(Path source);

    /** Fills a table definition's {@code "source"}. */
    abstract void source(ObjectNode source);

    /** The name of the file whose first record is the data set's {@code offset}-th. */
    abstract String name(long offset);

    /** A LOAD file's row as a snapshot record. */
    abstract String snapshot(long lsn, List<String> row);

    /** A CDC line ({@code I}, {@code U} or {@code D}, then the row) as a record. */
    abstract String change(String op, long lsn, List<String> fields);

    private static String text(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
