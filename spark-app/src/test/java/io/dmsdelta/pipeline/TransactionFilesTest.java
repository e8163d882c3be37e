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

/** PreserveTransactions + CdcPath: one CDC_TXN stream for all tables, routed by table and schema, order kept. */
class TransactionFilesTest {

    static final String TABLES = """
            {"tables": [
              {"schema": "shop", "table": "orders", "primaryKey": ["id"],
               "columns": [{"name": "id", "type": "int"}, {"name": "status", "type": "string"}]},
              {"schema": "shop", "table": "items", "primaryKey": ["order_id", "n"],
               "columns": [{"name": "order_id", "type": "int"}, {"name": "n", "type": "int"}, {"name": "sku", "type": "string"},
                           {"name": "qty", "type": "int"}]}]}""";

    @TempDir
    Path dir;

    private Pipeline pipeline() {
        Pipeline p = new Pipeline(dir).withTables(TABLES)
                .withSettings("{\"PreserveTransactions\": true, \"CdcPath\": \"txn/changes\"}");
        p.file("shop/orders/LOAD00000001.csv", "1,new", "2,new");
        p.file("shop/items/LOAD00000001.csv", "1,1,apple,3");
        p.file("txn/changes/CDC_TXN-20240612103000000.csv",
                "U,orders,shop,1,paid",
                "I,items,shop,2,1,pear,1",
                "I,items,shop,2,2,\"fig, dried\",5",
                "U,orders,shop,2,paid",
                "D,items,shop,1,1,,",
                "I,orders,other_schema,9,not ours");
        p.file("txn/changes/CDC_TXN-20240612103100000.csv",
                "U,items,shop,2,2,fig,6",
                "U,orders,shop,1,shipped",
                "I,orders,shop,3,new");
        return p;
    }

    @Test
    void eachTablesChangesAreAppliedInTransactionOrder() {
        Pipeline p = pipeline();
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(List.of("1|shipped", "2|paid", "3|new"), p.rows("shop", "orders"));
        assertEquals(List.of("2|1|pear|1", "2|2|fig|6"), p.rows("shop", "items"));

        p.file("txn/changes/CDC_TXN-20240612103200000.csv", "D,orders,shop,3,");
        Result again = new Result(p.runSource(p.source.resolve("txn/changes/CDC_TXN-20240612103200000.csv")));
        assertEquals(0, again.code(), again.text());
        assertEquals(List.of("1|shipped", "2|paid"), p.rows("shop", "orders"));
    }

    @Test
    void aBadRowFailsOnlyItsTableAndNamesItsLineInTheSharedFile() {
        Pipeline p = pipeline();
        p.file("txn/changes/CDC_TXN-20240612103200000.csv", "I,orders,shop,4,new", "U,items,shop,2,2,fig,many");
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        result.assertTable("shop.items", TableStatus.FAILED, Reason.BAD_INPUT,
                "CDC_TXN-20240612103200000.csv line 2, column qty, value \"many\": is not a valid int");
        assertEquals(TableStatus.APPLIED, result.table("shop.orders").status());
        assertEquals(List.of("1|shipped", "2|paid", "3|new", "4|new"), p.rows("shop", "orders"));
    }

    private record Result(int code, String text) {
        Result(Pipeline.Result r) {
            this(r.exitCode(), r.all());
        }
    }
}
