package io.dmsdelta.source.events;

import io.dmsdelta.spark.Storage;
import org.apache.hadoop.fs.FileStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Lists the event objects of an at-least-once source's folder, recursively (a Firehose stream's {@code YYYY/MM/dd/HH/}
 * folders, a sink's {@code partition=<p>/} folders): which of them are the source's events, and the Kafka partition
 * each holds, its {@link Naming} decides.
 */
public final class EventFiles {

    /** Which files of the folder are event objects, and of which partition. */
    @FunctionalInterface
    public interface Naming {
        /** Every file that is not hidden, a marker or empty: a stream's archived chunks, Firehose objects. */
        Naming ANY = name -> OptionalInt.of(EventFile.NO_PARTITION);

        /**
         * @param fileName the object's name, without its folder
         * @return the Kafka partition it holds events of ({@link EventFile#NO_PARTITION} when the layout has none);
         *         empty when it is not one of the source's event objects
         */
        OptionalInt partition(String fileName);
    }

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

    /** @return empty when the folder does not exist (nothing was captured for the table yet) */
    public static Optional<Listing> list(Storage storage, String folder, Naming naming) {
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
            OptionalInt partition = naming.partition(fileName);
            if (partition.isEmpty()) {
                ignored.add(path);
                continue;
            }
            files.add(new EventFile(path, name, status.getLen(), status.getModificationTime(), partition.getAsInt()));
        }
        ignored.sort(null);
        return Optional.of(new Listing(folder, files, ignored));
    }
}
