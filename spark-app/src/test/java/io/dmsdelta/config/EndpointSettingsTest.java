package io.dmsdelta.config;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndpointSettingsTest {

    @Test
    void anEmptyObjectMeansDmsDefaults() {
        assertEquals(EndpointSettings.DMS_DEFAULTS, EndpointSettings.parse("{}", "test"));
    }

    @Test
    void readsTheSettingsThatShapeTheFilesAsDmsSpellsThem() {
        EndpointSettings s = EndpointSettings.parse("""
                {"CsvDelimiter": "|", "CsvNullValue": "NULL", "AddColumnName": true, "IncludeOpForFullLoad": "true",
                 "TimestampColumnName": "ts", "CompressionType": "gzip", "Rfc4180": false,
                 "BucketName": "b", "CdcMaxBatchInterval": 60, "CdcInsertsOnly": false}""", "test");
        assertEquals("|", s.csvDelimiter());
        assertEquals("NULL", s.csvNullValue());
        assertTrue(s.addColumnName());
        assertEquals(Optional.of("ts"), s.timestampColumnName());
        assertFalse(s.rfc4180());
    }

    @Test
    void unknownKeysAreAnErrorNotIgnored() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> EndpointSettings.parse("{\"CsvDelimeter\": \";\"}", "settings.json"));
        assertTrue(e.getMessage().contains("[CsvDelimeter]") && e.getMessage().contains("settings.json"), e.getMessage());
    }

    @Test
    void settingsThisVersionCannotReadAreRefusedWithTheReason() {
        for (String json : new String[]{"{\"CdcPath\": \"cdc\"}", "{\"CsvRowDelimiter\": \"||\"}",
                "{\"UseCsvNoSupValue\": true}", "{\"AddTrailingPaddingCharacter\": true}"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> EndpointSettings.parse(json, "test"), json);
            assertTrue(e.getMessage().contains("not supported"), e.getMessage());
        }
    }

    @Test
    void rowDelimitersAndTransactionFilesAreRead() {
        assertEquals(Optional.empty(), EndpointSettings.parse("{\"CsvRowDelimiter\": \"\\r\\n\"}", "t").rowDelimiter());
        assertEquals(Optional.empty(), EndpointSettings.parse("{\"CsvRowDelimiter\": \"\\\\n\"}", "t").rowDelimiter());
        assertEquals(Optional.of(";"), EndpointSettings.parse("{\"CsvRowDelimiter\": \";\"}", "t").rowDelimiter());
        assertEquals(Optional.of("cdc/txn"), EndpointSettings.parse(
                "{\"PreserveTransactions\": true, \"CdcPath\": \"/cdc/txn/\"}", "t").transactionFolder());
        assertThrows(ConfigException.class, () -> EndpointSettings.parse("{\"PreserveTransactions\": true}", "t"));
        assertThrows(ConfigException.class, () -> EndpointSettings.parse(
                "{\"PreserveTransactions\": true, \"CdcPath\": \"c\", \"AddColumnName\": true}", "t"));
    }

    @Test
    void wrongValueTypesAreErrors() {
        assertThrows(ConfigException.class, () -> EndpointSettings.parse("{\"AddColumnName\": \"yes\"}", "t"));
        assertThrows(ConfigException.class, () -> EndpointSettings.parse("{\"CompressionType\": \"ZSTD\"}", "t"));
        assertThrows(ConfigException.class, () -> EndpointSettings.parse("{\"IncludeOpForFullLoad\": 1}", "t"));
        assertThrows(ConfigException.class, () -> EndpointSettings.parse("[1]", "t"));
        assertThrows(ConfigException.class, () -> EndpointSettings.parse("{not json", "t"));
    }
}
