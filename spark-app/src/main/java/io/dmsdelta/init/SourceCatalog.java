package io.dmsdelta.init;

import java.util.List;

/** Where init learns the source's tables: a database's catalog, or the files DMS wrote. */
public interface SourceCatalog extends AutoCloseable {

    /** What is read, for the summary (no password, no URL properties). */
    String describe();

    /** Every table there is to select from, sorted by name. */
    List<TableName> tables() throws Exception;

    /** The table's columns in DMS's order, its primary key and anything worth noting. */
    SourceTable read(TableName table) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
