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
 * @param label      how progress lines name the table: {@code schema.table, table 3 of 200}
 */
public record StepContext(SparkSession spark, Storage storage, EndpointSettings settings, DmsDeltaSettings limits,
                          TableDefinition table, String target, Optional<Quarantine> quarantine, Progress progress,
                          String label) {

    public StepContext {
        requireNonNull(spark, "spark");
        requireNonNull(storage, "storage");
        requireNonNull(settings, "settings");
        requireNonNull(limits, "limits");
        requireNonNull(table, "table");
        requireNonNull(target, "target");
        requireNonNull(quarantine, "quarantine");
        requireNonNull(progress, "progress");
        requireNonNull(label, "label");
    }

    /** A progress line about this table. */
    public void progress(String message) {
        progress.table(label, message);
    }
}
