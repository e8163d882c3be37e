package io.dmsdelta.init;

import io.dmsdelta.config.ConfigException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.dmsdelta.init.AttributeDescriptor.B;
import static io.dmsdelta.init.AttributeDescriptor.BOOL;
import static io.dmsdelta.init.AttributeDescriptor.BS;
import static io.dmsdelta.init.AttributeDescriptor.L;
import static io.dmsdelta.init.AttributeDescriptor.M;
import static io.dmsdelta.init.AttributeDescriptor.N;
import static io.dmsdelta.init.AttributeDescriptor.NS;
import static io.dmsdelta.init.AttributeDescriptor.NULL;
import static io.dmsdelta.init.AttributeDescriptor.S;
import static io.dmsdelta.init.AttributeDescriptor.SS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a sample of DynamoDB items becomes typed columns: numbers, descriptors, names. */
class DynamoDbTypesTest {

    private static String numbers(String... values) {
        NumberSpan span = NumberSpan.NONE;
        for (String value : values) {
            span = span.plus(value);
        }
        return span.type().type();
    }

    private static MappedType sampled(SampledValue... values) {
        AttributeSample sample = AttributeSample.NONE;
        for (SampledValue value : values) {
            sample = sample.plus(value);
        }
        return sample.mapped();
    }

    private static SampledValue n(String number) {
        return new SampledValue(N, List.of(number));
    }

    @Test
    void numbersAreBigintWhileWholeAndInALongThenDecimalOfTheLargestScaleThenDouble() {
        assertEquals("bigint", numbers(), "none seen");
        assertEquals("bigint", numbers("0", "-12", "9223372036854775807", "-9223372036854775808", "1.000", "1E+3"));
        assertEquals("decimal(38,0)", numbers("1", "9223372036854775808"), "beyond a long");
        assertEquals("decimal(38,3)", numbers("7", "12.5", "-0.125", "2.500"), "trailing zeros are no scale");
        assertEquals("decimal(38,18)", numbers("0.000000000000000001"));
        assertEquals("decimal(38,2)", numbers("123456789012345678901234567890123456", "0.25"), "36 + 2 digits fit");
        assertEquals("double", numbers("0.0000000000000000001"), "a scale of 19");
        assertEquals("double", numbers("1E+37", "0.5"), "38 digits before the point and 1 after");
        MappedType wide = new NumberSpan(false, 19, 1).type();
        assertTrue(wide.note().orElseThrow().contains("declared double"), wide.note().orElseThrow());
        assertThrows(NumberFormatException.class, () -> NumberSpan.NONE.plus("twelve"));
    }

    @Test
    void eachDescriptorHasItsType() {
        Map<SampledValue, String> expected = new LinkedHashMap<>();
        expected.put(SampledValue.of(S), "string");
        expected.put(n("4"), "bigint");
        expected.put(n("4.5"), "decimal(38,1)");
        expected.put(SampledValue.of(B), "binary");
        expected.put(SampledValue.of(BOOL), "boolean");
        expected.put(SampledValue.of(NULL), "string");
        expected.put(SampledValue.of(M), "string");
        expected.put(SampledValue.of(L), "string");
        expected.put(SampledValue.of(SS), "array<string>");
        expected.put(new SampledValue(NS, List.of("1", "2")), "array<bigint>");
        expected.put(new SampledValue(NS, List.of("1", "2.25")), "array<decimal(38,2)>");
        expected.put(new SampledValue(NS, List.of("1E-20")), "array<double>");
        expected.put(SampledValue.of(BS), "array<binary>");
        expected.forEach((value, type) -> assertEquals(type, sampled(value).type(), value.toString()));
        assertEquals(Optional.empty(), sampled(SampledValue.of(M)).note());
    }

    @Test
    void nullIsAMissingValueOfAnyTypeAndDifferentTypesAreAString() {
        assertEquals("bigint", sampled(SampledValue.of(NULL), n("1"), n("2")).type());
        MappedType nullOnly = sampled(SampledValue.of(NULL));
        assertEquals(Optional.of("only NULL values in the sample: declared string"), nullOnly.note());
        assertTrue(nullOnly.fallback(), "a type set by hand stands on a re-run");
        MappedType mixed = sampled(n("1"), SampledValue.of(S), SampledValue.of(NULL), n("2.5"));
        assertEquals("string", mixed.type());
        assertEquals(Optional.of("values of different types in the sample (S, N): declared string"), mixed.note());
        assertEquals("string", sampled(SampledValue.of(SS), SampledValue.of(NS)).type(), "sets of two kinds");
        assertTrue(mixed.fallback());
    }

    @Test
    void keysComeFirstThenAttributesByNameThenTheRestColumn() throws TableNotReadable {
        ItemSample sample = new ItemSample(List.of("pk", "sk"));
        sample.declare("pk", S);
        sample.declare("sk", N);
        sample.add(Map.of("pk", SampledValue.of(S), "sk", n("1"), "zeta", SampledValue.of(BOOL), "Alpha", n("2.5")));
        sample.add(Map.of("pk", SampledValue.of(S), "sk", n("2"), "beta", SampledValue.of(B)));
        SourceTable table = DynamoDbColumns.describe(new TableName("dynamodb", "t"), sample, Optional.of("_item_rest"),
                "from the test");
        assertEquals(List.of("pk string", "sk bigint", "Alpha decimal(38,1)", "beta binary", "zeta boolean",
                "_item_rest string"), columns(table));
        assertEquals(List.of("pk", "sk"), table.primaryKey());
        assertEquals(List.of("from the test"), table.notes());

        SourceTable withoutRest = DynamoDbColumns.describe(new TableName("dynamodb", "t"), sample, Optional.empty(), "x");
        assertEquals(List.of("pk string", "sk bigint", "Alpha decimal(38,1)", "beta binary", "zeta boolean"),
                columns(withoutRest));
    }

    @Test
    void anEmptySampleDefinesTheKeyAsDeclaredWithAWarning() throws TableNotReadable {
        ItemSample sample = new ItemSample(List.of("id"));
        sample.declare("id", N);
        SourceTable table = DynamoDbColumns.describe(new TableName("dynamodb", "t"), sample, Optional.of("_item_rest"),
                "from the test");
        assertEquals(List.of("id bigint", "_item_rest string"), columns(table));
        assertEquals(2, table.notes().size());
        assertTrue(table.notes().get(1).startsWith("warning: the sample holds no item"), table.notes().get(1));
    }

    @Test
    void attributesThatCannotBeColumnsAreLeftToTheRestColumn() throws TableNotReadable {
        ItemSample sample = new ItemSample(List.of("id"));
        Map<String, SampledValue> item = new LinkedHashMap<>();
        for (String name : List.of("id", "ok.dotted", "with space", "a=b", "x(1)", "__meta", "_change_seq", "Name",
                "name", "_ITEM_REST", "_under")) {
            item.put(name, SampledValue.of(S));
        }
        sample.add(item);
        SourceTable table = DynamoDbColumns.describe(new TableName("dynamodb", "t"), sample, Optional.of("_item_rest"),
                "from the test");
        assertEquals(List.of("id string", "Name string", "_under string", "ok.dotted string", "_item_rest string"),
                columns(table), "Delta takes dots; case-insensitive duplicates keep the first by name");
        List<String> leftOut = table.notes().subList(1, table.notes().size()).stream()
                .map(note -> note.substring("attribute \"".length(), note.indexOf("\" is no column"))).toList();
        assertEquals(List.of("_ITEM_REST", "__meta", "_change_seq", "a=b", "name", "with space", "x(1)"), leftOut);
        assertTrue(table.notes().stream().allMatch(n -> n.equals("from the test")
                || n.endsWith("; its values are carried in _item_rest.")), table.notes().toString());

        ItemSample badKey = new ItemSample(List.of("order id"));
        badKey.declare("order id", S);
        TableNotReadable refused = assertThrows(TableNotReadable.class, () -> DynamoDbColumns.describe(
                new TableName("dynamodb", "t"), badKey, Optional.empty(), "x"));
        assertTrue(refused.getMessage().startsWith("its key attribute \"order id\" cannot be a column: Delta refuses"),
                refused.getMessage());
    }

    @Test
    void recordValuesAreDescriptorObjects() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(new SampledValue(N, List.of("12.5")), DynamoDbRecordSample.value(json.readTree("{\"N\": \"12.5\"}"), "a", "w"));
        assertEquals(new SampledValue(NS, List.of("1", "2")),
                DynamoDbRecordSample.value(json.readTree("{\"NS\": [\"1\", \"2\"]}"), "a", "w"));
        assertEquals(SampledValue.of(NULL), DynamoDbRecordSample.value(json.readTree("{\"NULL\": true}"), "a", "w"));
        assertEquals(SampledValue.of(M), DynamoDbRecordSample.value(json.readTree("{\"M\": {\"x\": {\"S\": \"y\"}}}"), "a", "w"));
        for (String bad : List.of("\"text\"", "{\"X\": 1}", "{\"S\": \"a\", \"N\": \"1\"}", "{}")) {
            assertThrows(ConfigException.class, () -> DynamoDbRecordSample.value(json.readTree(bad), "a", "w"), bad);
        }
    }

    static List<String> columns(SourceTable table) {
        return table.columns().stream().map(c -> c.name() + " " + c.mapped().type()).toList();
    }
}
