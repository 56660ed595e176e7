package dev.vecnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {

    @Test
    void writesAllEpochsAndReplacesAtomically(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("m.csv");
        Files.writeString(target, "old");
        MetricsCsv csv = new MetricsCsv();
        csv.epoch(new Trainer.Epoch(1, 0, 0.1, 0.2, 2.3));
        csv.epoch(new Trainer.Epoch(2, 100, 0.5, 0.45, 1.25));
        csv.write(target);
        assertEquals(List.of("epoch,iteration,train_acc,test_acc,loss", "1,0,0.100000,0.200000,2.300000",
                "2,100,0.500000,0.450000,1.250000"), Files.readAllLines(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("taken");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "x"); // a non-empty directory cannot be replaced
        assertThrows(IOException.class, () -> dev.vecnet.io.AtomicFiles.write(target, new byte[] {1}));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the directory that was there");
        }
    }
}
