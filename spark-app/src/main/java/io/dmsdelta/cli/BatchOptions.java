package io.dmsdelta.cli;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.pipeline.Deadline;
import io.dmsdelta.pipeline.plan.PlanningRules;
import org.apache.spark.network.util.JavaUtils;
import picocli.CommandLine.Option;

import java.time.Duration;

/** How much a run takes on: the size of one commit, when a reload counts as complete, when to stop. */
public final class BatchOptions {

    @Option(names = "--max-batch-files", paramLabel = "<n>", defaultValue = "" + PlanningRules.DEFAULT_MAX_BATCH_FILES,
            description = "The most CDC files one commit applies (default ${DEFAULT-VALUE}). A larger backlog is applied"
                    + " in several commits, each with its own watermark, so a long backlog makes steady progress.")
    int maxBatchFiles;

    @Option(names = "--max-batch-bytes", paramLabel = "<size>", defaultValue = "8g",
            description = "The most bytes of CDC files one commit applies, e.g. 512m or 8g (default ${DEFAULT-VALUE});"
                    + " a single larger file is a commit of its own.")
    String maxBatchBytes;

    @Option(names = "--reload-quiet-minutes", paramLabel = "<minutes>", defaultValue = "15",
            description = "A DMS reload is applied once a CDC file written after its newest LOAD file appears, or once"
                    + " no new LOAD file has come for this many minutes (default ${DEFAULT-VALUE}); until then the table is"
                    + " left as it is.")
    long reloadQuietMinutes;

    @Option(names = "--parallelism", paramLabel = "<n>",
            description = "How many tables are synced at the same time, in one Spark application (default: twice the"
                    + " driver's cores, at most 16). A large full load still gets the whole cluster once the small"
                    + " tables are done (Spark's FAIR scheduler).")
    Integer parallelism;

    @Option(names = "--max-minutes", paramLabel = "<minutes>",
            description = "Start no new table or batch after this many minutes; what is left stays pending for the next"
                    + " run. Set it below the job's timeout so a run ends by itself. Default: no limit.")
    Long maxMinutes;

    int maxBatchFiles() {
        if (maxBatchFiles < 1) {
            throw new ConfigException("--max-batch-files must be at least 1.");
        }
        return maxBatchFiles;
    }

    long maxBatchBytes() {
        try {
            long bytes = JavaUtils.byteStringAsBytes(maxBatchBytes.trim());
            if (bytes > 0) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("--max-batch-bytes is '" + maxBatchBytes + "'; give a size such as 512m, 8g or 1t.");
    }

    Duration reloadQuietPeriod() {
        if (reloadQuietMinutes < 0) {
            throw new ConfigException("--reload-quiet-minutes must not be negative.");
        }
        return Duration.ofMinutes(reloadQuietMinutes);
    }

    int parallelism() {
        if (parallelism == null) {
            return io.dmsdelta.pipeline.RunService.defaultParallelism();
        }
        if (parallelism < 1) {
            throw new ConfigException("--parallelism must be at least 1.");
        }
        return parallelism;
    }

    /** From now, the moment {@code --max-minutes} sets. */
    Deadline deadline() {
        if (maxMinutes == null) {
            return Deadline.NONE;
        }
        if (maxMinutes < 1) {
            throw new ConfigException("--max-minutes must be at least 1.");
        }
        return Deadline.after(Duration.ofMinutes(maxMinutes));
    }
}
