package io.dmsdelta.init;

import io.dmsdelta.config.TableDefinitions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The difference of two definition sets, and what init writes for each outcome. */
class DefinitionDiffTest {

    static final TableName T = new TableName("app", "t");

    static SourceColumn col(String name, String type) {
        return new SourceColumn(name, type, MappedType.of(type));
    }

    static Built.Fresh fresh(List<String> key, SourceColumn... columns) {
        return new Built.Fresh(T, List.of(columns), key, Optional.empty(), Optional.empty(), false, List.of());
    }

    static TableSpec previous(ColumnSpec... columns) {
        return new TableSpec(T, List.of("id"), List.of(columns), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }

    static ColumnSpec spec(String name, String type) {
        return new ColumnSpec(name, type, false);
    }

    @Test
    void aColumnAddedAtTheEndIsAddedLaterAndNeedsNothingElse() {
        DefinitionDiff.Compared compared = DefinitionDiff.compare(previous(spec("id", "int"), spec("name", "string")),
                fresh(List.of("id"), col("id", "int"), col("name", "string"), col("email", "string")));
        assertEquals(List.of(new Difference.ColumnAdded("email", "string")), compared.differences());
        assertFalse(compared.needsAcceptance());
        assertEquals(List.of(spec("id", "int"), spec("name", "string"), new ColumnSpec("email", "string", true)),
                compared.merged().columns());
    }

    @Test
    void whatARunRefusesNeedsAcceptanceAndIsWrittenAsTheSourceIsNow() {
        TableSpec before = previous(spec("id", "int"), spec("name", "string"), spec("qty", "int"),
                new ColumnSpec("late", "string", true));
        DefinitionDiff.Compared compared = DefinitionDiff.compare(before, fresh(List.of("id", "name"),
                col("id", "int"), col("extra", "date"), col("name", "string"), col("qty", "bigint"), col("late", "string")));
        assertEquals(List.of(new Difference.TypeChanged("qty", "int", "bigint"),
                new Difference.ColumnAddedInside("extra", "date", "name"),
                new Difference.KeyChanged(List.of("id"), List.of("id", "name"))), compared.differences());
        assertTrue(compared.needsAcceptance());
        assertEquals(List.of(spec("id", "int"), spec("extra", "date"), spec("name", "string"), spec("qty", "bigint"),
                spec("late", "string")), compared.merged().columns(), "no addedLater marks after a rebuild");

        DefinitionDiff.Compared removed = DefinitionDiff.compare(before, fresh(List.of("id"), col("id", "int"),
                col("qty", "int"), col("name", "string"), col("late", "string")));
        assertEquals(List.of(new Difference.ColumnsReordered(List.of("id", "name", "qty", "late"),
                List.of("id", "qty", "name", "late"))), removed.differences());
        DefinitionDiff.Compared gone = DefinitionDiff.compare(before, fresh(List.of("id"), col("id", "int"),
                col("name", "string"), col("late", "string")));
        assertEquals(List.of(new Difference.ColumnRemoved("qty", "int")), gone.differences());
    }

    @Test
    void handSetTypesRuleSettingsAndTheKeyOfAKeylessSourceAreKept() {
        TableSpec before = new TableSpec(T, List.of("id"), List.of(spec("id", "int"), spec("amount", "decimal(28,6)"),
                spec("AR_H_CHANGE_SEQ", "decimal(38,0)")), Optional.of("AR_H_CHANGE_SEQ"), Optional.of("BI_"),
                Optional.empty(), Optional.of("20240612-103125108.csv"), true);
        Built.Fresh now = new Built.Fresh(T, List.of(col("id", "int"),
                new SourceColumn("amount", "numeric", MappedType.fallback("unbounded"))), List.of(), Optional.empty(),
                Optional.empty(), false, List.of());
        DefinitionDiff.Compared compared = DefinitionDiff.compare(before, now);
        assertEquals(List.of(), compared.differences());
        assertEquals(before, compared.merged());
        assertEquals(3, compared.notes().size(), compared.notes().toString());
    }

    @Test
    void withTheTaskMappingsTheirSettingsWinAndANewSequenceColumnNeedsARebuild() {
        TableSpec before = previous(spec("id", "int"), spec("v", "string"));
        Built.Fresh now = new Built.Fresh(T, List.of(col("id", "int"), col("v", "string"),
                col("AR_H_CHANGE_SEQ", "decimal(38,0)")), List.of("id"), Optional.of("AR_H_CHANGE_SEQ"),
                Optional.of(new Built.BeforeImageSetting("BI_", ImagedColumns.KEY_ONLY)), true, List.of());
        DefinitionDiff.Compared compared = DefinitionDiff.compare(before, now);
        assertEquals(List.of(new Difference.RequiredColumnAdded("AR_H_CHANGE_SEQ", "sequenceColumn"),
                new Difference.SettingChanged("sequenceColumn", "(none)", "AR_H_CHANGE_SEQ"),
                new Difference.SettingChanged("beforeImagePrefix", "(none)", "BI_"),
                new Difference.SettingChanged("beforeImageColumns", "(none)", "pk-only")), compared.differences());
        assertTrue(compared.needsAcceptance());
    }

    @Test
    void reconcileSortsWritesNewAndChangedAndBlocksOnWhatNeedsAcceptance() {
        TableSpec kept = new TableSpec(new TableName("app", "kept"), List.of("id"), List.of(spec("id", "int")),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);
        TableSpec gone = new TableSpec(new TableName("app", "gone"), List.of("id"), List.of(spec("id", "int")),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);
        Built keyless = new Built.Fresh(new TableName("app", "events"), List.of(col("at", "timestamp")), List.of(),
                Optional.empty(), Optional.empty(), false, List.of());
        Built newOne = new Built.Fresh(new TableName("app", "a_new"), List.of(col("id", "bigint")), List.of("id"),
                Optional.empty(), Optional.empty(), false, List.of());
        Built same = new Built.Fresh(new TableName("app", "kept"), List.of(col("id", "int")), List.of("id"),
                Optional.empty(), Optional.empty(), false, List.of());

        Reconciliation blocked = Reconciler.reconcile(List.of(kept, gone), List.of(same, keyless, newOne), false);
        assertTrue(blocked.blocked());
        assertEquals(List.of("app.a_new NEW", "app.events SKIPPED", "app.gone GONE", "app.kept UNCHANGED"),
                blocked.outcomes().stream().map(o -> o.name() + " " + o.status()).toList());

        Reconciliation accepted = Reconciler.reconcile(List.of(kept, gone), List.of(same, keyless, newOne), true);
        assertFalse(accepted.blocked());
        assertEquals(List.of("app.a_new", "app.kept"), accepted.definitions().stream().map(t -> t.name().qualified()).toList());
        assertEquals(InitStatus.REMOVED, accepted.outcomes().get(2).status());
        assertTrue(accepted.outcomes().get(1).summary().startsWith("no primary key, so no definition is written"));
        TableDefinitions.parse(DefinitionsFile.write(accepted.definitions()), "written");
    }

    @Test
    void aDefinitionARunWouldRefuseIsLeftOutWithTheReason() {
        Built hidden = new Built.Fresh(new TableName("app", "_tmp"), List.of(col("id", "int")), List.of("id"),
                Optional.empty(), Optional.empty(), false, List.of());
        Reconciliation result = Reconciler.reconcile(List.of(), List.of(hidden), false);
        TableOutcome outcome = result.outcomes().get(0);
        assertEquals(InitStatus.SKIPPED, outcome.status());
        assertTrue(outcome.summary().startsWith("its definition would not be valid, so it is left out: \"table\" starts"
                + " with \"_\""), outcome.summary());
        assertEquals(List.of(), result.definitions());
    }

    @Test
    void theFileIsStableSortedAndReadsBack() {
        TableSpec b = new TableSpec(new TableName("b", "t"), List.of("k1", "k2"),
                List.of(spec("k1", "int"), spec("k2", "string"), new ColumnSpec("x \"quoted\"", "decimal(10,2)", true)),
                Optional.of("k1"), Optional.of("BI_"), Optional.of(new ImagedColumns.Listed(List.of("k1", "k2"))),
                Optional.of("20240612-103125108.csv"), true);
        TableSpec a = previous(spec("id", "int"));
        String text = DefinitionsFile.write(List.of(b, a));
        assertEquals("""
                {
                  "tables": [
                    {
                      "schema": "app",
                      "table": "t",
                      "primaryKey": ["id"],
                      "columns": [
                        {"name": "id", "type": "int"}
                      ]
                    },
                    {
                      "schema": "b",
                      "table": "t",
                      "primaryKey": ["k1", "k2"],
                      "sequenceColumn": "k1",
                      "beforeImagePrefix": "BI_",
                      "beforeImageColumns": ["k1", "k2"],
                      "beforeImagesFrom": "20240612-103125108.csv",
                      "ignoreUnknownColumns": true,
                      "columns": [
                        {"name": "k1", "type": "int"},
                        {"name": "k2", "type": "string"},
                        {"name": "x \\"quoted\\"", "type": "decimal(10,2)", "addedLater": true}
                      ]
                    }
                  ]
                }
                """, text);
        assertEquals(List.of(a, b), DefinitionsFile.read(text, "t.json"));
    }

    @Test
    void aSourceInitDoesNotWriteIsReadBackAndKeptAsItWasWritten() {
        String text = """
                {
                  "tables": [
                    {
                      "schema": "public",
                      "table": "events",
                      "primaryKey": ["id"],
                      "source": {"format": "wal2json", "folder": "wal", "order": "arrival", "lateArrivalMinutes": 30},
                      "columns": [
                        {"name": "id", "type": "bigint"}
                      ]
                    }
                  ]
                }
                """;
        List<TableSpec> read = DefinitionsFile.read(text, "t.json");
        assertEquals("wal2json", read.get(0).format());
        Reconciliation dms = Reconciler.reconcile(read, List.of(), false);
        assertEquals(List.of(InitStatus.KEPT), dms.outcomes().stream().map(TableOutcome::status).toList());
        assertEquals(text, DefinitionsFile.write(dms.definitions()));
    }
}
