package dev.vecnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurveTest {
    @Test
    void writesAPng(@TempDir Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path png = dir.resolve("curve.png");
        LearningCurve.write(List.of(new Trainer.Epoch(1, 0, 0.1, 0.11, 2.3), new Trainer.Epoch(2, 100, 0.6, 0.58, 1.1)),
                "test", png);
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
        assertThrows(IllegalArgumentException.class, () -> LearningCurve.write(List.of(), "none", dir.resolve("x.png")));
    }
}
