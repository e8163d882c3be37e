package io.dmsdelta.delta;

import org.apache.hadoop.fs.Path;
import org.apache.spark.paths.SparkPath;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.DeletionVectorDescriptor;
import org.apache.spark.sql.delta.util.DeltaFileOperations;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * One data file of a table version as its log records it: where it is, how many rows its statistics count, and its
 * deletion vector. A file with another deletion vector is another entry of the log ({@link #entry}).
 */
public final class TableFile {

    private final AddFile add;
    private final String tablePath;

    private TableFile(AddFile add, String tablePath) {
        this.add = requireNonNull(add, "add");
        this.tablePath = requireNonNull(tablePath, "tablePath");
    }

    static List<TableFile> of(DeltaTableHandle table, List<AddFile> files) {
        return of(table.log().dataPath().toString(), files);
    }

    static List<TableFile> of(String tablePath, List<AddFile> files) {
        return files.stream().map(f -> new TableFile(f, tablePath)).toList();
    }

    /** The path the log records, relative to the table unless the file lies elsewhere. */
    public String path() {
        return add.path();
    }

    /** The file's path as a scan's {@code _metadata.file_path} reports it (absolute, URL-encoded). */
    public String scanPath() {
        return SparkPath.fromPath(absolutePath()).urlEncoded();
    }

    public Path absolutePath() {
        return DeltaFileOperations.absolutePath(tablePath, add.path());
    }

    /** Rows in the file, deleted ones included, from its statistics; empty when it has none. */
    public OptionalLong physicalRows() {
        return add.numPhysicalRecords().isDefined() ? OptionalLong.of((Long) add.numPhysicalRecords().get())
                : OptionalLong.empty();
    }

    /** Rows not marked deleted, from its statistics; empty when it has none. */
    public OptionalLong liveRows() {
        return add.numLogicalRecords().isDefined() ? OptionalLong.of((Long) add.numLogicalRecords().get())
                : OptionalLong.empty();
    }

    /** The file's statistics as Delta wrote them (JSON), or null. */
    public String stats() {
        return add.stats();
    }

    /** The deletion vector, serialized as Delta's vector builder reads it; null when the file has none. */
    public String vectorId() {
        return add.deletionVector() == null ? null : add.deletionVector().serializeToBase64();
    }

    public boolean hasVector() {
        return add.deletionVector() != null;
    }

    /** Where the deletion vector is stored when in a file of its own; empty when inline or when there is none. */
    public Optional<Path> vectorFile() {
        DeletionVectorDescriptor vector = add.deletionVector();
        return vector != null && vector.isOnDisk() ? Optional.of(vector.absolutePath(new Path(tablePath)))
                : Optional.empty();
    }

    /** What identifies the entry in a version, as Delta's RESTORE compares versions: the path and the vector. */
    public String entry() {
        return add.path() + "\u0000" + add.getDeletionVectorUniqueId().getOrElse(() -> "");
    }

    AddFile add() {
        return add;
    }

    @Override
    public String toString() {
        return add.path();
    }
}
