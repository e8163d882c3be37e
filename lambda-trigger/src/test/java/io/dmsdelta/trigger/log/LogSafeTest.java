package io.dmsdelta.trigger.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class LogSafeTest {

    @Test
    void encodesLineBreaksEscapesAndSeparatorsAsUtf8Bytes() {
        assertEquals("a%0Ab%0Dc%09d%1B[31me%7Ff%C2%85g%E2%80%A8h%E2%80%A9i",
                LogSafe.uri("a\nb\rc\td\u001B[31me\u007Ff\u0085g\u2028h\u2029i"));
    }

    @Test
    void encodesThePercentSignInUrisOnly() {
        assertEquals("s3://b/100%25/x%0A.csv", LogSafe.uri("s3://b/100%/x\n.csv"));
        assertEquals("100% done%0Anext", LogSafe.text("100% done\nnext"));
    }

    @Test
    void leavesOtherTextAsItIs() {
        String key = "s3://dms-bucket/dms/my schema/Ordér+Lines/20240612-103125108.csv";

        assertSame(key, LogSafe.uri(key));
        assertEquals("null", LogSafe.uri(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dms/a\nb/c.csv", "100%/x%0A.csv", "\u2028\u0000é%%", "plain"})
    void isReversible(String key) {
        // Only %XX sequences appear in the output, and '+' is kept, so decode '+' as itself.
        String encoded = LogSafe.uri(key).replace("+", "%2B");

        assertEquals(key, URLDecoder.decode(encoded, StandardCharsets.UTF_8));
    }
}
