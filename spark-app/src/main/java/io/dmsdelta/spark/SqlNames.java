package io.dmsdelta.spark;

/** Quoting of identifiers for SQL text, so column names with spaces, dots or backticks stay one name. */
public final class SqlNames {
    private SqlNames() {
    }

    public static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /**
     * The column named {@code name}, as one name: {@code functions.col} would read a dot as a struct field and a
     * backtick as quoting.
     */
    public static org.apache.spark.sql.Column column(String name) {
        return org.apache.spark.sql.functions.col(quote(name));
    }
}
