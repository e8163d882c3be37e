package io.dmsdelta.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated data set's rows and changes as an at-least-once source writes them ({@link EventFormat}): the LOAD
 * files' rows as a snapshot (Debezium's {@code r} events, wal2json inserts; all at one LSN), in files of
 * {@value #SNAPSHOT_EVENTS}; CDC file k as one file of inserts, updates and deletes, in the CSV file's order, at
 * increasing LSNs after the snapshot's. The files' modification times are fixed: the snapshot's first, then each CDC
 * file a minute after the one before, so every run finds exactly its own file new. Written once next to the data set
 * ({@code <data set>/<format>/}) and reused, as the data set is.
 */
record GeneratedEvents(GeneratedDataSet data, EventFormat format) {

    static final int SNAPSHOT_EVENTS = 100_000;
    static final long SNAPSHOT_LSN = 1;
    /** 2024-06-12T10:00Z: when the snapshot files arrived; CDC file k arrives an hour and k minutes later. */
    private static final long ARRIVED = 1_718_186_400_000L;

    Path root() {
        return data.root().resolve(format.configName());
    }

    /** The folder below a source root that holds the files. */
    Path folder(Path source) {
        return format.folder(source);
    }

    /** The data set's tables.json with the format's {@code "source"}. */
    Path tables() {
        Path tables = root().resolve("tables.json");
        if (!Files.exists(tables)) {
            try {
                ObjectMapper json = new ObjectMapper();
                ObjectNode definitions = (ObjectNode) json.readTree(data.tables().toFile());
                definitions.withArray("tables").forEach(t -> format.source(((ObjectNode) t).putObject("source")));
                Files.createDirectories(root());
                json.writerWithDefaultPrettyPrinter().writeValue(tables.toFile(), definitions);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + tables + ": " + e.getMessage(), e);
            }
        }
        return tables;
    }

    /** The snapshot's event files, written if they are not there yet. */
    List<Path> snapshot() {
        long rows = data.spec().rows();
        List<Path> files = new ArrayList<>();
        for (long offset = 0; offset < rows; offset += SNAPSHOT_EVENTS) {
            files.add(folder(root()).resolve(name(offset)));
        }
        Path done = root().resolve("snapshot.done");
        if (Files.exists(done)) {
            return files;
        }
        long written = 0;
        BufferedWriter out = null;
        try {
            Files.createDirectories(folder(root()));
            for (Path load : data.loadFiles()) {
                try (BufferedReader in = Files.newBufferedReader(load, StandardCharsets.UTF_8)) {
                    for (String line = in.readLine(); line != null; line = in.readLine(), written++) {
                        if (written % SNAPSHOT_EVENTS == 0) {
                            if (out != null) {
                                out.close();
                            }
                            out = Files.newBufferedWriter(files.get((int) (written / SNAPSHOT_EVENTS)));
                        }
                        out.write(format.snapshot(SNAPSHOT_LSN, fields(line)));
                        out.newLine();
                    }
                }
            }
            if (out != null) {
                out.close();
            }
            if (written != rows) {
                throw new BenchmarkFailure("the LOAD files of " + data.root() + " hold " + written + " rows, not " + rows);
            }
            for (int i = 0; i < files.size(); i++) {
                Files.setLastModifiedTime(files.get(i), FileTime.fromMillis(ARRIVED + i));
            }
            Files.writeString(done, rows + " snapshot events\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the snapshot events of " + data.root() + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** CDC file {@code k} as one event file, written if it is not there yet. */
    Path changes(int k) {
        long before = data.changesInFirst(k);
        Path file = folder(root()).resolve(name(data.spec().rows() + before));
        Path done = root().resolve("changes-" + k + ".done");
        if (Files.exists(done)) {
            return file;
        }
        long lsn = SNAPSHOT_LSN + 1 + before;
        try (BufferedReader in = Files.newBufferedReader(data.cdcFiles().get(k), StandardCharsets.UTF_8)) {
            Files.createDirectories(file.getParent());
            try (BufferedWriter out = Files.newBufferedWriter(file)) {
                for (String line = in.readLine(); line != null; line = in.readLine(), lsn++) {
                    List<String> f = fields(line);
                    if (!List.of("I", "U", "D").contains(f.get(0))) {
                        throw new BenchmarkFailure("unexpected operation " + f.get(0) + " in " + data.cdcFiles().get(k));
                    }
                    out.write(format.change(f.get(0), lsn, f));
                    out.newLine();
                }
            }
            Files.setLastModifiedTime(file, FileTime.fromMillis(ARRIVED + 3_600_000L + k * 60_000L));
            Files.writeString(done, "written\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the events of " + data.cdcFiles().get(k) + ": " + e.getMessage(), e);
        }
        return file;
    }

    private String name(long offset) {
        return format.name(offset);
    }

    /** The fields of one RFC 4180 line as the generator writes them (no line breaks within a value). */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
