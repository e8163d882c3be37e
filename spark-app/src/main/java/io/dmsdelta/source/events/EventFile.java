package io.dmsdelta.source.events;

import java.util.Comparator;

import static java.util.Objects.requireNonNull;

/**
 * One object of change events as storage lists it. Its identity is its name within the table's folder (the sink names
 * each object once); its modification time is when it arrived, which is all that orders objects of different
 * partitions or Firehose streams.
 *
 * @param path             where it is
 * @param name             its path below the table's folder, e.g. {@code partition=2/topic+2+0000000150.json}
 * @param size             bytes
 * @param modificationTime when storage stored it, epoch ms
 * @param partition        the Kafka partition it holds events of, {@link #NO_PARTITION} when the layout has none
 */
public record EventFile(String path, String name, long size, long modificationTime, int partition) {

    /** Arrival order: modification time, then name, so that equal times still sort the same way every run. */
    public static final int NO_PARTITION = -1;

    public static final Comparator<EventFile> ARRIVAL = Comparator.comparingLong(EventFile::modificationTime)
            .thenComparing(EventFile::name);

    public EventFile {
        requireNonNull(path, "path");
        requireNonNull(name, "name");
    }
}
