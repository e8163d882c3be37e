package io.dmsdelta.dms;

import io.dmsdelta.config.DmsDeltaSettings;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.spark.Storage;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the settings, then a file's first records, then its width decide its layout: no Spark involved. */
class FileLayoutsTest {

    static final TableDefinition TABLE = table("""
            {"schema": "s", "table": "t", "primaryKey": ["id"],
             "columns": [{"name": "id", "type": "int"}, {"name": "name", "type": "string"}]}""");

    /** A PostgreSQL task: AR_H_CHANGE_SEQ added by a rule, a before-image rule with prefix before_. */
    static final TableDefinition POSTGRES = table("""
            {"schema": "s", "table": "t", "primaryKey": ["id"], "sequenceColumn": "seq", "beforeImagePrefix": "before_",
             "columns": [{"name": "id", "type": "int"}, {"name": "name", "type": "string"}, {"name": "seq", "type": "decimal(38,0)"}]}""");

    static final TableDefinition COMPOSITE = table("""
            {"schema": "s", "table": "t", "primaryKey": ["a", "b"], "beforeImagePrefix": "BI_",
             "columns": [{"name": "a", "type": "int"}, {"name": "v", "type": "string"}, {"name": "b", "type": "int"}]}""");

    /** One addedLater column and a one-column key's before-image: the same width, one more than the base. */
    static final TableDefinition AMBIGUOUS = table("""
            {"schema": "s", "table": "t", "primaryKey": ["id"], "beforeImagePrefix": "BI_",
             "columns": [{"name": "id", "type": "int"}, {"name": "name", "type": "string"},
                         {"name": "email", "type": "string", "addedLater": true}]}""");

    static final String PG_SETTINGS = "{\"IncludeOpForFullLoad\": true, \"TimestampColumnName\": \"ts\"}";
    static final String TS = "2024-01-31 08:15:02.000417";

    @TempDir
    Path dir;

    private static TableDefinition table(String json) {
        return TableDefinitions.parse("{\"tables\": [" + json + "]}", "test").all().get(0);
    }

    private FileLayout layout(TableDefinition table, String settingsJson, String name, String content,
                              TrailingGroups previous) throws IOException {
        Path file = Files.writeString(dir.resolve(name), content);
        EndpointSettings settings = EndpointSettings.parse(settingsJson, "test");
        Storage storage = new Storage(new Configuration());
        DmsFileKind kind = DmsFileNames.kindOf(name).orElseThrow();
        DmsFile dmsFile = new DmsFile(file.toUri().toString(), name, Files.size(file), 0, kind,
                kind == DmsFileKind.CDC ? DmsFileNames.cdcTimestampNanos(name).orElseThrow() : 0);
        return new FileLayouts(table, settings, new FirstRecords(storage, settings, DmsDeltaSettings.DEFAULTS.maxValueChars()))
                .of(dmsFile, previous).orElseThrow();
    }

    private FileLayout cdc(TableDefinition table, String settings, String content, TrailingGroups previous) throws IOException {
        return layout(table, settings, "20240612-100000000.csv", content, previous);
    }

    private FileLayout load(TableDefinition table, String settings, String content) throws IOException {
        return layout(table, settings, "LOAD00000001.csv", content, TrailingGroups.NONE);
    }

    private BadInputException rejected(org.junit.jupiter.api.function.Executable read) {
        return assertThrows(BadInputException.class, read);
    }

    @Test
    void loadFilesHaveTheOperationColumnExactlyWhenTheSettingsSaySo() throws IOException {
        assertEquals(List.of("id", "name"), load(TABLE, "{}", "1,a\n").fields());
        assertEquals(List.of(FileLayout.OP, "id", "name"), load(TABLE, "{\"IncludeOpForFullLoad\": true}", "I,1,a\n").fields());

        BadInputException written = rejected(() -> load(TABLE, "{\"IncludeOpForFullLoad\": true}", "1,a\n"));
        assertTrue(written.getMessage().contains("LOAD00000001.csv line 1: has 2 fields, which fits none of the layouts"
                + " table s.t can have in this file. It would fit without the operation column: set IncludeOpForFullLoad"
                + " to false"), written.getMessage());
        BadInputException unwritten = rejected(() -> load(TABLE, "{}", "I,1,a\n"));
        assertTrue(unwritten.getMessage().contains("It would fit with the operation column: set IncludeOpForFullLoad to true"),
                unwritten.getMessage());
    }

    @Test
    void aCdcFileStartsWithAnOperationCode() throws IOException {
        assertEquals(List.of(FileLayout.OP, "id", "name"), cdc(TABLE, "{}", "U,1,a\n", TrailingGroups.NONE).fields());
        BadInputException e = rejected(() -> cdc(TABLE, "{}", "7,1,a\n", TrailingGroups.NONE));
        assertTrue(e.getMessage().contains("line 1: starts with \"7\", which is not I or U or D, but a CDC file always has"
                + " the operation column first."), e.getMessage());
        assertTrue(e.getMessage().contains("Layouts tried:\n      3 (I/U/D, id, name)"), e.getMessage());
    }

    @Test
    void withCdcInsertsOnlyTheFirstFieldTellsWhetherTheOperationColumnIsThere() throws IOException {
        String insertsOnly = "{\"CdcInsertsOnly\": true}";
        assertEquals(List.of("id", "name"), cdc(TABLE, insertsOnly, "1,a\n", TrailingGroups.NONE).fields());
        assertEquals(List.of(FileLayout.OP, "id", "name"), cdc(TABLE, insertsOnly, "I,1,a\n", TrailingGroups.NONE).fields());
    }

    @Test
    void aPostgresTaskWhoseBeforeImageRuleCameLater() throws IOException {
        // IncludeOpForFullLoad: every row starts I,<timestamp>; the sequence column is empty in LOAD rows.
        FileLayout loaded = load(POSTGRES, PG_SETTINGS, "I," + TS + ",1,Ann,\n");
        assertEquals(List.of(FileLayout.OP, "ts", "id", "name", "seq"), loaded.fields());
        assertEquals(Optional.of(TrailingGroups.NONE), loaded.groups());

        FileLayout early = cdc(POSTGRES, PG_SETTINGS, "U," + TS + ",1,Ann," + "2".repeat(35) + "\n", TrailingGroups.NONE);
        assertEquals(Optional.of(TrailingGroups.NONE), early.groups());

        FileLayout later = cdc(POSTGRES, PG_SETTINGS, "U," + TS + ",5,Ann," + "3".repeat(35) + ",1\n", TrailingGroups.NONE);
        assertEquals(List.of(FileLayout.OP, "ts", "id", "name", "seq", "__before_id"), later.fields());
        assertEquals(Optional.of(new TrailingGroups(0, true)), later.groups());
    }

    @Test
    void aCompositeKeyHasOneBeforeImagePerKeyColumnInTableOrder() throws IOException {
        assertEquals(List.of(FileLayout.OP, "a", "v", "b", "__before_a", "__before_b"),
                cdc(COMPOSITE, "{}", "U,1,x,2,1,3\n", TrailingGroups.NONE).fields());
        assertEquals(List.of(FileLayout.OP, "a", "v", "b"), cdc(COMPOSITE, "{}", "U,1,x,2\n", TrailingGroups.NONE).fields());
        BadInputException e = rejected(() -> cdc(COMPOSITE, "{}", "U,1,x,2,1\n", TrailingGroups.NONE));
        assertTrue(e.getMessage().contains("has 5 fields, which fits none of the layouts table s.t can have in this file."
                + " Layouts tried:\n      4 (I/U/D, a, v, b)\n      6 (I/U/D, a, v, b, before-image of a, before-image of b)"),
                e.getMessage());
    }

    @Test
    void beforeImagesOfMoreColumnsThanTheKeyAreReadPast() throws IOException {
        TableDefinition all = table("""
                {"schema": "s", "table": "t", "primaryKey": ["id"], "beforeImagePrefix": "BI_", "beforeImageColumns": ["id", "name"],
                 "columns": [{"name": "id", "type": "int"}, {"name": "name", "type": "string"}]}""");
        assertEquals(List.of(FileLayout.OP, "id", "name", "__before_id", "__ignored_before_name"),
                cdc(all, "{}", "U,2,b,1,a\n", TrailingGroups.NONE).fields());
    }

    @Test
    void anAmbiguousWidthKeepsTheGroupsOfTheFileBefore() throws IOException {
        TrailingGroups email = new TrailingGroups(1, false);
        TrailingGroups images = new TrailingGroups(0, true);
        assertEquals(Optional.of(email), cdc(AMBIGUOUS, "{}", "U,1,a,9\n", email).groups());
        assertEquals(Optional.of(images), cdc(AMBIGUOUS, "{}", "U,1,a,9\n", images).groups());
        // Both groups known from before: the full width is the only layout, and one fewer cannot drop a group.
        assertEquals(List.of(FileLayout.OP, "id", "name", "email", "__before_id"),
                cdc(AMBIGUOUS, "{}", "U,1,a,x@y,1\n", new TrailingGroups(1, true)).fields());
    }

    @Test
    void anInsertNeverCarriesABeforeImage() throws IOException {
        assertEquals(Optional.of(new TrailingGroups(1, false)),
                cdc(AMBIGUOUS, "{}", "U,1,a,\nI,2,b,b@x.org\n", TrailingGroups.NONE).groups());
    }

    @Test
    void whatStaysAmbiguousFailsNamingTheLayoutsOrIsDecidedByBeforeImagesFrom() throws IOException {
        BadInputException e = rejected(() -> cdc(AMBIGUOUS, "{}", "U,1,a,1\n", TrailingGroups.NONE));
        assertTrue(e.getMessage().contains("has 4 fields, which fits 2 layouts, and neither the file before it (no addedLater"
                + " column, no before-image columns) nor the rows tell which one DMS wrote. Set \"beforeImagesFrom\""), e.getMessage());
        assertTrue(e.getMessage().contains("      4 (I/U/D, id, name, before-image of id)\n      4 (I/U/D, id, name, email)"),
                e.getMessage());

        TableDefinition dated = table("""
                {"schema": "s", "table": "t", "primaryKey": ["id"], "beforeImagePrefix": "BI_", "beforeImagesFrom": "20240612-090000000.csv",
                 "columns": [{"name": "id", "type": "int"}, {"name": "name", "type": "string"},
                             {"name": "email", "type": "string", "addedLater": true}]}""");
        assertEquals(Optional.of(new TrailingGroups(0, true)), cdc(dated, "{}", "U,1,a,1\n", TrailingGroups.NONE).groups());
        assertEquals(Optional.of(new TrailingGroups(1, false)),
                layout(dated, "{}", "20240612-080000000.csv", "U,1,a,1\n", TrailingGroups.NONE).groups());
    }

    @Test
    void aQuotedNewlineDoesNotChangeTheFieldCount() throws IOException {
        assertEquals(3, cdc(TABLE, "{}", "I,1,\"two\nlines, and a comma\"\n", TrailingGroups.NONE).fields().size());
    }

    @Test
    void aValueLongerThanTheBoundIsAnErrorNamingTheFileNotAnOutOfMemory() throws IOException {
        Path file = Files.writeString(dir.resolve("20240612-100000000.csv"), "I,1,a\nI,2,\"never closed\n"
                + "x".repeat(5000) + "\n");
        EndpointSettings settings = EndpointSettings.DMS_DEFAULTS;
        DmsFile dmsFile = new DmsFile(file.toUri().toString(), file.getFileName().toString(), Files.size(file), 0,
                DmsFileKind.CDC, 1);
        BadInputException e = rejected(() -> new FileLayouts(TABLE, settings,
                new FirstRecords(new Storage(new Configuration()), settings, 1024)).of(dmsFile, TrailingGroups.NONE));
        assertTrue(e.getMessage().contains("20240612-100000000.csv line 2: a value is longer than 1024 characters, so a"
                + " quote is most likely not closed"), e.getMessage());
        assertTrue(e.getMessage().length() < 1500, "the message must not carry the value: " + e.getMessage().length());
    }

    @Test
    void headersMapColumnsByNameInAnyOrderAndCase() throws IOException {
        FileLayout layout = cdc(TABLE, "{\"AddColumnName\": true}", "op,NAME,Id\nI,a,1\n", TrailingGroups.NONE);
        assertTrue(layout.header());
        assertEquals(List.of(FileLayout.OP, "name", "id"), layout.fields());
        assertEquals(List.of(FileLayout.OP, "id", "name"),
                cdc(TABLE, "{\"AddColumnName\": true}", "id,name\nU,1,a\n", TrailingGroups.NONE).fields());
    }

    @Test
    void filesWithoutRowsHaveNoLayout() throws IOException {
        EndpointSettings settings = EndpointSettings.parse("{\"AddColumnName\": true}", "test");
        Storage storage = new Storage(new Configuration());
        for (String content : List.of("", "Op,id,name\n")) {
            Path file = Files.writeString(dir.resolve("20240612-100000000.csv"), content);
            DmsFile dmsFile = new DmsFile(file.toUri().toString(), file.getFileName().toString(), Files.size(file), 0,
                    DmsFileKind.CDC, 1);
            assertEquals(Optional.empty(), new FileLayouts(TABLE, settings,
                    new FirstRecords(storage, settings, 1024)).of(dmsFile, TrailingGroups.NONE));
        }
    }

    @Test
    void aHeaderWithoutTheKeyIsAnError() {
        BadInputException noKey = rejected(() -> cdc(TABLE, "{\"AddColumnName\": true}", "Op,name\nI,a\n", TrailingGroups.NONE));
        assertTrue(noKey.getMessage().contains("column id: primary key column is missing from the header"), noKey.getMessage());
    }
}
