package io.dmsdelta.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dms-delta's Spark settings, read and checked in one place. */
class DmsDeltaSettingsTest {

    @Test
    void noSettingsGiveTheDefaults() {
        assertEquals(DmsDeltaSettings.DEFAULTS, DmsDeltaSettings.from(name -> null));
    }

    @Test
    void everySettingIsRead() {
        Map<String, String> conf = Map.of(DmsDeltaSettings.MAX_VALUE_CHARS, "4096",
                DmsDeltaSettings.CDC_NAME_AHEAD_ALLOWANCE, "30min", DmsDeltaSettings.ROWS_PER_FILE, " 500 ",
                DmsDeltaSettings.MAX_SMALL_FILES, "3", DmsDeltaSettings.DRIVER_BATCH_KEYS, "0");
        assertEquals(new DmsDeltaSettings(4096, 1_800_000, 500, 3, 0), DmsDeltaSettings.from(conf::get));
    }

    @Test
    void aValueOutOfRangeNamesItsSettingAndWhatItMustBe() {
        for (Map.Entry<String, String> wrong : Map.of(DmsDeltaSettings.MAX_VALUE_CHARS, "100",
                DmsDeltaSettings.ROWS_PER_FILE, "0", DmsDeltaSettings.MAX_SMALL_FILES, "ten",
                DmsDeltaSettings.CDC_NAME_AHEAD_ALLOWANCE, "soon", DmsDeltaSettings.DRIVER_BATCH_KEYS, "-1").entrySet()) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> DmsDeltaSettings.from(name -> name.equals(wrong.getKey()) ? wrong.getValue() : null));
            assertTrue(e.getMessage().startsWith("The Spark setting " + wrong.getKey() + " is '" + wrong.getValue() + "'"),
                    e.getMessage());
        }
    }
}
