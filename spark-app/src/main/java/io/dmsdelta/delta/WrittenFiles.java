package io.dmsdelta.delta;

import org.apache.spark.sql.delta.actions.AddFile;

import java.util.List;

/** Data files a transaction wrote, to be added by its commit. */
public final class WrittenFiles {

    private static final WrittenFiles NONE = new WrittenFiles(List.of());

    private final List<AddFile> files;

    WrittenFiles(List<AddFile> files) {
        this.files = List.copyOf(files);
    }

    public static WrittenFiles none() {
        return NONE;
    }

    public int count() {
        return files.size();
    }

    List<AddFile> files() {
        return files;
    }
}
