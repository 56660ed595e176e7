package dev.vecnet.cli;

import dev.vecnet.io.Memory;
import dev.vecnet.io.Quoted;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code vecnet} command line. */
@Command(name = "vecnet", mixinStandardHelpOptions = true, version = "vecnet 0.1.0",
        description = "A pure-Java CPU engine for small dense networks on Vector API kernels.",
        subcommands = {TrainCommand.class, GradcheckCommand.class, PredictCommand.class, ExportCommand.class, InfoCommand.class, TuneCommand.class, SelftestCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) { // thrown past picocli's handler (an Error, not an Exception)
            System.err.println("vecnet: " + outOfMemory(e));
            code = 1;
        }
        System.exit(code);
    }

    /** The command line, with errors reported as one line naming the problem (exit 1), not a stack trace. */
    static CommandLine commandLine() {
        return AsciiNumbers.register(new CommandLine(new Main())).setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((e, args) -> { // a bad option: one line naming it, not the whole usage
                    CommandLine cmd = e.getCommandLine();
                    String name = cmd.getCommandName().equals("vecnet") ? "vecnet" : "vecnet " + cmd.getCommandName();
                    cmd.getErr().println(Quoted.line(name + ": " + e.getMessage() + " (see " + name + " --help)"));
                    return 2;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(Quoted.line("vecnet " + cmd.getCommandName() + ": " + message(e)));
                    return 1;
                });
    }

    /** An exception as one line: its message, or the cause's when it has none worth showing. */
    static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return outOfMemory(oom);
            }
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }

    static String outOfMemory(OutOfMemoryError e) {
        return "out of memory (" + e.getMessage() + "; the JVM's heap is at most " + Memory.size(Memory.heap())
                + "); " + Memory.HOW_TO_GROW;
    }
}
