package io.dmsdelta.init;

import java.util.List;
import java.util.Objects;

/**
 * A table as the source describes it: from the database's catalog, or from the files DMS wrote.
 *
 * @param name       schema and table, as DMS names the folders
 * @param columns    in the order DMS writes them (the catalog's ordinal order)
 * @param primaryKey the primary key's columns in constraint order; empty when the source has none (or, from
 *                   files, when it cannot be known)
 * @param notes      what the reader noticed (from files: how the columns were found), for the summary
 */
public record SourceTable(TableName name, List<SourceColumn> columns, List<String> primaryKey, List<String> notes) {
    public SourceTable {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        notes = List.copyOf(notes);
    }
}
