package io.dmsdelta.cli;

import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.pipeline.SourceSelection;
import io.dmsdelta.spark.Storage;
import picocli.CommandLine.Option;

/** The options that say where DMS writes and how: shared by {@code run} and {@code status}. */
public final class SourceOptions {

    @Option(names = "--source", required = true, paramLabel = "<uri>",
            description = "DMS bucket folder holding <schema>/<table>/ folders, or one DMS file in such a folder"
                    + " (its table is run, all pending files in order).")
    String source;

    @Option(names = "--tables", required = true, paramLabel = "<tables.json>",
            description = "Table definitions: keys, columns and types (docs/configuration.md). Any URI a source can be.")
    String tables;

    @Option(names = "--endpoint-settings", paramLabel = "<json>",
            description = "The DMS S3 target endpoint settings the files were written with: a JSON file (any URI)"
                    + " or inline JSON. Default: DMS's defaults.")
    String endpointSettings;

    TableDefinitions tableDefinitions(Storage storage) {
        return TableDefinitions.parse(readConfig(storage, tables), tables);
    }

    EndpointSettings endpointSettings(Storage storage) {
        if (endpointSettings == null) {
            return EndpointSettings.DMS_DEFAULTS;
        }
        String text = endpointSettings.trim();
        return text.startsWith("{")
                ? EndpointSettings.parse(text, "(inline --endpoint-settings)")
                : EndpointSettings.parse(readConfig(storage, endpointSettings), endpointSettings);
    }

    /** Reads a configuration file; {@code file://name} (relative, as the AWS CLI writes it) is a local path. */
    private static String readConfig(Storage storage, String uri) {
        return storage.readText(uri.replaceFirst("^file://(?!/)", ""));
    }

    SourceSelection selection(Storage storage, TableDefinitions definitions, EndpointSettings settings) {
        return SourceSelection.resolve(storage, source, definitions, settings);
    }
}
