package io.dmsdelta.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The DMS S3 target endpoint settings the files were written with: the same JSON a user passes to
 * {@code aws dms create-endpoint --s3-settings}, keys spelled as DMS spells them, DMS's defaults where a key
 * is absent. Only settings that change what the files look like matter here; every key is either honoured,
 * known not to affect the files, or rejected with an explanation, so nothing is silently ignored.
 *
 * @param csvDelimiter         {@code CsvDelimiter}, default {@code ,}
 * @param csvNullValue         {@code CsvNullValue}: how NULL is written; empty (the default) means an empty field
 * @param addColumnName        {@code AddColumnName}: each file starts with a header row
 * @param timestampColumnName  {@code TimestampColumnName}: an extra column after the operation column
 * @param rfc4180              {@code Rfc4180}: values with delimiters, quotes or newlines are quoted
 * @param rowDelimiter         {@code CsvRowDelimiter} when it is not a newline; empty for {@code \n} (also
 *                             read: {@code \r\n})
 * @param includeOpForFullLoad {@code IncludeOpForFullLoad}: LOAD files start with the operation column
 * @param transactionFolder    {@code CdcPath} when {@code PreserveTransactions} is on: the folder, under the bucket
 *                             folder, where DMS writes every table's changes to {@code CDC_TXN-*.csv} files
 * @param cdcOperationColumnMayBeMissing {@code CdcInsertsOnly} or {@code CdcInsertsAndUpdates}: DMS's documentation
 *                             contradicts itself on whether CDC files then have the operation column, so it is
 *                             detected per file; otherwise every CDC file has it
 * @param bucketFolder         {@code BucketName}, then {@code BucketFolder} if set ({@code my-bucket/dms}): where the
 *                             task writes, which a run given one file takes as the source root
 *
 * <p>{@code CompressionType} is validated; {@code .csv} and {@code .csv.gz} files are both recognised and read by
 * their name.
 */
public record EndpointSettings(
        String csvDelimiter,
        String csvNullValue,
        boolean addColumnName,
        Optional<String> timestampColumnName,
        boolean rfc4180,
        Optional<String> rowDelimiter,
        boolean includeOpForFullLoad,
        Optional<String> transactionFolder,
        boolean cdcOperationColumnMayBeMissing,
        Optional<String> bucketFolder) {

    /** DMS's own defaults: what the files look like when the endpoint was created with no settings. */
    public static final EndpointSettings DMS_DEFAULTS =
            new EndpointSettings(",", "", false, Optional.empty(), true, Optional.empty(), false, Optional.empty(), false,
                    Optional.empty());

    /** Keys that are honoured: each is read below. */
    private static final Set<String> HONOURED = Set.of(
            "CsvDelimiter", "CsvNullValue", "AddColumnName", "IncludeOpForFullLoad", "TimestampColumnName",
            "CompressionType", "Rfc4180", "DataFormat", "CsvRowDelimiter", "DatePartitionEnabled",
            "PreserveTransactions", "CdcPath", "UseCsvNoSupValue", "AddTrailingPaddingCharacter",
            // With these the operation column is detected per CDC file.
            "CdcInsertsOnly", "CdcInsertsAndUpdates",
            // Where the task writes: the source root of a run given one file.
            "BucketName", "BucketFolder");

    /** Keys about where and how DMS writes (bucket, encryption, file sizes), not what a row looks like. */
    private static final Set<String> NO_EFFECT_ON_FILES = Set.of(
            "ServiceAccessRoleArn", "ExternalTableDefinition", "EncryptionMode",
            "ServerSideEncryptionKmsKeyId", "CannedAclForObjects", "CdcMaxBatchInterval", "CdcMinFileSize",
            "MaxFileSize", "ExpectedBucketOwner", "GlueCatalogGeneration", "EnableStatistics",
            "UseTaskStartTimeForFullLoadTimestamp", "DatePartitionSequence", "DatePartitionDelimiter",
            "DatePartitionTimezone", "IgnoreHeaderRows", "EncodingType", "DictPageSizeLimit", "RowGroupLength",
            "DataPageSize", "ParquetVersion", "ParquetTimestampInMillisecond", "CsvNoSupValue");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param json   the settings JSON ({@code {}} for DMS defaults)
     * @param origin where it came from, named in error messages
     * @throws ConfigException for malformed JSON, unknown keys, wrong value types, and settings that shape the
     *                         files in a way this version cannot read yet
     */
    public static EndpointSettings parse(String json, String origin) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException("Endpoint settings " + origin + " are not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("Endpoint settings " + origin + " must be a JSON object of DMS S3Settings,"
                    + " as passed to aws dms create-endpoint --s3-settings.");
        }
        Settings s = new Settings(root, origin);
        s.rejectUnknownKeys();
        // Each file is read by its extension (.csv, .csv.gz, .parquet), so the format needs no field of its own.
        String dataFormat = s.text("DataFormat", "csv");
        if (!dataFormat.equalsIgnoreCase("csv") && !dataFormat.equalsIgnoreCase("parquet")) {
            throw s.invalid("DataFormat", dataFormat, "csv or parquet");
        }
        Optional<String> rowDelimiter = rowDelimiter(s);
        s.bool("DatePartitionEnabled", false); // CDC files are found at any depth and ordered by name
        Optional<String> transactionFolder = transactionFolder(s);
        s.requireFalse("UseCsvNoSupValue", "partial update rows (CsvNoSupValue) are not merged yet");
        s.requireFalse("AddTrailingPaddingCharacter", "padded values are not read yet");
        String compression = s.text("CompressionType", "NONE");
        if (!compression.equalsIgnoreCase("NONE") && !compression.equalsIgnoreCase("GZIP")) {
            throw s.invalid("CompressionType", compression, "NONE or GZIP");
        }
        String delimiter = s.text("CsvDelimiter", ",");
        if (delimiter.isEmpty()) {
            throw s.invalid("CsvDelimiter", delimiter, "a non-empty delimiter such as , or |");
        }
        boolean insertsOnly = s.bool("CdcInsertsOnly", false);
        boolean insertsAndUpdates = s.bool("CdcInsertsAndUpdates", false);
        String timestampColumn = s.text("TimestampColumnName", "");
        return new EndpointSettings(
                delimiter,
                s.text("CsvNullValue", ""),
                s.bool("AddColumnName", false),
                timestampColumn.isEmpty() ? Optional.empty() : Optional.of(timestampColumn),
                s.bool("Rfc4180", true),
                rowDelimiter,
                s.bool("IncludeOpForFullLoad", false),
                transactionFolder,
                insertsOnly || insertsAndUpdates,
                bucketFolder(s));
    }

    /** {@code BucketName} and {@code BucketFolder} joined, without leading or trailing slashes; empty without a bucket. */
    private static Optional<String> bucketFolder(Settings s) {
        String bucket = s.text("BucketName", "").trim();
        String folder = s.text("BucketFolder", "").replaceAll("^/+|/+$", "");
        return bucket.isEmpty() ? Optional.empty() : Optional.of(folder.isEmpty() ? bucket : bucket + "/" + folder);
    }

    /**
     * With {@code PreserveTransactions} DMS writes all tables' changes, in transaction order, to
     * {@code CDC_TXN-*.csv} files in {@code CdcPath}; DMS allows neither headers nor date partitions then.
     * Where per-table files go with {@code CdcPath} alone is not documented, so that is refused, not guessed.
     */
    private static Optional<String> transactionFolder(Settings s) {
        String cdcPath = s.text("CdcPath", "").replaceAll("^/+|/+$", "");
        boolean preserve = s.bool("PreserveTransactions", false);
        if (!preserve && !cdcPath.isEmpty()) {
            throw s.unsupported("CdcPath", cdcPath, "without PreserveTransactions=true, DMS does not document where in"
                    + " CdcPath each table's files go");
        }
        if (preserve && cdcPath.isEmpty()) {
            throw s.invalid("PreserveTransactions", "true", "it together with CdcPath, the folder DMS writes the"
                    + " CDC_TXN files to (DMS requires it too)");
        }
        if (preserve && (s.bool("AddColumnName", false) || s.bool("DatePartitionEnabled", false))) {
            throw s.invalid("PreserveTransactions", "true", "it without AddColumnName and DatePartitionEnabled, which"
                    + " DMS does not allow with it");
        }
        return preserve ? Optional.of(cdcPath) : Optional.empty();
    }

    /**
     * DMS takes the delimiter as written in JSON, so a newline may arrive as the character or as the two
     * characters backslash-n; the same goes for \r and \t. Newline variants need no option (Spark reads
     * \n and \r\n by default); any other delimiter must be one character, which is what Spark's CSV source
     * can split records on.
     */
    private static Optional<String> rowDelimiter(Settings s) {
        String written = s.text("CsvRowDelimiter", "\n");
        String delimiter = written.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
        if (delimiter.equals("\n") || delimiter.equals("\r\n")) {
            return Optional.empty();
        }
        if (delimiter.length() != 1) {
            throw s.unsupported("CsvRowDelimiter", written, "a row delimiter other than \\n or \\r\\n must be a single"
                    + " character, which is what Spark's CSV reader can split rows on");
        }
        return Optional.of(delimiter);
    }

    /**
     * @throws ConfigException if the timestamp column DMS adds has the name of a defined column: the two
     *                         would be one column in the Delta table
     */
    public void requireFitsTables(TableDefinitions tables) {
        for (TableDefinition table : tables.all()) {
            table.sequenceColumn()
                    .filter(seq -> table.column(seq).isEmpty() && !timestampColumnName().equals(java.util.Optional.of(seq)))
                    .ifPresent(seq -> {
                        throw new ConfigException("Table " + table.qualifiedName() + ": sequenceColumn " + seq
                                + " is neither one of its columns nor the endpoint's TimestampColumnName.");
                    });
        }
        timestampColumnName().ifPresent(name -> {
            if (name.startsWith("__")) {
                throw new ConfigException("TimestampColumnName " + name + " starts with \"__\", which dms-delta"
                        + " reserves for its own bookkeeping columns; choose another name.");
            }
            tables.all().stream().filter(table -> table.columnIgnoringCase(name).isPresent()).findFirst()
                    .ifPresent(table -> {
                        throw new ConfigException("TimestampColumnName " + name + " names a column of table "
                                + table.qualifiedName() + ": DMS adds it as a column of its own, so choose another"
                                + " name or remove the column from the table definition.");
                    });
        });
    }

    /** Reads typed values out of the JSON, naming the setting and origin in every error. */
    private record Settings(JsonNode root, String origin) {

        void rejectUnknownKeys() {
            List<String> unknown = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                String key = it.next().getKey();
                if (!HONOURED.contains(key) && !NO_EFFECT_ON_FILES.contains(key)) {
                    unknown.add(key);
                }
            }
            if (!unknown.isEmpty()) {
                throw new ConfigException("Endpoint settings " + origin + " contain " + unknown
                        + ", which " + (unknown.size() == 1 ? "is not a" : "are not") + " DMS S3 setting"
                        + " dms-delta knows. Check the spelling against the DMS S3Settings reference"
                        + " (keys are case-sensitive); docs/configuration.md lists what is supported.");
            }
        }

        String text(String key, String defaultValue) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return defaultValue;
            }
            if (!node.isValueNode()) {
                throw invalid(key, node.toString(), "a string");
            }
            return node.asText();
        }

        boolean bool(String key, boolean defaultValue) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return defaultValue;
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            String text = node.asText().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return Boolean.parseBoolean(text);
            }
            throw invalid(key, node.toString(), "true or false");
        }

        void requireFalse(String key, String why) {
            if (bool(key, false)) {
                throw unsupported(key, "true", why);
            }
        }

        ConfigException invalid(String key, String value, String expected) {
            return new ConfigException("Endpoint setting " + key + " in " + origin + " is " + value
                    + "; expected " + expected + ".");
        }

        ConfigException unsupported(String key, String value, String why) {
            return new ConfigException("Endpoint setting " + key + "=" + value + " in " + origin
                    + " is not supported: " + why + ". docs/configuration.md lists the supported settings.");
        }
    }
}
