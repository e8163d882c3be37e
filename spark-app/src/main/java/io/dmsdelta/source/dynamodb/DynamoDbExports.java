package io.dmsdelta.source.dynamodb;

import io.dmsdelta.source.events.EventFile;
import io.dmsdelta.source.events.EventFiles;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data files of a folder of DynamoDB exports ({@code AWSDynamoDB/<ExportId>/data/*.json.gz}) that are ready:
 * DynamoDB writes {@code manifest-summary.json} last, so an export without it is still being written and waits. A
 * ready export's files arrive when its summary did, so that they are planned together, after earlier exports.
 */
public final class DynamoDbExports {

    static final String SUMMARY = "manifest-summary.json";
    private static final String LAYOUT = "AWSDynamoDB/";

    private DynamoDbExports() {
    }

    /** Whether a file's name below the folder is in an export's layout. */
    public static boolean isExportFile(String name) {
        return export(name) != null;
    }

    public static EventFiles.Listing ready(EventFiles.Listing listing) {
        Map<String, EventFile> summaries = new HashMap<>();
        for (EventFile file : listing.files()) {
            if (file.name().endsWith("/" + SUMMARY) && export(file.name()) != null) {
                summaries.put(export(file.name()), file);
            }
        }
        List<EventFile> ready = new ArrayList<>();
        List<String> ignored = new ArrayList<>(listing.ignored());
        for (EventFile file : listing.files()) {
            String export = export(file.name());
            if (export == null) {
                ignored.add(file.path()); // not an export's file: reported, never read
            } else if (file.name().startsWith(export + "data/") && summaries.containsKey(export)) {
                ready.add(new EventFile(file.path(), file.name(), file.size(),
                        Math.max(file.modificationTime(), summaries.get(export).modificationTime()), file.partition()));
            }
        }
        return new EventFiles.Listing(listing.folder(), ready, ignored);
    }

    /** {@code .../AWSDynamoDB/<ExportId>/} of a file's name below the folder, null when it is not in an export. */
    private static String export(String name) {
        int layout = name.startsWith(LAYOUT) ? 0 : name.indexOf("/" + LAYOUT) + 1;
        if (layout == 0 && !name.startsWith(LAYOUT)) {
            return null;
        }
        int id = name.indexOf('/', layout + LAYOUT.length());
        return id < 0 ? null : name.substring(0, id + 1);
    }
}
