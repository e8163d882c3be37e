package io.dmsdelta.init;

import io.dmsdelta.config.DmsDeltaSettings;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.dms.FirstRecords;
import io.dmsdelta.dms.TableFiles;
import io.dmsdelta.dms.TableFolderScanner;
import io.dmsdelta.spark.Storage;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The tables of a DMS bucket folder, described by the files DMS wrote: each {@code <schema>/<table>/} folder's
 * first LOAD file (or, without one, its first CDC file), whose Parquet footer gives names and types, or whose CSV
 * header ({@code AddColumnName=true}) gives names alone. DMS's own columns are left out: a first column named
 * {@code Op} (any case, as a run reads it) and the endpoint's {@code TimestampColumnName}. Files never tell the
 * primary key.
 */
public final class FileCatalog implements SourceCatalog {

    private final Storage storage;
    private final String root;
    private final EndpointSettings settings;
    private final boolean settingsGiven;

    /**
     * @param root          the DMS bucket folder, holding {@code <schema>/<table>/} folders
     * @param settings      the endpoint settings the files were written with (DMS's defaults when none were given)
     * @param settingsGiven whether {@code --endpoint-settings} was given, for messages
     */
    public FileCatalog(Storage storage, String root, EndpointSettings settings, boolean settingsGiven) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.root = Objects.requireNonNull(root, "root");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.settingsGiven = settingsGiven;
    }

    @Override
    public String describe() {
        return "DMS files in " + root;
    }

    @Override
    public List<TableName> tables() {
        Optional<String> transactions = settings.transactionFolder().map(path -> path.split("/")[0]);
        List<TableName> tables = new ArrayList<>();
        for (Path schema : storage.listFolders(root)) {
            if (hidden(schema) || transactions.equals(Optional.of(schema.getName()))) {
                continue;
            }
            for (Path table : storage.listFolders(schema.toString())) {
                if (!hidden(table)) {
                    tables.add(new TableName(schema.getName(), table.getName()));
                }
            }
        }
        tables.sort(null);
        return tables;
    }

    @Override
    public SourceTable read(TableName table) throws TableNotReadable, IOException {
        Path folder = new Path(new Path(root, table.schema()), table.table());
        TableFiles files = new TableFolderScanner(storage).scan(folder.toString());
        Optional<DmsFile> load = files.loadFiles().stream().filter(f -> !f.isEmpty()).findFirst();
        DmsFile file = load.or(() -> files.cdcFiles().stream().filter(f -> !f.isEmpty()).findFirst())
                .orElseThrow(() -> new TableNotReadable("its folder holds no DMS LOAD or CDC file to read the columns"
                        + " from; run init again once DMS has written one, or read the database with --jdbc-url."));
        List<String> notes = new ArrayList<>();
        String from = load.isPresent() ? file.name() : file.name() + " (no LOAD file: the first CDC file)";
        List<SourceColumn> columns = new ArrayList<>();
        if (file.isParquet()) {
            notes.add("columns and types from the Parquet schema of " + from + ".");
            for (Type field : parquetFields(file)) {
                columns.add(new SourceColumn(field.getName(), "Parquet " + field, ParquetTypes.map(field)));
            }
        } else {
            if (!settings.addColumnName()) {
                throw new TableNotReadable("its files are CSV without a header row (" + (settingsGiven
                        ? "AddColumnName is not true in --endpoint-settings" : "DMS's default; no --endpoint-settings"
                        + " were given") + "), so they do not name their columns. Give --endpoint-settings with"
                        + " AddColumnName=true if the files have a header, or read the database with --jdbc-url.");
            }
            List<String[]> records = new FirstRecords(storage, settings, DmsDeltaSettings.DEFAULTS.maxValueChars())
                    .read(file, 1);
            if (records.isEmpty()) {
                throw new TableNotReadable(file.name() + " is empty, so it names no columns.");
            }
            notes.add("column names from the CSV header of " + from + ".");
            for (String name : records.get(0)) {
                columns.add(new SourceColumn(name == null ? "" : name, "CSV header", MappedType.untyped()));
            }
        }
        if (!columns.isEmpty() && columns.get(0).name().equalsIgnoreCase("Op")) {
            columns.remove(0); // DMS's operation column, as a run reads it
        }
        settings.timestampColumnName().ifPresent(ts -> columns.removeIf(c -> c.name().equalsIgnoreCase(ts)));
        return new SourceTable(table, columns, List.of(), notes);
    }

    private List<Type> parquetFields(DmsFile file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(
                HadoopInputFile.fromPath(new Path(file.path()), storage.configuration()))) {
            return new ArrayList<>(reader.getFooter().getFileMetaData().getSchema().getFields());
        } catch (RuntimeException e) {
            throw new IOException(file.path() + " is not a readable Parquet file: " + e.getMessage(), e);
        }
    }

    private static boolean hidden(Path folder) {
        return folder.getName().startsWith(".") || folder.getName().startsWith("_");
    }
}
