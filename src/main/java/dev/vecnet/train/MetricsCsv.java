package dev.vecnet.train;

import dev.vecnet.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        AtomicFiles.write(target, bytes());
    }

    /** The CSV file's bytes: a header, then a line per epoch. */
    public byte[] bytes() {
        StringBuilder csv = new StringBuilder("epoch,iteration,train_acc,test_acc,loss\n");
        for (Trainer.Epoch e : epochs) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f%n",
                    e.epoch(), e.iteration(), e.trainAccuracy(), e.testAccuracy(), e.meanLoss()));
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
