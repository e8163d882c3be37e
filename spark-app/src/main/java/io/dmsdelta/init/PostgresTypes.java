package io.dmsdelta.init;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The type mapping of {@code docs/configuration.md} ("Source types") for PostgreSQL columns. */
public final class PostgresTypes {

    /** Text types DMS writes as they are. */
    private static final Set<String> TEXT = Set.of("varchar", "bpchar", "char", "uuid", "citext", "inet", "cidr",
            "macaddr", "macaddr8", "time", "timetz", "interval");
    /** Text types DMS handles as LOBs. */
    private static final Set<String> TEXT_LOB = Set.of("text", "json", "jsonb", "xml");

    private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(-?\\d+)\\)");

    private PostgresTypes() {
    }

    /**
     * A column's type as the catalog describes it, domains resolved to their base type.
     *
     * @param name     {@code pg_type.typname}: {@code int4}, {@code numeric}, {@code _int4} (an array), ...
     * @param kind     {@code pg_type.typtype}: {@code b} base, {@code e} enum, {@code c} composite, ...
     * @param category {@code pg_type.typcategory}: {@code A} for arrays
     * @param declared {@code format_type(...)}: {@code numeric(10,2)}, {@code character varying(20)}, ...
     */
    public record Type(String name, String kind, String category, String declared) {
        public Type {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(declared, "declared");
        }
    }

    public static MappedType map(Type type) {
        String name = type.name().toLowerCase(Locale.ROOT);
        Optional<MappedType> plain = plain(name);
        if (plain.isPresent()) {
            return plain.get();
        }
        switch (name) {
            case "numeric":
                return numeric(type.declared());
            case "timestamp":
            case "timestamptz":
                return MappedType.of("timestamp");
            default:
                break;
        }
        if (TEXT.contains(name)) {
            return MappedType.of("string");
        }
        if (TEXT_LOB.contains(name)) {
            return MappedType.lob("string");
        }
        if (type.category().equals("A")) {
            return MappedType.lob("string"); // DMS writes arrays as text, {1,2,3}
        }
        if (type.kind().equals("e")) {
            return MappedType.of("string"); // an enum's label
        }
        return MappedType.fallback("source type " + type.declared() + " is not in the type mapping (docs/init.md):"
                + " declared string, the text DMS writes; declare another type by hand if its values fit one.");
    }

    /** The types DMS and Debezium's connector deliver alike (integers, floats, dates, booleans, bytes), by name. */
    static Optional<MappedType> plain(String name) {
        switch (name) {
            case "int2":
                return Optional.of(MappedType.of("smallint"));
            case "int4":
                return Optional.of(MappedType.of("int"));
            case "int8":
                return Optional.of(MappedType.of("bigint"));
            case "float4":
                return Optional.of(MappedType.of("float"));
            case "float8":
                return Optional.of(MappedType.of("double"));
            case "date":
                return Optional.of(MappedType.of("date"));
            case "bool":
                return Optional.of(MappedType.of("boolean"));
            case "bytea":
                return Optional.of(MappedType.lob("binary"));
            default:
                return Optional.empty();
        }
    }

    private static MappedType numeric(String declared) {
        Matcher m = NUMERIC.matcher(declared);
        if (!m.matches()) {
            return MappedType.fallback("source type numeric has no precision or scale: declared string, so that every"
                    + " value is kept as DMS writes it (DMS bounds such values unless the source endpoint sets"
                    + " MapUnboundedNumericAsString); declare decimal(p,s) by hand if the values fit one, e.g."
                    + " decimal(28,6).");
        }
        int precision = Integer.parseInt(m.group(1));
        int scale = Integer.parseInt(m.group(2));
        if (precision > 38) {
            return MappedType.fallback("source type " + declared + " has more digits than a Spark decimal (38):"
                    + " declared string, as DMS writes it as text.");
        }
        if (scale < 0) {
            return MappedType.fallback("source type " + declared + " has a negative scale, which a Spark decimal"
                    + " cannot have: declared string; declare decimal(" + precision + ",0) or wider by hand.");
        }
        return MappedType.of("decimal(" + precision + "," + scale + ")");
    }
}
