package io.dmsdelta.dms;

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

/** How a file's first records decide its layout: no Spark involved. */
class FileLayoutsTest {

    static final TableDefinition TABLE = TableDefinitions.parse("""
            {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"],
              "columns": [{"name": "id", "type": "int"}, {"name": "name", "type": "string"}]}]}""", "test")
            .all().get(0);

    @TempDir
    Path dir;

    private Optional<FileLayout> layout(String settingsJson, String content) throws IOException {
        Path file = Files.writeString(dir.resolve("20240612-100000000.csv"), content);
        EndpointSettings settings = EndpointSettings.parse(settingsJson, "test");
        Storage storage = new Storage(new Configuration());
        DmsFile dmsFile = new DmsFile(file.toUri().toString(), file.getFileName().toString(), Files.size(file), 0,
                DmsFileKind.CDC, 1);
        return new FileLayouts(TABLE, settings, new FirstRecords(storage, settings)).of(dmsFile);
    }

    @Test
    void withoutHeaderTheFieldCountSaysWhetherTheOperationColumnIsThere() throws IOException {
        assertEquals(List.of(FileLayout.OP, "id", "name"), layout("{}", "I,1,a\n").orElseThrow().fields());
        assertEquals(List.of("id", "name"), layout("{}", "1,a\n").orElseThrow().fields());
        assertEquals(List.of(FileLayout.OP, "ts", "id", "name"),
                layout("{\"TimestampColumnName\": \"ts\"}", "I,2024-06-12 10:00:00,1,a\n").orElseThrow().fields());
    }

    @Test
    void aQuotedNewlineDoesNotChangeTheFieldCount() throws IOException {
        assertEquals(3, layout("{}", "I,1,\"two\nlines, and a comma\"\n").orElseThrow().fields().size());
    }

    @Test
    void headersMapColumnsByNameInAnyOrderAndCase() throws IOException {
        FileLayout layout = layout("{\"AddColumnName\": true}", "op,NAME,Id\nI,a,1\n").orElseThrow();
        assertTrue(layout.header());
        assertEquals(List.of(FileLayout.OP, "name", "id"), layout.fields());
        assertEquals(List.of(FileLayout.OP, "id", "name"),
                layout("{\"AddColumnName\": true}", "id,name\nU,1,a\n").orElseThrow().fields());
    }

    @Test
    void filesWithoutRowsHaveNoLayout() throws IOException {
        assertEquals(Optional.empty(), layout("{}", ""));
        assertEquals(Optional.empty(), layout("{\"AddColumnName\": true}", "Op,id,name\n"));
    }

    @Test
    void layoutsThatDoNotFitTheTableAreErrorsNamingTheFile() {
        BadInputException wrongWidth = assertThrows(BadInputException.class, () -> layout("{}", "I,1,a,b,c\n"));
        assertTrue(wrongWidth.getMessage().contains("20240612-100000000.csv line 1: has 5 fields"), wrongWidth.getMessage());
        BadInputException noKey = assertThrows(BadInputException.class,
                () -> layout("{\"AddColumnName\": true}", "Op,name\nI,a\n"));
        assertTrue(noKey.getMessage().contains("column id: primary key column is missing from the header"), noKey.getMessage());
    }
}
