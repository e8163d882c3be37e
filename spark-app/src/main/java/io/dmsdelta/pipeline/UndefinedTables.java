package io.dmsdelta.pipeline;

import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.spark.Storage;
import org.apache.hadoop.fs.Path;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <schema>/<table>/} folders of a bucket folder that no table definition covers: DMS replicates a
 * table the definitions forgot, and the run says so instead of passing over it in silence.
 */
final class UndefinedTables {

    private UndefinedTables() {
    }

    /** @return {@code schema.table} of each undefined table folder, sorted */
    static List<String> in(Storage storage, String sourceRoot, TableDefinitions definitions, EndpointSettings settings) {
        String transactions = settings.transactionFolder().map(path -> path.split("/")[0]).orElse(null);
        // Other sources' folders (a Kafka Connect sink's topics/, a Firehose stream's, a wal2json stream's) are no DMS
        // table folders.
        java.util.Set<String> otherSources = new java.util.HashSet<>();
        definitions.all().stream().filter(t -> t.source() instanceof io.dmsdelta.config.EventSourceDefinition)
                .map(t -> (io.dmsdelta.config.EventSourceDefinition) t.source())
                .forEach(s -> otherSources.add(io.dmsdelta.source.EventSources.topFolder(s)));
        List<String> undefined = new ArrayList<>();
        for (Path schema : storage.listFolders(sourceRoot)) {
            if (hidden(schema) || schema.getName().equals(transactions) || otherSources.contains(schema.getName())) {
                continue;
            }
            for (Path table : storage.listFolders(schema.toString())) {
                if (!hidden(table) && definitions.find(schema.getName(), table.getName()).isEmpty()) {
                    undefined.add(schema.getName() + "." + table.getName());
                }
            }
        }
        undefined.sort(null);
        return undefined;
    }

    private static boolean hidden(Path folder) {
        return folder.getName().startsWith(".") || folder.getName().startsWith("_");
    }
}
