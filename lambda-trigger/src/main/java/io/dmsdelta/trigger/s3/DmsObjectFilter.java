package io.dmsdelta.trigger.s3;

import io.dmsdelta.dms.DmsFileNames;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decides, for one record of an S3 notification, whether the object is a DMS data file in the DMS bucket folder
 * and which table folder it belongs to. Pure and thread-safe; file names are recognised by {@link DmsFileNames},
 * the same rules the dms-delta run applies.
 */
public final class DmsObjectFilter {

    private static final String CREATED_EVENT_PREFIX = "ObjectCreated:";
    // Hadoop-style tools (EMR, older Glue) mark an empty folder with an empty object named <folder>_$folder$.
    private static final String FOLDER_MARKER_SUFFIX = "_$folder$";

    private final DmsBucketFolder source;

    public DmsObjectFilter(DmsBucketFolder source) {
        this.source = source;
    }

    /**
     * Decides what to do with one reported object. The result is {@link ObjectDecision.Start} only for an
     * {@code ObjectCreated:*} event of a DMS data file in the DMS bucket whose decoded key is a safe path (see
     * below) under the bucket folder's prefix: a LOAD or CDC file at least at {@code <schema>/<table>/<file>} below
     * the prefix (deeper for parallel-load and date-partition subfolders), or a CDC_TXN file anywhere below it.
     * Everything else is {@link ObjectDecision.Ignore}d with the reason: other events, other buckets, keys outside
     * the prefix, folder markers, keys with an empty, {@code .} or {@code ..} segment or a control character, names
     * DMS does not write, DMS files outside a table folder.
     *
     * @param eventName    the record's {@code eventName}, such as {@code ObjectCreated:Put}
     * @param bucket       the record's {@code s3.bucket.name}
     * @param urlEncodedKey the record's {@code s3.object.key}: S3 form-URL-encodes it ({@code +} for a space,
     *                     {@code %xx} for UTF-8 bytes)
     * @param size         the record's {@code s3.object.size}; null if the event carries none
     */
    public ObjectDecision decide(String eventName, String bucket, String urlEncodedKey, Long size) {
        String reported = "s3://" + bucket + "/" + urlEncodedKey;
        if (eventName == null || !eventName.startsWith(CREATED_EVENT_PREFIX)) {
            return new ObjectDecision.Ignore(reported, "event " + eventName + " is not an ObjectCreated event");
        }
        String key;
        try {
            key = URLDecoder.decode(urlEncodedKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new ObjectDecision.Ignore(reported, "the key in the event is not URL-encoded as S3 encodes keys: "
                    + e.getMessage());
        }
        String object = "s3://" + bucket + "/" + key;
        if (!bucket.equals(source.bucket())) {
            return new ObjectDecision.Ignore(object, "bucket " + bucket + " is not the bucket of the DMS bucket folder "
                    + source);
        }
        if (key.endsWith("/") || (key.endsWith(FOLDER_MARKER_SUFFIX) && size != null && size == 0)) {
            return new ObjectDecision.Ignore(object, "a folder marker, not a file");
        }
        Optional<String> problem = ObjectKeys.problem(key);
        if (problem.isPresent()) {
            return new ObjectDecision.Ignore(object, "unsafe key, " + problem.get() + "; DMS never writes such keys");
        }
        Optional<String> relative = source.relativeKey(key);
        if (relative.isEmpty()) {
            return new ObjectDecision.Ignore(object, "outside the DMS bucket folder " + source);
        }
        return decideDmsFile(key, relative.get(), object);
    }

    private ObjectDecision decideDmsFile(String key, String relativeKey, String object) {
        String[] segments = relativeKey.split("/");
        String name = segments[segments.length - 1];
        if (DmsFileNames.isTransactionFile(name)) {
            // Holds every table's changes: the run covers all tables, whichever folder (CdcPath) the file is in.
            return new ObjectDecision.Start(source.uri(key.substring(0, key.lastIndexOf('/') + 1)), object);
        }
        if (DmsFileNames.kindOf(name).isEmpty()) {
            return new ObjectDecision.Ignore(object, "not a DMS data file name (LOAD*, yyyyMMdd-HHmmss*, CDC_TXN-*;"
                    + " .csv, .csv.gz or .parquet)");
        }
        if (segments.length < 3) {
            return new ObjectDecision.Ignore(object, "a DMS file name, but not inside a <schema>/<table>/ folder of "
                    + source);
        }
        return new ObjectDecision.Start(source.uri(source.folderKey() + segments[0] + "/" + segments[1] + "/"), object);
    }
}
