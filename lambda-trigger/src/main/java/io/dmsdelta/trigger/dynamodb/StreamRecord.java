package io.dmsdelta.trigger.dynamodb;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.math.BigInteger;

import static java.util.Objects.requireNonNull;

/**
 * One record of a DynamoDB stream batch, with what the function takes from it.
 *
 * @param table          the table's name, from the record's {@code eventSourceARN}
 * @param sequenceNumber its {@code dynamodb.SequenceNumber}, a whole number of at most 40 digits
 * @param json           the record as Lambda delivered it, which is what is stored
 */
record StreamRecord(String table, BigInteger sequenceNumber, JsonNode json) {

    StreamRecord {
        requireNonNull(table, "table");
        requireNonNull(sequenceNumber, "sequenceNumber");
        requireNonNull(json, "json");
    }
}
