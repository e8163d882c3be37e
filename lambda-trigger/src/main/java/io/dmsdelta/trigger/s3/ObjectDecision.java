package io.dmsdelta.trigger.s3;

/** What the trigger does with one object that S3 reported: make sure a run applies it, or ignore it. */
public sealed interface ObjectDecision {

    /**
     * A DMS data file: a run over the DMS bucket folder will apply it (the trigger starts one unless one is waiting).
     *
     * @param folder    the folder the file belongs to, {@code s3://<bucket>/<prefix>/<schema>/<table>/} for LOAD and
     *                  CDC files, the file's own folder for CDC_TXN files
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
