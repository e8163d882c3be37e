package io.dmsdelta.trigger.s3;

/** What the trigger does with one object that S3 reported: start a run for it, or ignore it. */
public sealed interface ObjectDecision {

    /**
     * Start a run with {@code --source} set to the object.
     *
     * @param folder    the folder the run covers, {@code s3://<bucket>/<prefix>/<schema>/<table>/} for LOAD and CDC
     *                  files, the file's own folder for CDC_TXN files; one run per folder covers every object in it
     * @param sourceUri the object, {@code s3://<bucket>/<key>} with the key URL-decoded
     */
    record Start(String folder, String sourceUri) implements ObjectDecision {
    }

    /**
     * Ignore the object.
     *
     * @param object the object, {@code s3://<bucket>/<key>}, the key decoded when it could be
     * @param reason why it is ignored, for the log
     */
    record Ignore(String object, String reason) implements ObjectDecision {
    }
}
