package io.dmsdelta.init;

import io.dmsdelta.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A source table and its rules become the definition the source gives: columns, rule columns, key, settings. */
class DefinitionBuilderTest {

    static final TableName ORDERS = new TableName("app", "orders");
    static final DefinitionBuilder.Options DB = new DefinitionBuilder.Options(Optional.empty(), false, true);

    static SourceTable orders() {
        return new SourceTable(ORDERS, List.of(
                new SourceColumn("id", "integer", MappedType.of("int")),
                new SourceColumn("note", "text", MappedType.lob("string")),
                new SourceColumn("amount", "numeric", MappedType.fallback("unbounded")),
                new SourceColumn("code", "character(2)", MappedType.of("string"))), List.of("id"), List.of());
    }

    static TableRules rules(BeforeImageFilter filter) {
        return new TableRules(List.of("AR_H_CHANGE_SEQ"),
                Optional.of(new MappingRule.AddBeforeImages("3", TablePattern.ALL, "BI_", filter)), List.of());
    }

    @Test
    void theChangeSequenceComesLastAsDecimalAndIsTheSequenceColumn() {
        Built.Fresh fresh = assertInstanceOf(Built.Fresh.class,
                DefinitionBuilder.build(orders(), rules(BeforeImageFilter.PK_ONLY), Overrides.NONE, DB));
        assertEquals(List.of("id", "note", "amount", "code", "AR_H_CHANGE_SEQ"), fresh.columnNames());
        assertEquals("decimal(38,0)", fresh.column("AR_H_CHANGE_SEQ").orElseThrow().mapped().type());
        assertEquals(Optional.of("AR_H_CHANGE_SEQ"), fresh.sequenceColumn());
        assertEquals(Optional.of(new Built.BeforeImageSetting("BI_", ImagedColumns.KEY_ONLY)), fresh.beforeImages());
        assertEquals(List.of("column amount: unbounded"), fresh.notes());
    }

    @Test
    void nonLobListsTheColumnsWithoutLobsAndAllListsEverySourceColumn() {
        Built.Fresh nonLob = (Built.Fresh) DefinitionBuilder.build(orders(), rules(BeforeImageFilter.NON_LOB), Overrides.NONE, DB);
        assertEquals(new ImagedColumns.Listed(List.of("id", "amount", "code")), nonLob.beforeImages().orElseThrow().columns());
        Built.Fresh all = (Built.Fresh) DefinitionBuilder.build(orders(), rules(BeforeImageFilter.ALL), Overrides.NONE, DB);
        assertEquals(new ImagedColumns.Listed(List.of("id", "note", "amount", "code")), all.beforeImages().orElseThrow().columns(),
                "the rule's own column has no before-image");
    }

    @Test
    void typeAndKeyOptions() {
        SourceTable keyless = new SourceTable(ORDERS, orders().columns(), List.of(), List.of());
        Overrides overrides = Overrides.parse(List.of("app.orders=code,id"), List.of("app.orders.amount=decimal(20,4)"));
        Built.Fresh fresh = (Built.Fresh) DefinitionBuilder.build(keyless, TableRules.NONE, overrides, DB);
        assertEquals(List.of("code", "id"), fresh.primaryKey());
        assertEquals("decimal(20,4)", fresh.column("amount").orElseThrow().mapped().type());
        assertEquals(List.of(), fresh.notes(), "a type given by hand needs no note");

        ConfigException noColumn = assertThrows(ConfigException.class, () -> DefinitionBuilder.build(orders(),
                TableRules.NONE, Overrides.parse(List.of(), List.of("app.orders.nope=int")), DB));
        assertEquals("--type app.orders.nope: table app.orders has no column nope (its columns: id, note, amount, code).",
                noColumn.getMessage());
        ConfigException hasKey = assertThrows(ConfigException.class, () -> DefinitionBuilder.build(orders(),
                TableRules.NONE, Overrides.parse(List.of("app.orders=code"), List.of()), DB));
        assertTrue(hasKey.getMessage().contains("has the primary key (id) in the source"), hasKey.getMessage());
        assertThrows(ConfigException.class, () -> Overrides.parse(List.of(), List.of("app.orders.amount=decimal(")));
        assertThrows(ConfigException.class, () -> Overrides.parse(List.of("orders=id"), List.of()));
    }

    @Test
    void aColumnNamedLikeTheTimestampColumnLeavesTheTableOut() {
        Built built = DefinitionBuilder.build(orders(), TableRules.NONE, Overrides.NONE,
                new DefinitionBuilder.Options(Optional.of("CODE"), false, false));
        Built.LeftOut left = assertInstanceOf(Built.LeftOut.class, built);
        assertTrue(left.reason().startsWith("its column code has the name of the endpoint's TimestampColumnName"),
                left.reason());
    }

    @Test
    void fromFilesTheRuleColumnIsThereAlreadyAndBeforeImageColumnsAreDropped() {
        SourceTable files = new SourceTable(ORDERS, List.of(
                new SourceColumn("id", "CSV header", MappedType.untyped()),
                new SourceColumn("code", "CSV header", MappedType.untyped()),
                new SourceColumn("AR_H_CHANGE_SEQ", "CSV header", MappedType.untyped()),
                new SourceColumn("bi_id", "CSV header", MappedType.untyped())), List.of(), List.of());
        Built.Fresh fresh = (Built.Fresh) DefinitionBuilder.build(files, rules(BeforeImageFilter.PK_ONLY),
                Overrides.parse(List.of("app.orders=id"), List.of("app.orders.id=int")),
                new DefinitionBuilder.Options(Optional.empty(), true, true));
        assertEquals(List.of("id", "code", "AR_H_CHANGE_SEQ"), fresh.columnNames());
        assertEquals(Map.of("id", "int", "code", "string", "AR_H_CHANGE_SEQ", "decimal(38,0)"),
                Map.of("id", fresh.columns().get(0).mapped().type(), "code", fresh.columns().get(1).mapped().type(),
                        "AR_H_CHANGE_SEQ", fresh.columns().get(2).mapped().type()));
        assertEquals(List.of("before-image columns in the files, not listed as columns: bi_id.",
                "declared string, since the CSV header names them without a type: code. Give --type"
                        + " app.orders.<column>=<type> for each that is not text (or edit the types)."), fresh.notes());
    }

    @Test
    void aSourceColumnNamedLikeTheRuleColumnLeavesTheTableOut() {
        SourceTable clash = new SourceTable(ORDERS, List.of(new SourceColumn("id", "integer", MappedType.of("int")),
                new SourceColumn("ar_h_change_seq", "text", MappedType.lob("string"))), List.of("id"), List.of());
        Built built = DefinitionBuilder.build(clash, rules(BeforeImageFilter.PK_ONLY), Overrides.NONE, DB);
        assertTrue(assertInstanceOf(Built.LeftOut.class, built).reason()
                .contains("has the name of the column the task's add-column rule adds"));
    }
}
