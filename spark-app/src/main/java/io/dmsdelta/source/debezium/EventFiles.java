package io.dmsdelta.source.debezium;

import io.dmsdelta.config.DebeziumSource;
import io.dmsdelta.spark.Storage;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists a Debezium table's event objects: the Kafka Connect S3 sink's
 * {@code <source>/<topics.dir>/<topic>/partition=<p>/<topic>+<p>+<start offset>.json[.gz]} (also under the sink's
 * time-based partitioners' deeper folders), or a Firehose stream's {@code <source>/<folder>/YYYY/MM/dd/HH/} objects.
 */
public final class EventFiles {

    /** {@code <topic>+<partition>+<start offset>} with the sink's JSON extensions. */
    private static final Pattern SINK_NAME = Pattern.compile("^(.+)\\+([0-9]+)\\+([0-9]+)\\.json(\\.gz)?$");

    /** The files found, in arrival order, and those that are not event objects of the table. */
    public record Listing(String folder, List<EventFile> files, List<String> ignored) {
        public Listing {
            files = files.stream().sorted(EventFile.ARRIVAL).toList();
            ignored = List.copyOf(ignored);
        }

        /** The newest modification time among the files, 0 when there are none. */
        public long newestModificationTime() {
            return files.stream().mapToLong(EventFile::modificationTime).max().orElse(0);
        }
    }

    private EventFiles() {
    }

    /** The folder that holds the table's objects. */
    public static String folder(String sourceRoot, DebeziumSource source) {
        Path root = new Path(sourceRoot);
        return source.layout() == DebeziumSource.Layout.KAFKA_CONNECT_S3
                ? new Path(new Path(root, source.topicsDir()), source.topic()).toString()
                : new Path(root, source.folder()).toString();
    }

    /** @return empty when the folder does not exist (nothing was captured for the table yet) */
    public static Optional<Listing> list(Storage storage, String sourceRoot, DebeziumSource source) {
        String folder = folder(sourceRoot, source);
        if (storage.status(folder).isEmpty()) {
            return Optional.empty();
        }
        String prefix = storage.qualify(folder).toString();
        List<EventFile> files = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (FileStatus status : storage.listFilesRecursively(folder)) {
            String fileName = status.getPath().getName();
            if (fileName.startsWith(".") || fileName.startsWith("_") || status.getLen() == 0) {
                continue; // hidden files, markers, and objects still empty: never events
            }
            String path = status.getPath().toString();
            String name = path.startsWith(prefix + "/") ? path.substring(prefix.length() + 1) : fileName;
            int partition = -1;
            if (source.layout() == DebeziumSource.Layout.KAFKA_CONNECT_S3) {
                Matcher m = SINK_NAME.matcher(fileName);
                if (!m.matches() || !m.group(1).equals(source.topic())) {
                    ignored.add(path);
                    continue;
                }
                partition = Integer.parseInt(m.group(2));
            }
            files.add(new EventFile(path, name, status.getLen(), status.getModificationTime(), partition));
        }
        ignored.sort(null);
        return Optional.of(new Listing(folder, files, ignored));
    }
}
