package io.dmsdelta.pipeline;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shapes real DMS output takes beyond the default: key-only deletes, key changes, added columns, value formats. */
class DmsOutputShapesTest {

    static final String PEOPLE = """
            {"tables": [{"schema": "public", "table": "people", "primaryKey": ["id"], %s
              "columns": [{"name": "id", "type": "int"}, {"name": "name", "type": "string"}, {"name": "city", "type": "string"}%s]}]}""";

    @TempDir
    Path dir;

    @Test
    void aPostgresDeleteCarriesOnlyTheKey() {
        Pipeline p = new Pipeline(dir).withTables(PEOPLE.formatted("", ""));
        p.file("public/people/LOAD00000001.csv", "1,Ann,Oslo", "2,Bob,Rome");
        p.file("public/people/20240612-103125108.csv", "D,1,,", "U,2,Bob,Paris");
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(List.of("2|Bob|Paris"), p.rows("public", "people"));
    }

    @Test
    void anUpdateWhoseBeforeImageKeyDiffersMovesTheRowInOrderWithTheOtherChanges() {
        Pipeline p = new Pipeline(dir).withTables(PEOPLE.formatted("\"beforeImagePrefix\": \"BI_\",", ""));
        p.file("public/people/LOAD00000001.csv", "1,Ann,Oslo,", "2,Bob,Rome,");
        p.file("public/people/20240612-103125108.csv",
                "U,10,Ann,Oslo,1",     // key 1 becomes 10
                "U,2,Bob,Paris,2",     // PostgreSQL fills the before-image key on every update: not a move
                "I,1,Cid,Bern,",       // the old key is free again
                "U,20,Ann,Lima,10");   // and the moved row moves again, later in the same batch
        p.file("public/people/20240612-103225000.csv", "U,3,Bob,Nice,2", "U,2,Cid,Bern,1");
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(List.of("20|Ann|Lima", "2|Cid|Bern", "3|Bob|Nice"), p.rows("public", "people"));
    }

    @Test
    void beforeImageColumnsAreFoundByNameInHeaders() {
        Pipeline p = new Pipeline(dir).withTables(PEOPLE.formatted("\"beforeImagePrefix\": \"BI_\",", ""))
                .withSettings("{\"AddColumnName\": true, \"IncludeOpForFullLoad\": true}");
        p.file("public/people/LOAD00000001.csv", "Op,id,name,city,BI_id,BI_name", "I,1,Ann,Oslo,,");
        p.file("public/people/20240612-103125108.csv", "Op,id,name,city,BI_id,BI_name", "U,5,Ann,Oslo,1,Ann");
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(List.of("5|Ann|Oslo"), p.rows("public", "people"));
    }

    @Test
    void aDefinitionThatGainsColumnsAddsThemAndOlderFilesWithoutThemStillApply() {
        Pipeline p = new Pipeline(dir).withTables(PEOPLE.formatted("", ""));
        p.file("public/people/LOAD00000001.csv", "1,Ann,Oslo");
        p.file("public/people/20240612-100000000.csv", "U,1,Ann,Rome");
        assertEquals(0, p.run().exitCode());

        // The source gained two columns; DMS writes them from some file on. One older file is still pending.
        p.withTables(PEOPLE.formatted("", """
                , {"name": "email", "type": "string", "addedLater": true},
                  {"name": "score", "type": "int", "addedLater": true}"""));
        p.file("public/people/20240612-110000000.csv", "I,2,Bob,Bern");
        p.file("public/people/20240612-120000000.csv", "I,3,Cid,Lima,cid@x.org,7", "U,1,Ann,Rome,ann@x.org,9");
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        result.assertWarning("public.people", "added column(s) email string, score int");
        assertEquals(List.of("1|Ann|Rome|ann@x.org|9", "2|Bob|Bern|null|null", "3|Cid|Lima|cid@x.org|7"),
                p.rows("public", "people"));
    }

    @Test
    void headerColumnsTheDefinitionDoesNotKnowAreSkippedOnlyWhenItSaysSo() {
        Pipeline p = new Pipeline(dir).withTables(PEOPLE.formatted("\"ignoreUnknownColumns\": true,", ""))
                .withSettings("{\"AddColumnName\": true}");
        p.file("public/people/LOAD00000001.csv", "id,name,city,shoe_size", "1,Ann,Oslo,38");
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        result.assertWarning("public.people", "skipped column shoe_size");
        assertEquals(List.of("1|Ann|Oslo"), p.rows("public", "people"));
    }

    @Test
    void dmsValueFormatsParseIntoTheDeclaredTypes() {
        Pipeline p = new Pipeline(dir).withTables("""
                {"tables": [{"schema": "s", "table": "v", "primaryKey": ["id"], "columns": [
                  {"name": "id", "type": "bigint"}, {"name": "f", "type": "double"}, {"name": "r", "type": "float"},
                  {"name": "b", "type": "boolean"}, {"name": "d", "type": "date"}, {"name": "ts", "type": "timestamp"},
                  {"name": "n", "type": "decimal(12,4)"}, {"name": "t", "type": "string"}]}]}""");
        p.file("s/v/LOAD00000001.csv",
                "1,+3.23800011e+01,-1.5E-3,true,1996-07-04,2024-06-12 10:30:25.104667,12345678.1234,Zoë \"Ω\" 東京",
                "2,0,0,f,2000-02-29,2024-06-12 10:30:25,-0.0001,\"multi",
                "line, with comma\"",
                "3,,,t,,,,",
                "4,1e308,3.4e38,0,1970-01-01,1970-01-01 00:00:00.000001,0,",
                "5,-2.5,1,1,9999-12-31,2024-02-29 23:59:59.999999,1,\"\"");
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(List.of(
                "1|32.3800011|-0.0015|true|1996-07-04|2024-06-12 10:30:25.104667|12345678.1234|Zoë \"Ω\" 東京",
                "2|0.0|0.0|false|2000-02-29|2024-06-12 10:30:25.0|-0.0001|multi\nline, with comma",
                "3|null|null|true|null|null|null|null",
                "4|1.0E308|3.4E38|false|1970-01-01|1970-01-01 00:00:00.000001|0.0000|null",
                "5|-2.5|1.0|true|9999-12-31|2024-02-29 23:59:59.999999|1.0000|null"), p.rows("s", "v"));
    }

    static final String SOURCE_TYPES = """
            {"tables": [{"schema": "s", "table": "types", "primaryKey": ["id"], "columns": [
              {"name": "id", "type": "bigint"}, {"name": "num", "type": "decimal(12,4)"}, {"name": "r", "type": "float"},
              {"name": "dp", "type": "double"}, {"name": "ts", "type": "timestamp"}, {"name": "tstz", "type": "timestamp"},
              {"name": "tm", "type": "string"}, {"name": "d", "type": "date"}, {"name": "b", "type": "boolean"},
              {"name": "u", "type": "string"}, {"name": "j", "type": "string"}, {"name": "arr", "type": "string"},
              {"name": "bin", "type": "binary"}, {"name": "tiny", "type": "boolean"}, {"name": "st", "type": "string"}]}]}""";

    @Test
    void postgresAndMysqlValuesAsDmsWritesThemParseIntoTheirDeclaredTypes() {
        Pipeline p = new Pipeline(dir).withTables(SOURCE_TYPES);
        p.file("s/types/LOAD00000001.csv",
                // PostgreSQL: numeric, real in exponent form, double precision, timestamp, timestamptz with an hour
                // offset, time, date, boolean t/f, uuid, jsonb, an array, bytea in its \\x form
                "1,12345678.1234,+3.23800011e+01,-1.5E-300,2024-06-12 10:30:25.104667,2024-06-12 10:30:25.104667+02,"
                        + "10:30:25.123456,1996-07-04,t,0b6f2c1e-3f1a-4d2b-9c3e-5f1a2b3c4d5e,\"{\"\"a\"\": [1, 2]}\","
                        + "\"{1,2,3}\",\\x48656c6c6f,1,",
                // timestamptz with minutes in the offset and negative, Infinity, true/false, plain hex (MySQL binary),
                // MySQL tinyint(1) 0/1 and set
                "2,-0.5,Infinity,NaN,2024-02-29 23:59:59.999999,2024-06-12 10:30:25+05:30,00:00:00,2000-02-29,false,"
                        + ",[],{},48454C4C4F,0,\"a,b\"",
                // MySQL datetime without fraction, empty values are NULL
                "3,0,0,1e308,2024-06-12 10:30:25,2024-06-12 10:30:25-08,,,1,,,,,,");
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table = io.dmsdelta.testing.TestSpark.get().read()
                .format("delta").load(p.tablePath("s", "types"));
        assertEquals(List.of(
                "1|12345678.1234|32.38|-1.5E-300|2024-06-12 10:30:25.104667|2024-06-12 08:30:25.104667|10:30:25.123456"
                        + "|1996-07-04|true|0b6f2c1e-3f1a-4d2b-9c3e-5f1a2b3c4d5e|{\"a\": [1, 2]}|{1,2,3}|48656C6C6F|true|null",
                "2|-0.5000|Infinity|NaN|2024-02-29 23:59:59.999999|2024-06-12 05:00:25.0|00:00:00|2000-02-29|false"
                        + "|null|[]|{}|48454C4C4F|false|a,b",
                "3|0.0000|0.0|1.0E308|2024-06-12 10:30:25.0|2024-06-12 18:30:25.0|null|null|true|null|null|null|null|null|null"),
                Pipeline.Tables.rows(table.selectExpr("id", "num", "r", "dp", "ts", "tstz", "tm", "d", "b", "u", "j", "arr",
                        "hex(bin)", "tiny", "st")));
    }

    @Test
    void aValueThatDoesNotFitItsTypeIsAnErrorNamingColumnAndValueNeverASilentChange() {
        Pipeline p = new Pipeline(dir).withTables(SOURCE_TYPES);
        p.file("s/types/LOAD00000001.csv",
                valueAt("1", 1, "12.34567"),            // more decimal places than decimal(12,4): it would be rounded
                valueAt("2", 4, "10:30:25"),            // a time alone is no timestamp (Spark would add today's date)
                valueAt("3", 7, "2024-06-12 10:30:25"), // a timestamp is no date (Spark would drop the time)
                valueAt("4", 7, "2024-02-30"),
                valueAt("5", 8, "maybe"),
                valueAt("6", 12, "abc"),                // half a byte
                valueAt("7", 12, "zz"),
                valueAt("8.5", 0, "8.5"));
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        result.assertTable("s.types", TableStatus.FAILED, Reason.BAD_INPUT, "bad input in 8 places",
                "line 1, column num, value \"12.34567\": has more decimal places than decimal(12,4) holds, so it would be rounded",
                "line 2, column ts, value \"10:30:25\": is not a valid timestamp",
                "line 3, column d, value \"2024-06-12 10:30:25\": is not a valid date",
                "line 4, column d, value \"2024-02-30\": is not a valid date",
                "line 5, column b, value \"maybe\": is not a valid boolean",
                "line 6, column bin, value \"abc\": is not a valid binary (expected hexadecimal digits, two per byte)",
                "line 7, column bin, value \"zz\": is not a valid binary",
                "line 8, column id, value \"8.5\": is not a valid bigint");
    }

    /** A row of {@link #SOURCE_TYPES} with key {@code id}, {@code value} in field {@code index} and the rest empty. */
    private static String valueAt(String id, int index, String value) {
        String[] fields = new String[15];
        java.util.Arrays.fill(fields, "");
        fields[0] = id;
        fields[index] = value;
        return String.join(",", fields);
    }

    @Test
    void columnNamesWithDotsAndBackticksWorkEverywhere() {
        Pipeline p = new Pipeline(dir).withTables("""
                {"tables": [{"schema": "s", "table": "odd", "primaryKey": ["order.id"], "sequenceColumn": "seq.no",
                  "beforeImagePrefix": "BI_",
                  "columns": [{"name": "order.id", "type": "int"}, {"name": "we`ird", "type": "string"},
                              {"name": "seq.no", "type": "decimal(38,0)"},
                              {"name": "late.col", "type": "int", "addedLater": true}]}]}""");
        p.file("s/odd/LOAD00000001.csv", "1,a,", "2,b,");
        p.file("s/odd/20240612-100000000.csv", "U,1,a2,5");
        p.file("s/odd/20240612-100100000.csv", "U,3,b2,6,,2", "I,4,c,7,9,"); // late.col, then the before-image
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(List.of("1|a2|5|null", "3|b2|6|null", "4|c|7|9"), p.rows("s", "odd"));
    }
}
