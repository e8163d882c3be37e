package io.dmsdelta.generate;

import io.dmsdelta.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperationMixTest {

    @Test
    void parsesUpdatesInsertsDeletes() {
        assertEquals(new OperationMix(50, 30, 20), OperationMix.parse("50:30:20"));
        assertEquals(new OperationMix(0, 100, 0), OperationMix.parse(" 0 : 100 : 0 "));
    }

    @Test
    void refusesWhatIsNotThreePercentagesAddingUpTo100() {
        for (String wrong : new String[]{"50:30", "50:30:30", "a:b:c", "-10:60:50", "50:30:20:0"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> OperationMix.parse(wrong), wrong);
            assertTrue(e.getMessage().startsWith("--mix " + wrong), e.getMessage());
        }
    }

    @Test
    void countsAddUpExactlyGivingLeftoversToTheLargestFractions() {
        assertEquals(new OperationMix.Counts(500_000, 300_000, 200_000), new OperationMix(50, 30, 20).counts(1_000_000));
        // 3.5, 2.1, 1.4: the one left over goes to updates
        assertEquals(new OperationMix.Counts(4, 2, 1), new OperationMix(50, 30, 20).counts(7));
        // 3.3, 3.3, 3.4: to deletes
        assertEquals(new OperationMix.Counts(3, 3, 4), new OperationMix(33, 33, 34).counts(10));
        assertEquals(new OperationMix.Counts(0, 7, 0), new OperationMix(0, 100, 0).counts(7));
        assertEquals(new OperationMix.Counts(0, 0, 0), new OperationMix(50, 30, 20).counts(0));
    }
}
