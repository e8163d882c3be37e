package io.dmsdelta.cli;

import picocli.CommandLine.Command;

@Command(name = "dms-delta", mixinStandardHelpOptions = true, version = "dms-delta 0.1.0",
        description = "Turns the CSV files AWS DMS writes to S3 into always-correct Delta Lake tables.",
        subcommands = {RunCommand.class, StatusCommand.class, ShowCommand.class, OptimizeCommand.class, RewindCommand.class,
                GenerateCommand.class, InitCommand.class})
final class DmsDeltaCommand {
}
