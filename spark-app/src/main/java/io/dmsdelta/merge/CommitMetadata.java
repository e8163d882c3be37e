package io.dmsdelta.merge;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dmsdelta.dms.TrailingGroups;

import java.util.List;
import java.util.Optional;

/**
 * What dms-delta records in each of its Delta commits ({@code commitInfo.userMetadata}): which run made it and
 * which files it covered. Exactly-once does not depend on it (the transaction identifier does); it makes
 * {@code DESCRIBE HISTORY} and {@code status} readable and lets a run recognise files that arrived late.
 *
 * @param runId                unique per run, to find the commit again
 * @param kind                 what the commit did
 * @param files                how many files the commit applied
 * @param firstFile            the first of them in commit order
 * @param lastFile             the last of them: the watermark after a {@code cdc} commit
 * @param newestSourceFileTime the newest modification time (epoch ms) among the files listed by the run; a
 *                             file below the watermark that is newer than this arrived after the run listed
 * @param lastFileGroups       the trailing column groups of the last headerless file the commit applied, where the
 *                             next file's layout is judged from; null when unknown (older commits, headers)
 * @param recentFiles          for sources whose files arrive in no order (Debezium): the names of the applied files
 *                             recent enough to be listed again by the next run, which skips them; null otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CommitMetadata(String runId, CommitKind kind, int files, String firstFile, String lastFile,
                             long newestSourceFileTime, TrailingGroups lastFileGroups,
                             @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                             List<String> recentFiles) {

    @com.fasterxml.jackson.annotation.JsonCreator
    public CommitMetadata {
        recentFiles = recentFiles == null ? null : List.copyOf(recentFiles);
    }

    public CommitMetadata(String runId, CommitKind kind, int files, String firstFile, String lastFile,
                          long newestSourceFileTime, TrailingGroups lastFileGroups) {
        this(runId, kind, files, firstFile, lastFile, newestSourceFileTime, lastFileGroups, null);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How dms-delta's user metadata starts, to tell its commits from others'. */
    public static final String MARKER = "{\"dmsDelta\":";

    public String toJson() {
        try {
            return MARKER + JSON.writeValueAsString(this) + "}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a commit's user metadata; empty when the commit was not made by dms-delta. */
    public static Optional<CommitMetadata> fromJson(String userMetadata) {
        if (userMetadata == null || !userMetadata.startsWith(MARKER)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.treeToValue(JSON.readTree(userMetadata).get("dmsDelta"), CommitMetadata.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
