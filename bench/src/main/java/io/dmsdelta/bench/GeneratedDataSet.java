package io.dmsdelta.bench;

import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.generate.DataSetWriter;
import io.dmsdelta.generate.WorkloadSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A data set {@code dms-delta generate} wrote to {@code root}, and where its parts are. */
record GeneratedDataSet(WorkloadSpec spec, Path root) {

    Path tableFolder() {
        return DataSetWriter.tableFolder(root, spec);
    }

    Path tables() {
        return root.resolve(DataSetWriter.TABLES_FILE);
    }

    Path endpointSettings() {
        return root.resolve(DataSetWriter.SETTINGS_FILE);
    }

    /** The table's definition, from the data set's tables.json. */
    TableDefinition definition() {
        return TableDefinitions.parse(read(tables()), tables().toString()).find(spec.schema(), spec.table())
                .orElseThrow();
    }

    EndpointSettings settings() {
        return EndpointSettings.parse(read(endpointSettings()), endpointSettings().toString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    List<Path> loadFiles() {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < spec.loadFiles(); i++) {
            files.add(tableFolder().resolve(DataSetWriter.loadFileName(i)));
        }
        return files;
    }

    /** The CDC files in commit order. */
    List<Path> cdcFiles() {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < spec.files(); i++) {
            files.add(tableFolder().resolve(DataSetWriter.cdcFileName(spec.start(), i)));
        }
        return files;
    }

    /** Changes in the first {@code count} CDC files. */
    long changesInFirst(int count) {
        long changes = 0;
        for (int i = 0; i < count; i++) {
            changes += spec.changesInFile(i);
        }
        return changes;
    }
}
