package dev.vecnet.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Per-epoch metrics as CSV (epoch, iteration, train_acc, test_acc, loss). Collected during the run
 * and written once at the end, to a temporary file beside the target and moved into place
 * atomically: a crash never leaves half a file where a good one was.
 */
public final class MetricsCsv implements Trainer.Listener {
    private final List<Trainer.Epoch> epochs = new ArrayList<>();

    @Override
    public void epoch(Trainer.Epoch e) {
        epochs.add(e);
    }

    public List<Trainer.Epoch> epochs() {
        return epochs;
    }

    public void write(Path target) throws IOException {
        StringBuilder csv = new StringBuilder("epoch,iteration,train_acc,test_acc,loss\n");
        for (Trainer.Epoch e : epochs) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f%n",
                    e.epoch(), e.iteration(), e.trainAccuracy(), e.testAccuracy(), e.meanLoss()));
        }
        writeAtomically(target, csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes to a temporary file in the target's directory, forces it to disk, then renames it over the target. */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system's default permissions then
            }
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(content));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UncheckedIOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
