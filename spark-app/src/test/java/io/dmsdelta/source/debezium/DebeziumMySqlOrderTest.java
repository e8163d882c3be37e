package io.dmsdelta.source.debezium;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@code mysql} connector's order on events written as its envelope carries them: binlog file number, then position,
 * then row within the event, whatever order the partitions' files arrive in, and a binlog file rolled over to the next
 * number (its positions start again low) stays later. The sequence stored is {@code file * 10^16 + pos * 10^6 + row}.
 */
class DebeziumMySqlOrderTest {

    static final String TABLES = """
            {"tables": [{"schema": "shop", "table": "items", "primaryKey": ["id"],
              "source": {"format": "debezium", "topicPrefix": "my", "connector": "mysql"},
              "columns": [{"name": "id", "type": "int"}, {"name": "name", "type": "string"}]}]}
            """;

    @TempDir
    Path dir;

    /** An envelope as the MySQL connector writes it, at binlog file {@code mysql-bin.<file>}, position and row. */
    static String event(String op, int file, long pos, int row, int id, String name) {
        String image = "{\"id\":" + id + ",\"name\":\"" + name + "\"}";
        return "{\"before\":" + (op.equals("c") ? "null" : "{\"id\":" + id + ",\"name\":null}") + ",\"after\":"
                + (op.equals("d") ? "null" : image) + ",\"source\":{\"version\":\"3.6.1.Final\",\"connector\":\"mysql\","
                + "\"name\":\"my\",\"db\":\"shop\",\"table\":\"items\",\"server_id\":1,\"file\":\"mysql-bin."
                + String.format("%06d", file) + "\",\"pos\":" + pos + ",\"row\":" + row + ",\"snapshot\":\"false\"},"
                + "\"op\":\"" + op + "\",\"ts_ms\":1718188285000}";
    }

    @Test
    void binlogFileThenPositionThenRowOrderAKeysChangesAcrossPartitionsAndRollovers() {
        DebeziumEventsPipelineTest files = new DebeziumEventsPipelineTest();
        Pipeline p = new Pipeline(dir).withTables(TABLES);
        String topic = "my.shop.items";
        // Partition 1 arrives first with the later binlog file, whose positions are lower than the earlier file's.
        files.sinkFileOf(p, topic, 1, 0, event("u", 4, 100, 0, 1, "after rollover"),
                event("u", 4, 200, 0, 2, "row 0"), event("u", 4, 200, 1, 2, "row 1"));
        files.sinkFileOf(p, topic, 0, 0, event("c", 3, 900, 0, 1, "created"), event("c", 3, 950, 0, 2, "created"),
                event("u", 3, 990, 0, 1, "before rollover"));
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        assertEquals(List.of("1|after rollover|40000000100000000", "2|row 1|40000000200000001"), p.rows("shop", "items"));

        // The earlier binlog file's events delivered again: older, dropped.
        files.sinkFileOf(p, topic, 0, 3, event("u", 3, 990, 0, 1, "before rollover"),
                event("u", 4, 200, 0, 2, "row 0"));
        Pipeline.Result again = p.run();
        assertEquals(ExitCodes.OK, again.exitCode(), again.all());
        assertEquals(List.of("1|after rollover|40000000100000000", "2|row 1|40000000200000001"), p.rows("shop", "items"));
        assertEquals(2, again.table("shop.items").events().alreadyApplied());
    }
}
