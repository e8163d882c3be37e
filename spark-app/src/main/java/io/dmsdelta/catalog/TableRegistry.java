package io.dmsdelta.catalog;

/**
 * A catalog in which dms-delta registers its Delta tables, so that they can be queried by name.
 *
 * <p>Contract of {@link #register}:
 * <ul>
 *   <li><b>Idempotent.</b> Afterwards the catalog holds {@code entry.database().entry.name()} pointing at
 *       {@code entry.location()} as a Delta table (and describing {@code entry.schema()} where the catalog keeps
 *       columns), and a second call with the same entry writes nothing and answers {@link Registration.Unchanged}.</li>
 *   <li><b>Never takes over a name.</b> An entry of that name that is not a Delta table at the same location (another
 *       team's table, a table moved to another {@code --target}) is left as it is, and the call answers
 *       {@link Registration.Failed} saying so.</li>
 *   <li><b>Never throws</b> for what the catalog answers or fails to answer: retryable errors (throttling, 5xx, no
 *       answer) are retried with a backoff first; what is left is a {@link Registration.Failed} whose reason says what
 *       was wrong, where and what to do. It never touches the table's data or its Delta log.</li>
 *   <li><b>Thread-safe</b>: tables are synced, and registered, in parallel.</li>
 * </ul>
 */
public interface TableRegistry {

    /** Creates or updates the entry; see the class's contract. */
    Registration register(CatalogEntry entry);

    /** Which catalog this is, for messages: {@code "the Glue Data Catalog"}, {@code "Spark's session catalog"}. */
    String describe();
}
