package dev.vecnet.cli;

import static dev.vecnet.cli.Cli.refused;
import static dev.vecnet.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.infer.ModelFormat;
import dev.vecnet.model.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile places rather than hostile files: devices and FIFOs where an output goes, a kernel file
 * where a model is read, a run whose numbers diverge, permissions and a umask to honour, a JVM too
 * small for what a data file declares. Nothing is replaced, weakened or half written; every refusal
 * is one line naming the file or option and the reason.
 */
class HostilePlacesTest {

    private static Path model(Path dir, String name) {
        Path m = dir.resolve(name);
        assertEquals(0, run("train", "--data", SmallData.dir(50).toString(), "--iters", "2", "--hidden", "4",
                "--save", m.toString()).exit());
        return m;
    }

    private static boolean made(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    /** A FIFO (and, as root, a character device made in the temp dir) is refused by every writer, before any work. */
    @Test
    void devicesAndFifosAreNeverReplaced(@TempDir Path dir) throws Exception {
        Path m = model(dir, "m.vnet");
        Weights w = ModelFormat.readWeights(m);
        List<Path> places = new ArrayList<>();
        if (made("mkfifo", dir.resolve("fifo").toString())) {
            places.add(dir.resolve("fifo"));
        }
        if (System.getProperty("user.name").equals("root") && made("mknod", dir.resolve("null").toString(), "c", "1", "3")) {
            places.add(dir.resolve("null"));
        }
        for (Path p : places) {
            for (ModelFormat f : ModelFormat.values()) {
                IOException e = assertThrows(IOException.class, () -> f.write(w, p));
                assertTrue(e.getMessage().contains(p + ": exists and is not a regular file"), e.getMessage());
            }
            long t0 = System.nanoTime();
            refused("--out " + p + ": exists and is not a regular file", "tune", "--out", p.toString());
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused before measuring");
            refused("--vnet " + p + ": exists and is not a regular file", "export", "--model", m.toString(), "--vnet", p.toString());
            refused("--save " + p + ": exists and is not a regular file", "train", "--data", SmallData.dir(5).toString(),
                    "--iters", "1", "--save", p.toString());
            assertTrue(Files.exists(p) && !Files.isRegularFile(p), p + " is still what it was");
        }
        // a symbolic link to a model: the file it names is replaced, the link stays
        Path target = model(dir, "target.vnet"), link = Files.createSymbolicLink(dir.resolve("link.vnet"), target);
        ModelFormat.VNET.write(w, link);
        assertTrue(Files.isSymbolicLink(link));
        assertArrayEquals(Files.readAllBytes(m), Files.readAllBytes(target));
    }

    /** --lr 1e38, --weight-decay 1e38: the run stops naming the step, exits non-zero, and the good model stays. */
    @Test
    void aDivergedRunKeepsTheGoodModel(@TempDir Path dir) throws IOException {
        Path good = model(dir, "good.vnet");
        byte[] before = Files.readAllBytes(good);
        Path data = SmallData.dir(200), csv = dir.resolve("m.csv");
        for (List<String> options : List.of(List.of("--lr", "1e38"), List.of("--weight-decay", "1e38"),
                List.of("--lr", "1e10", "--activation", "relu"))) {
            List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--iters", "20",
                    "--save", good.toString(), "--metrics", csv.toString()));
            args.addAll(options);
            Cli.Outcome o = run(args.toArray(String[]::new));
            if (o.exit() == 0) { // finite after all: then the saved model is one its reader takes
                ModelFormat.read(good);
                Files.write(good, before);
                Files.delete(csv);
                continue;
            }
            assertTrue(o.err().matches("vecnet train: training diverged at step \\d+ of 20: .*nothing was saved.*"), o.err());
            assertEquals(1, o.err().lines().count(), o.err());
            assertArrayEquals(before, Files.readAllBytes(good), options + ": the good model is untouched");
            assertFalse(Files.exists(csv), options + ": no metrics either");
        }
        assertTrue(run("train", "--data", data.toString(), "--iters", "20", "--lr", "1e38").err().contains("diverged"));
        refused("--layers gives 1100 dense layers; a model has 1..1024", "train", "--layers",
                "784," + "2,".repeat(1099) + "10");
    }

    /** Replacing a 0600 model keeps it 0600; a new file gets the umask (077: private), as any file a shell makes. */
    @Test
    void permissionsAreKeptAndTheUmaskHonoured(@TempDir Path dir) throws Exception {
        Path m = model(dir, "private.vnet");
        Files.setPosixFilePermissions(m, PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, run("export", "--model", m.toString(), "--vnet", m.toString()).exit());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(m)));
        for (String[] umask : new String[][] {{"077", "rw-------"}, {"022", "rw-r--r--"}}) {
            Path made = dir.resolve("new-" + umask[0] + ".vnet");
            ChildJvm.Result r = ChildJvm.run("umask " + umask[0] + ";", List.of(), "export", "--model", m.toString(),
                    "--vnet", made.toString());
            assertEquals(0, r.exit(), r.err());
            assertEquals(umask[1], PosixFilePermissions.toString(Files.getPosixFilePermissions(made)), "umask " + umask[0]);
        }
    }

    /** procfs files look regular but block (kmsg) or fail mid-read (mem): refused by where they live, named. */
    @Test
    void kernelFilesAreNotModels(@TempDir Path dir) throws IOException {
        Path kmsg = Files.createSymbolicLink(dir.resolve("kmsg.vnet"), Path.of("/proc/kmsg"));
        refused(kmsg + ": lies in the kernel's proc file system", "predict", "--model", kmsg.toString());
        refused("/proc/self/mem: lies in the kernel's proc file system", "predict", "--model", "/proc/self/mem");
        refused("/proc/self/status: lies in the kernel's proc file system", "export", "--model", "/proc/self/status",
                "--vnet", dir.resolve("x.vnet").toString());
        refused("the model file's path is empty", "predict", "--model", "");
        assertEquals(List.of(kmsg), files(dir));
    }

    /** A data file that honestly declares more images than the heap holds is refused from its header, naming it. */
    @Test
    void declaredDataBeyondTheHeapIsRefusedBeforeReading() throws Exception {
        Path data = SmallData.dir(20);
        SmallData.imagesHeader(data.resolve("train-images-idx3-ubyte"), 200_000, 28, 28); // 157 MB declared
        ChildJvm.Result r = ChildJvm.run("", List.of("-Xmx96m"), "train", "--data", data.toString(), "--iters", "1");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("train-images-idx3-ubyte (200000 images of 28x28) needs")
                && r.err().contains("more than this JVM's heap"), r.err());
    }
}
