package io.dmsdelta.spark;

/** Quoting of identifiers for SQL text, so column names with spaces, dots or backticks stay one name. */
public final class SqlNames {
    private SqlNames() {
    }

    public static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
