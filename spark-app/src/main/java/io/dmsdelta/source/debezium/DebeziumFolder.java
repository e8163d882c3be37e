package io.dmsdelta.source.debezium;

import io.dmsdelta.config.DebeziumSource;
import io.dmsdelta.source.events.EventFiles;
import org.apache.hadoop.fs.Path;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a Debezium table's event objects are: the Kafka Connect S3 sink's
 * {@code <source>/<topics.dir>/<topic>/partition=<p>/<topic>+<p>+<start offset>.json[.gz]} (also under the sink's
 * time-based partitioners' deeper folders), or a Firehose stream's {@code <source>/<folder>/YYYY/MM/dd/HH/} objects.
 */
public final class DebeziumFolder {

    /** {@code <topic>+<partition>+<start offset>} with the sink's JSON extensions. */
    private static final Pattern SINK_NAME = Pattern.compile("^(.+)\\+([0-9]+)\\+([0-9]+)\\.json(\\.gz)?$");

    private DebeziumFolder() {
    }

    /** The folder that holds the table's objects. */
    public static String path(String sourceRoot, DebeziumSource source) {
        Path root = new Path(sourceRoot);
        return source.layout() == DebeziumSource.Layout.KAFKA_CONNECT_S3
                ? new Path(new Path(root, source.topicsDir()), source.topic()).toString()
                : new Path(root, source.folder()).toString();
    }

    /** The sink's objects of the table's topic, by partition; every object of a Firehose stream. */
    public static EventFiles.Naming naming(DebeziumSource source) {
        if (source.layout() != DebeziumSource.Layout.KAFKA_CONNECT_S3) {
            return EventFiles.Naming.ANY;
        }
        return fileName -> {
            Matcher m = SINK_NAME.matcher(fileName);
            return m.matches() && m.group(1).equals(source.topic()) ? OptionalInt.of(Integer.parseInt(m.group(2)))
                    : OptionalInt.empty();
        };
    }

    /** The folder's first name under the source: no DMS table folder. */
    public static String topFolder(DebeziumSource source) {
        return (source.layout() == DebeziumSource.Layout.KAFKA_CONNECT_S3 ? source.topicsDir() : source.folder())
                .split("/")[0];
    }

    /** Says which objects a run reads, for progress and status. */
    public static String describe(DebeziumSource source) {
        return "event files of topic " + source.topic();
    }
}
