package dev.vecnet.jmh.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** GFLOP/s per GEMM shape, one bar series per engine, one thread (XChart, PNG). */
final class GemmChart {
    private GemmChart() {}

    static void write(List<Measurement> ms, String precision, String title, Path png) throws IOException {
        List<String> shapes = new ArrayList<>();
        for (String s : Plan.SHAPES) {
            if (ms.stream().anyMatch(m -> m.caseId().equals(caseId(precision, s)))) {
                shapes.add(s);
            }
        }
        if (shapes.isEmpty()) {
            return;
        }
        CategoryChart chart = new CategoryChartBuilder().width(1100).height(520).title(title)
                .xAxisTitle("shape (M x K x N : op(A) op(B))").yAxisTitle("GFLOP/s (log scale)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setAvailableSpaceFill(0.85);
        for (Map.Entry<String, String> e : Report.ENGINE_NAMES.entrySet()) {
            List<Double> g = new ArrayList<>();
            boolean any = false;
            for (String s : shapes) {
                Measurement m = Targets.find(ms, caseId(precision, s), e.getKey());
                double v = m == null ? Double.NaN : m.detail("gflops");
                any |= !Double.isNaN(v);
                g.add(Double.isNaN(v) ? 0.001 : v);
            }
            if (any) {
                chart.addSeries(e.getValue(), shapes, g);
            }
        }
        chart.getStyler().setYAxisMin(0.1);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static String caseId(String precision, String shape) {
        return "gemm/" + precision + "/" + shape + "/t1";
    }
}
