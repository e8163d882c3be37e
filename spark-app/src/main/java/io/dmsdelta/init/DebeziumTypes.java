package io.dmsdelta.init;

import io.dmsdelta.source.debezium.ValueEncoding;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type mapping for Debezium definitions (docs/init.md, "Debezium"): the Spark type of each source column, and the
 * value encoding where the connector's JSON is not what that type reads by default. It assumes the connectors'
 * default settings as Kafka Connect's {@code JsonConverter} writes them: {@code decimal.handling.mode=precise},
 * {@code binary.handling.mode=bytes}, {@code time.precision.mode=adaptive} (PostgreSQL) or
 * {@code adaptive_time_microseconds} (MySQL, its default), {@code interval.handling.mode=numeric},
 * {@code bigint.unsigned.handling.mode=long}, {@code hstore.handling.mode=json}.
 */
public final class DebeziumTypes {

    /** The Spark type of a PostgreSQL {@code numeric} without precision and scale (Spark's own default decimal). */
    public static final String UNBOUNDED_NUMERIC = "decimal(38,18)";

    /** PostgreSQL {@code money}: {@code money.fraction.digits} 2, up to 92233720368547758.07. */
    static final String MONEY = "decimal(19,2)";

    private static final Set<String> PG_TEXT = Set.of("varchar", "bpchar", "char", "text", "name", "uuid", "citext",
            "inet", "cidr", "macaddr", "macaddr8", "json", "jsonb", "xml", "hstore", "ltree", "timetz");
    private static final Set<String> MYSQL_TEXT = Set.of("char", "varchar", "tinytext", "text", "mediumtext",
            "longtext", "json", "enum", "set");
    private static final Set<String> MYSQL_BINARY = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob",
            "longblob");
    private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(-?\\d+)\\)");
    /** The fractional-seconds precision of a temporal type: {@code timestamp(3) without time zone}, {@code datetime(6)}. */
    private static final Pattern PRECISION = Pattern.compile("^[a-z ]+\\((\\d)\\)");

    private static final String MILLIS = ValueEncoding.TIMESTAMP_MILLIS.configName();
    private static final String MICROS = ValueEncoding.TIMESTAMP_MICROS.configName();
    private static final String TIME_MILLIS = ValueEncoding.TIME_MILLIS.configName();
    private static final String TIME_MICROS = ValueEncoding.TIME_MICROS.configName();

    private DebeziumTypes() {
    }

    /** A PostgreSQL column for the {@code postgresql} connector. */
    public static MappedType postgres(PostgresTypes.Type type) {
        String name = type.name().toLowerCase(Locale.ROOT);
        String declared = type.declared().toLowerCase(Locale.ROOT);
        switch (name) {
            case "oid":
                return MappedType.of("bigint");
            case "numeric":
                return pgNumeric(type.declared());
            case "money":
                return MappedType.of(MONEY);
            case "timestamp":
                // adaptive: precision 0-3 is io.debezium.time.Timestamp (ms), 4-6 MicroTimestamp (the default, µs)
                return precision(declared, 6) <= 3 ? MappedType.of("timestamp").encoded(MILLIS) : MappedType.of("timestamp");
            case "timestamptz":
                return MappedType.of("timestamp"); // ZonedTimestamp, an ISO string: the type's default reading
            case "time":
                // adaptive: io.debezium.time.Time (ms since midnight) for 0-3, MicroTime (µs) for 4-6
                return MappedType.of("string").encoded(precision(declared, 6) <= 3 ? TIME_MILLIS : TIME_MICROS);
            case "interval":
                return MappedType.of("bigint").orAlso("string").noted("source type interval arrives as"
                        + " io.debezium.time.MicroDuration, an approximate number of microseconds (a month as 30.4375"
                        + " days): declared bigint; with interval.handling.mode=string declare string by hand.", false);
            case "bit":
                return declared.equals("bit(1)") ? MappedType.of("boolean") : MappedType.of("binary"); // Bits: bytes
            case "varbit":
                return MappedType.of("binary");
            default:
                break;
        }
        Optional<MappedType> plain = PostgresTypes.plain(name);
        if (plain.isPresent()) {
            return plain.get();
        }
        if (PG_TEXT.contains(name)) {
            return MappedType.of("string");
        }
        if (type.category().equals("A")) {
            return MappedType.lob("string"); // a JSON array, kept as its JSON text
        }
        if (type.kind().equals("e")) {
            return MappedType.of("string"); // an enum's label
        }
        return MappedType.fallback("source type " + type.declared() + " is not in the Debezium type mapping"
                + " (docs/init.md): declared string, which keeps the value's JSON text; the connector leaves out columns"
                + " of types it does not know unless include.unknown.datatypes is set.");
    }

    private static MappedType pgNumeric(String declared) {
        Matcher m = NUMERIC.matcher(declared);
        if (!m.matches()) {
            return MappedType.of(UNBOUNDED_NUMERIC).encoded(ValueEncoding.VARIABLE_SCALE_DECIMAL.configName())
                    .noted("source type numeric has no precision or scale: Debezium writes each value with its own"
                            + " scale; declared " + UNBOUNDED_NUMERIC + ", so a value with more than 20 digits before"
                            + " the point or 18 after it fails its batch (never rounded); declare decimal(p,s) by hand"
                            + " if the values fit another one.", true);
        }
        int precision = Integer.parseInt(m.group(1));
        int scale = Integer.parseInt(m.group(2));
        if (scale < 0) {
            return MappedType.fallback("source type " + declared + " has a negative scale: Debezium writes the unscaled"
                    + " value for that scale, which no Spark decimal reads; declared string (the base64 text). Use"
                    + " decimal.handling.mode=string and declare decimal(" + precision + ",0) with encoding decimal-text.");
        }
        if (precision > 38) {
            String type = "decimal(38," + Math.min(scale, 38) + ")";
            return MappedType.of(type).noted("source type " + declared + " has more digits than a Spark decimal (38):"
                    + " declared " + type + "; a value that does not fit fails its batch.", true);
        }
        return MappedType.of("decimal(" + precision + "," + scale + ")");
    }

    /** A MySQL or MariaDB column for the {@code mysql} connector. */
    public static MappedType mysql(MySqlTypes.Type type) {
        String data = type.dataType().toLowerCase(Locale.ROOT);
        String column = type.columnType().toLowerCase(Locale.ROOT);
        boolean unsigned = column.contains("unsigned");
        switch (data) {
            case "tinyint":
                // INT16 whatever the width; tinyint(1) is boolean only with a converter (TinyIntOneToBooleanConverter)
                return column.startsWith("tinyint(1)") ? MappedType.of("tinyint").orAlso("boolean")
                        : MappedType.of(unsigned ? "smallint" : "tinyint");
            case "bit":
                return column.equals("bit(1)") ? MappedType.of("boolean") : MappedType.of("binary"); // Bits: bytes
            case "bigint":
                return unsigned ? MappedType.of("bigint").orAlso("decimal(20,0)").noted("source type " + column
                        + " arrives as a signed long (bigint.unsigned.handling.mode=long, the default), so values above"
                        + " 9223372036854775807 arrive negative; with bigint.unsigned.handling.mode=precise declare"
                        + " decimal(20,0) by hand.", false) : MappedType.of("bigint");
            case "decimal":
            case "numeric":
                return mysqlDecimal(type, column);
            case "year":
                return MappedType.of("int");
            case "datetime":
                // adaptive: precision 0-3 is io.debezium.time.Timestamp (ms, the mysql default), 4-6 MicroTimestamp
                return precision(column, 0) <= 3 ? MappedType.of("timestamp") : MappedType.of("timestamp").encoded(MICROS);
            case "timestamp":
                return MappedType.of("timestamp"); // ZonedTimestamp, an ISO string
            case "time":
                // adaptive_time_microseconds: always MicroTime, whatever the precision
                return MappedType.of("string").encoded(TIME_MICROS).noted("source type " + column + " arrives as"
                        + " microseconds, read as HH:mm:ss.ffffff; MySQL times outside 00:00:00-23:59:59 fail their"
                        + " batch.", false);
            default:
                break;
        }
        Optional<MappedType> plain = MySqlTypes.plain(data, unsigned);
        if (plain.isPresent()) {
            return plain.get();
        }
        if (MYSQL_TEXT.contains(data)) {
            return data.endsWith("text") || data.equals("json") ? MappedType.lob("string") : MappedType.of("string");
        }
        if (MYSQL_BINARY.contains(data)) {
            return data.endsWith("blob") ? MappedType.lob("binary") : MappedType.of("binary");
        }
        return MappedType.fallback("source type " + column + " is not in the Debezium type mapping (docs/init.md):"
                + " declared string, which keeps the value's JSON text; declare another type by hand if it fits.");
    }

    private static MappedType mysqlDecimal(MySqlTypes.Type type, String column) {
        long precision = type.precision().orElse(10L);
        long scale = type.scale().orElse(0L);
        if (precision > 38) {
            String declared = "decimal(38," + Math.min(scale, 38) + ")";
            return MappedType.of(declared).noted("source type " + column + " has more digits than a Spark decimal (38):"
                    + " declared " + declared + "; a value that does not fit fails its batch.", true);
        }
        return MappedType.of("decimal(" + precision + "," + scale + ")");
    }

    /** The fractional-seconds precision a declared temporal type gives, or {@code otherwise} when it gives none. */
    private static int precision(String declared, int otherwise) {
        Matcher m = PRECISION.matcher(declared);
        return m.find() ? Integer.parseInt(m.group(1)) : otherwise;
    }

    /** The encoding of {@code mapped}, when it still applies to {@code declared} (a type set by hand may not take it). */
    static Optional<String> encodingFor(MappedType mapped, String declared) {
        return mapped.encoding().filter(e -> applies(e, declared));
    }

    /** Whether a value encoding can read a column of the declared Spark type. */
    static boolean applies(String encoding, String declared) {
        try {
            io.dmsdelta.source.debezium.DebeziumValues.resolve(org.apache.spark.sql.types.DataType.fromDDL(declared),
                    ValueEncoding.parse(encoding), io.dmsdelta.source.debezium.TimestampDefault.MICROS);
            return true;
        } catch (Exception e) { // IllegalArgumentException, or Spark's ParseException (checked in Scala's eyes only)
            return false;
        }
    }
}
