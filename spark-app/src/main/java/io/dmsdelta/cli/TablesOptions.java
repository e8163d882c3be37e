package io.dmsdelta.cli;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.spark.Storage;
import picocli.CommandLine.Option;

import java.util.List;

/** The table definitions, and which of the tables to work on: shared by every command that reads them. */
public final class TablesOptions {

    @Option(names = "--tables", converter = UriWithoutCredentials.class, required = true, paramLabel = "<tables.json>",
            description = "Table definitions: keys, columns and types (docs/configuration.md). Any URI a source can be.")
    String tables;

    @Option(names = "--table", paramLabel = "<schema.table>",
            description = "Only this table (repeatable). Default: every defined table.")
    List<String> only;

    TableDefinitions definitions(Storage storage) {
        return TableDefinitions.parse(readConfig(storage, tables), tables);
    }

    /** Whether {@code --table} narrowed the tables. */
    boolean narrowed() {
        return only != null;
    }

    /**
     * @return the tables {@code --table} names, or every defined table without it
     * @throws ConfigException naming a {@code --table} that is not defined
     */
    List<TableDefinition> selected(TableDefinitions definitions) {
        if (only == null) {
            return definitions.all();
        }
        for (String name : only) {
            definitions.find(name).orElseThrow(() -> new ConfigException("--table " + name + " is not defined in "
                    + tables + "."));
        }
        return definitions.all().stream().filter(t -> only.contains(t.qualifiedName())).toList();
    }

    /** Reads a configuration file; {@code file://name} (relative, as the AWS CLI writes it) is a local path. */
    static String readConfig(Storage storage, String uri) {
        return storage.readText(configPath(uri));
    }

    /** A configuration file's location as given, with {@code file://relative/path} read as a relative path. */
    static String configPath(String uri) {
        return uri.replaceFirst("^file://(?!/)", "");
    }
}
