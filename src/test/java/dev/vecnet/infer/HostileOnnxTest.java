package dev.vecnet.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.model.Weights;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX files made to hurt the reader: graphs whose cost grows with a product of two counts, files
 * whose structure alone would take gigabytes, values that overflow, names defined twice, names that
 * carry terminal controls. Each is refused with one line naming the file and the reason, or read —
 * in time and memory that follow the file's size and the model's weights.
 */
class HostileOnnxTest {
    /** Bytes this thread allocated while {@code read} ran. */
    private static long allocated(ThrowingRunnable read) throws Exception {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        read.run();
        return bean.getCurrentThreadAllocatedBytes() - before;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static String refused(byte[] file) {
        IOException e = assertThrows(IOException.class, () -> OnnxImport.read(file, "hostile.onnx"));
        String m = e.getMessage();
        assertTrue(m.startsWith("hostile.onnx"), m);
        assertFalse(m.contains("\n") || m.contains("\r") || m.contains("\u001b") || m.contains("\u0007"), m);
        assertTrue(m.length() < 1000, "a message of " + m.length() + " characters");
        return m;
    }

    private static byte[] model(Proto graph) {
        return Proto.model(13, graph).toBytes();
    }

    @Test
    void theHandWrittenModelReads() throws IOException {
        Weights w = OnnxImport.read(model(Proto.gemmGraph().message(12, Proto.value("y", -1, 3))), "m.onnx");
        assertEquals("4-3", w.shape());
        assertEquals(0.5, w.layers().get(0).b()[0]);
        assertEquals(-5 / 8.0, w.layers().get(0).w()[0]);
    }

    /** A chain of 100 000 Identity nodes, every one a graph output: the walk is linear in nodes plus outputs. */
    @Test
    void aLongChainWithManyOutputsReadsInLinearTime() {
        int n = 100_000;
        Proto g = Proto.gemmGraph();
        ByteArrayOutputStream nodes = new ByteArrayOutputStream(), outputs = new ByteArrayOutputStream();
        for (int i = 1; i <= n; i++) {
            nodes.writeBytes(new Proto().message(1, Proto.node("Identity", "", "i" + i, i == 1 ? "y" : "i" + (i - 1))).toBytes());
            outputs.writeBytes(new Proto().message(12, Proto.value("i" + i, -1, 3)).toBytes());
        }
        byte[] file = model(g.append(nodes.toByteArray()).append(outputs.toByteArray()));
        Weights w = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> OnnxImport.read(file, "chain.onnx"));
        assertEquals("4-3", w.shape());
    }

    /** Ten million empty nodes (20 MB) would be gigabytes of objects: refused by the structure's budget, early. */
    @Test
    void emptyNodesAreRefusedWithinTheBudget() throws Exception {
        byte[] empty = {0x0a, 0x00};
        ByteArrayOutputStream nodes = new ByteArrayOutputStream();
        for (int i = 0; i < 10_000_000; i++) {
            nodes.write(empty, 0, 2);
        }
        byte[] file = model(Proto.gemmGraph().append(nodes.toByteArray()));
        long bytes = allocated(() -> assertTrue(refused(file).contains("more than 64.0 MB of memory")));
        assertTrue(bytes < 200L << 20, "allocated " + (bytes >> 20) + " MB");
    }

    @Test
    void aMillionDimensionsAreRefused() {
        Proto dims = new Proto();
        for (int i = 0; i < 1_000_000; i++) {
            dims.raw(1);
        }
        Proto t = new Proto().bytes(1, dims.toBytes()).varint(2, 1).string(8, "junk");
        assertTrue(refused(model(Proto.gemmGraph().message(5, t))).contains("more than 64 dimensions"));
    }

    /** 40 MB of float values, one field each, in a tensor no node uses: read past, not decoded, in a few MB of heap. */
    @Test
    void unusedTensorsCostTimeNotMemory(@TempDir Path dir) throws Exception {
        Proto junk = new Proto().varint(1, 10_000_000).varint(2, 1).string(8, "junk");
        for (int i = 0; i < 10_000_000; i++) {
            junk.fixed32(4, i);
        }
        Path f = dir.resolve("padded.onnx");
        Files.write(f, model(Proto.gemmGraph().message(5, junk).message(12, Proto.value("y", -1, 3))));
        junk = null;
        long bytes = allocated(() -> assertEquals("4-3", OnnxImport.read(f).shape()));
        assertTrue(bytes < 16L << 20, "allocated " + (bytes >> 20) + " MB reading a " + (Files.size(f) >> 20) + " MB file");
    }

    @Test
    void anOpsetBeyondSixtyFourBitsOrNegativeIsRefused() {
        assertTrue(refused(Proto.model(Long.MIN_VALUE + 13, Proto.gemmGraph()).toBytes()).contains("opset 9223372036854775821"));
        // a tenth varint byte with more than the 64th bit
        byte[] file = Proto.model(13, Proto.gemmGraph()).toBytes();
        byte[] forged = new byte[file.length + 9];
        forged[0] = 0x08; // ir_version: a varint of 10 bytes whose last carries bits 64..69
        for (int i = 1; i < 10; i++) {
            forged[i] = (byte) 0xff;
        }
        forged[10] = 0x7f;
        System.arraycopy(file, 2, forged, 11, file.length - 2);
        assertTrue(refused(forged).contains("a varint beyond 64 bits"));
    }

    @Test
    void inputShapesThatOverflowOrHoldZeroAreRefused() {
        Proto over = Proto.gemmGraph();
        over = new Proto().message(1, Proto.node("Gemm", "dense", "y", "x", "W", "b"))
                .message(5, Proto.tensor("W", new float[12], 4, 3)).message(5, Proto.tensor("b", new float[3], 3))
                .message(11, Proto.value("x", -1, (1L << 62) + 1, 4)).message(12, Proto.value("y", -1, 3));
        assertTrue(refused(model(over)).contains("more than 16777216 values a sample"));
        Proto zero = new Proto().message(1, Proto.node("Gemm", "dense", "y", "x", "W", "b"))
                .message(5, Proto.tensor("W", new float[12], 4, 3)).message(5, Proto.tensor("b", new float[3], 3))
                .message(11, Proto.value("x", 0, 4)).message(12, Proto.value("y", -1, 3));
        assertTrue(refused(model(zero)).contains("has a dimension of 0"));
    }

    @Test
    void everyNameIsDefinedOnce() {
        Proto twice = Proto.gemmGraph().message(5, Proto.tensor("W", new float[12], 4, 3)).message(12, Proto.value("y", -1, 3));
        assertTrue(refused(model(twice)).contains("two initializers named 'W'"));
        Proto constant = new Proto().message(1, new Proto().string(2, "W").string(3, "c").string(4, "Constant")
                        .message(5, new Proto().string(1, "value").message(5, Proto.tensor("", new float[12], 4, 3))))
                .append(Proto.gemmGraph().toBytes()).message(12, Proto.value("y", -1, 3));
        assertTrue(refused(model(constant)).contains("defines 'W', which is an initializer's name"));
        Proto loop = Proto.gemmGraph().message(1, Proto.node("Identity", "self", "z", "z")).message(12, Proto.value("y", -1, 3));
        assertTrue(refused(model(loop)).contains("node 'self' (op 'Identity') defines 'z', its own input"));
        Proto again = Proto.gemmGraph().message(1, Proto.node("Relu", "again", "y", "y")).message(12, Proto.value("y", -1, 3));
        assertTrue(refused(model(again)).contains("defines 'y'"));
    }

    @Test
    void namesCannotForgeLinesNorFloodTheTerminal() {
        String forged = "Conv\nvecnet: OK model loaded fine\r\u001b]0;title\u0007\u001b[2J\u0000\u202e";
        Proto g = Proto.gemmGraph().message(1, Proto.node(forged, "n\u001b[31m", "z", "y")).message(12, Proto.value("z", -1, 3));
        String m = refused(model(g));
        assertTrue(m.contains("'Conv\\nvecnet: OK model loaded fine\\r\\x1b]0;title\\x07\\x1b[2J\\x00\\u202e'"), m);
        Proto huge = Proto.gemmGraph().message(1, Proto.node("x".repeat(5_000_000), "big", "z", "y"));
        assertTrue(refused(model(huge)).contains("a name or string of 5000000 bytes"));
        Proto longName = Proto.gemmGraph().message(1, Proto.node("Y".repeat(60_000), "long", "z", "y")).message(12, Proto.value("z", -1, 3));
        assertTrue(refused(model(longName)).contains("… (60000 characters)"));
    }

    @Test
    void moreLayersThanAModelHasAreRefusedBeforeDecoding() {
        Proto g = new Proto();
        String x = "x";
        for (int l = 0; l < 1100; l++) {
            g.message(1, Proto.node("Gemm", "d" + l, "h" + l, x, "W", "b"));
            x = "h" + l;
        }
        float[] w = new float[16];
        g.message(5, Proto.tensor("W", w, 4, 4)).message(5, Proto.tensor("b", new float[4], 4))
                .message(11, Proto.value("x", -1, 4)).message(12, Proto.value(x, -1, 4));
        assertTrue(refused(model(g)).contains("more than 1024 dense layers"));
    }
}
