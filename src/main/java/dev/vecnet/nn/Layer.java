package dev.vecnet.nn;

import java.util.List;

/** A layer of the book's chapter 5: forward keeps what backward needs; both reuse workspaces sized once. */
public interface Layer<A> {
    /** out = f(x) for the first {@code batch} rows; the result is a workspace of this layer. */
    A forward(A x, int batch);

    /** dx for dout; fills the gradients of this layer's parameters. Null when no one needs dx. */
    A backward(A dout, int batch);

    default List<Parameter<A>> parameters() {
        return List.of();
    }
}
