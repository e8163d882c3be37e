package io.dmsdelta.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a run stops starting new work ({@code --max-minutes}): a commit under way finishes, the next batch or table is
 * left for the next run. Set it below the job's timeout so a run ends by itself with what it applied committed.
 *
 * @param at the moment, or empty for none
 */
public record Deadline(Optional<Instant> at) {

    public static final Deadline NONE = new Deadline(Optional.empty());

    public static Deadline after(Duration duration) {
        return new Deadline(Optional.of(Instant.now().plus(duration)));
    }

    public boolean passed() {
        return at.map(t -> !Instant.now().isBefore(t)).orElse(false);
    }
}
