package io.dmsdelta.trigger.log;

import java.nio.charset.StandardCharsets;

/**
 * Makes text from outside (object keys, event fields, error messages) safe to write into a log line.
 *
 * <p>S3 accepts any UTF-8 key, and whoever may write to the bucket (or invoke the function) chooses it. Written
 * to the log as is, a newline would start a forged log line, an escape sequence would drive the terminal that
 * shows the log, and U+2028/U+2029 break lines in viewers that honour them. So these characters are
 * percent-encoded as the UTF-8 bytes they are ({@code \n} as {@code %0A}, U+2028 as {@code %E2%80%A8}): the ISO
 * control characters (C0, DEL and C1, which include ESC and NEL) and the line and paragraph separators.
 */
public final class LogSafe {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private LogSafe() {
    }

    /**
     * An object key or URI for a log line: the characters above percent-encoded, and {@code %} itself as
     * {@code %25}, so that decoding every {@code %XX} as UTF-8 gives back exactly the key (nothing else is
     * changed: a key {@code 100%/a b.csv} is logged as {@code 100%25/a b.csv}).
     */
    public static String uri(String uri) {
        return encode(uri, true);
    }

    /**
     * Any other text for a log line (a reason, an error message): the characters above percent-encoded, {@code %}
     * left as it is, as such text is not meant to be decoded.
     */
    public static String text(String text) {
        return encode(text, false);
    }

    private static String encode(String text, boolean percentToo) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe = Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (percentToo && c == '%');
            if (unsafe && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (unsafe) {
                // None of these is a surrogate, so the character alone is its UTF-8 encoding.
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
