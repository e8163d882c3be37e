package io.dmsdelta.init;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.config.TableDefinitions;

import java.util.List;
import java.util.Optional;

/**
 * Checks one table's definition exactly as a run would read it, so that init never writes a file a run
 * refuses: a table whose definition would not be valid is reported instead.
 */
public final class DefinitionCheck {

    private static final String ORIGIN = "init";

    private DefinitionCheck() {
    }

    /** @return what {@link TableDefinitions#parse} says is wrong with it, or empty when it is valid */
    public static Optional<String> problem(TableSpec table) {
        try {
            TableDefinitions.parse(DefinitionsFile.write(List.of(table)), ORIGIN);
            return Optional.empty();
        } catch (ConfigException e) {
            // the message names the table as "<origin> tables[0] (schema.table): ", which the summary line already does
            String message = e.getMessage();
            for (String where : List.of(ORIGIN + " tables[0] (" + table.name() + "): ", ORIGIN + " tables[0]: ")) {
                if (message.startsWith(where)) {
                    return Optional.of(message.substring(where.length()));
                }
            }
            return Optional.of(message);
        }
    }
}
