package io.dmsdelta.init;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The type mapping of {@code docs/configuration.md} ("Source types") for MySQL and MariaDB columns. */
public final class MySqlTypes {

    private static final Set<String> TEXT = Set.of("char", "varchar", "enum", "set", "time", "uuid");
    /** LOB types (DMS's CLOB and BLOB): left out by a {@code non-lob} before-image filter. */
    private static final Set<String> TEXT_LOB = Set.of("tinytext", "text", "mediumtext", "longtext", "json");
    private static final Set<String> BINARY_LOB = Set.of("tinyblob", "blob", "mediumblob", "longblob");

    private MySqlTypes() {
    }

    /**
     * A column's type as {@code information_schema.COLUMNS} gives it.
     *
     * @param dataType   {@code DATA_TYPE}: {@code int}, {@code decimal}, {@code longtext}, ...
     * @param columnType {@code COLUMN_TYPE}: {@code tinyint(1)}, {@code int(10) unsigned}, {@code decimal(10,2)}, ...
     * @param precision  {@code NUMERIC_PRECISION}, for decimals
     * @param scale      {@code NUMERIC_SCALE}, for decimals
     */
    public record Type(String dataType, String columnType, Optional<Long> precision, Optional<Long> scale) {
        public Type {
            Objects.requireNonNull(dataType, "dataType");
            Objects.requireNonNull(columnType, "columnType");
            Objects.requireNonNull(precision, "precision");
            Objects.requireNonNull(scale, "scale");
        }
    }

    public static MappedType map(Type type) {
        String data = type.dataType().toLowerCase(Locale.ROOT);
        String column = type.columnType().toLowerCase(Locale.ROOT);
        boolean unsigned = column.contains("unsigned");
        switch (data) {
            case "tinyint":
                // MySQL's boolean is tinyint(1); the mapping documents tinyint as the other choice
                return column.startsWith("tinyint(1)") ? MappedType.of("boolean").orAlso("tinyint")
                        : MappedType.of(unsigned ? "smallint" : "tinyint");
            case "bit":
                return column.equals("bit(1)") ? MappedType.of("boolean").orAlso("tinyint")
                        : MappedType.fallback("source type " + column + " is not in the type mapping (docs/init.md):"
                                + " declared string, the text DMS writes; declare another type by hand if it fits.");
            case "bigint":
                return MappedType.of(unsigned ? "decimal(20,0)" : "bigint"); // up to 18446744073709551615
            case "decimal":
            case "numeric":
                return decimal(type, column);
            case "datetime":
            case "timestamp":
                return MappedType.of("timestamp");
            case "binary":
            case "varbinary":
                return MappedType.of("binary");
            default:
                break;
        }
        Optional<MappedType> plain = plain(data, unsigned);
        if (plain.isPresent()) {
            return plain.get();
        }
        if (TEXT.contains(data)) {
            return MappedType.of("string");
        }
        if (TEXT_LOB.contains(data)) {
            return MappedType.lob("string");
        }
        if (BINARY_LOB.contains(data)) {
            return MappedType.lob("binary");
        }
        return MappedType.fallback("source type " + column + " is not in the type mapping (docs/init.md): declared"
                + " string, the text DMS writes; declare another type by hand if its values fit one.");
    }

    /** The types DMS and Debezium's connector deliver alike (integers, floats, dates), by data type. */
    static Optional<MappedType> plain(String data, boolean unsigned) {
        switch (data) {
            case "smallint":
                return Optional.of(MappedType.of(unsigned ? "int" : "smallint"));
            case "mediumint":
                return Optional.of(MappedType.of("int"));
            case "int":
            case "integer":
                return Optional.of(MappedType.of(unsigned ? "bigint" : "int"));
            case "float":
                return Optional.of(MappedType.of("float"));
            case "double":
            case "real":
                return Optional.of(MappedType.of("double"));
            case "date":
                return Optional.of(MappedType.of("date"));
            default:
                return Optional.empty();
        }
    }

    private static MappedType decimal(Type type, String column) {
        long precision = type.precision().orElse(10L); // MySQL's default decimal is decimal(10,0)
        long scale = type.scale().orElse(0L);
        if (precision > 38) {
            return MappedType.fallback("source type " + column + " has more digits than a Spark decimal (38):"
                    + " declared string, as DMS writes it as text.");
        }
        return MappedType.of("decimal(" + precision + "," + scale + ")");
    }
}
