package io.dmsdelta.source;

import io.dmsdelta.config.DebeziumSource;
import io.dmsdelta.config.EventSourceDefinition;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.Wal2JsonSource;
import io.dmsdelta.pipeline.plan.PlanningRules;
import io.dmsdelta.pipeline.steps.StepContext;
import io.dmsdelta.source.debezium.DebeziumEvents;
import io.dmsdelta.source.debezium.DebeziumFolder;
import io.dmsdelta.source.events.ChangeEventReader;
import io.dmsdelta.source.events.EventChangeSource;
import io.dmsdelta.source.events.EventFiles;
import io.dmsdelta.source.events.EventPlanner;
import io.dmsdelta.source.wal2json.Wal2JsonChanges;
import io.dmsdelta.spark.Storage;
import org.apache.hadoop.fs.Path;

import java.util.Optional;

/** The at-least-once sources by format: where each keeps a table's files, and how they are read. */
public final class EventSources {

    private EventSources() {
    }

    /** The table's source, planned by arrival and read by its format's reader. */
    public static EventChangeSource changeSource(StepContext context, String sourceRoot, EventSourceDefinition source,
                                                 PlanningRules rules) {
        return new EventChangeSource(source.format(), describe(source), () -> list(context.storage(), sourceRoot,
                source), new EventPlanner(rules, source.lateArrival()), reader(context.table(), source),
                context::progress);
    }

    /** @return empty when the source's folder does not exist */
    public static Optional<EventFiles.Listing> list(Storage storage, String sourceRoot, EventSourceDefinition source) {
        return EventFiles.list(storage, folder(sourceRoot, source), naming(source));
    }

    /** The folder that holds the table's files. */
    public static String folder(String sourceRoot, EventSourceDefinition source) {
        if (source instanceof DebeziumSource debezium) {
            return DebeziumFolder.path(sourceRoot, debezium);
        }
        return new Path(new Path(sourceRoot), ((Wal2JsonSource) source).folder()).toString();
    }

    /** The first folder under the source that the table's files are in: not a DMS table folder. */
    public static String topFolder(EventSourceDefinition source) {
        if (source instanceof DebeziumSource debezium) {
            return DebeziumFolder.topFolder(debezium);
        }
        return ((Wal2JsonSource) source).folder().split("/")[0];
    }

    /** Which files the table reads, as progress and status name them. */
    public static String describe(EventSourceDefinition source) {
        if (source instanceof DebeziumSource debezium) {
            return DebeziumFolder.describe(debezium);
        }
        return "files of the wal2json stream";
    }

    private static EventFiles.Naming naming(EventSourceDefinition source) {
        return source instanceof DebeziumSource debezium ? DebeziumFolder.naming(debezium) : EventFiles.Naming.ANY;
    }

    private static ChangeEventReader reader(TableDefinition table, EventSourceDefinition source) {
        if (source instanceof DebeziumSource debezium) {
            return new DebeziumEvents(table, debezium);
        }
        return new Wal2JsonChanges(table, (Wal2JsonSource) source);
    }
}
