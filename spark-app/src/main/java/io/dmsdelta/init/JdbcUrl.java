package io.dmsdelta.init;

import io.dmsdelta.config.ConfigException;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code --jdbc-url} of the source database: PostgreSQL ({@code jdbc:postgresql://}) or MySQL / MariaDB
 * ({@code jdbc:mysql://}, {@code jdbc:mariadb://}, both read with the MariaDB driver). A URL that holds a password
 * is refused without repeating it, so the password cannot reach the summary, a log or a shell history: it comes
 * from {@code --password-env} or {@code --password-file} only.
 *
 * @param url    as the driver takes it
 * @param engine which catalog to read
 */
public record JdbcUrl(String url, Engine engine) {

    /** The catalogs init reads. */
    public enum Engine { POSTGRESQL, MYSQL }

    /** {@code password=} (or {@code sslpassword=}, ...) as a URL property, or {@code user:secret@} before the host. */
    private static final Pattern PASSWORD = Pattern.compile(
            "(?i)(?:[?&;]\\w*password\\w*=)|(?://[^/@?]*:[^/@?]*@)");

    public JdbcUrl {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(engine, "engine");
    }

    /** @throws ConfigException for another database, or a URL that holds a password (not shown) */
    public static JdbcUrl parse(String url) {
        if (PASSWORD.matcher(url).find()) {
            throw new ConfigException("--jdbc-url holds a password, which init refuses so that it cannot end up in"
                    + " output, logs or shell history; it is not shown here. Remove it from the URL and give it with"
                    + " --password-env <VAR> or --password-file <path>.");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return new JdbcUrl(url, Engine.POSTGRESQL);
        }
        if (lower.startsWith("jdbc:mariadb:")) {
            return new JdbcUrl(url, Engine.MYSQL);
        }
        if (lower.startsWith("jdbc:mysql:")) {
            // MySQL speaks the same protocol; the MariaDB driver takes the URL under its own scheme
            return new JdbcUrl("jdbc:mariadb:" + url.substring("jdbc:mysql:".length()), Engine.MYSQL);
        }
        throw new ConfigException("--jdbc-url must start with jdbc:postgresql://, jdbc:mysql:// or jdbc:mariadb://;"
                + " init reads the catalogs of PostgreSQL, MySQL and MariaDB.");
    }

    /** The URL without its properties (everything from {@code ?}), for messages. */
    public String shown() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
