package dev.vecnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vecnet} command line. */
@Command(name = "vecnet", mixinStandardHelpOptions = true, version = "vecnet 0.1.0",
        description = "A pure-Java CPU engine for small dense networks on Vector API kernels.",
        subcommands = {TrainCommand.class, GradcheckCommand.class, PredictCommand.class, ExportCommand.class, InfoCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with errors reported as one line naming the problem (exit 1), not a stack trace. */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("vecnet " + cmd.getCommandName() + ": " + e.getMessage());
            return 1;
        });
    }
}
