package io.dmsdelta.generate;

/**
 * The generated table's definition, as {@code tables.json} for {@code dms-delta run}, and the endpoint settings
 * its files are written with: DMS's defaults (no header, no operation column in LOAD files, RFC 4180 quoting).
 */
final class BenchTable {

    /** The columns in file order, name and Spark SQL type; {@code id} is the key. */
    static final String[][] COLUMNS = {
            {"id", "bigint"}, {"customer", "string"}, {"note", "string"}, {"amount", "decimal(12,2)"},
            {"status", "string"}, {"updated_at", "timestamp"}};

    static final String ENDPOINT_SETTINGS_JSON = """
            {
              "DataFormat": "csv",
              "CsvDelimiter": ",",
              "CompressionType": "NONE",
              "AddColumnName": false,
              "IncludeOpForFullLoad": false,
              "Rfc4180": true
            }
            """;

    private BenchTable() {
    }

    static String tablesJson(String schema, String table) {
        StringBuilder columns = new StringBuilder();
        for (String[] column : COLUMNS) {
            columns.append(columns.isEmpty() ? "" : ",\n").append("        {\"name\": \"").append(column[0])
                    .append("\", \"type\": \"").append(column[1]).append("\"}");
        }
        return "{\n  \"tables\": [\n    {\n      \"schema\": \"" + schema + "\",\n      \"table\": \"" + table
                + "\",\n      \"primaryKey\": [\"id\"],\n      \"columns\": [\n" + columns + "\n      ]\n    }\n  ]\n}\n";
    }
}
