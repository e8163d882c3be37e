package io.dmsdelta.pipeline.plan;

import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.merge.CommitKind;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** One step of a table's sync, each one idempotent Delta commit (or none). */
public sealed interface SyncStep {

    /** The watermark of a table that does not exist yet. */
    long NO_TABLE = -1;

    /**
     * Write the table's snapshot from LOAD files, replacing its contents if it exists.
     *
     * @param kind      {@link CommitKind#FULL_LOAD} or {@link CommitKind#RELOAD}
     * @param files     the LOAD files, in load order
     * @param set       what the table records of them
     * @param fromWatermark the watermark the table records when planned, {@link #NO_TABLE} when there is no table
     * @param watermark the watermark the commit records: CDC files named after it follow the snapshot
     * @param replace   the table exists: its contents are replaced (else it is created)
     */
    record Load(CommitKind kind, List<DmsFile> files, LoadSet set, long fromWatermark, long watermark, boolean replace)
            implements SyncStep {
        public Load {
            requireNonNull(kind, "kind");
            files = List.copyOf(files);
            requireNonNull(set, "set");
            if (!kind.isLoad()) {
                throw new IllegalArgumentException(kind + " is not a load");
            }
        }
    }

    /**
     * Apply CDC files with one MERGE.
     *
     * @param files         the files, in commit order
     * @param fromWatermark the watermark the table must still have when the commit is made (else another run
     *                      applied files meanwhile)
     * @param chunk         1-based position among the plan's Apply steps
     * @param chunks        how many Apply steps the plan has
     */
    record Apply(List<DmsFile> files, long fromWatermark, int chunk, int chunks) implements SyncStep {
        public Apply {
            files = List.copyOf(files);
            if (files.isEmpty()) {
                throw new IllegalArgumentException("an Apply step needs files");
            }
        }

        /** The watermark the commit records: the write time in the last file's name. */
        public long toWatermark() {
            return files.get(files.size() - 1).cdcTimestampNanos();
        }
    }

    /**
     * Apply a batch of a source's event files that may repeat events and arrive in any order (Debezium): the events
     * are ordered per key by their sequence, and a change applies only when it is newer than what the table holds for
     * the key, so a file read again does no harm.
     *
     * @param files         the batch's files, in arrival order
     * @param fromWatermark the watermark the table must still have when the commit is made; {@link #NO_TABLE} when
     *                      the commit creates the table
     * @param toWatermark   the watermark the commit records: the newest modification time among the files (epoch ms),
     *                      or one more than {@code fromWatermark} when that is not later
     * @param recentFiles   the names the commit records as applied among the files recent enough to be listed again
     *                      (see {@link io.dmsdelta.config.DebeziumSource#lateArrival()})
     */
    record ApplyEvents(List<io.dmsdelta.source.events.EventFile> files, long fromWatermark, long toWatermark,
                       List<String> recentFiles, int chunk, int chunks) implements SyncStep {
        public ApplyEvents {
            files = List.copyOf(files);
            recentFiles = List.copyOf(recentFiles);
            if (files.isEmpty()) {
                throw new IllegalArgumentException("an ApplyEvents step needs files");
            }
        }

        /** The files as reports list them: arrival time for a name's write time. */
        public List<DmsFile> reported() {
            return files.stream().map(f -> new DmsFile(f.path(), f.name(), f.size(), f.modificationTime(),
                    io.dmsdelta.dms.DmsFileKind.CDC, f.modificationTime() * 1_000_000L)).toList();
        }
    }

    /** Nothing to apply: only add the columns the definition gained, if any. */
    record EvolveSchema() implements SyncStep {
    }
}
