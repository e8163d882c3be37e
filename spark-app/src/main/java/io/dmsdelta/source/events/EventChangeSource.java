package io.dmsdelta.source.events;

import io.dmsdelta.merge.TableState;
import io.dmsdelta.pipeline.plan.SyncPlan;
import io.dmsdelta.source.ChangeSource;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * A source that delivers at least once (Debezium, wal2json): its folder's files found by arrival, the new ones picked
 * by {@link EventPlanner}, read by the format's {@link ChangeEventReader}, applied by
 * {@link io.dmsdelta.pipeline.steps.ApplyEvents}.
 */
public final class EventChangeSource implements ChangeSource {

    private final String format;
    private final String described;
    private final Supplier<Optional<EventFiles.Listing>> listing;
    private final EventPlanner planner;
    private final ChangeEventReader reader;
    private final Consumer<String> progress;
    private final List<String> notes;

    /**
     * @param described what the files are, as progress names them ("event files of topic t")
     * @param listing   lists the source's files (empty when its folder does not exist)
     * @param notes     what every sync of the table warns of (what the source cannot show)
     */
    public EventChangeSource(String format, String described, Supplier<Optional<EventFiles.Listing>> listing,
                             EventPlanner planner, ChangeEventReader reader, Consumer<String> progress,
                             List<String> notes) {
        this.notes = List.copyOf(notes);
        this.format = requireNonNull(format, "format");
        this.described = requireNonNull(described, "described");
        this.progress = requireNonNull(progress, "progress");
        this.listing = requireNonNull(listing, "listing");
        this.planner = requireNonNull(planner, "planner");
        this.reader = requireNonNull(reader, "reader");
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public SyncPlan plan(TableState state, Instant now) {
        Optional<EventFiles.Listing> listed = listing.get();
        listed.ifPresent(files -> progress.accept("found " + files.files().size() + " " + described));
        return planner.plan(state, listed).warning(notes);
    }

    /** The change rows of a batch's files. */
    public Dataset<Row> read(SparkSession spark, List<EventFile> files) {
        return reader.read(spark, files);
    }
}
