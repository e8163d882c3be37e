package io.dmsdelta.source;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's wal2json and row-trigger commands on the samples: the same statements on a real PostgreSQL 15, once
 * as pg_recvlogical wrote them with wal2json 2.5 (format version 2, in two chunks, the trigger's queue writes among
 * them) and once as the project's trigger queued them. Each gives the rows PostgreSQL held at the end, and a rerun
 * changes nothing.
 */
class SamplePostgresSourcesEndToEndTest {

    /** {@code SELECT * FROM shop.orders ORDER BY id} at the end, the 3000-character note of 1 shortened. */
    static final List<String> POSTGRES = List.of(
            "1|Ann|15.75|2024-06-12 08:31:25.108|false|u8jzPde0IgxLd6GncfBA…",
            "4|Dmitri|9999999999.99|2024-06-13 08:15:00.500|true|paid late",
            "5|Eve \"the\" second|100.00|2024-06-14 00:00:00|null|",
            "6|Fay|42.00|2024-06-15 09:00:00|false|null",
            "20|Bob|-1.00|2024-06-12 11:00:00|false|null");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"wal2json", "pg-trigger"})
    void theSampleGivesThePostgresRowsAndARerunChangesNothing(String format) {
        String source = Pipeline.REPO.resolve("sample-data/" + format).toString();
        String tables = Pipeline.REPO.resolve("dms-config/" + format + "-tables.json").toString();
        String target = dir.resolve("warehouse").toString();
        Pipeline.Result result = Pipeline.reporting(dir.resolve("report.json"), "run", "--source", source, "--target",
                target, "--tables", tables);
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        List<String> rows = TestSpark.get().read().format("delta").load(target + "/shop/orders").orderBy("id")
                .collectAsList().stream().map(r -> r.get(0) + "|" + r.get(1) + "|" + r.get(2) + "|"
                        + (r.isNullAt(3) ? "null" : r.getTimestamp(3).toInstant().toString().replace("T", " ")
                        .replace("Z", "")) + "|" + r.get(4) + "|" + (r.isNullAt(5) ? "null" : r.getString(5).length() > 20
                        ? r.getString(5).substring(0, 20) + "…" : r.getString(5))).toList();
        assertEquals(POSTGRES, rows);
        assertEquals(3000, TestSpark.get().read().format("delta").load(target + "/shop/orders").filter("id = 1")
                .first().getString(5).length(), "the update that left the note out kept it");

        Pipeline.Result again = Pipeline.reporting(dir.resolve("report-2.json"), "run", "--source", source, "--target",
                target, "--tables", tables);
        assertEquals(TableStatus.UP_TO_DATE, again.table("shop.orders").status(), again.all());
    }
}
