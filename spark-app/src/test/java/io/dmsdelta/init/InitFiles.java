package io.dmsdelta.init;

import io.dmsdelta.config.ColumnDefinition;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.testing.Pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the init tests share: running {@code dms-delta init}, and reading what it wrote as a run reads it. */
final class InitFiles {

    private InitFiles() {
    }

    static Pipeline.Result init(String... args) {
        List<String> all = new ArrayList<>(List.of("init"));
        all.addAll(List.of(args));
        return Pipeline.cli(all.toArray(String[]::new));
    }

    /** The written file, parsed exactly as {@code run} parses {@code --tables}. */
    static TableDefinitions definitions(Path file) {
        try {
            return TableDefinitions.parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table's columns as {@code name type}, with {@code " addedLater"} where set. */
    static List<String> columns(TableDefinition table) {
        return table.columns().stream().map(InitFiles::column).toList();
    }

    private static String column(ColumnDefinition c) {
        return c.name() + " " + c.type().simpleString() + (c.addedLater() ? " addedLater" : "");
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
