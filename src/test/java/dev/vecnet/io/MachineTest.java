package dev.vecnet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caches as Linux lists them under /sys, and what is left unknown where it lists nothing. */
class MachineTest {
    private static void index(Path dir, int i, int level, String type, String size, String shared) throws IOException {
        Path d = Files.createDirectories(dir.resolve("index" + i));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("type"), type + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
        Files.writeString(d.resolve("shared_cpu_list"), shared + "\n");
    }

    @Test
    void cachesAreReadFromSysAndL3IsSharedOut(@TempDir Path dir) throws IOException {
        index(dir, 0, 1, "Data", "48K", "0");
        index(dir, 1, 1, "Instruction", "32K", "0");
        index(dir, 2, 2, "Unified", "2048K", "0");
        index(dir, 3, 3, "Unified", "32M", "0-3,8-11");
        assertEquals(new Machine.Caches(48 << 10, 2 << 20, 4 << 20), Machine.readCaches(dir));
        assertEquals(new Machine.Caches(0, 0, 0), Machine.readCaches(dir.resolve("none")));
        assertEquals(3, Machine.cpus("0-1,5"));
        assertEquals(1L << 30, Machine.bytes("1G"));
        assertEquals(512, Machine.bytes("512"));
    }
}
