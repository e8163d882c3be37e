package io.dmsdelta.dms;

import io.dmsdelta.spark.Storage;
import org.apache.hadoop.fs.FileStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists a table folder ({@code <source>/<schema>/<table>/}) recursively and sorts what it finds into LOAD
 * files, CDC files and files to ignore. Recursion matters: parallel full loads put LOAD files in
 * per-partition subfolders.
 */
public final class TableFolderScanner {

    private final Storage storage;

    public TableFolderScanner(Storage storage) {
        this.storage = storage;
    }

    public TableFiles scan(String tableFolder) {
        List<DmsFile> load = new ArrayList<>();
        List<DmsFile> cdc = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (FileStatus status : storage.listFilesRecursively(tableFolder)) {
            String name = status.getPath().getName();
            if (name.startsWith(".") || name.startsWith("_")) {
                continue; // hidden and marker files (_SUCCESS, .crc): never data
            }
            DmsFileKind kind = DmsFileNames.kindOf(name).orElse(null);
            String path = status.getPath().toString();
            if (kind == null) {
                ignored.add(path);
            } else {
                long timestamp = kind == DmsFileKind.CDC ? DmsFileNames.cdcTimestampNanos(name).orElseThrow() : 0L;
                DmsFile file = new DmsFile(path, name, status.getLen(), status.getModificationTime(), kind, timestamp);
                (kind == DmsFileKind.LOAD ? load : cdc).add(file);
            }
        }
        load.sort(DmsFile.COMMIT_ORDER);
        cdc.sort(DmsFile.COMMIT_ORDER);
        ignored.sort(null);
        return new TableFiles(load, cdc, ignored);
    }
}
