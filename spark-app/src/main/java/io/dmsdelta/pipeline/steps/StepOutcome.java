package io.dmsdelta.pipeline.steps;

import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.dms.TrailingGroups;
import io.dmsdelta.merge.CommitKind;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one step of a table's sync did, as it is reported. */
public sealed interface StepOutcome {

    /** Things to report that did not stop the step. */
    List<String> warnings();

    /**
     * A snapshot was written from LOAD files.
     *
     * @param version         the Delta version of the load's commit (the LOAD set may be recorded in the next)
     * @param quarantineTable where bad rows went, if any were set aside
     * @param lastGroups      the trailing column groups of the last LOAD file, where CDC files are judged from
     */
    record Loaded(CommitKind kind, int files, long rows, long rowsQuarantined, long version,
                  Optional<String> quarantineTable, TrailingGroups lastGroups, List<String> warnings) implements StepOutcome {
        public Loaded {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * A batch of CDC files was applied with one MERGE.
     *
     * @param changeRowsRead rows the files held
     * @param changedKeys    distinct keys among them (Delta's {@code numSourceRows})
     * @param written        what the commit wrote besides the changes themselves
     * @param readMs         reading, checking and compacting the files
     * @param commitMs       the commit: finding the rows, writing, committing
     * @param phaseMs        the step's named phases and their times: read, align, then the targeted apply's
     *                       candidates, matches, vectors, writes and commit, or Delta's merge
     * @param events         for events of an at-least-once source: what they held besides changes
     */
    record Applied(List<DmsFile> files, long changeRowsRead, long changedKeys, long inserted, long updated,
                   long deleted, long rowsQuarantined, Optional<String> quarantineTable, long version,
                   TrailingGroups lastGroups, Written written, long readMs, long commitMs, Map<String, Long> phaseMs,
                   List<String> warnings, Optional<io.dmsdelta.report.EventFacts> events) implements StepOutcome {
        public Applied {
            java.util.Objects.requireNonNull(events, "events");
            files = List.copyOf(files);
            phaseMs = Collections.unmodifiableMap(new LinkedHashMap<>(phaseMs));
            warnings = List.copyOf(warnings);
        }

        public DmsFile lastFile() {
            return files.get(files.size() - 1);
        }
    }

    /**
     * The cost side of a commit.
     *
     * @param rowsCopied      rows written again unchanged (MERGE's rewrite of touched files, or the small files')
     * @param filesAdded      data files the commit added
     * @param filesRemoved    data files it removed
     * @param deletionVectors files given a new deletion vector
     */
    record Written(long rowsCopied, long filesAdded, long filesRemoved, long deletionVectors) {
        public static final Written NOTHING = new Written(0, 0, 0, 0);

        public Written plus(Written other) {
            return new Written(rowsCopied + other.rowsCopied, filesAdded + other.filesAdded,
                    filesRemoved + other.filesRemoved, deletionVectors + other.deletionVectors);
        }
    }

    /** Another run had committed the batch already: nothing was written. */
    record AlreadyApplied(List<DmsFile> files, List<String> warnings) implements StepOutcome {
        public AlreadyApplied {
            files = List.copyOf(files);
            warnings = List.copyOf(warnings);
        }
    }

    /** Nothing was pending; the columns the definition gained, if any, were added. */
    record SchemaChecked(List<String> warnings) implements StepOutcome {
        public SchemaChecked {
            warnings = List.copyOf(warnings);
        }
    }
}
