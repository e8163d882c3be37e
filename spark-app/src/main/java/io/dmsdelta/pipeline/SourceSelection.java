package io.dmsdelta.pipeline;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.dms.DmsFileNames;
import io.dmsdelta.spark.Storage;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What {@code --source} selects. A folder is a DMS bucket folder holding {@code <schema>/<table>/} folders:
 * every defined table is selected. A single DMS file (the object that just arrived, as a trigger passes it)
 * selects the table whose folder contains it, and the run applies all of that table's pending files in order,
 * never that file alone.
 *
 * <p>For a file, the bucket folder is the one configured: {@code --source-root}, else the endpoint settings'
 * {@code BucketName}/{@code BucketFolder} when the file is in that bucket. The table is then the first two folders
 * below it, so a file of another task under a deeper prefix is refused, never taken for a table of this one.
 * Without either, the bucket folder is derived from the nearest enclosing defined table folder, as before.
 *
 * @param sourceRoot     the bucket folder
 * @param tables         the tables to run
 * @param undefinedTable a single file's {@code schema.table} when no definition covers it: reported, not run
 * @param warnings       what the run reports about how the root was found
 */
public record SourceSelection(String sourceRoot, List<TableDefinition> tables, Optional<String> undefinedTable,
                              List<String> warnings) {

    public SourceSelection {
        tables = List.copyOf(tables);
        java.util.Objects.requireNonNull(undefinedTable, "undefinedTable");
        warnings = List.copyOf(warnings);
    }

    public SourceSelection(String sourceRoot, List<TableDefinition> tables) {
        this(sourceRoot, tables, Optional.empty(), List.of());
    }

    /**
     * @param sourceRootOption {@code --source-root}, if given
     * @throws ConfigException when the source does not exist, is not a DMS file, or lies outside the bucket folder
     */
    public static SourceSelection resolve(Storage storage, String source, Optional<String> sourceRootOption,
                                          TableDefinitions definitions, EndpointSettings settings) {
        Path path = storage.qualify(source);
        Optional<FileStatus> found = storage.status(source);
        if (found.isEmpty() && DmsFileNames.kindOf(path.getName()).isEmpty() && isObjectStore(path)) {
            // An object store has no folders, only keys: a bucket folder DMS has written nothing to yet "does not
            // exist". Every table is then skipped, as one without a folder is; a scheduled run must not fail on it.
            return new SourceSelection(path.toString(), definitions.all(), Optional.empty(), List.of("the DMS bucket"
                    + " folder " + path + " holds no files yet (DMS writes it with its first file); check --source if"
                    + " DMS has been writing for a while"));
        }
        FileStatus status = found.orElseThrow(() -> new ConfigException(
                "--source " + source + " does not exist. Give the DMS bucket folder that holds the"
                        + " <schema>/<table>/ folders, or one DMS file in such a folder."));
        if (status.isDirectory()) {
            Optional<Path> root = sourceRootOption.map(storage::qualify);
            if (root.isPresent() && !root.get().equals(path)) {
                throw new ConfigException("--source " + source + " is a folder, and not the --source-root "
                        + sourceRootOption.get() + ": give the bucket folder once, as --source.");
            }
            return new SourceSelection(path.toString(), definitions.all());
        }
        if (DmsFileNames.kindOf(path.getName()).isEmpty()) {
            throw new ConfigException("--source " + source + " is a file, but not a DMS data file (LOAD*.csv or"
                    + " yyyyMMdd-HHmmssSSS.csv, optionally .gz); nothing to apply for it.");
        }
        Optional<Path> root = sourceRootOption.map(storage::qualify).or(() -> bucketFolder(path, settings));
        if (root.isEmpty()) {
            return derived(source, path, definitions, settings);
        }
        List<String> below = segmentsBelow(root.get(), path).orElseThrow(() -> new ConfigException("--source " + source
                + " is not in the DMS bucket folder " + root.get() + " (" + (sourceRootOption.isPresent() ? "--source-root"
                : "BucketName and BucketFolder of the endpoint settings") + "): it may be another DMS task's file."
                + " Nothing was run for it."));
        if (DmsFileNames.isTransactionFile(path.getName())) {
            requireInCdcPath(source, below, settings);
            return new SourceSelection(root.get().toString(), definitions.all());
        }
        if (below.size() < 3) {
            throw new ConfigException("--source " + source + " is not inside a <schema>/<table>/ folder of the DMS"
                    + " bucket folder " + root.get() + ".");
        }
        Optional<TableDefinition> table = definitions.find(below.get(0), below.get(1));
        return new SourceSelection(root.get().toString(), table.stream().toList(),
                table.isPresent() ? Optional.empty() : Optional.of(below.get(0) + "." + below.get(1)), List.of());
    }

    /** Whether the path is in an object store, where a prefix with no objects under it does not exist. */
    private static boolean isObjectStore(Path path) {
        String scheme = path.toUri().getScheme();
        return scheme != null && !scheme.equals("file") && !scheme.equals("hdfs");
    }

    /** The endpoint's bucket folder, when the file is in its bucket. */
    private static Optional<Path> bucketFolder(Path file, EndpointSettings settings) {
        return settings.bucketFolder().flatMap(folder -> {
            String bucket = folder.split("/", 2)[0];
            String scheme = file.toUri().getScheme();
            boolean s3 = scheme != null && scheme.matches("s3[an]?");
            return s3 && bucket.equals(file.toUri().getAuthority())
                    ? Optional.of(new Path(scheme + "://" + folder)) : Optional.empty();
        });
    }

    /** The path's folder and file names below {@code root}; empty when it is not below it. */
    private static Optional<List<String>> segmentsBelow(Path root, Path path) {
        List<String> segments = new ArrayList<>();
        for (Path p = path; p != null; p = p.getParent()) {
            if (p.equals(root)) {
                Collections.reverse(segments);
                return Optional.of(segments);
            }
            segments.add(p.getName());
        }
        return Optional.empty();
    }

    private static void requireInCdcPath(String source, List<String> below, EndpointSettings settings) {
        String cdcPath = settings.transactionFolder().orElseThrow(() -> new ConfigException("--source " + source
                + " is a CDC_TXN file, but the endpoint settings do not set PreserveTransactions and CdcPath."));
        List<String> expected = List.of(cdcPath.split("/+"));
        if (below.size() < expected.size() + 1 || !below.subList(0, expected.size()).equals(expected)) {
            throw new ConfigException("--source " + source + " is a CDC_TXN file outside CdcPath " + cdcPath
                    + "; pass the file from <bucket folder>/" + cdcPath + "/ or the bucket folder itself.");
        }
    }

    /**
     * No configured bucket folder: the nearest enclosing folder that is a defined table's gives it. A file of an
     * undefined table is reported as that of its parent and grandparent folders.
     */
    private static SourceSelection derived(String source, Path path, TableDefinitions definitions,
                                           EndpointSettings settings) {
        String warning = "the bucket folder was derived from the file's path; pass --source-root (or BucketName and"
                + " BucketFolder in the endpoint settings) so a file of another task is refused";
        if (DmsFileNames.isTransactionFile(path.getName())) {
            return transactionFile(source, path, definitions, settings, warning);
        }
        for (Path folder = path.getParent(); folder != null && folder.getParent() != null; folder = folder.getParent()) {
            Optional<TableDefinition> table = definitions.find(folder.getParent().getName(), folder.getName());
            if (table.isPresent() && folder.getParent().getParent() != null) {
                return new SourceSelection(folder.getParent().getParent().toString(), List.of(table.get()),
                        Optional.empty(), List.of(warning));
            }
        }
        Path tableFolder = path.getParent();
        if (tableFolder == null || tableFolder.getParent() == null || tableFolder.getParent().getParent() == null) {
            throw new ConfigException("--source " + source + " is not inside a <schema>/<table>/ folder.");
        }
        return new SourceSelection(tableFolder.getParent().getParent().toString(), List.of(),
                Optional.of(tableFolder.getParent().getName() + "." + tableFolder.getName()), List.of(warning));
    }

    /** A CDC_TXN file holds changes of every table: all run, from the bucket folder that holds CdcPath. */
    private static SourceSelection transactionFile(String source, Path file, TableDefinitions definitions,
                                                   EndpointSettings settings, String warning) {
        String cdcPath = settings.transactionFolder().orElseThrow(() -> new ConfigException("--source " + source
                + " is a CDC_TXN file, but the endpoint settings do not set PreserveTransactions and CdcPath."));
        Path folder = file.getParent();
        List<String> segments = new ArrayList<>(List.of(cdcPath.split("/+")));
        Collections.reverse(segments);
        for (String segment : segments) {
            if (folder == null || !folder.getName().equals(segment)) {
                throw new ConfigException("--source " + source + " is a CDC_TXN file outside CdcPath " + cdcPath
                        + "; pass the file from <bucket folder>/" + cdcPath + "/ or the bucket folder itself.");
            }
            folder = folder.getParent();
        }
        return new SourceSelection(folder.toString(), definitions.all(), Optional.empty(), List.of(warning));
    }

    /** A folder under the bucket folder, such as {@code CdcPath}. */
    public String folder(String relative) {
        return new Path(sourceRoot, relative).toString();
    }

    public String tableFolder(TableDefinition table) {
        return new Path(new Path(sourceRoot, table.schema()), table.table()).toString();
    }

    /** This selection narrowed to {@code tables}. */
    public SourceSelection narrowedTo(List<TableDefinition> selected) {
        return new SourceSelection(sourceRoot, tables.stream().filter(selected::contains).toList(), undefinedTable, warnings);
    }
}
