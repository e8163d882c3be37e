package io.dmsdelta.cli;

import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.pipeline.SourceSelection;
import io.dmsdelta.spark.Storage;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** The options that say where DMS writes and how, and which tables: shared by {@code run} and {@code status}. */
public final class SourceOptions {

    @Option(names = "--source", converter = UriWithoutCredentials.class, required = true, paramLabel = "<uri>",
            description = "DMS bucket folder holding <schema>/<table>/ folders, or one DMS file in such a folder"
                    + " (its table is run, all pending files in order).")
    String source;

    @Option(names = "--source-root", converter = UriWithoutCredentials.class, paramLabel = "<uri>",
            description = "With a file as --source: the DMS bucket folder it must be in (the task's BucketName and"
                    + " BucketFolder); its table is the first two folders below. Default: BucketName/BucketFolder of"
                    + " the endpoint settings for a file in that bucket, else derived from the file's path.")
    String sourceRoot;

    @Mixin
    TablesOptions tablesOptions;

    @Option(names = "--endpoint-settings", converter = UriWithoutCredentials.class, paramLabel = "<json>",
            description = "The DMS S3 target endpoint settings the files were written with: a JSON file (any URI)"
                    + " or inline JSON. Default: DMS's defaults.")
    String endpointSettings;

    TableDefinitions tableDefinitions(Storage storage) {
        return tablesOptions.definitions(storage);
    }

    EndpointSettings endpointSettings(Storage storage) {
        return endpointSettings(endpointSettings, storage::readText);
    }

    /**
     * The settings an {@code --endpoint-settings} option gives: inline JSON (starting with {), or the text of the
     * file it names, read by {@code read}; DMS's defaults without the option.
     */
    static EndpointSettings endpointSettings(String option, java.util.function.Function<String, String> read) {
        if (option == null) {
            return EndpointSettings.DMS_DEFAULTS;
        }
        String text = option.trim();
        return text.startsWith("{")
                ? EndpointSettings.parse(text, "(inline --endpoint-settings)")
                : EndpointSettings.parse(read.apply(TablesOptions.configPath(option)), option);
    }

    /** The source's tables, narrowed to those {@code --table} names. */
    SourceSelection selection(Storage storage, TableDefinitions definitions, EndpointSettings settings) {
        SourceSelection selection = SourceSelection.resolve(storage, source, java.util.Optional.ofNullable(sourceRoot),
                definitions, settings);
        if (!tablesOptions.narrowed()) {
            return selection;
        }
        List<TableDefinition> selected = tablesOptions.selected(definitions);
        return selection.narrowedTo(selected);
    }

    /** Whether the run covers a whole bucket folder: only then can it say which of its tables are not defined. */
    boolean wholeFolder(Storage storage) {
        return !tablesOptions.narrowed() && storage.status(source).map(org.apache.hadoop.fs.FileStatus::isDirectory).orElse(false);
    }
}
