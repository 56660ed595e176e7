package dev.vecnet.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An output that cannot be written is refused up front, naming the option, the path and why; a probe leaves nothing. */
class OutputTargetsTest {

    private static String refused(String option, Path p) {
        return assertThrows(IllegalArgumentException.class, () -> OutputTargets.check(option, p)).getMessage();
    }

    @Test
    void writablePlacesPassAndLeaveNothing(@TempDir Path dir) throws Exception {
        assertDoesNotThrow(() -> OutputTargets.check("--save", dir.resolve("m.vnet")));
        assertDoesNotThrow(() -> OutputTargets.check("--plot", dir.resolve("new/sub/c.png")));
        Files.writeString(dir.resolve("old.csv"), "x");
        assertDoesNotThrow(() -> OutputTargets.check("--metrics", dir.resolve("old.csv")));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "only the existing file: no probe left, no directory made");
        }
    }

    @Test
    void eachBadPlaceIsNamed(@TempDir Path dir) throws Exception {
        assertTrue(refused("--save", Path.of("")).startsWith("--save: the path is empty"));
        assertTrue(refused("--save", dir).contains("is a directory"));
        Path file = Files.writeString(dir.resolve("afile"), "x");
        String m = refused("--plot", file.resolve("c.png"));
        assertTrue(m.startsWith("--plot " + file.resolve("c.png")) && m.contains(file + " is not a directory"), m);
        m = refused("--save", Path.of("/proc/x.vnet"));
        assertTrue(m.startsWith("--save /proc/x.vnet: lies in the kernel's proc file system"), m);
        assertTrue(refused("--save", Path.of("/dev/null")).contains("not a regular file"));
        Path fifo = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
            assertTrue(refused("--save", fifo).contains("not a regular file"));
        }
    }
}
