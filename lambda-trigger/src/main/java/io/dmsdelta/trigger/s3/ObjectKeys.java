package io.dmsdelta.trigger.s3;

import java.util.Optional;

/** Checks on S3 key paths that come from outside: notifications and configuration. */
final class ObjectKeys {

    private ObjectKeys() {
    }

    /**
     * Why a key path cannot be used, or empty if it can. Every {@code /}-separated segment must be non-empty and
     * other than {@code .} and {@code ..}, and no character may be a control character.
     *
     * <p>S3 accepts such keys, but DMS never writes them, and passed on as a path they could point a run outside
     * the folder they appear to be in, or forge log lines.
     */
    static Optional<String> problem(String path) {
        if (path.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("it contains a control character");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.of("it has an empty path segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("it has a '" + segment + "' path segment");
            }
        }
        return Optional.empty();
    }
}
