package dev.vecnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad options and bad data give one clear line and a non-zero exit. */
class CommandLineTest {

    private static int run(StringWriter err, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @Test
    void unknownDatasetIsNamed() {
        StringWriter err = new StringWriter();
        assertEquals(1, run(err, "train", "--dataset", "cifar", "--iters", "1"));
        assertTrue(err.toString().contains("unknown dataset 'cifar'"), err.toString());
    }

    @Test
    void badOptionValuesAreRejected() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "train", "--activation", "tanh"));
        assertTrue(err.toString().contains("--activation"), err.toString());
        StringWriter err2 = new StringWriter();
        assertEquals(2, run(err2, "train", "--batch", "many"));
        assertTrue(err2.toString().contains("--batch"), err2.toString());
    }

    @Test
    void missingDataDirectoryIsNamed(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        assertEquals(1, run(err, "train", "--data", dir.toString(), "--iters", "1"));
        assertTrue(err.toString().contains("no train-images-idx3-ubyte"), err.toString());
    }
}
