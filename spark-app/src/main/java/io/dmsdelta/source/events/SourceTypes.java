package io.dmsdelta.source.events;

import org.apache.spark.sql.types.DataType;

import java.util.Optional;

/**
 * The source's own type of a value (a PostgreSQL type name, a DynamoDB descriptor), as {@link ColumnImages#TYPES}
 * holds it, checked against the column's declared type before the value is typed.
 */
public interface SourceTypes {

    /** A regular expression of the source types a column of {@code type} holds; empty when it holds every type. */
    Optional<String> allowedPattern(DataType type);

    /** What the error says after the source type that a column of {@code type} does not hold. */
    String mismatch(DataType type);
}
