package io.dmsdelta.source;

import io.dmsdelta.config.DebeziumSource;
import io.dmsdelta.config.DynamoDbSource;
import io.dmsdelta.config.EventSourceDefinition;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.TriggerSource;
import io.dmsdelta.config.Wal2JsonSource;
import io.dmsdelta.pipeline.plan.PlanningRules;
import io.dmsdelta.pipeline.steps.StepContext;
import io.dmsdelta.source.debezium.DebeziumEvents;
import io.dmsdelta.source.debezium.DebeziumFolder;
import io.dmsdelta.source.dynamodb.DynamoDbFolder;
import io.dmsdelta.source.dynamodb.DynamoDbRecords;
import io.dmsdelta.source.events.ChangeEventReader;
import io.dmsdelta.source.events.ColumnImageChanges;
import io.dmsdelta.source.events.ColumnImages;
import io.dmsdelta.source.events.EventChangeSource;
import io.dmsdelta.source.events.EventFiles;
import io.dmsdelta.source.events.EventPlanner;
import io.dmsdelta.source.events.PostgresTypeNames;
import io.dmsdelta.source.trigger.RowImageRecords;
import io.dmsdelta.source.wal2json.Wal2JsonRecords;
import io.dmsdelta.spark.Storage;
import org.apache.hadoop.fs.Path;

import java.util.List;
import java.util.Optional;

/** The at-least-once sources by format: where each keeps a table's files, and how they are read. */
public final class EventSources {

    private static final String POSTGRES_KEYS = "a delete's is its old key: wal2json's oldkeys or identity, the"
            + " trigger's old row";

    private EventSources() {
    }

    /** The table's source, planned by arrival and read by its format's reader. */
    public static EventChangeSource changeSource(StepContext context, String sourceRoot, EventSourceDefinition source,
                                                 PlanningRules rules) {
        return new EventChangeSource(source.format(), describe(source), () -> list(context.storage(), sourceRoot,
                source), new EventPlanner(rules, source.lateArrival()), reader(context.table(), source),
                context::progress, notes(source));
    }

    /** @return empty when the source's folder does not exist */
    public static Optional<EventFiles.Listing> list(Storage storage, String sourceRoot, EventSourceDefinition source) {
        Optional<EventFiles.Listing> listing = EventFiles.list(storage, folder(sourceRoot, source), naming(source));
        return source instanceof DynamoDbSource dynamodb ? listing.map(l -> DynamoDbFolder.files(dynamodb, l)) : listing;
    }

    /** The folder that holds the table's files. */
    public static String folder(String sourceRoot, EventSourceDefinition source) {
        if (source instanceof DebeziumSource debezium) {
            return DebeziumFolder.path(sourceRoot, debezium);
        }
        return new Path(new Path(sourceRoot), ownFolder(source)).toString();
    }

    /** The folder of a source other than Debezium, as the definition gives it. */
    private static String ownFolder(EventSourceDefinition source) {
        if (source instanceof DynamoDbSource dynamodb) {
            return dynamodb.folder();
        }
        return source instanceof Wal2JsonSource wal2json ? wal2json.folder() : ((TriggerSource) source).folder();
    }

    /** The first folder under the source that the table's files are in: not a DMS table folder. */
    public static String topFolder(EventSourceDefinition source) {
        if (source instanceof DebeziumSource debezium) {
            return DebeziumFolder.topFolder(debezium);
        }
        return ownFolder(source).split("/")[0];
    }

    /** Which files the table reads, as progress and status name them. */
    public static String describe(EventSourceDefinition source) {
        if (source instanceof DebeziumSource debezium) {
            return DebeziumFolder.describe(debezium);
        }
        if (source instanceof DynamoDbSource dynamodb) {
            return DynamoDbFolder.describe(dynamodb);
        }
        return source instanceof Wal2JsonSource ? "files of the wal2json stream" : "objects of row images";
    }

    /** What the source cannot show, said with every sync of its tables and by status. */
    public static List<String> notes(EventSourceDefinition source) {
        if (source instanceof TriggerSource trigger && trigger.shape() == TriggerSource.Shape.ROW) {
            return List.of("bare rows (shape \"row\") carry no operation and no order: each is applied as an upsert,"
                    + " in order of arrival; rows deleted in the source, and old keys of changed keys, stay in the"
                    + " table. Send row images (sql/postgresql/row-images.sql) to see deletes");
        }
        return List.of();
    }

    private static ColumnImages.Table images(TableDefinition table) {
        return new ColumnImages.Table(table.schema(), table.table(), table.primaryKey());
    }

    private static EventFiles.Naming naming(EventSourceDefinition source) {
        return source instanceof DebeziumSource debezium ? DebeziumFolder.naming(debezium) : EventFiles.Naming.ANY;
    }

    private static ChangeEventReader reader(TableDefinition table, EventSourceDefinition source) {
        if (source instanceof DebeziumSource debezium) {
            return new DebeziumEvents(table, debezium);
        }
        if (source instanceof DynamoDbSource dynamodb) {
            return new ColumnImageChanges(table, dynamodb.sequenceColumnName(), new DynamoDbRecords(
                    DynamoDbRecords.Mapping.of(table, dynamodb)), DynamoDbFolder.rules(dynamodb));
        }
        if (source instanceof TriggerSource trigger) {
            return new ColumnImageChanges(table, trigger.sequenceColumnName(), new RowImageRecords(images(table),
                    trigger.shape()), new ColumnImageChanges.Rules(PostgresTypeNames.INSTANCE, POSTGRES_KEYS,
                    "the row image has no \"seq\" (a whole number the trigger takes from a sequence), which orders a"
                    + " key's changes: install the trigger of sql/postgresql/row-images.sql, or set the source's"
                    + " \"shape\" to \"row\""));
        }
        Wal2JsonSource wal2json = (Wal2JsonSource) source;
        return new ColumnImageChanges(table, wal2json.sequenceColumnName(), new Wal2JsonRecords(images(table),
                wal2json.order()), new ColumnImageChanges.Rules(PostgresTypeNames.INSTANCE, POSTGRES_KEYS,
                "the change has no log position (lsn, or nextlsn of its transaction in format version 1), which orders"
                + " a key's changes: run wal2json with include-lsn=1, or set the source's \"order\" to \"arrival\""));
    }
}
