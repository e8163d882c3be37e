package io.dmsdelta.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The summary {@code run} prints on standard output, for people: the one test of its text. Every other test reads the
 * run's report as values.
 */
class RunReportSummaryTest {

    @Test
    void aLinePerTableThenEachTablesMessageQuarantineWarningsAndCatalogEntryThenTheTotals() {
        TableReport applied = new TableReport("sales.order_lines", TableStatus.APPLIED, null, 1, 6, 3, 3, 0, 2, 18, 9,
                5, 3, 1, 0, 4, 0, 2, 1, 1, 100, 200, "file:/w/_quarantine/sales/order_lines",
                "file:/d/sales/order_lines/20240612-103326007.csv", 60L, 1, 2500, List.of("added column(s) x int"))
                .withCatalog(new CatalogReport("lake.sales_order_lines", CatalogReport.Status.CREATED, null));
        TableReport failed = TableReport.without("s.t", TableStatus.FAILED, Reason.BAD_INPUT, "s.t: bad input in 1"
                        + " place; nothing was written.\n  f.csv line 2, column id: the primary key value is missing")
                .withCatalog(new CatalogReport("lake.s_t", CatalogReport.Status.UNCHANGED, null));
        TableReport skipped = TableReport.without("hr.salaries", TableStatus.SKIPPED, Reason.NO_DEFINITION,
                "DMS writes this table, but --tables does not define it");
        TableReport unregistered = TableReport.without("s.u", TableStatus.UP_TO_DATE, null, null)
                .withCatalog(new CatalogReport("lake.s_u", CatalogReport.Status.FAILED, "Glue refused CreateTable."));
        RunReport report = RunReport.of(List.of(applied, failed, skipped, unregistered), 3000,
                List.of("the bucket folder was derived from the file's path"));

        assertEquals("""
                table                            status      load  load rows   cdc    changes  inserted   updated   deleted  seconds
                sales.order_lines                APPLIED        1          6     3         18         5         3         1      2.5
                s.t                              FAILED         0          0     0          0         0         0         0      0.0
                hr.salaries                      SKIPPED        0          0     0          0         0         0         0      0.0
                s.u                              UP_TO_DATE     0          0     0          0         0         0         0      0.0
                sales.order_lines quarantined 4 bad row(s) in file:/w/_quarantine/sales/order_lines (file, line, problems\
                 and text of each); the other rows were applied
                sales.order_lines warning: added column(s) x int
                sales.order_lines catalog: created lake.sales_order_lines

                s.t FAILED: s.t: bad input in 1 place; nothing was written.
                  f.csv line 2, column id: the primary key value is missing

                hr.salaries SKIPPED: DMS writes this table, but --tables does not define it
                s.u catalog FAILED (lake.s_u): Glue refused CreateTable. The table's data is committed as summarised;\
                 the next run tries the catalog again.
                warning: the bucket folder was derived from the file's path

                4 table(s), 1 failed, 4 row(s) quarantined, in 3.0 s
                """, report.summary().replace(System.lineSeparator(), "\n"));
    }
}
