package io.dmsdelta.cli;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.spark.SparkSessions;
import picocli.CommandLine;

import java.io.UncheckedIOException;

/**
 * Entry point for the local launcher, spark-submit and the Glue launcher. {@link #execute} runs a command
 * and returns its exit code without exiting, for callers that embed dms-delta (tests, the Glue launcher).
 */
public final class DmsDeltaMain {

    private DmsDeltaMain() {
    }

    public static void main(String[] args) {
        int code = execute(args);
        SparkSessions.stop();
        System.exit(code);
    }

    public static int execute(String... args) {
        return new CommandLine(new DmsDeltaCommand())
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    if (e instanceof ConfigException || e instanceof UncheckedIOException) {
                        commandLine.getErr().println("dms-delta: " + e.getMessage());
                        return ExitCodes.USAGE;
                    }
                    commandLine.getErr().println("dms-delta: unexpected error: " + e);
                    e.printStackTrace(commandLine.getErr());
                    return ExitCodes.INTERNAL;
                })
                .execute(args);
    }
}
