package io.dmsdelta.init;

import io.dmsdelta.config.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the database password comes from: an environment variable named by {@code --password-env}, or a file
 * named by {@code --password-file}; never the command line, where {@code ps} and shell history would show it.
 * Messages name the variable or file, never what it holds.
 */
public final class Passwords {

    private Passwords() {
    }

    /**
     * @param environment reads an environment variable ({@code System::getenv})
     * @return empty when neither option is given (the server may trust the connection)
     * @throws ConfigException when both are given, the variable is unset or empty, or the file cannot be read or is empty
     */
    public static Optional<Secret> resolve(String variable, Path file, Function<String, String> environment) {
        if (variable != null && file != null) {
            throw new ConfigException("--password-env and --password-file both give the password; give one.");
        }
        if (variable != null) {
            String value = environment.apply(variable);
            if (value == null || value.isEmpty()) {
                throw new ConfigException("--password-env " + variable + ": the environment variable " + variable
                        + " is not set (or is empty); export it before running init.");
            }
            return Optional.of(new Secret(value));
        }
        if (file != null) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new ConfigException("--password-file " + file + " cannot be read (" + e.getClass().getSimpleName()
                        + "); give a file holding the password alone.");
            }
            // Editors and echo end a file with a newline; it is no part of the password.
            String password = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            if (password.isEmpty()) {
                throw new ConfigException("--password-file " + file + " is empty; it must hold the password.");
            }
            return Optional.of(new Secret(password));
        }
        return Optional.empty();
    }
}
