package dev.vecnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.infer.ModelFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        assertEquals(2, run(err, "train", "--activation", "softplus"));
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

    @Test
    void saveByExtensionThenExportAndPredict(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        Path npz = dir.resolve("m.npz"), onnx = dir.resolve("m.onnx"), vnet = dir.resolve("m.vnet");
        assertEquals(0, run(err, "train", "--iters", "30", "--hidden", "8", "--save", npz.toString()), err.toString());
        assertEquals(List.of(784, 8, 10), ModelFormat.read(npz).sizes());
        assertEquals(0, run(err, "export", "--model", npz.toString(), "--onnx", onnx.toString(), "--vnet", vnet.toString()),
                err.toString());
        assertTrue(Files.size(onnx) > 784 * 8 * 4, "onnx holds W1");
        assertArrayEquals(Files.readAllBytes(npz), writtenAgain(vnet, dir), "npz -> vnet -> npz is lossless");
        assertEquals(0, run(err, "predict", "--model", vnet.toString(), "--limit", "50"), err.toString());
    }

    /** A deeper network from the command line, saved as ONNX, served back; and a PyTorch-made file served as it is. */
    @Test
    void layersTanhAndWeightDecayThenServeTheOnnxFile(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        Path onnx = dir.resolve("deep.onnx");
        assertEquals(0, run(err, "train", "--layers", "784,20,12,10", "--activation", "TANH", "--weight-decay", "1e-4",
                "--init", "xavier", "--optimizer", "adam", "--lr", "0.01", "--iters", "30", "--save", onnx.toString()),
                err.toString());
        assertEquals("784-20-12-10 tanh,tanh -> softmax", ModelFormat.read(onnx).describe());
        assertEquals(0, run(err, "predict", "--model", onnx.toString(), "--limit", "50"), err.toString());
        Path torch = Path.of(CommandLineTest.class.getResource("/dev/vecnet/infer/onnx/torch-mlp-relu.onnx").toURI());
        Path vnet = dir.resolve("torch.vnet");
        assertEquals(0, run(err, "export", "--model", torch.toString(), "--vnet", vnet.toString()), err.toString());
        assertEquals("784-256-128-10 relu,relu -> softmax", ModelFormat.read(vnet).describe());
        assertEquals(0, run(err, "predict", "--model", torch.toString(), "--limit", "50"), err.toString());
        assertEquals(0, run(err, "gradcheck", "--layers", "784,10,8,10", "--activation", "tanh", "--weight-decay", "0.01"),
                err.toString());
        StringWriter bad = new StringWriter();
        assertEquals(1, run(bad, "train", "--layers", "100,10", "--iters", "1"));
        assertTrue(bad.toString().contains("the first size must be 784"), bad.toString());
        StringWriter both = new StringWriter();
        assertEquals(1, run(both, "train", "--layers", "784,10", "--hidden", "5"));
        assertTrue(both.toString().contains("--hidden and --layers"), both.toString());
        StringWriter decay = new StringWriter();
        assertEquals(1, run(decay, "train", "--weight-decay", "-1"));
        assertTrue(decay.toString().contains("--weight-decay must be a finite number >= 0"), decay.toString());
    }

    @Test
    void tuneWritesThisMachinesPlanAndInfoShowsThePlan(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.vecnet.kernel.Kernels.panamaUnavailableReason() == null, "SIMD");
        StringWriter err = new StringWriter();
        Path plan = dir.resolve("sub").resolve("plan.properties");
        assertEquals(0, run(err, "tune", "--out", plan.toString()), err.toString());
        String text = Files.readString(plan);
        assertEquals(dev.vecnet.runtime.Plans.machine(), dev.vecnet.kernel.gemm.GemmPlan.machineOf(text));
        assertEquals(dev.vecnet.kernel.gemm.GemmPlan.parse(text), dev.vecnet.runtime.Plans.current(), "the tuned plan is in use");
        assertEquals(0, run(err, "info"), err.toString());
    }

    private static byte[] writtenAgain(Path vnet, Path dir) throws Exception {
        Path again = dir.resolve("again.npz");
        assertEquals(0, run(new StringWriter(), "export", "--model", vnet.toString(), "--npz", again.toString()));
        return Files.readAllBytes(again);
    }

    @Test
    void exportNeedsATargetAndAReadableModel(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "export", "--model", "m.vnet"));
        assertTrue(err.toString().contains("--onnx"), err.toString());
        StringWriter err2 = new StringWriter();
        Path junk = Files.writeString(dir.resolve("junk.vnet"), "not a model");
        Path out = dir.resolve("out.onnx");
        assertEquals(1, run(err2, "export", "--model", junk.toString(), "--onnx", out.toString()));
        assertTrue(err2.toString().contains("not a vecnet model, NumPy .npz or ONNX file"), err2.toString());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void selftestPassesHereAndNamesItsSeed() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        int exit;
        try {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            exit = Cli.run("selftest", "--seconds", "2", "--widths", "this", "--seed", "11").exit();
        } finally {
            System.setOut(old);
        }
        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, exit, text);
        assertTrue(text.contains("(seed 11): same bits"), text);
        assertTrue(text.contains("random networks"), text);
    }
}
