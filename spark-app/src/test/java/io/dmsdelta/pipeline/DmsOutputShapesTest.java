package io.dmsdelta.pipeline;

import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(result.out().contains("added column(s) email string, score int"), result.out());
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
        assertTrue(result.out().contains("skipped column shoe_size"), result.out());
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
}
