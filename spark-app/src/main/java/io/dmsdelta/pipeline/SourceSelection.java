package io.dmsdelta.pipeline;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.dms.DmsFileNames;
import io.dmsdelta.spark.Storage;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import java.util.List;
import java.util.Optional;

/**
 * What {@code --source} selects. A folder is a DMS bucket folder holding {@code <schema>/<table>/} folders:
 * every defined table is selected. A single DMS file (the object that just arrived, as a trigger passes it)
 * selects the table whose folder contains it, at any depth (date-partition and parallel-load subfolders),
 * and the run applies all of that table's pending files in order, never that file alone.
 *
 * @param sourceRoot the bucket folder
 * @param tables     the tables to run
 */
public record SourceSelection(String sourceRoot, List<TableDefinition> tables) {

    public static SourceSelection resolve(Storage storage, String source, TableDefinitions definitions,
                                          EndpointSettings settings) {
        FileStatus status = storage.status(source).orElseThrow(() -> new ConfigException(
                "--source " + source + " does not exist. Give the DMS bucket folder that holds the"
                        + " <schema>/<table>/ folders, or one DMS file in such a folder."));
        Path path = storage.qualify(source);
        if (status.isDirectory()) {
            return new SourceSelection(path.toString(), definitions.all());
        }
        if (DmsFileNames.kindOf(path.getName()).isEmpty()) {
            throw new ConfigException("--source " + source + " is a file, but not a DMS data file (LOAD*.csv or"
                    + " yyyyMMdd-HHmmssSSS.csv, optionally .gz); nothing to apply for it.");
        }
        if (DmsFileNames.isTransactionFile(path.getName())) {
            return transactionFile(source, path, definitions, settings);
        }
        for (Path folder = path.getParent(); folder != null && folder.getParent() != null; folder = folder.getParent()) {
            Optional<TableDefinition> table = definitions.find(folder.getParent().getName(), folder.getName());
            if (table.isPresent() && folder.getParent().getParent() != null) {
                return new SourceSelection(folder.getParent().getParent().toString(), List.of(table.get()));
            }
        }
        throw new ConfigException("--source " + source + " is not inside the <schema>/<table>/ folder of any table"
                + " defined in --tables; add the table's definition or check the path.");
    }

    /** A CDC_TXN file holds changes of every table: all run, from the bucket folder that holds CdcPath. */
    private static SourceSelection transactionFile(String source, Path file, TableDefinitions definitions,
                                                   EndpointSettings settings) {
        String cdcPath = settings.transactionFolder().orElseThrow(() -> new ConfigException("--source " + source
                + " is a CDC_TXN file, but the endpoint settings do not set PreserveTransactions and CdcPath."));
        Path folder = file.getParent();
        for (String segment : reversed(cdcPath.split("/+"))) {
            if (folder == null || !folder.getName().equals(segment)) {
                throw new ConfigException("--source " + source + " is a CDC_TXN file outside CdcPath " + cdcPath
                        + "; pass the file from <bucket folder>/" + cdcPath + "/ or the bucket folder itself.");
            }
            folder = folder.getParent();
        }
        return new SourceSelection(folder.toString(), definitions.all());
    }

    private static List<String> reversed(String[] segments) {
        List<String> list = new java.util.ArrayList<>(List.of(segments));
        java.util.Collections.reverse(list);
        return list;
    }

    /** A folder under the bucket folder, such as {@code CdcPath}. */
    public String folder(String relative) {
        return new Path(sourceRoot, relative).toString();
    }

    public String tableFolder(TableDefinition table) {
        return new Path(new Path(sourceRoot, table.schema()), table.table()).toString();
    }
}
