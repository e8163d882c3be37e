package io.dmsdelta.init;

import io.dmsdelta.config.DynamoDbSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.dmsdelta.init.DefinitionDiffTest.col;
import static io.dmsdelta.init.DefinitionDiffTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A DynamoDB table's definition from a new sample, compared with the one in the file. */
class DynamoDbDefinitionDiffTest {

    static final TableName T = new TableName("dynamodb", "orders");
    static final DynamoDbTarget STREAM = new DynamoDbTarget("Orders", "dynamodb/Orders", DynamoDbSource.Shape.STREAM,
            Optional.of("_item_rest"), true);

    static TableSpec previous(List<String> key, Map<String, JsonNode> settings, ColumnSpec... columns) {
        return new TableSpec(T, key, List.of(columns), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.of(new SourceSettings(DynamoDbTarget.FORMAT, settings)));
    }

    static Map<String, JsonNode> settings(String shape, Optional<String> rest) {
        Map<String, JsonNode> settings = new LinkedHashMap<>(STREAM.spec().settings());
        settings.put("lateArrivalMinutes", IntNode.valueOf(30)); // set by hand
        settings.put(DynamoDbSource.SHAPE, TextNode.valueOf(shape));
        rest.ifPresentOrElse(r -> settings.put(DynamoDbSource.REST_COLUMN, TextNode.valueOf(r)),
                () -> settings.remove(DynamoDbSource.REST_COLUMN));
        return settings;
    }

    static Built.Fresh sampled(DynamoDbTarget target, List<String> key, SourceColumn... columns) {
        return new Built.Fresh(T, List.of(columns), key, Optional.empty(), Optional.empty(), false, List.of(),
                Optional.of(target));
    }

    @Test
    void aNewSampleKeepsTheColumnsItLacksAndAddsNewAttributesAtTheEnd() {
        TableSpec before = previous(List.of("pk"), settings("stream", Optional.of("_item_rest")), spec("pk", "string"),
                spec("a", "bigint"), spec("b", "boolean"), spec("_item_rest", "string"));
        DefinitionDiff.Compared compared = DefinitionDiff.compare(before, sampled(STREAM, List.of("pk"),
                col("pk", "string"), col("a", "bigint"), col("c", "binary"), col("_item_rest", "string")));
        assertEquals(List.of(new Difference.ColumnAdded("c", "binary")), compared.differences());
        assertEquals(List.of(spec("pk", "string"), spec("a", "bigint"), spec("b", "boolean"), spec("_item_rest", "string"),
                new ColumnSpec("c", "binary", true)), compared.merged().columns());
        assertEquals(List.of("not in this sample, kept as defined: b."), compared.notes());
        assertEquals(Optional.of(new SourceSettings(DynamoDbTarget.FORMAT, settings("stream", Optional.of("_item_rest")))),
                compared.merged().source(), "the hand-set setting stays in its place");

        DefinitionDiff.Compared same = DefinitionDiff.compare(compared.merged(), sampled(STREAM, List.of("pk"),
                col("pk", "string"), col("c", "binary"), col("_item_rest", "string")));
        assertEquals(List.of(), same.differences());
        assertEquals(compared.merged(), same.merged());
    }

    @Test
    void recordsDoNotTellTheKeyOrderSoTheFilesStands() {
        DynamoDbTarget fromRecords = new DynamoDbTarget("Orders", "dynamodb/Orders", DynamoDbSource.Shape.STREAM,
                Optional.of("_item_rest"), false);
        TableSpec before = previous(List.of("sk", "pk"), settings("stream", Optional.of("_item_rest")),
                spec("sk", "bigint"), spec("pk", "string"), spec("_item_rest", "string"));
        SourceColumn[] columns = {col("pk", "string"), col("sk", "bigint"), col("_item_rest", "string")};
        DefinitionDiff.Compared records = DefinitionDiff.compare(before, sampled(fromRecords, List.of("pk", "sk"), columns));
        assertEquals(List.of(), records.differences());
        assertEquals(List.of("sk", "pk"), records.merged().primaryKey());

        DefinitionDiff.Compared described = DefinitionDiff.compare(before, sampled(STREAM, List.of("pk", "sk"), columns));
        assertEquals(List.of(new Difference.KeyChanged(List.of("sk", "pk"), List.of("pk", "sk"))),
                described.differences(), "DescribeTable tells the partition key");
    }

    @Test
    void anotherShapeNeedsARebuildAnotherFolderDoesNot() {
        TableSpec before = previous(List.of("pk"), settings("stream", Optional.of("_item_rest")), spec("pk", "string"),
                spec("_item_rest", "string"));
        DynamoDbTarget kinesis = new DynamoDbTarget("Orders", "landing/orders", DynamoDbSource.Shape.KINESIS,
                Optional.of("_item_rest"), true);
        DefinitionDiff.Compared compared = DefinitionDiff.compare(before, sampled(kinesis, List.of("pk"),
                col("pk", "string"), col("_item_rest", "string")));
        assertEquals(List.of(false, true), compared.differences().stream().map(Difference::needsRebuild).toList());
        assertEquals(List.of(DynamoDbSource.FOLDER, DynamoDbSource.SHAPE), compared.differences().stream()
                .map(d -> ((Difference.SourceSettingChanged) d).setting()).toList());
        assertTrue(compared.needsAcceptance());
        assertEquals(Optional.of("kinesis"), compared.merged().source().orElseThrow().text(DynamoDbSource.SHAPE));

        DynamoDbTarget noRest = new DynamoDbTarget("Orders", "dynamodb/Orders", DynamoDbSource.Shape.STREAM, Optional.empty(), true);
        DefinitionDiff.Compared withoutRest = DefinitionDiff.compare(before, sampled(noRest, List.of("pk"),
                col("pk", "string")));
        assertEquals(List.of(new Difference.ColumnRemoved("_item_rest", "string"),
                new Difference.SourceSettingChanged(DynamoDbSource.REST_COLUMN, "_item_rest", "(none)", Optional.empty())),
                withoutRest.differences());
        assertEquals(Optional.empty(), withoutRest.merged().source().orElseThrow().text(DynamoDbSource.REST_COLUMN));
    }

    @Test
    void definitionsOfOtherSourcesAndOtherDynamoDbTablesAreKeptTheSameTablesOthersGone() {
        TableSpec dms = new TableSpec(new TableName("app", "t"), List.of("id"), List.of(spec("id", "int")),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);
        TableSpec otherTable = new TableSpec(new TableName("dynamodb", "customers"), List.of("pk"),
                List.of(spec("pk", "string")), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                false, Optional.of(new DynamoDbTarget("Customers", "dynamodb/Customers", DynamoDbSource.Shape.STREAM,
                Optional.empty(), true).spec()));
        TableSpec renamed = previous(List.of("pk"), settings("stream", Optional.empty()), spec("pk", "string"));
        Reconciliation result = Reconciler.reconcile(List.of(dms, otherTable, renamed), List.of(), false,
                Optional.of(new DynamoDbTarget("Orders", "dynamodb/Orders", DynamoDbSource.Shape.STREAM, Optional.empty(), true)));
        assertEquals(List.of("app.t KEPT", "dynamodb.customers KEPT", "dynamodb.orders GONE"),
                result.outcomes().stream().map(o -> o.name() + " " + o.status()).toList());
        assertTrue(result.blocked());
        assertFalse(Reconciler.reconcile(List.of(dms, otherTable), List.of(), false, Optional.of(STREAM)).blocked());
    }
}
