package io.dmsdelta.testing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A seeded random workload over JDBC on two tables, for change capture tests: the same seed gives the same SQL
 * statements (see {@link #statements()}), whatever the database.
 *
 * <p>Tables ({@link #ddl()}): {@value #ACCOUNTS} (key {@code id}) with text, {@code numeric(12,2)}, {@code numeric}
 * without scale, date, {@code timestamp(6)}, {@code timestamp(3)}, {@code timestamptz}, boolean, bytea and a text
 * {@code notes} that is often over 8 kB of incompressible text (stored out of line, TOAST); and {@value #ORDER_LINES}
 * (composite key {@code order_id, line_no}). Both keep REPLICA IDENTITY DEFAULT, so an update that leaves
 * {@code notes} unchanged reaches Debezium without it (its {@code __debezium_unavailable_value} placeholder).
 *
 * <p>{@link #runBatch} runs inserts, updates (of 1 to 3 columns, rarely {@code notes}), deletes, key changes
 * ({@code UPDATE ... SET id = ...}, {@code SET line_no = ...}), and with {@link #truncates} a rare TRUNCATE, in
 * transactions of 1 to 5 statements; nullable columns are NULL about one time in seven; numerics include negative
 * and large values (up to 10 digits before the point in {@code numeric(12,2)}, 30 digits and up to 8 decimals in
 * {@code numeric}); dates and timestamps span 1900 to 2100. {@link #addColumn} adds a column that later statements
 * fill.
 */
public final class PostgresWorkload {

    public static final String ACCOUNTS = "public.accounts";
    public static final String ORDER_LINES = "public.order_lines";

    /** The column types the workload can fill. */
    private enum Kind {
        BIGINT, INTEGER, TEXT, BIG_TEXT, NUMERIC_12_2, NUMERIC, DATE, TIMESTAMP_6, TIMESTAMP_3, TIMESTAMPTZ, BOOLEAN, BYTEA;

        static Kind of(String sqlType) {
            return switch (sqlType.toLowerCase(Locale.ROOT).replace(" ", "")) {
                case "bigint", "int8" -> BIGINT;
                case "integer", "int", "int4" -> INTEGER;
                case "text", "varchar" -> TEXT;
                case "numeric(12,2)" -> NUMERIC_12_2;
                case "numeric" -> NUMERIC;
                case "date" -> DATE;
                case "timestamp", "timestamp(6)" -> TIMESTAMP_6;
                case "timestamp(3)" -> TIMESTAMP_3;
                case "timestamptz", "timestamp(6)withtimezone", "timestampwithtimezone" -> TIMESTAMPTZ;
                case "boolean", "bool" -> BOOLEAN;
                case "bytea" -> BYTEA;
                default -> throw new IllegalArgumentException("the workload cannot fill a column of type " + sqlType);
            };
        }
    }

    private record Column(String name, Kind kind, boolean nullable) {
        Column(String name, Kind kind) {
            this(name, kind, true);
        }
    }

    private static final class Table {
        final String name;
        final List<Column> keys;
        final List<Column> columns = new ArrayList<>();
        /** Existing keys, each its values in key order; sorted so that choices do not depend on hashing. */
        final TreeSet<List<Long>> rows = new TreeSet<>((a, b) -> {
            for (int i = 0; i < a.size(); i++) {
                int c = Long.compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });

        Table(String name, List<Column> keys, List<Column> others) {
            this.name = name;
            this.keys = keys;
            columns.addAll(others);
        }
    }

    private static final String ACCOUNTS_DDL = "CREATE TABLE " + ACCOUNTS + " ("
            + "id bigint PRIMARY KEY, name text, balance numeric(12,2), score numeric, opened date,"
            + " updated_at timestamp(6), updated_ms timestamp(3), seen_at timestamptz, active boolean, photo bytea,"
            + " notes text)";
    private static final String ORDER_LINES_DDL = "CREATE TABLE " + ORDER_LINES + " ("
            + "order_id bigint NOT NULL, line_no integer NOT NULL, sku text NOT NULL, quantity integer,"
            + " price numeric(12,2), shipped date, PRIMARY KEY (order_id, line_no))";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TIMESTAMPTZ = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String[] WORDS = {"alpha", "Ünïcode", "漢字", "it's", "back\\slash", "tab\there", "new\nline",
            "\"quoted\"", "emoji 🚀", "plain", "", " spaced "};

    private final PostgresServer server;
    private final String database;
    private final Random random;
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final List<String> statements = new ArrayList<>();
    private final Map<String, Integer> operations = new TreeMap<>();
    private boolean truncates;
    private long nextOrder = 1;

    /** A workload on the tables of {@link #ddl()} in {@code database}; call {@link #createTables()} unless they exist. */
    public PostgresWorkload(PostgresServer server, String database, long seed) {
        this.server = server;
        this.database = database;
        this.random = new Random(seed);
        tables.put(ACCOUNTS, new Table(ACCOUNTS, List.of(new Column("id", Kind.BIGINT)), List.of(
                new Column("name", Kind.TEXT), new Column("balance", Kind.NUMERIC_12_2),
                new Column("score", Kind.NUMERIC), new Column("opened", Kind.DATE),
                new Column("updated_at", Kind.TIMESTAMP_6), new Column("updated_ms", Kind.TIMESTAMP_3),
                new Column("seen_at", Kind.TIMESTAMPTZ), new Column("active", Kind.BOOLEAN),
                new Column("photo", Kind.BYTEA), new Column("notes", Kind.BIG_TEXT))));
        tables.put(ORDER_LINES, new Table(ORDER_LINES,
                List.of(new Column("order_id", Kind.BIGINT), new Column("line_no", Kind.INTEGER)), List.of(
                new Column("sku", Kind.TEXT, false), new Column("quantity", Kind.INTEGER),
                new Column("price", Kind.NUMERIC_12_2), new Column("shipped", Kind.DATE))));
    }

    /** The CREATE TABLE statements of {@value #ACCOUNTS} and {@value #ORDER_LINES}. */
    public static List<String> ddl() {
        return List.of(ACCOUNTS_DDL, ORDER_LINES_DDL);
    }

    public void createTables() throws SQLException {
        server.execute(database, ddl().toArray(String[]::new));
    }

    /** Lets {@link #runBatch} truncate a table now and then (off by default). */
    public PostgresWorkload truncates(boolean on) {
        this.truncates = on;
        return this;
    }

    /** {@code ALTER TABLE <table> ADD COLUMN <column> <sqlType>}; later inserts and updates fill it. */
    public void addColumn(String table, String column, String sqlType) throws SQLException {
        Table t = table(table);
        Kind kind = Kind.of(sqlType);
        String sql = "ALTER TABLE " + t.name + " ADD COLUMN " + column + " " + sqlType;
        try (Connection c = server.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
        statements.add(sql);
        t.columns.add(new Column(column, kind));
        operations.merge("add column", 1, Integer::sum);
    }

    /** Runs {@code count} operations, in transactions of 1 to 5, on tables chosen at random. */
    public void runBatch(int count) throws SQLException {
        try (Connection c = server.connect(database); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            int done = 0;
            while (done < count) {
                int size = Math.min(count - done, 1 + random.nextInt(5));
                statements.add("BEGIN");
                for (int i = 0; i < size; i++) {
                    String sql = next();
                    statements.add(sql);
                    s.execute(sql);
                }
                c.commit();
                statements.add("COMMIT");
                done += size;
            }
        }
    }

    /** Every statement run so far (DDL of {@link #addColumn}, and BEGIN and COMMIT around each transaction). */
    public List<String> statements() {
        return List.copyOf(statements);
    }

    /** How many operations of each kind ran: insert, update, delete, key change, truncate, add column. */
    public Map<String, Integer> operationCounts() {
        return Map.copyOf(operations);
    }

    private Table table(String name) {
        Table t = tables.get(name);
        if (t == null) {
            throw new IllegalArgumentException("not a workload table: " + name + " (" + tables.keySet() + ")");
        }
        return t;
    }

    private String next() {
        Table t = random.nextInt(10) < 6 ? tables.get(ACCOUNTS) : tables.get(ORDER_LINES);
        int roll = random.nextInt(100);
        if (truncates && roll < 2 && !t.rows.isEmpty()) {
            t.rows.clear();
            return count("truncate", "TRUNCATE " + t.name);
        }
        if (t.rows.size() < 3 || roll < 42) {
            return count("insert", insert(t));
        }
        if (roll < 78) {
            return count("update", update(t));
        }
        if (roll < 90) {
            return count("delete", delete(t));
        }
        return count("key change", changeKey(t));
    }

    private String count(String operation, String sql) {
        operations.merge(operation, 1, Integer::sum);
        return sql;
    }

    private String insert(Table t) {
        List<Long> key = newKey(t);
        t.rows.add(key);
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < t.keys.size(); i++) {
            names.add(t.keys.get(i).name());
            values.add(Long.toString(key.get(i)));
        }
        for (Column c : t.columns) {
            names.add(c.name());
            values.add(value(c, c.nullable()));
        }
        return "INSERT INTO " + t.name + " (" + String.join(", ", names) + ") VALUES (" + String.join(", ", values) + ")";
    }

    private String update(Table t) {
        List<Column> choices = new ArrayList<>(t.columns.stream().filter(c -> c.kind() != Kind.BIG_TEXT).toList());
        List<String> sets = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n && !choices.isEmpty(); i++) {
            Column c = choices.remove(random.nextInt(choices.size()));
            sets.add(c.name() + " = " + value(c, c.nullable()));
        }
        for (Column c : t.columns) {
            if (c.kind() == Kind.BIG_TEXT && random.nextInt(10) == 0) {
                sets.add(c.name() + " = " + value(c, c.nullable()));
            }
        }
        return "UPDATE " + t.name + " SET " + String.join(", ", sets) + " WHERE " + where(t, pick(t));
    }

    private String delete(Table t) {
        List<Long> key = pick(t);
        t.rows.remove(key);
        return "DELETE FROM " + t.name + " WHERE " + where(t, key);
    }

    private String changeKey(Table t) {
        List<Long> old = pick(t);
        List<Long> key = new ArrayList<>(old);
        int last = key.size() - 1;
        do {
            key.set(last, key.get(last) + 1 + random.nextInt(1000));
        } while (t.rows.contains(key));
        t.rows.remove(old);
        t.rows.add(List.copyOf(key));
        return "UPDATE " + t.name + " SET " + t.keys.get(last).name() + " = " + key.get(last) + " WHERE " + where(t, old);
    }

    private List<Long> newKey(Table t) {
        while (true) {
            List<Long> key = t.keys.size() == 1 ? List.of(1 + (long) random.nextInt(1_000_000))
                    : List.of(random.nextInt(3) == 0 || nextOrder == 1 ? nextOrder++ : 1 + (long) random.nextInt((int) nextOrder),
                    1 + (long) random.nextInt(20));
            if (!t.rows.contains(key)) {
                return key;
            }
        }
    }

    private List<Long> pick(Table t) {
        int index = random.nextInt(t.rows.size());
        return t.rows.stream().skip(index).findFirst().orElseThrow();
    }

    private static String where(Table t, List<Long> key) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < t.keys.size(); i++) {
            terms.add(t.keys.get(i).name() + " = " + key.get(i));
        }
        return String.join(" AND ", terms);
    }

    /** A SQL literal for a random value of the column's type. */
    private String value(Column c, boolean nullable) {
        if (nullable && random.nextInt(7) == 0) {
            return "NULL";
        }
        return switch (c.kind()) {
            case BIGINT -> Long.toString(random.nextLong() >> random.nextInt(64));
            case INTEGER -> Integer.toString(random.nextInt(2000) - 1000);
            case TEXT -> text(words());
            case BIG_TEXT -> random.nextInt(10) < 7 ? text(bigText()) : text(words());
            case NUMERIC_12_2 -> {
                long bound = random.nextBoolean() ? 100_000L : 100_000_000_000L; // up to 9999999999.99
                long unscaled = (random.nextLong() >>> 1) % bound * (random.nextInt(3) == 0 ? -1 : 1);
                yield BigDecimal.valueOf(unscaled, 2).toPlainString();
            }
            case NUMERIC -> {
                BigInteger unscaled = new BigInteger(1 + random.nextInt(99), random);
                if (random.nextInt(3) == 0) {
                    unscaled = unscaled.negate();
                }
                yield new BigDecimal(unscaled, random.nextInt(9)).toPlainString();
            }
            case DATE -> "DATE '" + date() + "'";
            case TIMESTAMP_6 -> "TIMESTAMP '" + TIMESTAMP.format(date().atStartOfDay()
                    .plusNanos((random.nextLong() >>> 1) % 86_400_000_000L * 1000)) + "'";
            case TIMESTAMP_3 -> "TIMESTAMP '" + TIMESTAMP.format(date().atStartOfDay()
                    .plusNanos((random.nextLong() >>> 1) % 86_400_000L * 1_000_000)) + "'";
            case TIMESTAMPTZ -> {
                LocalDateTime local = date().atStartOfDay().plusNanos((random.nextLong() >>> 1) % 86_400_000_000L * 1000);
                int offsetMinutes = (random.nextInt(4) - 1) * 330; // -05:30, +00:00, +05:30, +11:00
                yield "TIMESTAMPTZ '" + TIMESTAMPTZ.format(local.atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60)))
                        + "'";
            }
            case BOOLEAN -> Boolean.toString(random.nextBoolean());
            case BYTEA -> {
                byte[] bytes = new byte[random.nextInt(24)];
                random.nextBytes(bytes);
                yield "'\\x" + HexFormat.of().formatHex(bytes) + "'::bytea";
            }
        };
    }

    private LocalDate date() {
        return LocalDate.of(1900, 1, 1).plusDays(random.nextInt(73_000));
    }

    private String words() {
        StringBuilder text = new StringBuilder();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }

    /** 9000 to 12000 random letters and digits: incompressible enough to be stored out of line. */
    private String bigText() {
        char[] text = new char[9000 + random.nextInt(3000)];
        for (int i = 0; i < text.length; i++) {
            text[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(text);
    }

    private static String text(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * The table's rows in primary key order, each a map from column name to value in table column order, normalised
     * for exact comparison: {@code bigint} Long, {@code integer} Integer, {@code numeric} BigDecimal as PostgreSQL
     * holds it (its own scale: {@code numeric(12,2)} always scale 2, an unscaled {@code numeric} the scale it was
     * written with; compare with {@code compareTo} if the other side drops trailing zeros), {@code date}
     * LocalDate, {@code timestamp} LocalDateTime (no zone), {@code timestamptz} java.time.Instant, {@code boolean} Boolean,
     * {@code bytea} lowercase hex String (no {@code \x}), text String; NULL is null.
     */
    public List<Map<String, Object>> readTable(String table) throws SQLException {
        try (Connection c = server.connect(database)) {
            return readTable(c, table);
        }
    }

    /** {@link #readTable(String)} for any table with a primary key, on a given connection. */
    public static List<Map<String, Object>> readTable(Connection connection, String table) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement("SELECT a.attname FROM pg_index i JOIN pg_attribute a"
                + " ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) WHERE i.indrelid = ?::regclass"
                + " AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)")) {
            q.setString(1, table);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    keys.add(r.getString(1));
                }
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(table + " has no primary key");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM " + table + " ORDER BY " + String.join(", ", keys))) {
            ResultSetMetaData meta = r.getMetaData();
            while (r.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), normalised(r, i, meta.getColumnTypeName(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Object normalised(ResultSet r, int i, String type) throws SQLException {
        if (r.getObject(i) == null) {
            return null;
        }
        return switch (type) {
            case "int8" -> r.getLong(i);
            case "int4" -> r.getInt(i);
            case "int2" -> (int) r.getShort(i);
            case "numeric" -> r.getBigDecimal(i);
            case "date" -> r.getObject(i, LocalDate.class);
            case "timestamp" -> r.getObject(i, LocalDateTime.class);
            case "timestamptz" -> r.getObject(i, OffsetDateTime.class).toInstant();
            case "bool" -> r.getBoolean(i);
            case "bytea" -> HexFormat.of().formatHex(r.getBytes(i));
            default -> r.getString(i);
        };
    }
}
