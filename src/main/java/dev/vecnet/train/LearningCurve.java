package dev.vecnet.train;

import dev.vecnet.io.AtomicFiles;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** The book's figure: train and test accuracy per epoch, with the mean loss on a second axis; PNG, written atomically. */
public final class LearningCurve {
    private LearningCurve() {}

    public static void write(List<Trainer.Epoch> epochs, String title, Path target) throws IOException {
        AtomicFiles.write(target, png(epochs, title));
    }

    /** The chart as a PNG file's bytes. */
    public static byte[] png(List<Trainer.Epoch> epochs, String title) throws IOException {
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("no epochs to plot");
        }
        double[] x = new double[epochs.size()], train = new double[x.length], test = new double[x.length], loss = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            Trainer.Epoch e = epochs.get(i);
            x[i] = e.epoch();
            train[i] = e.trainAccuracy();
            test[i] = e.testAccuracy();
            loss[i] = e.meanLoss();
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("epochs").yAxisTitle("accuracy").build();
        chart.getStyler().setMarkerSize(4).setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
        chart.addSeries("train acc", x, train);
        chart.addSeries("test acc", x, test).setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
        XYSeries l = chart.addSeries("loss", x, loss);
        l.setYAxisGroup(1);
        chart.setYAxisGroupTitle(1, "mean batch loss");
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, png, BitmapEncoder.BitmapFormat.PNG);
        return png.toByteArray();
    }
}
