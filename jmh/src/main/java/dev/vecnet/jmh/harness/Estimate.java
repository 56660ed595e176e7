package dev.vecnet.jmh.harness;

/**
 * How long a mode's run takes, from its plan, before any run on this CPU has been recorded: each
 * engine's warm-up and rounds, a JVM per group, the seed runs and cold starts at figures typical of a
 * 2-core cloud VM. Rough by design: the harness prints it as an estimate and the run's own time at the end.
 */
final class Estimate {
    private Estimate() {}

    static double seconds(Mode mode) {
        double s = 5; // machine facts, peers loaded
        for (Group g : Plan.groups(mode)) {
            Mode.Timing t = g.heavy() ? mode.heavy : mode.light;
            int engines = 0;
            for (PairedRuns.Case c : PairedRuns.cases(g)) {
                engines += c.entries().size();
            }
            s += 2 + (g.heavy() ? 6 : 0) + engines * (t.warmupMillis() + t.rounds() * t.sliceMillis()) / 1000.0 * 1.3;
        }
        // a seed run: its process start and load, and the loop at a few ms an iteration for the slowest peers
        s += mode.seedRuns * (3 * 3 * (2 + mode.seedIterations * 0.4e-3) + 4 * (2 + mode.deepIterations * 2.5e-3));
        s += mode.coldRuns * 15;
        // the Spark comparison: MLlib's fits of growing maxIter dominate it
        s += mode == Mode.SMOKE ? 25 : mode == Mode.QUICK ? 240 : 330;
        return s;
    }
}
