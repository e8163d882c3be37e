package io.dmsdelta.cli;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.spark.SparkSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point for the local launcher, spark-submit and the Glue launcher. {@link #execute} runs a command
 * and returns its exit code without exiting, for callers that embed dms-delta (tests, the Glue launcher). Commands
 * print through their {@link CommandLine}'s writers, never to {@code System.out} or {@code System.err} directly.
 */
public final class DmsDeltaMain {

    private static final Logger LOG = LoggerFactory.getLogger(DmsDeltaMain.class);

    private DmsDeltaMain() {
    }

    public static void main(String[] args) {
        int code = execute(args);
        SparkSessions.stop();
        System.exit(code);
    }

    /**
     * The options of {@code run}, each with whether it takes a value (a flag such as {@code --strict} does
     * not), so a launcher that is handed other programs' arguments too (AWS Glue) can keep only dms-delta's.
     */
    public static Map<String, Boolean> runOptions() {
        return commandOptions("run");
    }

    /**
     * The options of a command, each with whether it takes a value.
     *
     * @throws IllegalArgumentException for a command dms-delta does not have
     */
    public static Map<String, Boolean> commandOptions(String command) {
        CommandLine subcommand = new CommandLine(new DmsDeltaCommand()).getSubcommands().get(command);
        if (subcommand == null) {
            throw new IllegalArgumentException("dms-delta has no command '" + command + "'");
        }
        Map<String, Boolean> options = new LinkedHashMap<>();
        subcommand.getCommandSpec().options().forEach(option -> {
            for (String name : option.names()) {
                options.put(name, option.arity().max() > 0);
            }
        });
        return options;
    }

    /** Runs a command printing to standard output (results) and standard error (progress, errors). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command printing to {@code out} instead of standard output, to {@code err} instead of standard error. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        try {
            return commandLine().setOut(out).setErr(err).execute(args);
        } finally { // picocli does not flush them, and a command's last print need not end a line
            out.flush();
            err.flush();
        }
    }

    private static CommandLine commandLine() {
        return new CommandLine(new DmsDeltaCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    if (e instanceof ConfigException || e instanceof UncheckedIOException) {
                        commandLine.getErr().println("dms-delta: " + e.getMessage());
                        return ExitCodes.USAGE;
                    }
                    LOG.error("unexpected error", e);
                    commandLine.getErr().println("dms-delta: unexpected error: " + e + " (stack trace in the log)");
                    return ExitCodes.INTERNAL;
                });
    }
}
