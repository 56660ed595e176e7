package dev.vecnet.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * The optimizers of the book's chapter 6, over a network's parameters. State (velocities, squared
 * sums, moments) is allocated once at construction: a step allocates nothing. Each step is one
 * kernel call per parameter, which flushes what docs/kernel-contract.md ("Updates") says.
 */
public abstract sealed class Optimizer<A> {
    protected final Precision<A> p;
    protected final List<Parameter<A>> params;
    protected final double lr;

    private Optimizer(Precision<A> p, List<Parameter<A>> params, double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        }
        this.p = p;
        this.params = params;
        this.lr = lr;
    }

    /** Steps taken (Adam's bias correction counts them). */
    protected int steps;

    /** One update from the gradients currently in the parameters. */
    public final void step() {
        steps++;
        update();
    }

    protected abstract void update();

    /**
     * The optimizer's state, live: one array per parameter for each of its moments (momentum's
     * velocities; AdaGrad's squared sums; Adam's first, then second moments), none for SGD. A
     * data-parallel trainer averages these between workers as it averages the weights.
     */
    public abstract List<A> state();

    /** Steps taken so far. */
    public int steps() {
        return steps;
    }

    /** Sets the steps taken, with {@link #state()}, to continue a run another optimizer began. */
    public void steps(int taken) {
        if (taken < 0) {
            throw new IllegalArgumentException("steps taken must be >= 0, got " + taken);
        }
        steps = taken;
    }

    /** The book's chapter 6 optimizers. */
    public enum Kind {
        SGD, MOMENTUM, ADAGRAD, ADAM
    }

    /** sgd, momentum (0.9), adagrad or adam (β1 0.9, β2 0.999), as in the book, over the network's parameters. */
    public static <A> Optimizer<A> of(Kind kind, MultiLayerNet<A> net, double lr) {
        return switch (kind) {
            case SGD -> new Sgd<>(net.precision(), net.parameters(), lr);
            case MOMENTUM -> new Momentum<>(net.precision(), net.parameters(), lr, 0.9);
            case ADAGRAD -> new AdaGrad<>(net.precision(), net.parameters(), lr);
            case ADAM -> new Adam<>(net.precision(), net.parameters(), lr, 0.9, 0.999);
        };
    }

    private List<A> newState() {
        List<A> s = new ArrayList<>();
        for (Parameter<A> param : params) {
            s.add(p.alloc(param.size()));
        }
        return s;
    }

    /** w −= lr·g. */
    static final class Sgd<A> extends Optimizer<A> {
        Sgd(Precision<A> p, List<Parameter<A>> params, double lr) {
            super(p, params, lr);
        }

        @Override
        public List<A> state() {
            return List.of();
        }

        @Override
        protected void update() {
            for (Parameter<A> param : params) {
                p.sgdStep(param.size(), param.value(), param.grad(), lr);
            }
        }
    }

    static final class Momentum<A> extends Optimizer<A> {
        private final double momentum;
        private final List<A> v;

        Momentum(Precision<A> p, List<Parameter<A>> params, double lr, double momentum) {
            super(p, params, lr);
            this.momentum = momentum;
            this.v = super.newState();
        }

        @Override
        public List<A> state() {
            return java.util.Collections.unmodifiableList(v);
        }

        @Override
        protected void update() {
            for (int k = 0; k < params.size(); k++) {
                Parameter<A> param = params.get(k);
                p.momentumStep(param.size(), param.value(), param.grad(), v.get(k), lr, momentum);
            }
        }
    }

    static final class AdaGrad<A> extends Optimizer<A> {
        private final List<A> h;

        AdaGrad(Precision<A> p, List<Parameter<A>> params, double lr) {
            super(p, params, lr);
            this.h = super.newState();
        }

        @Override
        public List<A> state() {
            return java.util.Collections.unmodifiableList(h);
        }

        @Override
        protected void update() {
            for (int k = 0; k < params.size(); k++) {
                Parameter<A> param = params.get(k);
                p.adagradStep(param.size(), param.value(), param.grad(), h.get(k), lr);
            }
        }
    }

    static final class Adam<A> extends Optimizer<A> {
        private final double beta1, beta2;
        private final List<A> m, v;

        Adam(Precision<A> p, List<Parameter<A>> params, double lr, double beta1, double beta2) {
            super(p, params, lr);
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.m = super.newState();
            this.v = super.newState();
        }

        @Override
        public List<A> state() {
            List<A> both = new ArrayList<>(m);
            both.addAll(v);
            return java.util.Collections.unmodifiableList(both);
        }

        @Override
        protected void update() {
            double lrT = lr * Math.sqrt(1 - Math.pow(beta2, steps)) / (1 - Math.pow(beta1, steps));
            for (int k = 0; k < params.size(); k++) {
                Parameter<A> param = params.get(k);
                p.adamStep(param.size(), param.value(), param.grad(), m.get(k), v.get(k), lrT, beta1, beta2);
            }
        }
    }
}
