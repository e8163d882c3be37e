package io.dmsdelta.pipeline;

import io.dmsdelta.dms.DmsFile;
import org.apache.hadoop.fs.Path;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A fingerprint of a set of LOAD files (names with their folder, sizes and modification times): a new set
 * means a DMS reload, even one that rewrote the same names with the same sizes.
 */
final class LoadSet {
    private LoadSet() {
    }

    static String fingerprint(List<DmsFile> loadFiles) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            loadFiles.stream()
                    .map(f -> new Path(f.path()).getParent().getName() + "/" + f.name() + ":" + f.size() + ":" + f.modificationTime() + "\n")
                    .sorted()
                    .forEach(line -> digest.update(line.getBytes(StandardCharsets.UTF_8)));
            return loadFiles.size() + "-" + HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
