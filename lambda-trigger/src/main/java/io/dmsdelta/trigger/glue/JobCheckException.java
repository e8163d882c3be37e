package io.dmsdelta.trigger.glue;


/**
 * The trigger could not tell whether a run of the job is already waiting (GetJobRuns or GetJobRun did not answer),
 * so it started none. The message names the job, the call, the last error and what to do; the cause is the SDK's
 * exception for the last attempt.
 *
 * <p>Failing is the conservative choice. Starting a run without the check would hide the fault: with
 * {@code glue:GetJobRuns} missing from the role, say, every DMS file would start a run again, as before the trigger
 * coalesced, and the queue would grow without bound, silently. A failed invocation keeps the event (Lambda retries
 * it, then the dead-letter queue holds it), and the next event or the schedule starts the run once Glue answers.
 */
public final class JobCheckException extends GlueCallException {

    private JobCheckException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The exception for a GetJobRuns or GetJobRun call that did not end with Glue's answer.
     *
     * @param operation {@code GetJobRuns} or {@code GetJobRun}
     * @param sourceUri the {@code --source} the run would have had
     */
    static JobCheckException of(String jobName, String operation, String sourceUri, CallOutcome<?> outcome) {
        String notChecked = "Could not tell whether a run of Glue job '" + jobName + "' is already waiting, so no run"
                + " was started for " + sourceUri + ": ";
        if (outcome instanceof CallOutcome.GaveUp<?> gaveUp) {
            return new JobCheckException(notChecked + gaveUp.attempts() + " " + operation + " attempt(s) failed, the"
                    + " last with " + describe(gaveUp.last()) + ". The invocation fails rather than start a run"
                    + " unchecked, so that Lambda retries the event and then keeps it in the function's dead-letter"
                    + " queue or on-failure destination; the next event or the schedule starts a run once Glue"
                    + " answers. To apply the files at once, start the job with --source " + sourceUri + ".",
                    gaveUp.last());
        }
        if (outcome instanceof CallOutcome.NotRetryable<?> notRetryable) {
            return new JobCheckException(notChecked + operation + " failed with " + describe(notRetryable.error())
                    + ". Not retried: " + remedy(notRetryable.error(), "glue:GetJobRuns and glue:GetJobRun"), notRetryable.error());
        }
        if (outcome instanceof CallOutcome.Interrupted<?> interrupted) {
            return new JobCheckException(notChecked + "interrupted while waiting to retry " + operation + ".",
                    interrupted.cause());
        }
        throw new IllegalArgumentException("Glue answered; there is no failure to report: " + outcome);
    }
}
