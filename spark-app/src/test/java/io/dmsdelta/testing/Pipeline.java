package io.dmsdelta.testing;

import io.dmsdelta.cli.DmsDeltaMain;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A test's own DMS bucket folder and warehouse under a temporary directory, and the CLI run in-process
 * against them, with what it printed captured.
 */
public final class Pipeline {

    public static final Path REPO = findRepo();
    public static final Path SAMPLE_DMS = REPO.resolve("sample-data/dms");
    public static final Path SAMPLE_SETTINGS = REPO.resolve("sample-data/endpoint-settings.json");
    public static final Path SAMPLE_TABLES = REPO.resolve("dms-config/tables.json");

    /** The definitions of one table {@code s.t}: an int key {@code id} and a string {@code v}. */
    public static final String ID_AND_VALUE_TABLE = """
            {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"],
              "columns": [{"name": "id", "type": "int"}, {"name": "v", "type": "string"}]}]}""";

    public final Path source;
    public final Path target;
    private Path tables = SAMPLE_TABLES;
    private String settings = SAMPLE_SETTINGS.toString();

    /** What one CLI call returned and printed, and the run's report when it wrote one. */
    public record Result(int exitCode, String out, String err, io.dmsdelta.report.RunReport report) {
        public String all() {
            return out + err;
        }

        /** The run's report; fails when the call wrote none (usage errors, exit code 2). */
        @Override
        public io.dmsdelta.report.RunReport report() {
            if (report == null) {
                throw new AssertionError("the call wrote no report (exit code " + exitCode + "):\n" + all());
            }
            return report;
        }

        /** The report of one table. */
        public io.dmsdelta.report.TableReport table(String qualifiedName) {
            return report().table(qualifiedName);
        }
    }

    private int reports;

    public Pipeline(Path dir) {
        TestSpark.get();
        this.source = dir.resolve("dms");
        this.target = dir.resolve("warehouse");
        try {
            Files.createDirectories(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Pipeline withTables(String json) {
        tables = write(source.getParent().resolve("tables.json"), json);
        return this;
    }

    public Pipeline withSettings(String json) {
        settings = json;
        return this;
    }

    /** Copies sample files of {@code schema/table} (all if no names given) into this pipeline's source. */
    public Pipeline copySample(String tableFolder, String... names) {
        Path from = SAMPLE_DMS.resolve(tableFolder);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.sorted().toList()) {
                if (names.length == 0 || List.of(names).contains(file.getFileName().toString())) {
                    Path to = source.resolve(tableFolder).resolve(file.getFileName());
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes a DMS file at {@code schema/table/name} (lines joined with newlines, final newline added). */
    public Path file(String relative, String... lines) {
        return write(source.resolve(relative), String.join("\n", lines) + "\n");
    }

    public Result run(String... extra) {
        return runFrom(source, extra);
    }

    /** A run whose --source is one file (as the trigger passes it), or another folder. */
    public Result runSource(Path sourceFile, String... extra) {
        return runFrom(sourceFile, extra);
    }

    private Result runFrom(Path from, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--source", from.toString(), "--target", target.toString(),
                "--tables", tables.toString(), "--endpoint-settings", settings));
        args.addAll(List.of(extra));
        boolean own = !args.contains("--report");
        Path report = own ? source.getParent().resolve("report-" + (++reports) + ".json")
                : Path.of(args.get(args.indexOf("--report") + 1));
        if (own) {
            args.addAll(List.of("--report", report.toString()));
        }
        return withReport(cli(args.toArray(String[]::new)), report, own);
    }

    private static Result withReport(Result result, Path report, boolean own) {
        try {
            if (!Files.exists(report)) {
                return result;
            }
            String json = Files.readString(report);
            List<String> problems = ReportSchema.problems(json);
            if (!problems.isEmpty()) {
                throw new AssertionError("the run report does not fit docs/run-report.schema.json: " + problems);
            }
            io.dmsdelta.report.RunReport parsed = io.dmsdelta.report.RunReport.fromJson(json);
            if (own) {
                Files.delete(report); // a later call that writes none must not find this one
            }
            return new Result(result.exitCode(), result.out(), result.err(), parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A dms-delta command, in this JVM, printing to writers of its own. */
    public static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DmsDeltaMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        System.out.print(out); // in the test's output too, for a failure's reader
        System.err.print(err);
        return new Result(code, out.toString(), err.toString(), null);
    }

    /** {@code dms-delta rewind} of one of this pipeline's tables to an earlier version. */
    public Result rewind(String qualifiedName, long toVersion) {
        return cli("rewind", "--target", target.toString(), "--tables", tables.toString(), "--table", qualifiedName,
                "--to-version", Long.toString(toVersion));
    }

    public String tablePath(String schema, String table) {
        return target.resolve(schema).resolve(table).toString();
    }

    /** The table's rows as text, {@code col=value|col=value}, sorted. */
    public List<String> rows(String schema, String table) {
        return Tables.rows(TestSpark.get().read().format("delta").load(tablePath(schema, table)));
    }

    public long version(String schema, String table) {
        return io.delta.tables.DeltaTable.forPath(TestSpark.get(), tablePath(schema, table)).history(1).first().getLong(0);
    }

    private static Path write(Path path, String text) {
        try {
            Files.createDirectories(path.getParent());
            return Files.writeString(path, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRepo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("sample-data"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (with sample-data/) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Formats rows for exact comparisons. */
    public static final class Tables {
        private Tables() {
        }

        public static List<String> rows(org.apache.spark.sql.Dataset<Row> df) {
            String[] columns = df.columns();
            List<String> rows = new ArrayList<>();
            for (Row row : df.collectAsList()) {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < columns.length; i++) {
                    text.append(i == 0 ? "" : "|").append(row.isNullAt(i) ? "null" : row.get(i).toString());
                }
                rows.add(text.toString());
            }
            rows.sort(null);
            return rows;
        }
    }
}
