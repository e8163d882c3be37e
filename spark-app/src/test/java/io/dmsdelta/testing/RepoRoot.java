package io.dmsdelta.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root folder (the one with {@code sample-data/}), from any module's working directory. */
public final class RepoRoot {

    public static final Path PATH = find();

    private RepoRoot() {
    }

    private static Path find() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("sample-data"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (with sample-data/) above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
