package io.dmsdelta.trigger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.dmsdelta.trigger.event.TriggerEvent;
import io.dmsdelta.trigger.event.TriggerEvents;
import io.dmsdelta.trigger.glue.CoalescingStarter;
import io.dmsdelta.trigger.glue.GlueCallException;
import io.dmsdelta.trigger.glue.GlueClients;
import io.dmsdelta.trigger.glue.GlueJobStarter;
import io.dmsdelta.trigger.glue.GlueRetry;
import io.dmsdelta.trigger.glue.PendingRun;
import io.dmsdelta.trigger.glue.PendingRunCheck;
import io.dmsdelta.trigger.glue.RunOutcome;
import io.dmsdelta.trigger.log.LogSafe;
import io.dmsdelta.trigger.log.TriggerLog;
import io.dmsdelta.trigger.s3.DmsObjectFilter;
import io.dmsdelta.trigger.s3.ObjectDecision;
import software.amazon.awssdk.services.glue.GlueClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The AWS Lambda function ({@code io.dmsdelta.trigger.TriggerHandler::handleRequest}) that keeps a run of the
 * dms-delta Glue job coming while DMS writes files: invoked by the DMS bucket's {@code s3:ObjectCreated:*}
 * notifications and by an EventBridge schedule, it starts at most one run per invocation, of the whole DMS bucket
 * folder, and only when no run is already waiting to start.
 *
 * <p><b>S3 notifications.</b> Each record is decided by {@link DmsObjectFilter} as before: a DMS data file of the
 * bucket folder, or ignored with one log line saying why. If the event holds at least one DMS file,
 * {@link CoalescingStarter} checks the job's runs and starts one with arguments exactly
 * {@code {"--source": "s3://<bucket>/<prefix>"}} (the DMS bucket folder of {@code DMS_SOURCE_URI}; {@code
 * s3://<bucket>} for an empty prefix) unless a run is {@code WAITING} or {@code STARTING}: such a run has not listed
 * the folder yet, and dms-delta, given the folder, applies every pending file of every defined table, so it will
 * apply the new files. An event with no DMS file makes no Glue call at all.
 *
 * <p><b>The schedule.</b> An EventBridge Scheduled Event does the same check and start, without a file: a file
 * whose notification was lost, whose event went to the dead-letter queue, or whose waiting run expired in Glue's
 * queue is applied by the next scheduled run at the latest. S3's test event is logged and does nothing.
 *
 * <p><b>Why this is race-free and safe.</b> The function has a reserved concurrency of 1 (the stack sets it), so no
 * two invocations overlap, and no other invocation can start a run between this one's check and its start; the id
 * of the run this container started last covers the moment in which GetJobRuns does not list a new run yet.
 * Correctness never depends on either: any run applies everything pending, a duplicate run finds nothing to do,
 * and Glue runs one at a time; only the number of runs, and so the cost, does. See {@link CoalescingStarter}.
 *
 * <p><b>Failure.</b> A configuration error fails the container's initialisation; input that is none of these
 * events fails the invocation. If Glue does not answer the check ({@link io.dmsdelta.trigger.glue.JobCheckException})
 * or does not start the run ({@link io.dmsdelta.trigger.glue.JobStartException}), after the retries of
 * {@link GlueRetry}, the invocation throws, so that Lambda retries the event and at last keeps it in the dead-letter
 * queue or on-failure destination: no file is left without a run. A run is never started without the check.
 *
 * <p>Keys and URIs in log lines are percent-encoded ({@link LogSafe#uri}), so no key can write a line break or an
 * escape sequence into the log.
 */
public final class TriggerHandler implements RequestStreamHandler {

    /** At most this many files are named in one log line; an S3 notification normally holds one. */
    static final int FILES_NAMED = 20;

    private final DmsObjectFilter filter;
    private final CoalescingStarter runs;

    /**
     * The constructor the Lambda runtime calls once per container: settings from the environment (see
     * {@link TriggerConfig}), the container's shared Glue client.
     *
     * @throws IllegalArgumentException if an environment variable is missing or malformed
     */
    public TriggerHandler() {
        this(TriggerConfig.fromEnvironment(), GlueClients.shared());
    }

    /** A handler with the given settings and Glue client; the client should come from {@link GlueClients}. */
    public TriggerHandler(TriggerConfig config, GlueClient glue) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(glue, "glue");
        String folder = config.source().folderUri();
        GlueRetry retry = new GlueRetry(config.startAttempts(), config.retryBaseMillis());
        this.filter = new DmsObjectFilter(config.source());
        this.runs = new CoalescingStarter(new PendingRunCheck(glue, config.glueJobName(), folder, retry),
                new GlueJobStarter(glue, config.glueJobName(), retry), folder);
    }

    /**
     * Reads the event (see {@link TriggerEvents#parse}) and handles it; writes the one-line summary as a JSON
     * string.
     *
     * @throws IllegalArgumentException if the input is not an event the function takes
     * @throws GlueCallException        if Glue did not answer the check or did not start the run
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String summary = handle(TriggerEvents.parse(input), new TriggerLog(context.getLogger()));
        output.write(jsonString(summary).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Handles one event, logging a line per decision.
     *
     * @param log receives the log lines; should be a {@link TriggerLog}
     * @return a one-line summary: what was started or found waiting, and how many records were ignored
     * @throws GlueCallException if Glue did not answer the check or did not start the run
     */
    public String handle(TriggerEvent event, Consumer<String> log) {
        if (event instanceof TriggerEvent.S3Notification notification) {
            return onNotification(notification, log);
        }
        if (event instanceof TriggerEvent.Scheduled scheduled) {
            return ensureRun(new Purpose("the schedule", "the schedule"
                    + (scheduled.rule().isEmpty() ? "" : " " + LogSafe.uri(scheduled.rule()))), log);
        }
        // The only other kind of TriggerEvent.
        TriggerEvent.S3TestEvent test = (TriggerEvent.S3TestEvent) event;
        log.accept("S3 test event for bucket " + LogSafe.uri(test.bucket()) + ": nothing to start");
        return "S3 test event; nothing to start";
    }

    private String onNotification(TriggerEvent.S3Notification notification, Consumer<String> log) {
        List<String> files = new ArrayList<>();
        int ignored = 0;
        for (TriggerEvent.ObjectRecord record : notification.records()) {
            ObjectDecision decision = filter.decide(record.eventName(), record.bucket(), record.urlEncodedKey(),
                    record.size());
            if (decision instanceof ObjectDecision.Ignore ignore) {
                ignored++;
                log.accept("Ignoring " + LogSafe.uri(ignore.object()) + ": " + ignore.reason());
            } else if (decision instanceof ObjectDecision.Start start) {
                files.add(start.sourceUri());
            }
        }
        String ignoredCount = "ignored " + ignored + " record(s)";
        if (files.isEmpty()) {
            return "No DMS file in the event; " + ignoredCount;
        }
        String count = files.size() + " DMS file(s)";
        return ensureRun(new Purpose(count, count + ": " + named(files)), log) + "; " + ignoredCount;
    }

    /**
     * What a run is for, in the summary and in the log line.
     *
     * @param summary such as {@code 2 DMS file(s)} or {@code the schedule}
     * @param detail  the summary with the files or the rule named, encoded for the log
     */
    private record Purpose(String summary, String detail) {
    }

    /** The check and the start, with one log line on what was decided. */
    private String ensureRun(Purpose purpose, Consumer<String> log) {
        String job = "Glue job '" + runs.jobName() + "'";
        RunOutcome outcome;
        try {
            outcome = runs.ensureRun(log);
        } catch (GlueCallException e) {
            log.accept(e.getMessage());
            throw e;
        }
        if (outcome instanceof RunOutcome.Pending pending) {
            PendingRun.Found run = pending.run();
            log.accept("Not starting " + job + ": run " + run.runId() + " is " + run.state() + " (" + run.evidence()
                    + ") and has not listed " + LogSafe.uri(runs.sourceUri()) + " yet, so it covers "
                    + purpose.detail());
            return "Started no run of " + job + ": run " + run.runId() + " is " + run.state() + " and covers "
                    + purpose.summary();
        }
        // The only other kind of RunOutcome.
        RunOutcome.Started started = (RunOutcome.Started) outcome;
        log.accept("Started " + job + " run " + started.runId() + " with --source " + LogSafe.uri(runs.sourceUri())
                + " (GetJobRuns listed " + started.runsListed() + " run(s), none waiting to start) for "
                + purpose.detail());
        return "Started run " + started.runId() + " of " + job + " for " + purpose.summary();
    }

    private static String named(List<String> files) {
        String named = files.stream().limit(FILES_NAMED).map(LogSafe::uri).collect(Collectors.joining(", "));
        return files.size() > FILES_NAMED ? named + " and " + (files.size() - FILES_NAMED) + " more" : named;
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
