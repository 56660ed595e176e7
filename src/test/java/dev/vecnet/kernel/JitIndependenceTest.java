package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Kernel results must not depend on how the JVM runs them: a child JVM that never compiles the
 * kernels or the Vector API (every vector operation in its plain-Java form) computes the same fingerprints as this JVM once C2 has compiled
 * the kernels. Caught: reduceLanes(ADD), whose order is unspecified, in softmax's row sum (training
 * with one seed gave different weights depending on JIT warm-up), and earlier the built-in EXP.
 */
class JitIndependenceTest {

    /** Bit-exact fingerprints of the kernels a training step and inference use, in both precisions. */
    static List<String> fingerprints(FloatKernels f, DoubleKernels d) {
        List<String> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(42);
        float[] x = new float[100 * 50], w = new float[50 * 50], bias = new float[50];
        double[] xd = new double[x.length], wd = new double[w.length], biasd = new double[bias.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(3) == 0 ? 0f : (float) r.nextDouble(-3, 3);
            xd[i] = x[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
            wd[i] = w[i];
        }
        for (int i = 0; i < bias.length; i++) {
            bias[i] = (float) r.nextGaussian();
            biasd[i] = bias[i];
        }
        int[] labels = new int[100];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(10);
        }
        float[] y = new float[100 * 50];
        double[] yd = new double[y.length];

        f.softmaxRows(24, 10, x, 0, 10, y, 0, 10);
        d.softmaxRows(24, 10, xd, 0, 10, yd, 0, 10);
        out.add("softmax 24x10 " + hash(y) + " " + hash(yd));
        f.softmaxRows(7, 50, x, 0, 50, y, 0, 50);
        d.softmaxRows(7, 50, xd, 0, 50, yd, 0, 50);
        out.add("softmax 7x50 " + hash(y) + " " + hash(yd));
        out.add("crossEntropy " + Double.doubleToRawLongBits(f.crossEntropyLogits(24, 10, x, 0, 10, labels, 0))
                + " " + Double.doubleToRawLongBits(d.crossEntropyLogits(24, 10, xd, 0, 10, labels, 0)));
        f.sigmoid(203, x, 0, y, 0);
        d.sigmoid(203, xd, 0, yd, 0);
        out.add("sigmoid " + hash(y) + " " + hash(yd));
        f.gemm(Transpose.NO, Transpose.NO, 11, 29, 50, 1f, x, 0, 50, w, 0, 50, 0f, y, 0, 29, bias, 0, Activation.SIGMOID, 1);
        d.gemm(Transpose.NO, Transpose.NO, 11, 29, 50, 1, xd, 0, 50, wd, 0, 50, 0, yd, 0, 29, biasd, 0, Activation.SIGMOID, 1);
        out.add("gemm NN " + hash(y) + " " + hash(yd));
        f.gemm(Transpose.YES, Transpose.NO, 50, 50, 12, 1f, x, 0, 50, x, 0, 50, 0f, y, 0, 50);
        d.gemm(Transpose.YES, Transpose.NO, 50, 50, 12, 1, xd, 0, 50, xd, 0, 50, 0, yd, 0, 50);
        out.add("gemm TN " + hash(y) + " " + hash(yd));
        // B of 10 columns: the narrow tiles on AVX2, rows and columns of A in place
        f.gemm(Transpose.NO, Transpose.NO, 11, 10, 50, 1f, x, 0, 50, w, 0, 10, 0f, y, 0, 10, bias, 0, Activation.NONE, 1);
        d.gemm(Transpose.NO, Transpose.NO, 11, 10, 50, 1, xd, 0, 50, wd, 0, 10, 0, yd, 0, 10, biasd, 0, Activation.NONE, 1);
        out.add("gemm NN n=10 " + hash(y) + " " + hash(yd));
        f.gemm(Transpose.YES, Transpose.NO, 50, 10, 12, 1f, x, 0, 50, w, 0, 10, 0f, y, 0, 10);
        d.gemm(Transpose.YES, Transpose.NO, 50, 10, 12, 1, xd, 0, 50, wd, 0, 10, 0, yd, 0, 10);
        out.add("gemm TN n=10 " + hash(y) + " " + hash(yd));
        f.vecMatRows(12, x, 0, 50, f.pack(50, 50, w, 0, 50), bias, 0, Activation.SIGMOID, y, 0, 50, 1);
        d.vecMatRows(12, xd, 0, 50, d.pack(50, 50, wd, 0, 50), biasd, 0, Activation.SIGMOID, yd, 0, 50, 1);
        out.add("vecMatRows " + hash(y) + " " + hash(yd));
        for (int n : new int[] {10, 20}) { // other panel widths: 2, 4 or 7 vectors, by precision and vector size
            f.vecMatRows(12, x, 0, 50, f.pack(50, n, w, 0, n), bias, 0, Activation.NONE, y, 0, n, 1);
            d.vecMatRows(12, xd, 0, 50, d.pack(50, n, wd, 0, n), biasd, 0, Activation.NONE, yd, 0, n, 1);
            out.add("vecMatRows n=" + n + " " + hash(y) + " " + hash(yd));
        }
        f.sparseTransposeTimes(12, 50, 50, x, 0, 50, x, 0, 50, y, 0, 50, 1);
        d.sparseTransposeTimes(12, 50, 50, xd, 0, 50, xd, 0, 50, yd, 0, 50, 1);
        out.add("sparseTransposeTimes " + hash(y) + " " + hash(yd));
        f.columnSums(12, 50, x, 0, 50, y, 0);
        d.columnSums(12, 50, xd, 0, 50, yd, 0);
        out.add("columnSums " + hash(y) + " " + hash(yd));
        return out;
    }

    private static int hash(float[] a) {
        int[] bits = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            bits[i] = Float.floatToRawIntBits(a[i]);
        }
        return Arrays.hashCode(bits);
    }

    private static int hash(double[] a) {
        long[] bits = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            bits[i] = Double.doubleToRawLongBits(a[i]);
        }
        return Arrays.hashCode(bits);
    }

    /** The child: this run's provider. */
    public static void main(String[] args) {
        Kernels.Provider p = Kernels.Provider.valueOf(args[0]);
        fingerprints(Kernels.f32(p), Kernels.f64(p)).forEach(System.out::println);
    }

    @Test
    void interpretedAndCompiledKernelsGiveTheSameBits() throws IOException, InterruptedException {
        assumeFalse(Boolean.getBoolean(VectorWidth.EMULATE_PROPERTY),
                "emulated vectors are never intrinsified: both sides would run the same plain-Java code");
        Kernels.Provider provider = Kernels.f32().provider().equals("scalar") ? Kernels.Provider.SCALAR : Kernels.Provider.PANAMA;
        FloatKernels f = Kernels.f32(provider);
        DoubleKernels d = Kernels.f64(provider);
        for (int i = 0; i < 3000; i++) { // until C2 has compiled the kernels
            fingerprints(f, d);
        }
        List<String> compiled = fingerprints(f, d);

        // the kernels and the Vector API never compiled: every vector operation in its plain-Java form
        // (-Xint itself would make the provider lookup refuse the Panama kernels)
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-XX:CompileCommand=quiet",
                "-XX:CompileCommand=exclude,dev.vecnet.kernel.*::*",
                "-XX:CompileCommand=exclude,jdk.incubator.vector.*::*",
                "-XX:CompileCommand=exclude,jdk.internal.vm.vector.*::*"));
        for (String prop : new String[] {VectorWidth.PROPERTY, VectorWidth.EMULATE_PROPERTY}) {
            if (System.getProperty(prop) != null) {
                cmd.add("-D" + prop + "=" + System.getProperty(prop));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), JitIndependenceTest.class.getName(), provider.name()));
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String text = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), "the child JVM failed; rerun by hand: " + String.join(" ", cmd.subList(0, 7)) + " ...");
        assertEquals(String.join("\n", compiled), text.strip(), "interpreted (child) vs compiled (here)");
    }
}
