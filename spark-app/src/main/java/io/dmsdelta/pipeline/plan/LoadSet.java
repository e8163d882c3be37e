package io.dmsdelta.pipeline.plan;

import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.merge.TableState;
import org.apache.hadoop.fs.Path;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What a table records about the LOAD files it was built from: a fingerprint of the set (names with their
 * folder, sizes and modification times), so that a different set, even one that rewrote the same names with
 * the same sizes, is noticed; and when its newest file was stored, which tells a reload (every file rewritten
 * after that) from files added to or removed from the set that was loaded.
 *
 * @param fingerprint the files' count and a hash of them
 * @param storedUpTo  the newest modification time among them, epoch ms; 0 for no files
 */
public record LoadSet(String fingerprint, long storedUpTo) {

    public static LoadSet of(List<DmsFile> loadFiles) {
        return new LoadSet(fingerprint(loadFiles),
                loadFiles.stream().mapToLong(DmsFile::modificationTime).max().orElse(0L));
    }

    /** The table properties recording this set. */
    public Map<String, String> properties() {
        return Map.of(TableState.LOAD_SET_PROPERTY, fingerprint,
                TableState.LOAD_SET_STORED_UP_TO_PROPERTY, Long.toString(storedUpTo));
    }

    private static String fingerprint(List<DmsFile> loadFiles) {
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
