package io.dmsdelta.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A table whose changes are JSON row images that a PostgreSQL row trigger sends (the project's
 * {@code sql/postgresql/row-images.sql}, through {@code aws_lambda.invoke} on Aurora or a queue table elsewhere), as
 * JSON-lines objects in one folder (docs/configuration.md, "Row triggers").
 *
 * @param folder the folder under the source that holds the objects (plain or {@code .gz}, in any sub-folders)
 * @param shape  what an object's lines are
 */
public record TriggerSource(String folder, Shape shape, EventSettings settings)
        implements EventSourceDefinition {

    public static final String FORMAT = "pg-trigger";

    public TriggerSource {
        requireNonNull(folder, "folder");
        requireNonNull(shape, "shape");
        requireNonNull(settings, "settings");
    }

    @Override
    public String format() {
        return FORMAT;
    }

    /** What the trigger sends. */
    public enum Shape {
        /**
         * The project's trigger: {@code {"op", "schema", "table", "seq", "txid", "ts", "old", "new"}}, routed to tables
         * by schema and table and ordered by {@code seq}, a sequence value taken in the trigger.
         */
        ROW_IMAGE("row-image"),
        /**
         * A bare row, as a trigger built with {@code json_build_object} from {@code NEW} sends it: no operation, no old
         * key, no order. Every line is an upsert of its row, in order of arrival; deletes and key changes cannot be
         * seen. The folder holds one table's rows.
         */
        ROW("row");

        private final String configName;

        Shape(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static Optional<Shape> of(String configName) {
            return java.util.Arrays.stream(values()).filter(s -> s.configName.equals(configName)).findFirst();
        }
    }
}
