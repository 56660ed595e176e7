package dev.vecnet.cli;

import static dev.vecnet.cli.Cli.refused;
import static dev.vecnet.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against absurd arguments, unwritable outputs and hostile files: each case ends in
 * one line that names the option or file and the problem, a non-zero exit, and nothing written or lost.
 */
class ReliabilityTest {


    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void sizesThatOverflowOrCannotFitAreRefusedBeforeAnyWork() {
        refused("needs arrays of", "train", "--batch", "2147483647", "--iters", "1");
        refused("needs arrays of", "train", "--hidden", "2147483647", "--iters", "1");
        refused("more than this JVM's heap", "train", "--batch", "2000000", "--iters", "1");
        refused("VECNET_OPTS", "train", "--hidden", "2000000", "--iters", "1");
        refused("--samples 3000000: the training set", "gradcheck", "--samples", "3000000");
        refused("--samples 600: the training set", "gradcheck", "--data", SmallData.dir(500).toString(), "--samples", "600");
    }

    @Test
    void numericOptionsAreCheckedByName() {
        refused("'--lr': 'Infinity' is not a decimal number in ASCII", "train", "--lr", "Infinity");
        refused("'--lr': 'NaN' is not a decimal number in ASCII", "train", "--lr", "NaN");
        refused("--lr must be a finite number > 0, got Infinity", "train", "--lr", "1e999");
        refused("--init-std must be a finite number > 0, got 0.0", "train", "--init-std", "0");
        refused("'--iters': '٣' is not a whole number in ASCII digits", "train", "--iters", "٣");
        refused("'--iters': '１０' is not a whole number in ASCII digits", "train", "--iters", "１０");
        refused("'--seed': '0x10' is not a whole number", "train", "--seed", "0x10");
        refused("'--lr': '0.1d' is not a decimal number", "train", "--lr", "0.1d");
        refused("--threads must be 1..", "train", "--threads", "0");
        refused("--iters must be >= 1", "train", "--iters", "-5");
        refused("--limit must be >= 1, got 0", "predict", "--model", "m.vnet", "--limit", "0");
        refused("'--batch'", "train", "--batch", "12x");
        refused("'--hidden'", "train", "--hidden", "99999999999");
    }

    @Test
    void outputsAreCheckedBeforeTrainingAndNothingIsWritten(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("m.csv"), model = dir.resolve("ok.vnet");
        refused("--save /proc/x.vnet: lies in the kernel's proc file system",
                "train", "--iters", "1", "--metrics", csv.toString(), "--save", "/proc/x.vnet");
        Path afile = Files.writeString(dir.resolve("afile"), "x");
        refused("is not a directory", "train", "--iters", "1", "--save", model.toString(), "--plot",
                afile.resolve("c.png").toString());
        refused("--save: the path is empty", "train", "--iters", "1", "--save", "");
        refused("name the same file", "train", "--iters", "1", "--save", model.toString(), "--metrics", model.toString());
        assertEquals(List.of(afile), files(dir), "no model, CSV or plot written");
    }

    @Test
    void exportChecksEveryTargetFirst(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("m.vnet");
        assertEquals(0, run("train", "--iters", "2", "--hidden", "4", "--save", model.toString()).exit());
        Path ok = dir.resolve("ok.onnx");
        refused("--vnet /proc/x: lies in the kernel's proc file system", "export", "--model", model.toString(), "--onnx", ok.toString(),
                "--vnet", "/proc/x");
        assertEquals(List.of(model), files(dir), "the good target is not written either");
    }

    @Test
    void modelsThatAreNotFilesAreNamed(@TempDir Path dir) throws Exception {
        refused(dir + ": is a directory, not a model file", "predict", "--model", dir.toString());
        refused(dir.resolve("none.vnet") + ": no such model file", "predict", "--model", dir.resolve("none.vnet").toString());
        refused("/dev/zero: not a regular file", "predict", "--model", "/dev/zero");
        Path fifo = dir.resolve("fifo.vnet");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
            refused("not a regular file", "predict", "--model", fifo.toString()); // never opened: it would block
        }
    }

    @Test
    void aGiantSparseModelIsRefusedFromItsHeader(@TempDir Path dir) throws IOException {
        Path giant = dir.resolve("giant.vnet");
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x54454e56).putInt(2).put((byte) 0).put((byte) 0).putShort((short) 0).putInt(784).putInt(50).putInt(10);
        try (RandomAccessFile f = new RandomAccessFile(giant.toFile(), "rw")) {
            f.write(h.array());
            f.setLength(3L << 30); // 3 GB, sparse: nothing is read of it
        }
        refused("model takes 159068 bytes, the file has 3221225472", "predict", "--model", giant.toString());
        Path big = dir.resolve("big.vnet");
        h.putInt(12, 1 << 20).putInt(16, 1 << 8);
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.write(h.array());
        }
        refused("vecnet reads model files up to", "predict", "--model", big.toString());
    }

    @Test
    void hostileDataIsRefusedFromItsHeader(@TempDir Path dir) throws IOException {
        Path data = SmallData.dir(20);
        // a 3 GB sparse file of zeros as the training images: bad magic, found at once
        Path sparse = Files.createDirectory(dir.resolve("sparse"));
        for (String f : List.of("train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.copy(data.resolve(f), sparse.resolve(f));
        }
        try (RandomAccessFile f = new RandomAccessFile(sparse.resolve("train-images-idx3-ubyte").toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        refused("magic number 0x00000000, expected 0x00000803", "train", "--data", sparse.toString(), "--iters", "1");
        // 10 MB of gzipped zeros: refused from its first bytes
        Path gz = Files.createDirectory(dir.resolve("gz"));
        for (String f : List.of("train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.copy(data.resolve(f), gz.resolve(f));
        }
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz.resolve("train-images-idx3-ubyte.gz")))) {
            out.write(new byte[10 << 20]);
        }
        refused("magic number 0x00000000", "train", "--data", gz.toString(), "--iters", "1");
        // headers whose sizes overflow 32 or 64 bits
        Path forged = Files.createDirectory(dir.resolve("forged"));
        for (String f : List.of("train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.copy(data.resolve(f), forged.resolve(f));
        }
        SmallData.imagesHeader(forged.resolve("train-images-idx3-ubyte"), 1 << 22, 1 << 21, 1 << 21);
        refused("bad image header", "train", "--data", forged.toString(), "--iters", "1");
        SmallData.imagesHeader(forged.resolve("train-images-idx3-ubyte"), 20, 65536, 65536);
        refused("bad image header", "train", "--data", forged.toString(), "--iters", "1");
        SmallData.imagesHeader(forged.resolve("train-images-idx3-ubyte"), 100_000_000, 28, 28);
        refused("more than an MNIST-family file holds", "train", "--data", forged.toString(), "--iters", "1");
    }

    @Test
    void unclearCasesGetClearMessages(@TempDir Path dir) throws IOException {
        refused("is empty", "train", "--data", SmallData.dir(0).toString(), "--iters", "1");
        Path model = dir.resolve("m.vnet");
        assertEquals(0, run("train", "--iters", "2", "--hidden", "4", "--save", model.toString()).exit());
        refused("the test set", "predict", "--model", model.toString(), "--data", SmallData.dir(0).toString());
        refused("has 16 features per sample, the network takes 784", "train", "--data", SmallData.mixed().toString(),
                "--iters", "1");
        refused("--data and --dataset name two sources", "train", "--data", SmallData.dir(5).toString(), "--dataset", "bogus");
        refused("--data " + dir.resolve("none") + ": no such directory", "train", "--data", dir.resolve("none").toString());
    }
}
