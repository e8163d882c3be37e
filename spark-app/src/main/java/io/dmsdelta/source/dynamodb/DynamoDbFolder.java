package io.dmsdelta.source.dynamodb;

import io.dmsdelta.config.DynamoDbSource;
import io.dmsdelta.source.events.ColumnImageChanges;
import io.dmsdelta.source.events.EventFiles;

/** What a DynamoDB source's folder holds by shape: which files are read, how they are named in progress and errors. */
public final class DynamoDbFolder {

    private DynamoDbFolder() {
    }

    /** The files to read: every object, but for exports only the data files of those complete. */
    public static EventFiles.Listing files(DynamoDbSource source, EventFiles.Listing listing) {
        return source.shape() == DynamoDbSource.Shape.EXPORT ? DynamoDbExports.ready(listing) : listing;
    }

    public static String describe(DynamoDbSource source) {
        return switch (source.shape()) {
            case STREAM -> "objects of DynamoDB stream records of " + source.dynamoTable();
            case KINESIS -> "objects of Kinesis records of DynamoDB tables";
            case EXPORT -> "data files of complete DynamoDB exports of " + source.dynamoTable();
        };
    }

    public static ColumnImageChanges.Rules rules(DynamoDbSource source) {
        String noSequence = switch (source.shape()) {
            case STREAM -> "the stream record has no SequenceNumber (digits in \"dynamodb\"), which orders an item's"
                    + " changes: land the records as the project's Lambda does (io.dmsdelta.trigger.dynamodb)";
            case KINESIS -> "the record has no ApproximateCreationDateTime (a number in \"dynamodb\"), which orders an"
                    + " item's changes in Kinesis Data Streams for DynamoDB";
            case EXPORT -> "the export line has no Metadata.WriteTimestampMicros, which orders an item's changes";
        };
        return new ColumnImageChanges.Rules(DescriptorTypes.INSTANCE, "a delete's is the record's Keys", noSequence);
    }
}
