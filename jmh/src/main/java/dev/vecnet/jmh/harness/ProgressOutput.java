package dev.vecnet.jmh.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * JMH's full output goes to the log file; the terminal gets one line per benchmark (its parameters and
 * median score) so a 15-minute run stays readable.
 */
final class ProgressOutput implements OutputFormat {
    private final OutputFormat log;
    private final PrintStream terminal;
    private int done, started;

    ProgressOutput(PrintStream logFile, PrintStream terminal) {
        this.log = OutputFormatFactory.createFormatInstance(logFile, VerboseMode.NORMAL);
        this.terminal = terminal;
    }

    @Override
    public void iteration(BenchmarkParams b, IterationParams p, int i) {
        log.iteration(b, p, i);
    }

    @Override
    public void iterationResult(BenchmarkParams b, IterationParams p, int i, IterationResult r) {
        log.iterationResult(b, p, i, r);
    }

    @Override
    public void startBenchmark(BenchmarkParams b) {
        started++;
        log.startBenchmark(b);
    }

    /** Benchmarks started so far: those without a result failed. */
    int started() {
        return started;
    }

    @Override
    public void endBenchmark(BenchmarkResult r) {
        log.endBenchmark(r);
        if (r == null) {
            return;
        }
        BenchmarkParams b = r.getParams();
        String name = b.getBenchmark().substring(b.getBenchmark().lastIndexOf('.', b.getBenchmark().lastIndexOf('.') - 1) + 1);
        String params = b.getParamsKeys().stream().map(k -> k + "=" + b.getParam(k)).collect(Collectors.joining(" "));
        terminal.printf(Locale.ROOT, "  [%3d] %-34s %-60s %12.3f %s%n", ++done, name, params,
                r.getPrimaryResult().getStatistics().getPercentile(50), r.getPrimaryResult().getScoreUnit());
    }

    @Override
    public void startRun() {
        log.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> results) {
        log.endRun(results);
    }

    @Override
    public void print(String s) {
        log.print(s);
    }

    @Override
    public void println(String s) {
        log.println(s);
        if (s.contains("<failure>") || s.contains("Exception") || s.contains("ERROR")) {
            terminal.println("  " + s);
        }
    }

    @Override
    public void flush() {
        log.flush();
        terminal.flush();
    }

    @Override
    public void close() {
        log.flush();
    }

    @Override
    public void verbosePrintln(String s) {
        log.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        log.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        log.write(b);
    }
}
