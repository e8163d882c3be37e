package io.dmsdelta.cli;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.config.DebeziumSource;
import io.dmsdelta.config.SourceDefinition;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.init.DebeziumTarget;
import io.dmsdelta.init.DefinitionBuilder;
import io.dmsdelta.init.DefinitionsFile;
import io.dmsdelta.init.DynamoDbSample;
import io.dmsdelta.init.FileCatalog;
import io.dmsdelta.init.InitRun;
import io.dmsdelta.init.InitSummary;
import io.dmsdelta.init.JdbcCatalogs;
import io.dmsdelta.init.JdbcUrl;
import io.dmsdelta.init.Overrides;
import io.dmsdelta.init.Passwords;
import io.dmsdelta.init.Reconciliation;
import io.dmsdelta.init.Secret;
import io.dmsdelta.init.SourceCatalog;
import io.dmsdelta.init.SourceTarget;
import io.dmsdelta.init.TablePattern;
import io.dmsdelta.init.TableMappings;
import io.dmsdelta.init.TableSelection;
import io.dmsdelta.init.TableSpec;
import io.dmsdelta.report.Progress;
import io.dmsdelta.spark.SparkSessions;
import io.dmsdelta.spark.Storage;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Writes table definitions (tables.json) from the source database DMS replicates, over JDBC"
                        + " (PostgreSQL, MySQL, MariaDB), or from the files DMS wrote (--from-files): each selected"
                        + " table's columns in the order DMS writes them, with the Spark type of the mapping in"
                        + " docs/configuration.md, and its primary key. A table without one is left out.",
                "With --from-dynamodb <TableName> (or --from-dynamodb-records <uri>), the definition is for a"
                        + " DynamoDB table's changes: its key, and columns typed from a sample of its items (or of its"
                        + " change records) (docs/init.md, \"DynamoDB\").",
                "With --table-mappings, the task's own selection rules choose the tables, and its add-column"
                        + " $AR_H_CHANGE_SEQ and add-before-image-columns rules give sequenceColumn and the before-image"
                        + " settings.",
                "When --output exists, it is compared with the source: columns added at the end are marked"
                        + " addedLater and what was set by hand is kept; changes a run refuses or would misread (a"
                        + " column removed, retyped, added in the middle, a new key, a table gone) are printed and"
                        + " written only with --accept-changes.",
                "With --format debezium --topic-prefix <prefix>, the definitions are for Debezium change events of"
                        + " the database's connector: each column with the type and value encoding of Debezium's"
                        + " default settings (docs/init.md, \"Debezium\").",
                "The summary goes to standard output, progress to standard error. See docs/init.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the definitions were written (tables without a key are listed as SKIPPED)",
                "1:nothing written: changes need --accept-changes, or no table could be defined",
                "2:wrong options, configuration or connection; nothing written",
                "70:unexpected error"})
final class InitCommand implements Callable<Integer> {

    /** Where it prints: standard output and error, or the writers a caller of {@link DmsDeltaMain#execute} gives. */
    @Spec
    CommandSpec spec;

    /** Where the tables are described: one of the two. */
    static final class Source {
        @Option(names = "--jdbc-url", required = true, paramLabel = "<url>",
                description = "The source database: jdbc:postgresql://host:5432/db, jdbc:mysql://host:3306/ or"
                        + " jdbc:mariadb://host:3306/. It must not hold a password.")
        String jdbcUrl;

        @Option(names = "--from-files", required = true, converter = UriWithoutCredentials.class, paramLabel = "<uri>",
                description = "Instead of a database: the DMS bucket folder holding <schema>/<table>/ folders. Each"
                        + " table's columns come from its first LOAD (else CDC) file: a Parquet file's schema, or a CSV"
                        + " header (AddColumnName=true in --endpoint-settings; names only, typed string unless --type"
                        + " says otherwise). Files do not tell keys: give --primary-key.")
        String fromFiles;

        @Option(names = "--from-dynamodb", required = true, paramLabel = "<TableName>",
                description = "Instead of a database: a DynamoDB table, described by its key schema (DescribeTable)"
                        + " and a sample of its items (Scan, --sample-size); the AWS SDK's credentials.")
        String fromDynamoDb;

        @Option(names = "--from-dynamodb-records", required = true, converter = UriWithoutCredentials.class,
                paramLabel = "<uri>",
                description = "Instead of a database: a DynamoDB table's change records already landed (a file or"
                        + " folder of DynamoDB Streams or Kinesis records, or incremental export lines), a sample of"
                        + " which gives the columns. The key is the attributes of their Keys, in the order they list"
                        + " them: check that the partition key comes first.")
        String fromDynamoDbRecords;

        boolean dynamoDb() {
            return fromDynamoDb != null || fromDynamoDbRecords != null;
        }

        /** The option naming the source, for messages. */
        String option() {
            return jdbcUrl != null ? "--jdbc-url" : fromFiles != null ? "--from-files"
                    : fromDynamoDb != null ? "--from-dynamodb" : "--from-dynamodb-records";
        }
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--user", paramLabel = "<name>", description = "Database user (with --jdbc-url).")
    String user;

    /** Only there to refuse a password given on the command line, without repeating it (picocli would). */
    @Option(names = "--password", hidden = true, arity = "0..1")
    String passwordOnCommandLine;

    @Option(names = "--password-env", paramLabel = "<VAR>",
            description = "Name of the environment variable holding the database password. The password is never"
                    + " taken from the command line and never printed.")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "<path>",
            description = "A file holding the database password (one trailing newline is ignored).")
    Path passwordFile;

    @Option(names = "--include", paramLabel = "<schema.table>",
            description = "Tables to define (repeatable), with %% (any characters) and _ (one character) as in DMS"
                    + " selection rules, e.g. public.%% or %%.orders. Default: every table (%%.%%).")
    List<String> include;

    @Option(names = "--exclude", paramLabel = "<schema.table>",
            description = "Tables to leave out (repeatable), even when an --include matches them.")
    List<String> exclude;

    @Option(names = "--table-mappings", paramLabel = "<json>",
            description = "The DMS task's table-mappings JSON, instead of --include/--exclude: its selection rules"
                    + " choose the tables, its transformation rules add the sequence column and before-image settings.")
    Path tableMappings;

    @Option(names = "--output", defaultValue = "tables.json", paramLabel = "<tables.json>",
            description = "The definitions file to write (default: ${DEFAULT-VALUE}). If it exists, it holds the"
                    + " previous definitions: they are compared with the source and what was set by hand is kept.")
    Path output;

    @Option(names = "--endpoint-settings", converter = UriWithoutCredentials.class, paramLabel = "<json>",
            description = "The DMS S3 endpoint settings (a file, or inline JSON starting with {): a column named like"
                    + " TimestampColumnName is reported; with --from-files they say how the files were written"
                    + " (AddColumnName, TimestampColumnName, CSV settings).")
    String endpointSettings;

    @Option(names = "--primary-key", paramLabel = "<schema.table=col1,col2>",
            description = "The key of a table whose source has none, or of a table read from files (repeatable).")
    List<String> primaryKeys;

    @Option(names = "--type", paramLabel = "<schema.table.column=type>",
            description = "The Spark type of a column (repeatable), e.g. public.orders.amount=decimal(10,2): for"
                    + " CSV header columns, or where the mapping has no better type than string.")
    List<String> types;

    @Option(names = "--format", defaultValue = "dms", paramLabel = "<dms|debezium>",
            description = "Which change source the definitions are for: dms (default: AWS DMS's files) or debezium"
                    + " (Debezium change events on S3, with --topic-prefix; docs/init.md, \"Debezium\").")
    String format;

    @Option(names = "--topic-prefix", paramLabel = "<prefix>",
            description = "With --format debezium: the connector's topic.prefix (topics are <prefix>.<schema>.<table>).")
    String topicPrefix;

    @Option(names = "--connector", paramLabel = "<postgresql|mysql>",
            description = "With --format debezium: the Debezium connector; default: the --jdbc-url's database.")
    String connector;

    @Mixin
    DynamoDbInitOptions dynamoDbOptions;

    @Option(names = "--accept-changes",
            description = "Write changes that a run refuses or would misread (columns removed, retyped, added in the"
                    + " middle, a new key; tables no longer selected are removed). Rebuild those tables afterwards"
                    + " (docs/init.md).")
    boolean acceptChanges;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Secret> password = Optional.empty();
        if (passwordOnCommandLine != null) {
            err.println("dms-delta init: --password is not an option: a password on the command line shows in the"
                    + " process list and shell history (it is not repeated here). Give the name of an environment"
                    + " variable with --password-env <VAR>, or a file with --password-file <path>.");
            return ExitCodes.USAGE;
        }
        try {
            password = Passwords.resolve(passwordEnv, passwordFile, System::getenv);
            return init(password, out, new Progress(err));
        } catch (ConfigException | UncheckedIOException e) {
            err.println("dms-delta init: " + redact(password, e.getMessage()));
            return ExitCodes.USAGE;
        } catch (SQLException e) {
            err.println("dms-delta init: cannot read the catalog of " + redact(password, shownUrl()) + ": "
                    + redact(password, e.getMessage()) + " (check --jdbc-url, --user and the password, and that the user"
                    + " may read the catalog)");
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("dms-delta init: " + redact(password, e.getMessage()));
            return ExitCodes.USAGE;
        } catch (Exception e) {
            // Not through the shared handler: its stack trace could carry a driver's text with the password.
            err.println("dms-delta init: unexpected error: " + e.getClass().getName() + ": " + redact(password, e.getMessage()));
            return ExitCodes.INTERNAL;
        }
    }

    private int init(Optional<Secret> password, PrintWriter out, Progress progress) throws Exception {
        if (source.jdbcUrl == null && (user != null || password.isPresent())) {
            throw new ConfigException("--user, --password-env and --password-file are for --jdbc-url; " + source.option()
                    + " reads no database.");
        }
        if (source.dynamoDb()) {
            requireNoDmsOptions();
        }
        dynamoDbOptions.check(source.option(), source.fromDynamoDb != null, source.fromDynamoDbRecords != null);
        if (tableMappings != null && (include != null || exclude != null)) {
            throw new ConfigException("--table-mappings selects the tables with its selection rules; give it or"
                    + " --include/--exclude, not both.");
        }
        Optional<DebeziumTarget> debezium = debeziumTarget();
        Optional<TableMappings> mappings = tableMappings == null ? Optional.empty()
                : Optional.of(TableMappings.parse(readLocal(tableMappings, "--table-mappings"), tableMappings.toString()));
        TableSelection selection = mappings.map(TableMappings::selection).orElseGet(this::selection);
        Overrides overrides = Overrides.parse(list(primaryKeys), list(types));
        Optional<Storage> storage = source.fromFiles == null && source.fromDynamoDbRecords == null ? Optional.empty()
                : Optional.of(new Storage(SparkSessions.getOrCreate().sparkContext().hadoopConfiguration()));
        EndpointSettings settings = SourceOptions.endpointSettings(endpointSettings, location -> storage.isPresent()
                ? storage.get().readText(location) : readLocal(Path.of(location), "--endpoint-settings"));
        List<TableSpec> previous = Files.exists(output)
                ? DefinitionsFile.read(readLocal(output, "--output"), output.toString()) : List.of();
        Optional<DynamoDbSample> dynamoDb = source.dynamoDb() ? Optional.of(dynamoDbOptions.sample(source.fromDynamoDb,
                source.fromDynamoDbRecords, storage, progress)) : Optional.empty();
        Optional<SourceTarget> target = dynamoDb.<SourceTarget>map(dynamoDbOptions::target).or(() -> debezium);

        InitRun.Request request = new InitRun.Request(selection, mappings, overrides,
                new DefinitionBuilder.Options(settings.timestampColumnName(), source.fromFiles != null, mappings.isPresent(),
                        target),
                previous, acceptChanges);
        InitRun.Result result;
        try (SourceCatalog catalog = dynamoDb.isPresent() ? dynamoDbOptions.catalog(dynamoDb.get())
                : catalog(storage, settings, password, debezium.isPresent(), progress)) {
            progress.table("init", "reading " + catalog.describe());
            result = InitRun.run(catalog, request, progress);
            out.println("dms-delta init: " + result.selected() + " of " + result.available() + " tables of "
                    + catalog.describe() + " selected (" + selection + ")");
        }
        mappings.ifPresent(m -> m.notes().forEach(note -> out.println("  note: " + note)));
        Reconciliation reconciliation = result.reconciliation();
        out.print(InitSummary.tables(reconciliation));
        if (reconciliation.blocked()) {
            out.println("Nothing written: changes above need a rebuild or a new key, or defined tables are gone"
                    + " (NEEDS-ACCEPT, GONE); " + output + " is as it was. Run init again with --accept-changes to write"
                    + " them (docs/init.md#changes-that-need-a-rebuild).");
            out.flush();
            return ExitCodes.TABLE_FAILED;
        }
        if (reconciliation.definitions().isEmpty()) {
            out.println("Nothing written: no table could be defined (see above).");
            out.flush();
            return ExitCodes.TABLE_FAILED;
        }
        String text = DefinitionsFile.write(reconciliation.definitions());
        // The file must read exactly as a run reads it, endpoint settings included.
        settings.requireFitsTables(TableDefinitions.parse(text, output.toString()));
        write(output, text);
        out.println("Wrote " + output + ": " + InitSummary.counts(reconciliation) + ".");
        out.flush();
        return ExitCodes.OK;
    }

    private SourceCatalog catalog(Optional<Storage> storage, EndpointSettings settings, Optional<Secret> password,
                                  boolean debezium, Progress progress) throws SQLException {
        if (storage.isPresent()) {
            return new FileCatalog(storage.get(), storage.get().qualify(source.fromFiles).toString(), settings,
                    endpointSettings != null);
        }
        JdbcUrl url = JdbcUrl.parse(source.jdbcUrl);
        progress.table("init", "connecting to " + url.shown());
        return JdbcCatalogs.open(url, Optional.ofNullable(user), password, debezium);
    }

    /**
     * {@code --format} and its options: empty for DMS; for Debezium the topic prefix and the connector, which the
     * {@code --jdbc-url} decides unless {@code --connector} gives the same. The DMS-only options are refused with it.
     */
    private Optional<DebeziumTarget> debeziumTarget() {
        if (format.equals(SourceDefinition.Dms.FORMAT)) {
            if (topicPrefix != null || connector != null) {
                throw new ConfigException("--topic-prefix and --connector are for --format debezium; the default format"
                        + " dms writes definitions for AWS DMS's files.");
            }
            return Optional.empty();
        }
        if (!format.equals(DebeziumSource.FORMAT)) {
            throw new ConfigException("--format is \"" + format + "\"; give dms (the default: AWS DMS's files) or"
                    + " debezium (Debezium change events).");
        }
        for (String[] dmsOnly : new String[][] {
                {tableMappings == null ? null : "--table-mappings", "the DMS task's rules (sequence and before-image"
                        + " columns) do not apply to Debezium events; select tables with --include/--exclude"},
                {source.fromFiles == null ? null : "--from-files", "it reads DMS's files; give --jdbc-url"},
                {endpointSettings == null ? null : "--endpoint-settings", "they describe DMS's S3 endpoint"}}) {
            if (dmsOnly[0] != null) {
                throw new ConfigException(dmsOnly[0] + " is for --format dms: " + dmsOnly[1] + ".");
            }
        }
        if (topicPrefix == null || topicPrefix.isBlank()) {
            throw new ConfigException("--format debezium needs --topic-prefix <prefix>: the connector's topic.prefix,"
                    + " which names the topics (<prefix>.<schema>.<table>) whose events a run reads.");
        }
        DebeziumSource.Connector fromUrl = JdbcUrl.parse(source.jdbcUrl).engine() == JdbcUrl.Engine.POSTGRESQL
                ? DebeziumSource.Connector.POSTGRESQL : DebeziumSource.Connector.MYSQL;
        if (connector != null) {
            DebeziumSource.Connector given = DebeziumSource.Connector.of(connector).orElseThrow(() -> new ConfigException(
                    "--connector is \"" + connector + "\"; give postgresql or mysql."));
            if (given != fromUrl) {
                throw new ConfigException("--connector " + connector + " does not match --jdbc-url, a "
                        + fromUrl.configName() + " database: the connector is the database's (leave --connector out).");
            }
        }
        return Optional.of(new DebeziumTarget(topicPrefix, fromUrl));
    }

    /** What describes DMS's tasks, files and databases has no meaning for a DynamoDB table. */
    private void requireNoDmsOptions() {
        for (String[] dmsOnly : new String[][] {
                {include == null && exclude == null ? null : "--include and --exclude are", "it defines one table"},
                {tableMappings == null ? null : "--table-mappings is", "a DMS task's rules do not apply to it"},
                {endpointSettings == null ? null : "--endpoint-settings are", "they describe DMS's S3 endpoint"},
                {format.equals(SourceDefinition.Dms.FORMAT) && topicPrefix == null && connector == null ? null
                        : "--format, --topic-prefix and --connector are", "its definition is a dynamodb one"}}) {
            if (dmsOnly[0] != null) {
                throw new ConfigException(dmsOnly[0] + " not for " + source.option() + ": " + dmsOnly[1] + ".");
            }
        }
    }

    private TableSelection selection() {
        List<TablePattern> included = include == null ? List.of(TablePattern.ALL)
                : include.stream().map(p -> TablePattern.parse(p, "--include")).toList();
        List<TablePattern> excluded = list(exclude).stream().map(p -> TablePattern.parse(p, "--exclude")).toList();
        return new TableSelection(included, excluded);
    }

    /** The URL as shown in messages, without properties; the raw option when it does not parse. */
    private String shownUrl() {
        try {
            return source.jdbcUrl == null ? "" : JdbcUrl.parse(source.jdbcUrl).shown();
        } catch (ConfigException e) {
            return "the database";
        }
    }

    private static String readLocal(Path path, String option) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new ConfigException(option + " " + path + " cannot be read: " + e.getMessage());
        }
    }

    /** Writes the file whole or not at all: a half-written definitions file must never be left behind. */
    private static void write(Path output, String text) throws IOException {
        Path absolute = output.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, text);
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String redact(Optional<Secret> password, String text) {
        return password.map(p -> p.redact(text)).orElse(text);
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : values;
    }
}
