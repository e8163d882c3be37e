package io.dmsdelta.testing;

import io.dmsdelta.cli.DmsDeltaMain;
import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.RunReport;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A test's own DMS bucket folder and warehouse under a temporary directory, and the CLI run in-process
 * against them, with what it printed captured.
 */
public final class Pipeline {

    public static final Path REPO = RepoRoot.PATH;
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

    /** The definitions its runs use (the sample's unless {@link #withTables} gave others). */
    Path tables() {
        return tables;
    }

    /** The endpoint settings its runs use, as {@code --endpoint-settings} takes them. */
    String settings() {
        return settings;
    }

    /**
     * What one CLI call returned and printed, and the run's report when it wrote one. Tests read the report; what was
     * printed is for a failure's message, and for the few tests of printed text itself.
     */
    public record Result(int exitCode, String out, String err, RunReport report) {
        public String all() {
            return out + err;
        }

        /** The run's report; fails when the call wrote none (usage errors, exit code 2). */
        @Override
        public RunReport report() {
            if (report == null) {
                throw new AssertionError("the call wrote no report (exit code " + exitCode + "):\n" + all());
            }
            return report;
        }

        /** The report of one table. */
        public TableReport table(String qualifiedName) {
            return report().table(qualifiedName);
        }

        /** Each table's status, by table. */
        public Map<String, TableStatus> statuses() {
            Map<String, TableStatus> statuses = new LinkedHashMap<>();
            report().tables().forEach(t -> statuses.put(t.table(), t.status()));
            return statuses;
        }

        /**
         * The report of one table, checked to have ended with this status and reason, and a message that names each
         * of {@code named}: where what the message says is the behaviour (the file, line, column and value at fault).
         */
        public TableReport assertTable(String qualifiedName, TableStatus status, Reason reason, String... named) {
            TableReport table = table(qualifiedName);
            String message = table.message() == null ? "" : table.message();
            if (table.status() != status || table.reason() != reason || !Stream.of(named).allMatch(message::contains)) {
                throw new AssertionError(qualifiedName + ": expected " + status + " (" + reason + ") with a message"
                        + " naming " + List.of(named) + ", got " + table.status() + " (" + table.reason() + "): "
                        + message);
            }
            return table;
        }

        /** The report of one table, checked to carry a warning that says {@code what}. */
        public TableReport assertWarning(String qualifiedName, String what) {
            TableReport table = table(qualifiedName);
            if (table.warnings().stream().noneMatch(w -> w.contains(what))) {
                throw new AssertionError(qualifiedName + ": no warning says <" + what + ">: " + table.warnings());
            }
            return table;
        }

        /** What a command that refused its options or configuration (exit code 2) said: its only output. */
        public String usageError() {
            if (exitCode != ExitCodes.USAGE) {
                throw new AssertionError("expected exit code " + ExitCodes.USAGE + ", got " + exitCode + ":\n" + all());
            }
            return err;
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
        if (args.contains("--report")) { // the test's own: read, and left where it is
            return withReport(cli(args.toArray(String[]::new)), Path.of(args.get(args.indexOf("--report") + 1)), false);
        }
        return reporting(source.getParent().resolve("report-" + (++reports) + ".json"), args.toArray(String[]::new));
    }

    /** A {@code run} command line of any source and target (on S3, say), its report at {@code report} read back. */
    public static Result reporting(Path report, String... runArguments) {
        List<String> args = new ArrayList<>(List.of(runArguments));
        args.addAll(List.of("--report", report.toString()));
        return withReport(cli(args.toArray(String[]::new)), report, true);
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
            RunReport parsed = RunReport.fromJson(json);
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
        return cli(rewindArguments(qualifiedName, toVersion).toArray(String[]::new));
    }

    /** The command line of {@link #rewind}, for a JVM of its own. */
    public List<String> rewindArguments(String qualifiedName, long toVersion) {
        return List.of("rewind", "--target", target.toString(), "--tables", tables.toString(), "--table", qualifiedName,
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
