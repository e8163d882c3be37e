package io.dmsdelta.bench;

import io.delta.tables.DeltaTable;
import io.dmsdelta.changeset.ChangeSet;
import io.dmsdelta.changeset.CompactedChanges;
import io.dmsdelta.changeset.KeyRanges;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.dms.DmsFileKind;
import io.dmsdelta.config.DmsDeltaSettings;
import io.dmsdelta.dms.DmsFileReader;
import io.dmsdelta.dms.ReadPlan;
import io.dmsdelta.dms.TrailingGroups;
import io.dmsdelta.dms.TableFolderScanner;
import io.dmsdelta.merge.ChangeMerger;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/**
 * What a straightforward reading of "merge each file" gives: every CDC file applied on its own, in order, with one
 * Delta MERGE each. Each file is read with Spark's CSV source and typed as dms-delta does ({@link DmsFileReader},
 * {@link ChangeSet}), compacted to the last change per key within the file (checking its rows in the same pass, as
 * dms-delta does), and merged with dms-delta's clauses ({@link ChangeMerger}: delete on D, update when matched,
 * insert when not) on the key alone: a straightforward implementation does not bound the target by the batch's key
 * ranges. dms-delta's per-run bookkeeping (exactly-once commit metadata, the checks before committing) is left
 * out, which flatters the baseline.
 */
final class PerFileBaseline {

    /** Merge on the key alone, without dms-delta's key-range bound. */
    private static final KeyRanges NO_KEY_BOUNDS = new KeyRanges(List.of());

    private final SparkSession spark;
    private final GeneratedDataSet data;
    private final Storage storage;
    private final TableDefinition table;
    private final EndpointSettings settings;

    PerFileBaseline(SparkSession spark, GeneratedDataSet data) {
        this.spark = spark;
        this.data = data;
        this.storage = new Storage(spark.sparkContext().hadoopConfiguration());
        this.table = data.definition();
        this.settings = data.settings();
    }

    /** The first {@code count} CDC files of the data set's table folder, in commit order. */
    List<DmsFile> firstFiles(int count) {
        List<DmsFile> cdc = new TableFolderScanner(storage).scan(data.tableFolder().toString()).cdcFiles();
        return cdc.subList(0, Math.min(count, cdc.size()));
    }

    /** Applies each file with a MERGE of its own to the Delta table at {@code tablePath}. */
    void apply(List<DmsFile> files, String tablePath) {
        DmsFileReader reader = new DmsFileReader(spark, storage, table, settings,
                DmsDeltaSettings.from(spark).maxValueChars());
        for (DmsFile file : files) {
            ReadPlan plan = reader.plan(List.of(file), TrailingGroups.NONE);
            try (ChangeSet changes = new ChangeSet(reader.read(plan), table, settings.timestampColumnName(),
                    DmsFileKind.CDC); CompactedChanges compacted = changes.compact(false)) {
                ChangeMerger.merge(DeltaTable.forPath(spark, tablePath), compacted, NO_KEY_BOUNDS,
                        table, table.storedColumns(settings.timestampColumnName()));
            }
        }
    }
}
