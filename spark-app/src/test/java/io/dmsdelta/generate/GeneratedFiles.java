package io.dmsdelta.generate;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A generated table folder read back with univocity (the parser behind Spark's CSV source), independently of
 * the generator's writer, and replayed naively: LOAD rows, then each change in file and row order.
 */
final class GeneratedFiles {

    /** One CDC row: the file it is in (by position), its operation, key and the other fields (null when empty). */
    record Change(int file, char op, long id, List<String> values) {
    }

    private final Path folder;

    GeneratedFiles(Path tableFolder) {
        this.folder = tableFolder;
    }

    List<Path> loadFiles() {
        return files("LOAD");
    }

    /** CDC files by name, which for the generator's names is commit order. */
    List<Path> cdcFiles() {
        return files("2");
    }

    private List<Path> files(String prefix) {
        try (Stream<Path> all = Files.list(folder)) {
            return all.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String[]> records(Path file) {
        CsvParserSettings settings = new CsvParserSettings();
        settings.getFormat().setDelimiter(',');
        settings.getFormat().setQuote('"');
        settings.getFormat().setQuoteEscape('"');
        settings.getFormat().setLineSeparator("\n");
        settings.setNullValue(null);
        settings.setEmptyValue("");
        settings.setIgnoreLeadingWhitespaces(false);
        settings.setIgnoreTrailingWhitespaces(false);
        return new CsvParser(settings).parseAll(file.toFile());
    }

    List<Change> changes() {
        List<Change> changes = new ArrayList<>();
        List<Path> files = cdcFiles();
        for (int f = 0; f < files.size(); f++) {
            for (String[] record : records(files.get(f))) {
                changes.add(new Change(f, record[0].charAt(0), Long.parseLong(record[1]),
                        Arrays.asList(record).subList(2, record.length)));
            }
        }
        return changes;
    }

    /** The table after the full load and every change: id to the row's fields (id first), in id order. */
    Map<Long, List<String>> replay() {
        Map<Long, List<String>> rows = new TreeMap<>();
        for (Path file : loadFiles()) {
            for (String[] record : records(file)) {
                rows.put(Long.parseLong(record[0]), List.of(record));
            }
        }
        for (Change change : changes()) {
            if (change.op() == 'D') {
                rows.remove(change.id());
            } else {
                List<String> row = new ArrayList<>();
                row.add(Long.toString(change.id()));
                row.addAll(change.values());
                rows.put(change.id(), row);
            }
        }
        return rows;
    }
}
