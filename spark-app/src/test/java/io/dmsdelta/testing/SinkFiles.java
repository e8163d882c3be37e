package io.dmsdelta.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * The object store side of {@link DebeziumCapture}: records (already serialised values) go in per topic and
 * partition, files come out as the Confluent S3 sink or a Firehose delivery stream would write them. Files are
 * written whole under a temporary name and renamed into place, each with a modification time strictly later
 * than the previous file's. Thread-safe (the engine's thread appends, the test's thread flushes and replays).
 */
final class SinkFiles {

    /** Where and how files are named. */
    enum Layout {
        /** {@code topics/<topic>/partition=<p>/<topic>+<p>+<startOffset, 10 digits>.json}, one value a line. */
        CONNECT_S3,
        /** {@code <topic>/YYYY/MM/dd/HH/<topic>-1-YYYY-MM-dd-HH-mm-ss-<uuid>} (UTC), values concatenated. */
        FIREHOSE
    }

    private static final DateTimeFormatter FIREHOSE_FOLDER =
            DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FIREHOSE_NAME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);
    private static final byte[] NEWLINE = {'\n'};
    static final byte[] NULL_VALUE = "null".getBytes(StandardCharsets.US_ASCII);

    private final Path root;
    private final Path staging;
    private final Layout layout;
    private final int flushSize;
    private final boolean gzip;
    private final boolean firehoseNewline;
    private final Random shuffle;

    private final Map<String, Partition> partitions = new LinkedHashMap<>();
    /** Every record appended (first deliveries and replays), in order: what {@link #replay} picks from. */
    private final List<Appended> history = new ArrayList<>();
    /** Shuffled mode: finished files not yet visible, per partition in order. */
    private final Map<String, Deque<Pending>> pending = new LinkedHashMap<>();
    private final List<Path> files = new ArrayList<>();
    private long lastModifiedMs;

    SinkFiles(Path root, Layout layout, int flushSize, boolean gzip, boolean firehoseNewline, Random shuffle) {
        if (flushSize < 1) {
            throw new IllegalArgumentException("flushSize must be at least 1");
        }
        this.root = root;
        this.staging = root.resolveSibling(root.getFileName() + ".staging");
        this.layout = layout;
        this.flushSize = flushSize;
        this.gzip = gzip;
        this.firehoseNewline = firehoseNewline;
        this.shuffle = shuffle;
    }

    private record Appended(String topic, int partition, byte[] value) {
    }

    private record Pending(Path temporary, Path target) {
    }

    private final class Partition {
        final String topic;
        final int number;
        long nextOffset;
        long openStart;
        final List<byte[]> open = new ArrayList<>();

        Partition(String topic, int number) {
            this.topic = topic;
            this.number = number;
        }

        void append(byte[] value) {
            if (open.isEmpty()) {
                openStart = nextOffset;
            }
            open.add(value);
            nextOffset++;
            if (open.size() >= flushSize) {
                roll();
            }
        }

        void roll() {
            if (open.isEmpty()) {
                return;
            }
            byte[] content = content(open);
            open.clear();
            Path target = switch (layout) {
                case CONNECT_S3 -> root.resolve("topics").resolve(topic).resolve("partition=" + number)
                        .resolve(topic + "+" + number + "+" + String.format("%010d", openStart) + ".json"
                                + (gzip ? ".gz" : ""));
                case FIREHOSE -> {
                    Instant now = Instant.now();
                    yield root.resolve(topic).resolve(FIREHOSE_FOLDER.format(now)).resolve(
                            topic + "-1-" + FIREHOSE_NAME.format(now) + "-" + UUID.randomUUID() + (gzip ? ".gz" : ""));
                }
            };
            Path temporary = writeTemporary(target, content);
            if (shuffle == null) {
                publish(new Pending(temporary, target));
            } else {
                pending.computeIfAbsent(topic + "/" + number, k -> new ArrayDeque<>()).add(new Pending(temporary, target));
            }
        }
    }

    /** Appends one record; {@code value} is the serialised value without delimiter ({@link #NULL_VALUE} for a null). */
    synchronized void append(String topic, int partition, byte[] value) {
        int number = layout == Layout.FIREHOSE ? 0 : partition;
        history.add(new Appended(topic, number, value));
        partitions.computeIfAbsent(topic + "/" + number, k -> new Partition(topic, number)).append(value);
    }

    /** Closes every open file; in shuffled mode also makes all finished files visible, partitions interleaved at random. */
    synchronized List<Path> flush() {
        int before = files.size();
        for (Partition partition : partitions.values()) {
            partition.roll();
        }
        if (shuffle != null) {
            List<Deque<Pending>> queues = new ArrayList<>(pending.values().stream().filter(q -> !q.isEmpty()).toList());
            while (!queues.isEmpty()) {
                int i = shuffle.nextInt(queues.size());
                publish(queues.get(i).poll());
                if (queues.get(i).isEmpty()) {
                    queues.remove(i);
                }
            }
        }
        return List.copyOf(files.subList(before, files.size()));
    }

    /**
     * Appends again a contiguous slice of up to {@code events} records already appended (of partition
     * {@code partition} of every topic, or of all), as new records with new offsets, then flushes: the duplicates
     * land in new files, later than all others.
     */
    synchronized List<Path> replay(Random random, int events, Integer partition) {
        flush();
        List<Appended> candidates = partition == null ? List.copyOf(history)
                : history.stream().filter(a -> a.partition() == partition).toList();
        if (candidates.isEmpty() || events < 1) {
            return List.of();
        }
        int length = Math.min(events, candidates.size());
        int start = random.nextInt(candidates.size() - length + 1);
        for (Appended a : candidates.subList(start, start + length)) {
            append(a.topic(), a.partition(), a.value());
        }
        return flush();
    }

    synchronized List<Path> files() {
        return List.copyOf(files);
    }

    private byte[] content(List<byte[]> values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = gzip ? new GZIPOutputStream(bytes) : bytes) {
            for (byte[] value : values) {
                out.write(value);
                if (layout == Layout.CONNECT_S3 || firehoseNewline) {
                    out.write(NEWLINE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Written outside {@code root} (a consumer listing it sees no half-written file), on the same file system. */
    private Path writeTemporary(Path target, byte[] content) {
        try {
            Files.createDirectories(target.getParent());
            Files.createDirectories(staging);
            Path temporary = staging.resolve(UUID.randomUUID() + ".tmp");
            Files.write(temporary, content);
            return temporary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renames into place with a modification time strictly later than the previous file's. */
    private void publish(Pending file) {
        try {
            lastModifiedMs = Math.max(System.currentTimeMillis(), lastModifiedMs + 1);
            Files.setLastModifiedTime(file.temporary(), FileTime.fromMillis(lastModifiedMs));
            Files.move(file.temporary(), file.target(), StandardCopyOption.ATOMIC_MOVE);
            files.add(file.target());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
