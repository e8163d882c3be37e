package io.dmsdelta.source.events;

import io.dmsdelta.merge.TableState;
import io.dmsdelta.pipeline.plan.PlanningRules;
import io.dmsdelta.pipeline.plan.SyncPlan;
import io.dmsdelta.pipeline.plan.SyncStep;
import io.dmsdelta.report.Reason;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Decides which event files a Debezium table's sync applies, without Spark and without storage. Objects of different
 * partitions (or Firehose objects) arrive in no order, and a listing may miss an object stored a little before a later
 * one it shows; so the watermark is the newest modification time applied, every file stored within
 * {@code lateArrival} of it is listed again, and the names applied among those are recorded with each commit and
 * skipped. A file applied twice anyway (a name recorded, then pruned too early) does no harm: the per-key sequence
 * drops every event the table already holds.
 */
public final class EventPlanner {

    private final PlanningRules rules;
    private final Duration lateArrival;

    public EventPlanner(PlanningRules rules, Duration lateArrival) {
        this.rules = requireNonNull(rules, "rules");
        this.lateArrival = requireNonNull(lateArrival, "lateArrival");
    }

    /**
     * @param state  what the Delta table records: its watermark is the newest modification time applied, epoch ms
     * @param listed the table's event files; empty when the folder does not exist
     */
    public SyncPlan plan(TableState state, Optional<EventFiles.Listing> listed) {
        if (listed.isEmpty()) {
            SyncPlan.Skip skip = new SyncPlan.Skip(state.exists() ? Reason.SOURCE_FOLDER_GONE : Reason.NO_SOURCE_FOLDER,
                    "no event files yet: the folder of the table's topic does not exist; the table is created with"
                            + " the first events" + (state.exists() ? " (the table was left as it was)" : ""));
            return new SyncPlan(List.of(), Optional.of(skip), List.of(), List.of(), 0);
        }
        EventFiles.Listing listing = listed.get();
        List<String> warnings = new ArrayList<>();
        listing.ignored().forEach(f -> warnings.add("ignored " + f + ": not an event file of the table's topic"));
        long watermark = state.exists() ? state.watermarkNanos() : SyncStep.NO_TABLE;
        Set<String> recent = new HashSet<>(state.lastCommit()
                .map(c -> c.metadata().recentFiles()).filter(java.util.Objects::nonNull).orElse(List.of()));
        long listAgainAfter = watermark - lateArrival.toMillis();
        List<EventFile> pending = listing.files().stream()
                .filter(f -> watermark <= 0 || f.modificationTime() > listAgainAfter)
                .filter(f -> !recent.contains(f.name()))
                .toList();
        List<SyncStep> steps = new ArrayList<>();
        List<List<EventFile>> batches = rules.batches(pending, EventFile::size);
        Map<String, Long> arrived = new HashMap<>();
        listing.files().forEach(f -> arrived.put(f.name(), f.modificationTime()));
        long from = watermark;
        Set<String> applied = new HashSet<>(recent);
        for (int i = 0; i < batches.size(); i++) {
            List<EventFile> batch = batches.get(i);
            long newest = batch.stream().mapToLong(EventFile::modificationTime).max().orElseThrow();
            long to = Math.max(from + 1, newest);
            batch.forEach(f -> applied.add(f.name()));
            long keepAfter = to - lateArrival.toMillis();
            List<String> stillRecent = applied.stream()
                    .filter(name -> arrived.getOrDefault(name, Long.MIN_VALUE) > keepAfter).sorted().toList();
            steps.add(new SyncStep.ApplyEvents(batch, from, to, stillRecent, i + 1, batches.size()));
            from = to;
        }
        if (steps.isEmpty() && !state.exists()) {
            return new SyncPlan(List.of(), Optional.of(new SyncPlan.Skip(Reason.NO_SOURCE_FOLDER, "no event files in "
                    + listing.folder() + " yet; the table is created with the first events")), List.of(), warnings,
                    listing.newestModificationTime());
        }
        if (steps.isEmpty()) {
            steps.add(new SyncStep.EvolveSchema());
        }
        return new SyncPlan(steps, Optional.empty(), List.of(), warnings, listing.newestModificationTime());
    }
}
