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

/**
 * Output of the shape a PostgreSQL task writes, from DMS's documentation: {@code IncludeOpForFullLoad=true} and a
 * {@code TimestampColumnName}, so every row starts {@code I,<timestamp>,...}; an {@code add-column} rule appending
 * {@code $AR_H_CHANGE_SEQ} (empty in LOAD rows); and an {@code add-before-image-columns} rule with prefix
 * {@code before_} added to the running task, so the LOAD files and the first CDC files have no before-image
 * columns and later ones do. PostgreSQL fills the before-image on every update and leaves a delete's non-key
 * columns empty.
 */
class PostgresTaskOutputTest {

    static final String SETTINGS = """
            {"IncludeOpForFullLoad": true, "TimestampColumnName": "transaction_commit_timestamp"}""";

    static final String TABLES = """
            {"tables": [
              {"schema": "public", "table": "accounts", "primaryKey": ["id"],
               "sequenceColumn": "AR_H_CHANGE_SEQ", "beforeImagePrefix": "before_",
               "columns": [{"name": "id", "type": "int"}, {"name": "owner", "type": "string"},
                           {"name": "balance", "type": "decimal(12,2)"}, {"name": "AR_H_CHANGE_SEQ", "type": "decimal(38,0)"}]},
              {"schema": "public", "table": "order_items", "primaryKey": ["order_id", "line_no"],
               "sequenceColumn": "AR_H_CHANGE_SEQ", "beforeImagePrefix": "before_",
               "columns": [{"name": "order_id", "type": "bigint"}, {"name": "line_no", "type": "int"},
                           {"name": "sku", "type": "string"}, {"name": "AR_H_CHANGE_SEQ", "type": "decimal(38,0)"}]}]}""";

    static final String LOADED = "2024-01-31 08:15:02.000417";

    @TempDir
    Path dir;

    /** AR_H_CHANGE_SEQ: a 16-digit commit time and a 19-digit counter, 35 digits, fixed width. */
    static String seq(String commit, long counter) {
        return commit + String.format("%019d", counter);
    }

    private Pipeline pipeline() {
        Pipeline p = new Pipeline(dir).withTables(TABLES).withSettings(SETTINGS);
        p.file("public/accounts/LOAD00000001.csv",
                "I," + LOADED + ",1,Ann,10.00,",
                "I," + LOADED + ",2,Bob,20.50,",
                "I," + LOADED + ",3,Cid,30.00,");
        p.file("public/order_items/LOAD00000001.csv",
                "I," + LOADED + ",100,1,apple,",
                "I," + LOADED + ",100,2,pear,",
                "I," + LOADED + ",200,1,plum,");
        return p;
    }

    @Test
    void aBeforeImageRuleAddedMidStreamAppliesTheSourceExactlyKeyMovesIncluded() {
        Pipeline p = pipeline();
        // Before the rule: no before-image columns.
        p.file("public/accounts/20240131-081600000.csv",
                "U,2024-01-31 08:15:59.100000,1,Ann,11.00," + seq("2024013108155910", 1),
                "I,2024-01-31 08:15:59.100000,4,Dan,40.00," + seq("2024013108155910", 2),
                "D,2024-01-31 08:15:59.200000,2,,," + seq("2024013108155920", 1));
        p.file("public/order_items/20240131-081600000.csv",
                "U,2024-01-31 08:15:59.100000,100,2,pears," + seq("2024013108155910", 3));
        assertEquals(ExitCodes.OK, p.run().exitCode());

        // After the rule: a before-image per key column. One transaction moves a row, updates another (PostgreSQL
        // fills the before-image of every update), inserts (no before-image) and deletes.
        p.file("public/accounts/20240131-090000000.csv",
                "U,2024-01-31 08:59:00.000001,10,Ann,11.00," + seq("2024013108590000", 1) + ",1",
                "U,2024-01-31 08:59:00.000001,3,Cid,31.00," + seq("2024013108590000", 2) + ",3",
                "I,2024-01-31 08:59:00.000001,1,Eve,1.00," + seq("2024013108590000", 3) + ",",
                "D,2024-01-31 08:59:00.000001,4,,," + seq("2024013108590000", 4) + ",4");
        p.file("public/order_items/20240131-090000000.csv",
                "U,2024-01-31 08:59:00.000001,100,3,pears," + seq("2024013108590000", 5) + ",100,2",
                "U,2024-01-31 08:59:00.000001,200,1,plums," + seq("2024013108590000", 6) + ",200,1");
        // A later file moves the moved row again, in the same run.
        p.file("public/accounts/20240131-090100000.csv",
                "U,2024-01-31 09:00:30.000000,20,Ann,12.00," + seq("2024013109003000", 1) + ",10");
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());

        assertEquals(List.of(
                "2024-01-31 08:59:00.000001|1|Eve|1.00|" + seq("2024013108590000", 3),
                "2024-01-31 08:59:00.000001|3|Cid|31.00|" + seq("2024013108590000", 2),
                "2024-01-31 09:00:30.0|20|Ann|12.00|" + seq("2024013109003000", 1)), p.rows("public", "accounts"));
        assertEquals(List.of(
                "2024-01-31 08:15:02.000417|100|1|apple|null",
                "2024-01-31 08:59:00.000001|100|3|pears|" + seq("2024013108590000", 5),
                "2024-01-31 08:59:00.000001|200|1|plums|" + seq("2024013108590000", 6)), p.rows("public", "order_items"));

        long version = p.version("public", "accounts");
        assertEquals(ExitCodes.OK, p.run().exitCode());
        assertEquals(version, p.version("public", "accounts"), "a rerun applies nothing");
    }

    @Test
    void eachMinuteFileIsReadWithTheLayoutItWasWrittenWithAcrossRuns() {
        Pipeline p = pipeline();
        p.file("public/accounts/20240131-081600000.csv",
                "U,2024-01-31 08:15:59.100000,1,Ann,11.00," + seq("2024013108155910", 1));
        assertEquals(ExitCodes.OK, p.run().exitCode());
        p.file("public/accounts/20240131-081700000.csv",
                "U,2024-01-31 08:16:59.100000,5,Ann,11.00," + seq("2024013108165910", 1) + ",1");
        assertEquals(ExitCodes.OK, p.run().exitCode());
        p.file("public/accounts/20240131-081800000.csv",
                "U,2024-01-31 08:17:59.100000,5,Ann,15.00," + seq("2024013108175910", 1) + ",5");
        assertEquals(ExitCodes.OK, p.run().exitCode());
        assertEquals(List.of(
                "2024-01-31 08:15:02.000417|2|Bob|20.50|null",
                "2024-01-31 08:15:02.000417|3|Cid|30.00|null",
                "2024-01-31 08:17:59.1|5|Ann|15.00|" + seq("2024013108175910", 1)), p.rows("public", "accounts"));
    }

    @Test
    void aFileThatContradictsTheSettingsFailsClearlyAndTheTableStaysAsItWas() {
        Pipeline p = pipeline();
        assertEquals(ExitCodes.OK, p.run().exitCode());
        List<String> before = p.rows("public", "accounts");
        // Written without the timestamp column: the timestamp would otherwise be read as the key.
        p.file("public/accounts/20240131-081600000.csv", "U,1,Ann,11.00," + seq("2024013108155910", 1));
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        result.assertTable("public.accounts", TableStatus.FAILED, Reason.BAD_INPUT, "20240131-081600000.csv line 1:"
                + " has 5 fields, which fits none of the layouts"
                + " table public.accounts can have in this file. Layouts tried:\n"
                + "      6 (I/U/D, transaction_commit_timestamp, id, owner, balance, AR_H_CHANGE_SEQ)\n"
                + "      7 (I/U/D, transaction_commit_timestamp, id, owner, balance, AR_H_CHANGE_SEQ, before-image of id)");
        assertEquals(before, p.rows("public", "accounts"));
    }
}
