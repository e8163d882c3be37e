package io.dmsdelta.pipeline.steps;

import io.dmsdelta.config.DmsDeltaSettings;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.quarantine.Quarantine;
import io.dmsdelta.report.Progress;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.SparkSession;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What every step of one table's sync works with.
 *
 * @param spark      a session of the table's own: commits set session configuration
 * @param target     the Delta table's location
 * @param quarantine where bad rows go ({@code --on-bad-rows quarantine}); empty: a bad row fails the step
 */
public record StepContext(SparkSession spark, Storage storage, EndpointSettings settings, DmsDeltaSettings limits,
                          TableDefinition table, String target, Optional<Quarantine> quarantine, Progress progress) {

    public StepContext {
        requireNonNull(spark, "spark");
        requireNonNull(storage, "storage");
        requireNonNull(settings, "settings");
        requireNonNull(limits, "limits");
        requireNonNull(table, "table");
        requireNonNull(target, "target");
        requireNonNull(quarantine, "quarantine");
        requireNonNull(progress, "progress");
    }

    /** A progress line about this table. */
    public void progress(String message) {
        progress.table(table.qualifiedName(), message);
    }
}
