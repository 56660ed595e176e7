package dev.vecnet.nn;

/** A learnable parameter and its gradient, owned by one layer: no aliasing between layers. */
public final class Parameter<A> {
    private final String name;
    private final A value;
    private final A grad;
    private final int size;

    Parameter(String name, Precision<A> p, int size) {
        this.name = name;
        this.size = size;
        this.value = p.alloc(size);
        this.grad = p.alloc(size);
    }

    public String name() {
        return name;
    }

    public A value() {
        return value;
    }

    public A grad() {
        return grad;
    }

    public int size() {
        return size;
    }
}
