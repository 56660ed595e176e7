/**
 * vecnet: dense neural networks on the JDK's Vector API — training ({@code dev.vecnet.nn},
 * {@code dev.vecnet.train}), serving ({@code dev.vecnet.infer}), the kernels' contract
 * ({@code dev.vecnet.kernel}) and their run-time ({@code dev.vecnet.runtime}), the parameters both share
 * ({@code dev.vecnet.model}) and the MNIST family's data ({@code dev.vecnet.data}). The providers, the
 * GEMM, file handling and the command line are not exported.
 *
 * <p>SIMD needs {@code --add-modules jdk.incubator.vector}; without it every kernel runs scalar (the
 * same bits).
 */
module dev.vecnet {
    requires static jdk.incubator.vector;
    requires java.management;
    requires jdk.management;
    requires java.net.http;
    // the command line's and the learning curve's libraries: optional, as for a class-path user
    requires static info.picocli;
    requires static me.tongfei.progressbar;
    requires static org.knowm.xchart;
    requires static java.desktop;

    exports dev.vecnet.kernel;
    exports dev.vecnet.model;
    exports dev.vecnet.nn;
    exports dev.vecnet.infer;
    exports dev.vecnet.train;
    exports dev.vecnet.data;
    exports dev.vecnet.runtime;

    // picocli fills the commands' options by reflection
    opens dev.vecnet.cli to info.picocli;
}
