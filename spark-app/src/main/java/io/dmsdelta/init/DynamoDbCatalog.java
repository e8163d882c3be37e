package io.dmsdelta.init;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The one table of a DynamoDB sample, as init reads source tables. */
public final class DynamoDbCatalog implements SourceCatalog {

    private final TableName name;
    private final DynamoDbSample sample;
    private final Optional<String> restColumn;

    /**
     * @param name       the definition's schema and table
     * @param restColumn the column for attributes without one; empty when they are ignored
     */
    public DynamoDbCatalog(TableName name, DynamoDbSample sample, Optional<String> restColumn) {
        this.name = Objects.requireNonNull(name, "name");
        this.sample = Objects.requireNonNull(sample, "sample");
        this.restColumn = Objects.requireNonNull(restColumn, "restColumn");
    }

    @Override
    public String describe() {
        return sample.describe();
    }

    @Override
    public List<TableName> tables() {
        return List.of(name);
    }

    @Override
    public SourceTable read(TableName table) throws TableNotReadable {
        return DynamoDbColumns.describe(table, sample.items(), restColumn, sample.from());
    }
}
