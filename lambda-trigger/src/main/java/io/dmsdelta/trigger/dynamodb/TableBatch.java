package io.dmsdelta.trigger.dynamodb;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The records of one table in a batch (a stream belongs to one table, so normally the whole batch), and the
 * JSON-lines object they are stored as.
 *
 * @param records in the batch's order, at least one
 */
record TableBatch(String table, List<StreamRecord> records) {

    /** DynamoDB's sequence numbers have at most 40 digits: padded to 40, names sort as the numbers do. */
    private static final String PADDED = "%040d";

    TableBatch {
        requireNonNull(table, "table");
        records = List.copyOf(records);
    }

    /** The smallest sequence number, compared as numbers: {@code 999...} (21 digits) comes before {@code 1000...} (22). */
    BigInteger first() {
        return records.stream().map(StreamRecord::sequenceNumber).min(Comparator.naturalOrder()).orElseThrow();
    }

    /** The largest sequence number. */
    BigInteger last() {
        return records.stream().map(StreamRecord::sequenceNumber).max(Comparator.naturalOrder()).orElseThrow();
    }

    /**
     * {@code <TableName>/<first>-<last>.json}, both sequence numbers padded with zeros to 40 digits: names sort by
     * sequence, and a retried batch gets the same name, so that its object replaces the first attempt's.
     */
    String objectName() {
        return table + "/" + String.format(PADDED, first()) + "-" + String.format(PADDED, last()) + ".json";
    }

    /** Each record as delivered, compact, on a line of its own ending in a line feed; UTF-8. */
    byte[] jsonLines() {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (StreamRecord record : records) {
            lines.writeBytes(CompactJson.bytes(record.json()));
            lines.write('\n');
        }
        return lines.toByteArray();
    }
}
