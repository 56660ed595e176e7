package dev.vecnet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.kernel.Activation;
import dev.vecnet.model.Weights;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model from bytes or a stream (a class-path resource) reads as from its file; a name that lies about its content is refused. */
class ModelSourcesTest {
    @Test
    void bytesAndStreamsReadAsFilesDo(@TempDir Path dir) throws IOException {
        Weights net = ModelFileTest.net(6, 5, 3, Activation.TANH);
        for (ModelFormat f : ModelFormat.values()) {
            Path file = dir.resolve("m." + f.name().toLowerCase(java.util.Locale.ROOT));
            f.write(net, file);
            byte[] bytes = Files.readAllBytes(file);
            Weights fromFile = ModelFormat.readWeights(file);
            ModelFileTest.assertSame(fromFile, ModelFormat.readWeights(bytes, "m"));
            try (InputStream in = new ByteArrayInputStream(bytes)) {
                ModelFileTest.assertSame(fromFile, ModelFormat.readWeights(in, "resource " + file.getFileName()));
            }
            Model a = ModelFormat.read(file), b = ModelFormat.read(bytes, file.getFileName().toString());
            float[] x = {0.1f, -0.2f, 0.3f, 0.05f, 0.9f, -1f}, ya = new float[3], yb = new float[3];
            a.predictor().predict(x, ya);
            b.predictor().predict(x, yb);
            assertArrayEquals(ya, yb, f + ": the same probabilities, bit for bit");
        }
        assertEquals(0, Files.list(dir).filter(p -> p.getFileName().toString().startsWith("vecnet-")).count());
    }

    @Test
    void aNameThatContradictsTheContentIsRefused(@TempDir Path dir) throws IOException {
        Weights net = ModelFileTest.net(4, 3, 2, Activation.SIGMOID);
        Path vnet = dir.resolve("m.vnet");
        ModelFormat.VNET.write(net, vnet);
        Path lying = Files.copy(vnet, dir.resolve("m.onnx"));
        var e = assertThrows(IOException.class, () -> ModelFormat.readWeights(lying));
        assertEquals(lying + ": named .onnx but it holds a vecnet model; rename it .vnet", e.getMessage());
        e = assertThrows(IOException.class, () -> ModelFormat.readWeights(Files.readAllBytes(vnet), "model.npz"));
        assertTrue(e.getMessage().startsWith("model.npz: named .npz but it holds a vecnet model"), e.getMessage());
        ModelFileTest.assertSame(net, ModelFormat.readWeights(Files.copy(vnet, dir.resolve("m.bin")))); // other names: content decides
        e = assertThrows(IOException.class, () -> ModelFormat.readWeights((InputStream) null, "/missing.onnx"));
        assertTrue(e.getMessage().startsWith("/missing.onnx: no stream"), e.getMessage());
    }
}
