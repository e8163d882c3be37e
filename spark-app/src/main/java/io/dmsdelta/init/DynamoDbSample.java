package io.dmsdelta.init;

import io.dmsdelta.config.DynamoDbSource;
import java.util.Objects;
import java.util.Optional;

/**
 * A sample of one DynamoDB table's items, read through its API ({@link DynamoDbScan}) or from its change records
 * already landed ({@link DynamoDbRecordSample}).
 *
 * @param dynamoTable   the table's name, as DynamoDB spells it
 * @param items         what the sample shows of each attribute, and the key; complete (nothing is added later)
 * @param shape         the records' shape, when the sample comes from records
 * @param keyOrderKnown whether the key is in DynamoDB's order, partition key first (DescribeTable tells it; records
 *                      list the key attributes without saying which is which)
 * @param describe      what was read, for the summary
 * @param from          how the sample was taken, the table's first note
 */
public record DynamoDbSample(String dynamoTable, ItemSample items, Optional<DynamoDbSource.Shape> shape, boolean keyOrderKnown,
                             String describe, String from) {
    public DynamoDbSample {
        Objects.requireNonNull(dynamoTable, "dynamoTable");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(describe, "describe");
        Objects.requireNonNull(from, "from");
    }
}
