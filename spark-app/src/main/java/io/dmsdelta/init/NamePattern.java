package io.dmsdelta.init;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A schema or table name pattern with the wildcards of DMS table mappings: {@code %} any run of characters
 * (also none), {@code _} exactly one character, {@code [ab]} one of a set, {@code [a-d]} one of a range (so
 * {@code [_]} is a literal underscore). Everything else matches itself, case-sensitively, as the names are
 * spelled in the source's catalog (and so in DMS's folders).
 *
 * @param text the pattern as written
 */
public record NamePattern(String text) {

    public NamePattern {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a name pattern cannot be empty: use % for any name");
        }
    }

    /** Whether {@code name} matches the whole pattern. */
    public boolean matches(String name) {
        return regex().matcher(name).matches();
    }

    /** Whether the pattern has no wildcard, i.e. names exactly one name. */
    public boolean isLiteral() {
        return text.chars().noneMatch(c -> c == '%' || c == '_' || c == '[');
    }

    private Pattern regex() {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int close = c == '[' ? text.indexOf(']', i + 2) : -1; // "[]" is no set: a set holds at least one character
            if (c == '%') {
                regex.append("(?s:.*)");
            } else if (c == '_') {
                regex.append("(?s:.)");
            } else if (close > 0) {
                regex.append(characterSet(text.substring(i + 1, close)));
                i = close;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        return Pattern.compile(regex.toString());
    }

    /** {@code ab} or {@code a-d} (or a mix, {@code a-dx}) as a regex class, every character taken literally. */
    private static String characterSet(String members) {
        StringBuilder set = new StringBuilder("[");
        for (int i = 0; i < members.length(); i++) {
            char c = members.charAt(i);
            if (c == '-' && i > 0 && i < members.length() - 1) {
                set.append('-');
            } else {
                set.append("\\x{").append(Integer.toHexString(c)).append('}');
            }
        }
        return set.append(']').toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
