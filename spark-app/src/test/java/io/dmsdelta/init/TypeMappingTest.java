package io.dmsdelta.init;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "Source types" mapping of docs/configuration.md, row by row, per engine. */
class TypeMappingTest {

    private static MappedType pg(String name, String declared) {
        return PostgresTypes.map(new PostgresTypes.Type(name, "b", "N", declared));
    }

    private static MappedType mysql(String dataType, String columnType) {
        return MySqlTypes.map(new MySqlTypes.Type(dataType, columnType, Optional.empty(), Optional.empty()));
    }

    @Test
    void postgresTypes() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("int2/smallint", "smallint");
        expected.put("int4/integer", "int");
        expected.put("int8/bigint", "bigint");
        expected.put("numeric/numeric(12,2)", "decimal(12,2)");
        expected.put("numeric/numeric(38,0)", "decimal(38,0)");
        expected.put("float4/real", "float");
        expected.put("float8/double precision", "double");
        expected.put("timestamp/timestamp without time zone", "timestamp");
        expected.put("timestamptz/timestamp(3) with time zone", "timestamp");
        expected.put("date/date", "date");
        expected.put("time/time without time zone", "string");
        expected.put("timetz/time with time zone", "string");
        expected.put("interval/interval", "string");
        expected.put("bool/boolean", "boolean");
        expected.put("uuid/uuid", "string");
        expected.put("json/json", "string");
        expected.put("jsonb/jsonb", "string");
        expected.put("xml/xml", "string");
        expected.put("citext/citext", "string");
        expected.put("inet/inet", "string");
        expected.put("text/text", "string");
        expected.put("varchar/character varying(20)", "string");
        expected.put("bpchar/character(3)", "string");
        expected.put("bytea/bytea", "binary");
        expected.forEach((source, type) -> {
            String[] parts = source.split("/");
            MappedType mapped = pg(parts[0], parts[1]);
            assertEquals(type, mapped.type(), source);
            assertEquals(Optional.empty(), mapped.note(), source);
        });
        assertTrue(PostgresTypes.map(new PostgresTypes.Type("_int4", "b", "A", "integer[]")).lob(), "arrays are LOBs");
        assertEquals("string", PostgresTypes.map(new PostgresTypes.Type("_int4", "b", "A", "integer[]")).type());
        assertEquals("string", PostgresTypes.map(new PostgresTypes.Type("mood", "e", "E", "mood")).type());
        for (String lob : new String[] {"text", "bytea", "json", "jsonb", "xml"}) {
            assertTrue(pg(lob, lob).lob(), lob);
        }
        for (String notLob : new String[] {"varchar", "int4", "uuid", "numeric"}) {
            assertFalse(pg(notLob, notLob + "(1,0)").lob(), notLob);
        }
    }

    @Test
    void postgresNumericWithoutBoundsOrTooWideIsStringWithANote() {
        MappedType unbounded = pg("numeric", "numeric");
        assertEquals("string", unbounded.type());
        assertTrue(unbounded.fallback());
        assertTrue(unbounded.note().orElseThrow().contains("no precision or scale"), unbounded.note().orElseThrow());
        MappedType wide = pg("numeric", "numeric(40,2)");
        assertEquals("string", wide.type());
        assertTrue(wide.note().orElseThrow().contains("numeric(40,2) has more digits than a Spark decimal (38)"));
        assertEquals("string", pg("numeric", "numeric(5,-2)").type());
    }

    @Test
    void unknownTypesAreStringNamingTheSourceType() {
        MappedType money = pg("money", "money");
        assertEquals("string", money.type());
        assertTrue(money.fallback());
        assertEquals("source type money is not in the type mapping (docs/init.md): declared string, the text DMS"
                + " writes; declare another type by hand if its values fit one.", money.note().orElseThrow());
        MappedType point = mysql("point", "point");
        assertEquals("string", point.type());
        assertTrue(point.note().orElseThrow().startsWith("source type point is not in the type mapping"));
    }

    @Test
    void mysqlTypes() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("tinyint/tinyint(1)", "boolean");
        expected.put("tinyint/tinyint(4)", "tinyint");
        expected.put("tinyint/tinyint(3) unsigned", "smallint");
        expected.put("bit/bit(1)", "boolean");
        expected.put("smallint/smallint(6)", "smallint");
        expected.put("smallint/smallint(5) unsigned", "int");
        expected.put("mediumint/mediumint(9)", "int");
        expected.put("int/int(11)", "int");
        expected.put("int/int(10) unsigned", "bigint");
        expected.put("bigint/bigint(20)", "bigint");
        expected.put("bigint/bigint(20) unsigned", "decimal(20,0)");
        expected.put("float/float", "float");
        expected.put("double/double", "double");
        expected.put("date/date", "date");
        expected.put("datetime/datetime(6)", "timestamp");
        expected.put("timestamp/timestamp", "timestamp");
        expected.put("time/time", "string");
        expected.put("char/char(3)", "string");
        expected.put("varchar/varchar(40)", "string");
        expected.put("text/text", "string");
        expected.put("longtext/longtext", "string");
        expected.put("json/json", "string");
        expected.put("enum/enum('a','b')", "string");
        expected.put("set/set('x','y')", "string");
        expected.put("binary/binary(4)", "binary");
        expected.put("varbinary/varbinary(16)", "binary");
        expected.put("blob/blob", "binary");
        expected.put("longblob/longblob", "binary");
        expected.forEach((source, type) -> {
            String[] parts = source.split("/");
            MappedType mapped = mysql(parts[0], parts[1]);
            assertEquals(type, mapped.type(), source);
            assertEquals(Optional.empty(), mapped.note(), source);
        });
        assertEquals("decimal(10,2)", MySqlTypes.map(new MySqlTypes.Type("decimal", "decimal(10,2)", Optional.of(10L),
                Optional.of(2L))).type());
        assertEquals("string", MySqlTypes.map(new MySqlTypes.Type("decimal", "decimal(65,2)", Optional.of(65L),
                Optional.of(2L))).type());
        for (String lob : new String[] {"tinytext", "text", "mediumtext", "longtext", "json", "tinyblob", "blob",
                "mediumblob", "longblob"}) {
            assertTrue(mysql(lob, lob).lob(), lob);
        }
        assertFalse(mysql("varchar", "varchar(10)").lob());
        assertTrue(mysql("tinyint", "tinyint(1)").accepts("tinyint"), "tinyint(1) may be declared tinyint too");
        assertFalse(mysql("int", "int(11)").accepts("bigint"));
    }

    @Test
    void parquetTypesAsSparkReadsThem() {
        assertEquals("int", ParquetTypes.map(Types.optional(PrimitiveTypeName.INT32).named("a")).type());
        assertEquals("smallint", ParquetTypes.map(Types.optional(PrimitiveTypeName.INT32)
                .as(LogicalTypeAnnotation.intType(16, true)).named("a")).type());
        assertEquals("date", ParquetTypes.map(Types.optional(PrimitiveTypeName.INT32)
                .as(LogicalTypeAnnotation.dateType()).named("a")).type());
        assertEquals("bigint", ParquetTypes.map(Types.optional(PrimitiveTypeName.INT64).named("a")).type());
        assertEquals("timestamp", ParquetTypes.map(Types.optional(PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named("a")).type());
        assertEquals("decimal(12,2)", ParquetTypes.map(Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(6)
                .as(LogicalTypeAnnotation.decimalType(2, 12)).named("a")).type());
        assertEquals("string", ParquetTypes.map(Types.optional(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType()).named("a")).type());
        assertEquals("binary", ParquetTypes.map(Types.optional(PrimitiveTypeName.BINARY).named("a")).type());
        assertEquals("boolean", ParquetTypes.map(Types.optional(PrimitiveTypeName.BOOLEAN).named("a")).type());
        assertEquals("float", ParquetTypes.map(Types.optional(PrimitiveTypeName.FLOAT).named("a")).type());
        assertEquals("double", ParquetTypes.map(Types.optional(PrimitiveTypeName.DOUBLE).named("a")).type());
        MappedType time = ParquetTypes.map(Types.optional(PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timeType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named("a"));
        assertEquals("string", time.type());
        assertTrue(time.note().orElseThrow().contains("Spark 3.5 cannot read Parquet TIME"));
    }

    @Test
    void typesCompareAsSparkTypes() {
        assertTrue(MappedType.sameType("int", "INTEGER"));
        assertTrue(MappedType.sameType("decimal(10,2)", "DECIMAL(10, 2)"));
        assertFalse(MappedType.sameType("decimal(10,2)", "decimal(12,2)"));
        assertTrue(MappedType.fallback("x").accepts("decimal(28,6)"), "a fallback keeps a hand-set type");
        assertFalse(MappedType.of("int").accepts("bigint"));
    }
}
