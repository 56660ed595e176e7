package dev.vecnet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write is all or nothing: full disks, short writes, failing syncs and a killed process never lose the old file. */
class AtomicFilesTest {
    private static final byte[] OLD = "the good old model".getBytes();

    /** How a test sink writes, given the real channel: returns bytes taken, as a channel does. */
    @FunctionalInterface
    private interface Write {
        int write(AtomicFiles.Sink real, ByteBuffer b) throws IOException;
    }

    /** Temporary files opened as usual, written through {@code write}, forced as usual or failing as {@code syncFails}. */
    private static AtomicFiles.SinkOpener sink(Write write, boolean syncFails) {
        return file -> {
            AtomicFiles.Sink real = AtomicFiles.FILES.open(file);
            return new AtomicFiles.Sink() {
                @Override
                public int write(ByteBuffer b) throws IOException {
                    return write.write(real, b);
                }

                @Override
                public void force() throws IOException {
                    if (syncFails) {
                        throw new IOException("Input/output error");
                    }
                    real.force();
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        };
    }

    /** Writes at most {@code max} bytes of b through the real channel. */
    private static int upTo(AtomicFiles.Sink real, ByteBuffer b, int max) throws IOException {
        ByteBuffer part = b.slice().limit(Math.min(b.remaining(), max));
        int n = real.write(part);
        b.position(b.position() + n);
        return n;
    }

    /** A sink that takes {@code accept} bytes, then takes no more (a full disk), or throws as ENOSPC does. */
    private static AtomicFiles.SinkOpener fullDisk(int accept, boolean throwWhenFull) {
        int[] left = {accept};
        return sink((real, b) -> {
            if (left[0] == 0) {
                if (throwWhenFull) {
                    throw new IOException("No space left on device");
                }
                return 0;
            }
            int n = upTo(real, b, left[0]);
            left[0] -= n;
            return n;
        }, false);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aShortWriteThatStopsIsAnErrorAndTheOldFileStays(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("m.vnet");
        Files.write(target, OLD);
        byte[] content = new byte[100_000];
        for (boolean throwing : new boolean[] {false, true}) {
            IOException e = assertThrows(IOException.class,
                    () -> AtomicFiles.write(target, content, fullDisk(4096, throwing)));
            assertTrue(e.getMessage().startsWith("cannot write " + target + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(throwing ? "No space left on device" : "disk full"), e.getMessage());
            assertArrayEquals(OLD, Files.readAllBytes(target), "the old file is intact");
            assertEquals(List.of(target), files(dir), "no temporary file left behind");
        }
    }

    @Test
    void shortWritesThatProgressAreContinued(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("m.vnet");
        byte[] content = new byte[10_000];
        Arrays.fill(content, (byte) 7);
        AtomicFiles.SinkOpener trickle = sink((real, b) -> upTo(real, b, 333), false);
        AtomicFiles.write(target, content, trickle);
        assertArrayEquals(content, Files.readAllBytes(target));
    }

    @Test
    void aFailingSyncKeepsTheOldFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("m.npz");
        Files.write(target, OLD);
        AtomicFiles.SinkOpener noSync = sink(AtomicFiles.Sink::write, true);
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, new byte[10], noSync));
        assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
        assertArrayEquals(OLD, Files.readAllBytes(target));
        assertEquals(List.of(target), files(dir));
    }

    @Test
    void aDirectoryOrAFileAsParentIsNamed(@TempDir Path dir) throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(sub, OLD));
        assertTrue(e.getMessage().contains("cannot write " + sub + ": is a directory"), e.getMessage());
        Path file = Files.write(dir.resolve("afile"), OLD);
        e = assertThrows(IOException.class, () -> AtomicFiles.write(file.resolve("c.png"), OLD));
        assertTrue(e.getMessage().contains("exists and is not a directory"), e.getMessage());
    }

    @Test
    void staleTemporariesOfDeadProcessesAreRemovedOthersKept(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("m.vnet");
        long dead = deadPid();
        Path stale = Files.write(dir.resolve(".m.vnet." + dead + ".1f.tmp"), OLD);
        Path live = Files.write(dir.resolve(".m.vnet." + ProcessHandle.current().pid() + ".2e.tmp"), OLD);
        Path other = Files.write(dir.resolve(".other.vnet." + dead + ".3d.tmp"), OLD);
        AtomicFiles.write(target, OLD);
        assertTrue(Files.notExists(stale), "a dead writer's temporary file is removed");
        assertTrue(Files.exists(live), "a live writer's temporary file is kept");
        assertTrue(Files.exists(other), "another target's files are not touched");
    }

    /** A pid that no process has: a child that has exited. */
    private static long deadPid() throws IOException {
        Process p = new ProcessBuilder("true").start();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return p.pid();
    }

    /** Writes OLD-sized and NEW-sized models in turns until killed. */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args[0]);
        byte[] a = content('a'), b = content('b');
        for (int i = 0; ; i++) {
            AtomicFiles.write(target, i % 2 == 0 ? a : b);
        }
    }

    private static byte[] content(char c) {
        byte[] x = new byte[4 << 20];
        Arrays.fill(x, (byte) c);
        return x;
    }

    @Test
    void aProcessKilledMidSaveLeavesOneWholeFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("m.vnet");
        AtomicFiles.write(target, content('a'));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AtomicFilesTest.class.getName(), target.toString()));
        for (int round = 0; round < 3; round++) {
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Thread.sleep(700 + 150 * round); // mid-way through some write
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            byte[] now = Files.readAllBytes(target);
            assertTrue(Arrays.equals(now, content('a')) || Arrays.equals(now, content('b')),
                    "after a kill the target is one whole model, " + now.length + " bytes");
        }
        AtomicFiles.write(target, content('a')); // the next save cleans what the killed writers left
        assertEquals(List.of(target), files(dir));
    }

    /** Files written together land together: the second one's full disk leaves the first unwritten too. */
    @Test
    void filesWrittenTogetherLandTogetherOrNotAtAll(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.onnx"), b = dir.resolve("b.vnet");
        Files.write(a, OLD);
        AtomicFiles.SinkOpener bFails = file -> file.getFileName().toString().startsWith(".b.vnet")
                ? fullDisk(10, true).open(file) : AtomicFiles.FILES.open(file);
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeAll(
                List.of(new AtomicFiles.Content(a, new byte[100]), new AtomicFiles.Content(b, new byte[100])), bFails));
        assertTrue(e.getMessage().startsWith("cannot write " + b + ": No space left on device"), e.getMessage());
        assertArrayEquals(OLD, Files.readAllBytes(a), "the first file is as it was");
        assertEquals(List.of(a), files(dir), "no temporary file left, no second file");
    }

    /** A new file gets the umask's mode like any other new file; a replaced one keeps its own mode. */
    @Test
    void modesFollowTheReplacedFileOrTheUmask(@TempDir Path dir) throws IOException {
        Path probe = Files.createFile(dir.resolve("probe")), made = dir.resolve("made");
        AtomicFiles.write(made, OLD);
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(made));
        Files.setPosixFilePermissions(made, java.nio.file.attribute.PosixFilePermissions.fromString("r--r-----"));
        AtomicFiles.write(made, new byte[] {1});
        assertEquals("r--r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(made)));
    }
}
