package io.dmsdelta.source.dynamodb;

import io.dmsdelta.config.DynamoDbSource;
import io.dmsdelta.source.events.ColumnImages;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Splitting DynamoDB change records into a table's changes, on records in the service's own shapes. No Spark. */
class DynamoDbRecordsTest {

    private static final List<String> COLUMNS = List.of("pk", "sk", "price", "tags", "geo", "doc", "photo");
    private static final List<DataType> TYPES = List.of(DataType.fromDDL("string"), DataType.fromDDL("bigint"),
            DataType.fromDDL("decimal(38,2)"), DataType.fromDDL("array<string>"),
            DataType.fromDDL("struct<lat:double,lon:double>"), DataType.fromDDL("string"), DataType.fromDDL("binary"));

    /** A Lambda event's records (one per line, as the project's Lambda writes them); a TTL delete last. */
    private static final String STREAM = """
            {"eventID":"1","eventName":"INSERT","eventSource":"aws:dynamodb","eventSourceARN":"arn:aws:dynamodb:us-east-1:1:table/Orders/stream/2026","dynamodb":{"ApproximateCreationDateTime":1796665465.579,"Keys":{"pk":{"S":"a"},"sk":{"N":"1"}},"NewImage":{"pk":{"S":"a"},"sk":{"N":"1"},"price":{"N":"12345678901234567890123456.78"},"tags":{"SS":["x","y"]},"geo":{"M":{"lat":{"N":"45.76"},"lon":{"N":"4.83"}}},"doc":{"L":[{"S":"gift"},{"N":"1.50"},{"BS":["AAE="]}]},"photo":{"B":"AAEC/w=="},"extra":{"BOOL":true}},"SequenceNumber":"9900000000017454423009","SizeBytes":1,"StreamViewType":"NEW_AND_OLD_IMAGES"}}
            {"eventID":"2","eventName":"MODIFY","eventSource":"aws:dynamodb","eventSourceARN":"arn:aws:dynamodb:us-east-1:1:table/Orders/stream/2026","dynamodb":{"Keys":{"pk":{"S":"a"},"sk":{"N":"1"}},"NewImage":{"pk":{"S":"a"},"sk":{"N":"1"},"price":{"NULL":true}},"OldImage":{"pk":{"S":"a"},"sk":{"N":"1"}},"SequenceNumber":"100000000000000000000001","StreamViewType":"NEW_AND_OLD_IMAGES"}}
            {"eventID":"3","eventName":"INSERT","eventSource":"aws:dynamodb","eventSourceARN":"arn:aws:dynamodb:us-east-1:1:table/Other/stream/2026","dynamodb":{"Keys":{"pk":{"S":"b"},"sk":{"N":"1"}},"NewImage":{"pk":{"S":"b"},"sk":{"N":"1"}},"SequenceNumber":"100000000000000000000002"}}
            {"eventID":"4","eventName":"REMOVE","eventSource":"aws:dynamodb","userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"},"dynamodb":{"Keys":{"pk":{"S":"a"},"sk":{"N":"1"}},"OldImage":{"pk":{"S":"a"},"sk":{"N":"1"},"price":{"N":"3"}},"SequenceNumber":"100000000000000000000003"}}
            """;

    @Test
    void streamRecordsBecomeWholeItemsOrderedBySequenceNumbersAsNumbers() {
        List<Row> rows = split(mapping(DynamoDbSource.Shape.STREAM, null), STREAM);
        assertEquals(3, rows.size(), "the other table's record is left out");
        Row insert = rows.get(0);
        assertEquals("I", insert.getString(3));
        assertEquals(new BigDecimal("9900000000017454423009"), insert.get(4));
        assertEquals(List.of("pk", "sk", "price", "tags", "geo", "doc", "photo", "_rest"), list(insert, 5));
        assertEquals(java.util.Arrays.asList("S", "N", "N", "SS", "M", "L", "B", "M"), list(insert, 6));
        assertEquals(java.util.Arrays.asList("a", "1", "12345678901234567890123456.78", "[\"x\",\"y\"]",
                "{\"lat\":45.76,\"lon\":4.83}", "[\"gift\",1.50,[\"AAE=\"]]", "000102ff", "{\"extra\":true}"),
                list(insert, 7));
        // 24 digits is after 22: compared as text it would come first.
        assertTrue(((BigDecimal) rows.get(1).get(4)).compareTo((BigDecimal) insert.get(4)) > 0);
        assertEquals(java.util.Arrays.asList("a", "1", null, null, null, null, null, null), list(rows.get(1), 7),
                "an image is the whole item: what it does not have is NULL");
        assertEquals("D", rows.get(2).getString(3), "a delete by time to live is a delete by default");
        assertEquals(List.of("pk", "sk"), list(rows.get(2), 5));
    }

    @Test
    void aDeleteByTimeToLiveKeptAsAFlagWhenAsked() {
        List<Row> rows = split(mapping(DynamoDbSource.Shape.STREAM, "_expired"), STREAM);
        Row expired = rows.get(2);
        assertEquals("U", expired.getString(3));
        assertEquals(java.util.Arrays.asList("a", "1", "3", null, null, null, null, null, "true"), list(expired, 7),
                "the item's last values, flagged");
        assertEquals("false", list(rows.get(0), 7).get(8));
    }

    @Test
    void aDescriptorThatDoesNotFitTheColumnIsKeptForTheCheckWithWhereItIs() {
        String record = """
                {"eventName":"INSERT","dynamodb":{"NewImage":{"pk":{"S":"a"},"sk":{"S":"one"},"tags":{"L":[{"S":"x"},{"N":"2"}]},"geo":{"M":{"lat":{"N":"1"},"alt":{"N":"2"}}},"photo":{"B":"not base64!"}},"SequenceNumber":"1"}}
                """;
        List<String> types = list(split(mapping(DynamoDbSource.Shape.STREAM, null), record).get(0), 6);
        assertEquals("S", types.get(1), "a number column given S");
        assertEquals("L", types.get(3), "an array of strings takes any element, as its text");
        assertEquals("M.alt: not a field of the struct", types.get(4));
        assertEquals("B (not base64)", types.get(6));
        assertTrue(types.get(1).matches(DescriptorTypes.allowed(TYPES.get(0)).orElse(".*")));
        assertTrue(!types.get(1).matches(DescriptorTypes.allowed(TYPES.get(1)).orElseThrow()));
    }

    @Test
    void kinesisRecordsAreRoutedByTableNameAndOrderedByCreationTimeInMicroseconds() {
        String records = """
                {"tableName":"Orders","eventName":"INSERT","recordFormat":"application/json","dynamodb":{"ApproximateCreationDateTime":1796665465579,"Keys":{"pk":{"S":"a"},"sk":{"N":"1"}},"NewImage":{"pk":{"S":"a"},"sk":{"N":"1"}}}}{"tableName":"Other","eventName":"INSERT","dynamodb":{"ApproximateCreationDateTime":1796665465580,"NewImage":{"pk":{"S":"b"},"sk":{"N":"1"}}}}
                {"tableName":"Orders","eventName":"REMOVE","dynamodb":{"ApproximateCreationDateTime":1796665465579123,"Keys":{"pk":{"S":"a"},"sk":{"N":"1"}}}}
                """;
        List<Row> rows = split(mapping(DynamoDbSource.Shape.KINESIS, null), records);
        assertEquals(2, rows.size());
        assertEquals(new BigDecimal("1796665465579000"), rows.get(0).get(4), "milliseconds");
        assertEquals(new BigDecimal("1796665465579123"), rows.get(1).get(4), "microseconds");
        assertEquals(new BigDecimal("1796665465579000"),
                DynamoDbRecords.creationMicros(ColumnImages.MAPPER.getNodeFactory().numberNode(
                        new BigDecimal("1796665465.579"))).orElseThrow(), "a Lambda event's seconds");
    }

    @Test
    void exportLinesAreOrderedByWriteTimeAndAFullExportsItemsComeFirst() {
        String lines = """
                {"Metadata":{"WriteTimestampMicros":{"N":"1796665465579123"}},"Keys":{"pk":{"S":"a"},"sk":{"N":"1"}},"NewImage":{"pk":{"S":"a"},"sk":{"N":"1"}}}
                {"Metadata":{"WriteTimestampMicros":{"N":"1796665465579124"}},"Keys":{"pk":{"S":"b"},"sk":{"N":"2"}},"OldImage":{"pk":{"S":"b"},"sk":{"N":"2"}}}
                {"Item":{"pk":{"S":"c"},"sk":{"N":"3"}}}
                """;
        List<Row> rows = split(mapping(DynamoDbSource.Shape.EXPORT, null), lines);
        assertEquals(List.of("I", "D", "I"), rows.stream().map(r -> r.getString(3)).toList());
        assertEquals(new BigDecimal("1796665465579123"), rows.get(0).get(4));
        assertEquals(BigDecimal.ZERO, rows.get(2).get(4));
    }

    @Test
    void whatIsNotAChangeRecordIsMalformedAtItsLine() {
        String records = """
                {"eventName":"INSERT","dynamodb":{"NewImage":{"pk":{"S":"a"},"sk":{"X":"1"}},"SequenceNumber":"1"}}
                {"eventName":"INSERT","dynamodb":{"Keys":{"pk":{"S":"a"}},"SequenceNumber":"2"}}
                {"eventName":"INSERT","dynamodb":{"NewImage":{"pk":{"S":"a"}},"SequenceNumber":"1234567890123456789012345678901234567890"}}
                """;
        List<Row> rows = split(mapping(DynamoDbSource.Shape.STREAM, null), records);
        assertEquals(3, rows.size());
        assertTrue(rows.get(0).getString(10).startsWith("attribute sk has descriptor X"), rows.get(0).getString(10));
        assertEquals(1L, rows.get(0).getLong(2));
        assertTrue(rows.get(1).getString(10).contains("no NewImage"), rows.get(1).getString(10));
        assertTrue(rows.get(2).getString(10).contains("longer than the 38 digits"), rows.get(2).getString(10));
        assertEquals(3L, rows.get(2).getLong(2));
    }

    private static DynamoDbRecords.Mapping mapping(DynamoDbSource.Shape shape, String flag) {
        return new DynamoDbRecords.Mapping(shape, "Orders", List.of("pk", "sk"), COLUMNS, TYPES, "_rest", flag);
    }

    private static List<Row> split(DynamoDbRecords.Mapping mapping, String text) {
        return new DynamoDbRecords(mapping).split("s3://b/f/x.json", 0, 0, text);
    }

    private static List<String> list(Row row, int field) {
        Object value = row.get(field);
        return value == null ? null : scala.collection.JavaConverters.seqAsJavaList((scala.collection.Seq<String>) value);
    }
}
