package io.dmsdelta.delta;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;

import java.util.List;
import java.util.Objects;

/**
 * Rows marked deleted by new deletion vectors: the log entries that replace each touched file with itself and its
 * new vector (Delta removes the file's entry and adds it again).
 */
public final class MarkedRows {

    static final MarkedRows NONE = new MarkedRows(List.of(), 0);

    private final List<FileAction> actions;
    private final long rows;

    MarkedRows(List<FileAction> actions, long rows) {
        this.actions = List.copyOf(actions);
        this.rows = rows;
    }

    /** Rows the new vectors mark that were live before. */
    public long rows() {
        return rows;
    }

    /** Files given a new deletion vector. */
    public long files() {
        return actions.stream().filter(a -> a instanceof AddFile).count();
    }

    List<FileAction> actions() {
        return actions;
    }

    /** The files the new vectors were written to (several vectors may share one). */
    List<Path> newVectorFiles(Path tablePath) {
        return actions.stream().filter(a -> a instanceof AddFile).map(a -> ((AddFile) a).deletionVector())
                .filter(v -> v != null && v.isOnDisk()).map(v -> v.absolutePath(tablePath)).filter(Objects::nonNull)
                .distinct().toList();
    }
}
