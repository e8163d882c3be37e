package io.dmsdelta.init;

import java.util.Objects;

/**
 * A column of a source table, in the order DMS writes it.
 *
 * @param name       as the catalog (or the files) spell it
 * @param sourceType the source's own name for its type ({@code numeric(10,2)}, {@code tinyint(1)}, or a Parquet
 *                   type), for notes
 * @param mapped     the Spark type it is declared as
 */
public record SourceColumn(String name, String sourceType, MappedType mapped) {
    public SourceColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sourceType, "sourceType");
        Objects.requireNonNull(mapped, "mapped");
    }
}
