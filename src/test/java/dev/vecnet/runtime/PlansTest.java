package dev.vecnet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vecnet.kernel.Kernels;
import dev.vecnet.kernel.gemm.GemmPlan;
import dev.vecnet.kernel.gemm.GemmTile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plan files: the one -Dvecnet.plan names is read back, or refused naming the property, the file and what is wrong. */
class PlansTest {
    @Test
    void aPlanFileNamedByThePropertyIsReadOrRefusedClearly(@TempDir Path dir) throws IOException {
        assumeTrue(Kernels.panamaUnavailableReason() == null, "plans name the SIMD shape of this machine");
        GemmPlan plan = new GemmPlan(GemmTile.T4x3, GemmTile.T12x2, GemmPlan.Split.ROWS, 77);
        Path file = dir.resolve("plan.properties");
        Files.writeString(file, plan.format(Plans.machine()));
        assertEquals(plan, Plans.readFile(file.toString()));
        String missing = assertThrows(IllegalArgumentException.class,
                () -> Plans.readFile(dir.resolve("none").toString())).getMessage();
        assertTrue(missing.contains("-Dvecnet.plan=") && missing.contains("no such file"), missing);
        Files.writeString(file, "float32.tile=8x2\n");
        String bad = assertThrows(IllegalArgumentException.class, () -> Plans.readFile(file.toString())).getMessage();
        assertTrue(bad.contains("float64.tile"), bad);
        assertTrue(Plans.storedFile().toString().contains("plans"), Plans.storedFile().toString());
    }

    /** A FIFO would block, /dev/zero never end, a megabyte is no plan: each refused at once, naming the file. */
    @Test
    void hostilePlanFilesAreRefusedNotReadForever(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        java.util.List<Path> places = new java.util.ArrayList<>();
        if (p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0) {
            places.add(fifo);
        }
        places.add(Files.createSymbolicLink(dir.resolve("zero"), Path.of("/dev/zero")));
        for (Path place : places) {
            String m = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                    () -> assertThrows(IllegalArgumentException.class, () -> Plans.readFile(place.toString())).getMessage());
            assertTrue(m.contains(place + ": not a regular file"), m);
        }
        Path big = Files.write(dir.resolve("big.properties"), new byte[Plans.MAX_PLAN_BYTES + 1]);
        String m = assertThrows(IllegalArgumentException.class, () -> Plans.readFile(big.toString())).getMessage();
        assertTrue(m.contains(big + ": 65537 bytes; a GEMM plan file has a few lines"), m);
    }
}
