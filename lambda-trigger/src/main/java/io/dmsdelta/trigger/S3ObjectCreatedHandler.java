package io.dmsdelta.trigger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import io.dmsdelta.trigger.glue.GlueClients;
import io.dmsdelta.trigger.glue.GlueJobStarter;
import io.dmsdelta.trigger.glue.GlueRetry;
import io.dmsdelta.trigger.glue.JobStartException;
import io.dmsdelta.trigger.log.LogSafe;
import io.dmsdelta.trigger.log.TriggerLog;
import io.dmsdelta.trigger.s3.DmsObjectFilter;
import io.dmsdelta.trigger.s3.ObjectDecision;
import software.amazon.awssdk.services.glue.GlueClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS Lambda function ({@code io.dmsdelta.trigger.S3ObjectCreatedHandler::handleRequest}) that starts the
 * dms-delta Glue job for each DMS file S3 reports as created.
 *
 * <p>For every record of the event that {@link DmsObjectFilter} accepts, it starts the job with {@code --source}
 * set to the file; a run applies everything pending in the file's table folder (all tables, for a CDC_TXN file),
 * so at most one run is started per table folder (per folder, for CDC_TXN files) and event, with the first file
 * of the folder. Every other record is ignored with one log line saying why. Keys in log lines are
 * percent-encoded ({@link LogSafe#uri}), so that no key can write a line break or an escape sequence into the log.
 *
 * <p>Failure: a configuration error fails the container's initialisation. If Glue does not start a run (after the
 * retries of {@link GlueRetry}), the other folders of the event are still started, then the invocation throws
 * the {@link JobStartException}, so that Lambda retries the event and at last keeps it in the dead-letter queue or
 * on-failure destination: no file is left without a run. Starting a folder again on a retry is harmless, as a run
 * applies only what is still pending.
 */
public final class S3ObjectCreatedHandler implements RequestHandler<S3Event, String> {

    private final DmsObjectFilter filter;
    private final GlueJobStarter starter;

    /**
     * The constructor the Lambda runtime calls once per container: settings from the environment (see
     * {@link TriggerConfig}), the container's shared Glue client.
     *
     * @throws IllegalArgumentException if an environment variable is missing or malformed
     */
    public S3ObjectCreatedHandler() {
        this(TriggerConfig.fromEnvironment(), GlueClients.shared());
    }

    /** A handler with the given settings and Glue client; the client should come from {@link GlueClients}. */
    public S3ObjectCreatedHandler(TriggerConfig config, GlueClient glue) {
        this.filter = new DmsObjectFilter(config.source());
        this.starter = new GlueJobStarter(glue, config.glueJobName(),
                new GlueRetry(config.startAttempts(), config.retryBaseMillis()));
    }

    /**
     * @return a one-line summary: the runs started and the number of records ignored
     * @throws JobStartException if a run of any folder was not started; the other folders were started
     */
    @Override
    public String handleRequest(S3Event event, Context context) {
        TriggerLog log = new TriggerLog(context.getLogger());
        Map<String, String> sourceByFolder = new LinkedHashMap<>();
        int ignored = 0;
        for (S3EventNotificationRecord record : event.getRecords()) {
            ObjectDecision decision = filter.decide(record.getEventName(), record.getS3().getBucket().getName(),
                    record.getS3().getObject().getKey(), record.getS3().getObject().getSizeAsLong());
            if (decision instanceof ObjectDecision.Ignore ignore) {
                ignored++;
                log.accept("Ignoring " + LogSafe.uri(ignore.object()) + ": " + ignore.reason());
            } else if (decision instanceof ObjectDecision.Start start) {
                String first = sourceByFolder.putIfAbsent(start.folder(), start.sourceUri());
                if (first != null) {
                    ignored++;
                    log.accept("Ignoring " + LogSafe.uri(start.sourceUri()) + ": the run for " + LogSafe.uri(first)
                            + " covers its folder " + LogSafe.uri(start.folder()));
                }
            }
        }
        return startRuns(sourceByFolder, log) + "; ignored " + ignored + " record(s)";
    }

    private String startRuns(Map<String, String> sourceByFolder, TriggerLog log) {
        List<String> runIds = new ArrayList<>();
        List<JobStartException> failures = new ArrayList<>();
        for (Map.Entry<String, String> folder : sourceByFolder.entrySet()) {
            try {
                String runId = starter.start(folder.getValue(), log);
                runIds.add(runId);
                log.accept("Started Glue job '" + starter.jobName() + "' run " + runId + " for "
                        + LogSafe.uri(folder.getKey()) + " with --source " + LogSafe.uri(folder.getValue()));
            } catch (JobStartException e) {
                log.accept(e.getMessage());
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            JobStartException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
        return "Started " + runIds.size() + " run(s) of Glue job '" + starter.jobName() + "' " + runIds;
    }
}
