package io.dmsdelta.init;

import io.dmsdelta.config.DynamoDbSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code init --from-dynamodb} (or {@code --from-dynamodb-records}): the definition is written for the changes of
 * one DynamoDB table, read as a {@code dynamodb} source.
 *
 * @param dynamoTable   the DynamoDB table's name, as DynamoDB spells it
 * @param folder        where its changes land, under the run's source
 * @param shape         how they are landed
 * @param restColumn    the column holding the attributes the definition does not name, as JSON text; empty when
 *                      they are ignored ({@code --no-rest-column})
 * @param keyOrderKnown whether the key's order is DynamoDB's (partition key, then sort key), as DescribeTable tells
 *                      it; records show the key attributes without saying which is which
 */
public record DynamoDbTarget(String dynamoTable, String folder, DynamoDbSource.Shape shape, Optional<String> restColumn,
                             boolean keyOrderKnown) implements SourceTarget {

    public static final String FORMAT = DynamoDbSource.FORMAT;
    /** The rest column's name unless {@code --no-rest-column}. */
    public static final String DEFAULT_REST_COLUMN = "_item_rest";
    /** The rest column's type: the JSON text of an object of attributes. */
    public static final String REST_COLUMN_TYPE = "string";

    public DynamoDbTarget {
        Objects.requireNonNull(dynamoTable, "dynamoTable");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(restColumn, "restColumn");
    }

    /** The folder a table's changes land in unless {@code --dynamodb-folder} says otherwise. */
    public static String defaultFolder(String dynamoTable) {
        return "dynamodb/" + dynamoTable;
    }

    /** The definition's table name: the DynamoDB name lower-cased, with any character but a-z, 0-9 and _ as _. */
    public static String tableName(String dynamoTable) {
        return dynamoTable.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String command() {
        return "init for DynamoDB table " + dynamoTable;
    }

    /** A {@code dynamodb} definition of another DynamoDB table is none of this init's business. */
    @Override
    public boolean answersFor(TableSpec existing) {
        return existing.format().equals(FORMAT)
                && existing.source().flatMap(s -> s.text(DynamoDbSource.DYNAMO_TABLE)).equals(Optional.of(dynamoTable));
    }

    /** The {@code "source"} written for the table. */
    public SourceSettings spec() {
        Map<String, JsonNode> settings = new LinkedHashMap<>();
        settings.put(DynamoDbSource.FOLDER, TextNode.valueOf(folder));
        settings.put(DynamoDbSource.SHAPE, TextNode.valueOf(shape.configName()));
        settings.put(DynamoDbSource.DYNAMO_TABLE, TextNode.valueOf(dynamoTable));
        restColumn.ifPresent(c -> settings.put(DynamoDbSource.REST_COLUMN, TextNode.valueOf(c)));
        return new SourceSettings(FORMAT, settings);
    }
}
