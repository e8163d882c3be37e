package io.dmsdelta.source.wal2json;

import io.dmsdelta.config.Wal2JsonSource;
import io.dmsdelta.source.events.ColumnImages;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Splitting wal2json output into a table's changes, on text as wal2json 2.5 and pg_recvlogical wrote it. No Spark. */
class Wal2JsonRecordsTest {

    /** Format version 1 with pretty-print and write-in-chunks: a transaction's chunks on lines of their own. */
    private static final String V1_CHUNKS = """
            {
            \t"nextlsn": "0/1549780",
            \t"change": [
            \t\t{
            \t\t\t"kind": "insert",
            \t\t\t"schema": "public",
            \t\t\t"table": "u",
            \t\t\t"columnnames": ["id", "v", "s"],
            \t\t\t"columntypes": ["integer", "numeric", "text"],
            \t\t\t"columnvalues": [1, 12345678901234567890.123456789, "a"]
            \t\t}
            \t\t,{
            \t\t\t"kind": "insert",
            \t\t\t"schema": "public",
            \t\t\t"table": "u",
            \t\t\t"columnnames": ["id", "v", "s"],
            \t\t\t"columntypes": ["integer", "numeric", "text"],
            \t\t\t"columnvalues": [2, 0.00000001, null]
            \t\t}
            \t\t,{
            \t\t\t"kind": "update",
            \t\t\t"schema": "public",
            \t\t\t"table": "u",
            \t\t\t"columnnames": ["id", "v", "s"],
            \t\t\t"columntypes": ["integer", "numeric", "text"],
            \t\t\t"columnvalues": [3, 0.00000001, null],
            \t\t\t"oldkeys": {
            \t\t\t\t"keynames": ["id"],
            \t\t\t\t"keytypes": ["integer"],
            \t\t\t\t"keyvalues": [2]
            \t\t\t}
            \t\t}
            \t]
            }
            {
            \t"nextlsn": "0/15497F0",
            \t"change": [
            \t\t{
            \t\t\t"kind": "message",
            \t\t\t"transactional": true,
            \t\t\t"prefix": "test",
            \t\t\t"content": "hello"
            \t\t}
            \t]
            }
            """;

    /** Format version 2 with include-lsn: an update leaving a TOAST column out, a key change, a truncate. */
    private static final String V2 = """
            {"action":"B","lsn":"0/1526D38","nextlsn":"0/1526D68"}
            {"action":"I","lsn":"0/1526880","schema":"public","table":"u","columns":[{"name":"id","type":"integer","value":1},{"name":"v","type":"numeric","value":1.50},{"name":"s","type":"text","value":"x"}]}
            {"action":"I","lsn":"0/1526890","schema":"public","table":"other","columns":[{"name":"id","type":"integer","value":1}]}
            {"action":"U","lsn":"0/1526A50","schema":"public","table":"u","columns":[{"name":"id","type":"integer","value":1},{"name":"v","type":"numeric","value":2}],"identity":[{"name":"id","type":"integer","value":1}]}
            {"action":"U","lsn":"0/1526C28","schema":"public","table":"u","columns":[{"name":"id","type":"integer","value":3},{"name":"v","type":"numeric","value":null},{"name":"s","type":"text","value":"y"}],"identity":[{"name":"id","type":"integer","value":1}]}
            {"action":"M","lsn":"0/1526C30","transactional":true,"prefix":"test","content":"hi"}
            {"action":"C","lsn":"0/1526D38","nextlsn":"0/1526D68"}
            {"action":"B","lsn":"0/15278E8","nextlsn":"0/1527A58"}
            {"action":"T","lsn":"0/15278B8","schema":"public","table":"u"}
            {"action":"D","lsn":"1/00000010","schema":"public","table":"u","identity":[{"name":"id","type":"integer","value":3}]}
            {"action":"C","lsn":"0/15278E8","nextlsn":"0/1527A58"}
            """;

    private static Wal2JsonRecords records(Wal2JsonSource.Order order) {
        return new Wal2JsonRecords(new ColumnImages.Table("public", "u", List.of("id")), order);
    }

    @Test
    void versionOneTransactionsInChunksGiveEachChangeWithItsLineExactNumbersAndAKeyChangeAsDeleteAndInsert() {
        List<Row> rows = records(Wal2JsonSource.Order.LSN).split("f.json", 0, 0L, V1_CHUNKS);
        BigDecimal commit = new BigDecimal(0x1549780L).multiply(ColumnImages.POSITIONS);
        assertEquals(List.of("I", "I", "D", "I"), rows.stream().map(r -> r.getString(3)).toList());
        assertEquals(List.of(4L, 12L, 20L, 20L), rows.stream().map(r -> r.getLong(2)).toList());
        assertEquals(List.of(commit, commit.add(BigDecimal.ONE), commit.add(BigDecimal.valueOf(2)),
                commit.add(BigDecimal.valueOf(2))), rows.stream().map(r -> r.getDecimal(4)).toList());
        assertEquals(Arrays.asList("1", "12345678901234567890.123456789", "a"), values(rows.get(0)));
        assertEquals(Arrays.asList("2", "0.00000001", null), values(rows.get(1)));
        assertEquals(List.of("id"), rows.get(2).getList(5), "the old key's delete");
        assertEquals(List.of("2"), values(rows.get(2)));
        assertEquals(Arrays.asList("3", "0.00000001", null), values(rows.get(3)));
        assertEquals(List.of("integer", "numeric", "text"), rows.get(3).getList(6));
        assertEquals(List.of(false, false, false, true), rows.stream().map(r -> r.getBoolean(8)).toList(),
                "the key change's insert may leave columns out");
        rows.forEach(r -> assertNull(r.get(10)));
    }

    @Test
    void versionTwoActionsOfTheTableWithTheirOwnPositionsAndTransactionsMessagesAndOtherTablesLeftOut() {
        List<Row> rows = records(Wal2JsonSource.Order.LSN).split("f.json", 2, 0L, V2);
        assertEquals(List.of("I", "U", "D", "I", "T", "D"), rows.stream().map(r -> r.getString(3)).toList());
        assertEquals(List.of(2L, 4L, 5L, 5L, 9L, 10L), rows.stream().map(r -> r.getLong(2)).toList());
        assertEquals(new BigDecimal(0x1526A50L).multiply(ColumnImages.POSITIONS), rows.get(1).getDecimal(4));
        assertEquals(new BigDecimal(0x100000010L).multiply(ColumnImages.POSITIONS), rows.get(5).getDecimal(4));
        assertEquals(List.of("id", "v"), rows.get(1).getList(5), "the unchanged TOAST column is left out");
        assertEquals(List.of("1", "2"), values(rows.get(1)));
        assertEquals(List.of("1.50"), values(rows.get(0)).subList(1, 2), "numbers exactly as written");
        assertEquals(List.of("1"), values(rows.get(2)), "the key change's delete of the old key");
        assertNull(rows.get(4).get(5), "a truncate has no columns");
        rows.forEach(r -> assertEquals(2, r.getInt(1)));
    }

    @Test
    void arrivalOrderIsTheFilesModificationTimeThenThePlaceOfTheChangeInTheFile() {
        List<Row> rows = records(Wal2JsonSource.Order.ARRIVAL).split("f.json", 0, 1_700_000_000_000L, V2);
        BigDecimal base = BigDecimal.valueOf(1_700_000_000_000L).multiply(ColumnImages.POSITIONS);
        // Every table's changes count: the other table's insert is the second.
        assertEquals(List.of(base, base.add(BigDecimal.valueOf(2)), base.add(BigDecimal.valueOf(3)),
                        base.add(BigDecimal.valueOf(3)), base.add(BigDecimal.valueOf(4)), base.add(BigDecimal.valueOf(5))),
                rows.stream().map(r -> r.getDecimal(4)).toList());
    }

    @Test
    void withoutLogPositionsTheSequenceIsMissingForTheTypingToReport() {
        List<Row> rows = records(Wal2JsonSource.Order.LSN).split("f.json", 0, 0L,
                "{\"change\":[{\"kind\":\"delete\",\"schema\":\"public\",\"table\":\"u\",\"oldkeys\":{\"keynames\":"
                        + "[\"id\"],\"keytypes\":[\"integer\"],\"keyvalues\":[7]}}]}");
        assertEquals(1, rows.size());
        assertNull(rows.get(0).get(4));
    }

    @Test
    void whatIsNotAWal2JsonChangeIsAMalformedRowNamingItsLine() {
        String text = "{\"action\":\"I\",\"lsn\":\"0/10\",\"schema\":\"public\",\"table\":\"u\",\"columns\":[{\"name\":\"id\","
                + "\"type\":\"integer\",\"value\":1}]}\n"
                + "{\"action\":\"D\",\"lsn\":\"0/20\",\"schema\":\"public\",\"table\":\"u\"}\n"
                + "{\"hello\":1}\n"
                + "[1,2]\n"
                + "{\"action\":\"X\",\"schema\":\"public\",\"table\":\"u\"}\n"
                + "{\"action\":\"I\", \"lsn\": \"0/30\", \"columns\": [ {";
        List<Row> rows = records(Wal2JsonSource.Order.LSN).split("f.json", 0, 0L, text);
        assertEquals(6, rows.size());
        assertNull(rows.get(0).get(10));
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), rows.subList(1, 6).stream().map(r -> r.getLong(2)).toList());
        assertTrue(rows.get(1).getString(10).contains("without its old key"), rows.get(1).getString(10));
        assertTrue(rows.get(2).getString(10).contains("neither a wal2json version 1"), rows.get(2).getString(10));
        assertTrue(rows.get(3).getString(10).contains("not a JSON object"), rows.get(3).getString(10));
        assertTrue(rows.get(4).getString(10).contains("has action X"), rows.get(4).getString(10));
        assertTrue(rows.get(5).getString(10).contains("not valid JSON"), rows.get(5).getString(10));
    }

    private static List<String> values(Row row) {
        return row.getList(7);
    }
}
