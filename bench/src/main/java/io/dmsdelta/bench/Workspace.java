package io.dmsdelta.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The harness's folders under {@code --work}: {@code data/} keeps generated data sets between runs,
 * {@code tables/} the fully loaded Delta tables every step starts from, {@code runs/} one folder per step
 * (its DMS source and warehouse), deleted once the step is measured, {@code logs/} the output of each fresh process.
 */
final class Workspace {

    private final Path root;

    Workspace(Path root) {
        this.root = root.toAbsolutePath();
    }

    Path root() {
        return root;
    }

    Path dataSet(String name) {
        return root.resolve("data").resolve(name);
    }

    /** The warehouse holding the fully loaded table a step starts from. */
    Path loadedTable(String name) {
        return root.resolve("tables").resolve(name);
    }

    /** A new, empty folder for a step. */
    Path newRun(String step) {
        Path run = root.resolve("runs").resolve(step);
        delete(run);
        createFolders(run);
        return run;
    }

    /** An empty folder for the logs of the fresh processes: those of an earlier harness run are deleted. */
    Path newLogs() {
        Path logs = root.resolve("logs");
        delete(logs);
        createFolders(logs);
        return logs;
    }

    /**
     * A DMS bucket folder at {@code <run>/dms} whose table folder holds the given files, hard-linked (copied
     * with their modification times where links are not possible), so dms-delta sees the LOAD set it loaded.
     */
    Path source(Path run, GeneratedDataSet layout, List<Path> files) {
        link(run.resolve("dms").resolve(layout.spec().schema()).resolve(layout.spec().table()), files);
        return run.resolve("dms");
    }

    /** Hard-links (or copies, with their modification times) the files into the folder. */
    void link(Path folder, List<Path> files) {
        createFolders(folder);
        for (Path file : files) {
            Path link = folder.resolve(file.getFileName());
            try {
                Files.createLink(link, file);
            } catch (FileAlreadyExistsException e) {
                throw new UncheckedIOException("Two files named " + file.getFileName() + " for one step", e);
            } catch (IOException | UnsupportedOperationException e) {
                copy(file, link);
            }
        }
    }

    /** Copies a warehouse folder (its Delta tables), so a step changes a copy and the original stays as loaded. */
    void copyWarehouse(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path copy = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    createFolders(copy);
                } else {
                    copy(file, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private static void createFolders(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + folder + ": " + e.getMessage(), e);
        }
    }
}
