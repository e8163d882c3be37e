package io.dmsdelta.delta;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * What one commit changes, as a step describes it to {@link DeltaCommitter}: files added, rows marked deleted, files
 * removed or put back, the metadata of an earlier version restored, and Delta's metrics for the commit. The
 * watermark is the committer's business ({@link WatermarkChange}).
 *
 * @param operation  what the commit is called in the table's history
 * @param added      data files the step wrote
 * @param marked     rows marked deleted in new deletion vectors
 * @param removed    files of the version the step started from that the commit removes
 * @param restored   files of an earlier version the commit adds back as they were
 * @param dataChange false when the commit changes no row (a rewrite): readers of the table's changes skip it
 * @param metadataOf the version whose metadata (schema, properties) the commit puts back, if any
 * @param metrics    Delta's operation metrics, registered on the transaction so {@code DESCRIBE HISTORY} shows them
 */
public record TableChange(CommitOperation operation, WrittenFiles added, MarkedRows marked, List<TableFile> removed,
                          List<TableFile> restored, boolean dataChange, OptionalLong metadataOf,
                          Map<DeltaMetric, Long> metrics) {

    public TableChange {
        requireNonNull(operation, "operation");
        requireNonNull(added, "added");
        requireNonNull(marked, "marked");
        removed = List.copyOf(removed);
        restored = List.copyOf(restored);
        requireNonNull(metadataOf, "metadataOf");
        metrics = metrics.isEmpty() ? Map.of() : new EnumMap<>(metrics);
    }

    /** A change that changes nothing yet: start here and add to it. */
    public static TableChange of(CommitOperation operation) {
        return new TableChange(operation, WrittenFiles.none(), MarkedRows.NONE, List.of(), List.of(), true,
                OptionalLong.empty(), Map.of());
    }

    public TableChange adding(WrittenFiles files) {
        return new TableChange(operation, files, marked, removed, restored, dataChange, metadataOf, metrics);
    }

    public TableChange marking(MarkedRows rows) {
        return new TableChange(operation, added, rows, removed, restored, dataChange, metadataOf, metrics);
    }

    public TableChange removing(List<TableFile> files) {
        return new TableChange(operation, added, marked, files, restored, dataChange, metadataOf, metrics);
    }

    public TableChange restoring(List<TableFile> files, long metadataOfVersion) {
        return new TableChange(operation, added, marked, removed, files, dataChange, OptionalLong.of(metadataOfVersion),
                metrics);
    }

    public TableChange withoutDataChange() {
        return new TableChange(operation, added, marked, removed, restored, false, metadataOf, metrics);
    }

    public TableChange withMetrics(Map<DeltaMetric, Long> values) {
        return new TableChange(operation, added, marked, removed, restored, dataChange, metadataOf, values);
    }
}
