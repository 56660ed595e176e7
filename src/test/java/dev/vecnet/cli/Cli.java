package dev.vecnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import picocli.CommandLine;

/** The command line in the test's JVM: its exit code and what it wrote to stderr. */
final class Cli {
    record Outcome(int exit, String err) {}

    private Cli() {}

    static Outcome run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> cl.execute(args), String.join(" ", args));
        return new Outcome(exit, err.toString().strip());
    }

    /** Runs args, which must fail with one line of stderr containing {@code expected}; returns that line. */
    static String refused(String expected, String... args) {
        Outcome o = run(args);
        assertTrue(o.exit() != 0, String.join(" ", args) + " must fail");
        assertTrue(o.err().contains(expected), String.join(" ", args) + " -> " + o.err());
        assertEquals(1, o.err().lines().count(), "one line: " + o.err());
        return o.err();
    }
}
