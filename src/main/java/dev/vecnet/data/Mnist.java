package dev.vecnet.data;

import dev.vecnet.io.CacheDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MNIST-format data sets: the embedded mnist-10k (the first 10 000 official MNIST training digits and
 * the official 10 000 test digits, by Yann LeCun, Corinna Cortes and Christopher J.C. Burges,
 * CC BY-SA 3.0; see the README beside the files), Fashion-MNIST where Debian's
 * dataset-fashion-mnist package puts it, full MNIST, Fashion-MNIST and Kuzushiji-MNIST fetched into a
 * cache ({@link Downloads}), or any directory with the four standard files.
 */
public final class Mnist {
    public static final String EMBEDDED = "mnist-10k";
    static final String FASHION_DIR = "/usr/share/datasets/fashion-mnist";
    private static final String[] FILES = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    private Mnist() {}

    /** A train and a test split. */
    public record Splits(Dataset train, Dataset test) {}

    /** The command line's choice: the directory when given, else the data set of that name. */
    public static Splits load(Path directory, String name) throws IOException {
        return directory != null ? fromDirectory(directory) : byName(name);
    }

    /**
     * Loads a data set by name: mnist-10k (embedded), fashion-mnist (Debian's package when installed,
     * else fetched), mnist or kmnist (fetched into the cache, verified against pinned SHA-256 sums).
     */
    public static Splits byName(String name) throws IOException {
        return switch (name) {
            case EMBEDDED -> embedded();
            case "fashion-mnist" -> {
                Path dir = Path.of(FASHION_DIR);
                yield Files.isDirectory(dir) ? fromDirectory(dir) // Debian's dataset-fashion-mnist
                        : fromDirectory(new Downloads(CacheDirectory.path()).ensure(Downloads.FASHION_MNIST));
            }
            default -> {
                Downloads.Remote remote = Downloads.REMOTES.get(name);
                if (remote == null) {
                    throw new IllegalArgumentException("unknown dataset '" + name
                            + "'; known: " + EMBEDDED + ", mnist, fashion-mnist, kmnist (or --data DIR)");
                }
                yield fromDirectory(new Downloads(CacheDirectory.path()).ensure(remote));
            }
        };
    }

    /**
     * The train and test sizes a data set of this name has, known before reading it (for estimates only):
     * mnist-10k 10 000 and 10 000, the others (and a directory, name null) the MNIST family's 60 000 and 10 000.
     */
    public static int[] expectedSizes(String name) {
        return EMBEDDED.equals(name) ? new int[] {10_000, 10_000} : new int[] {60_000, 10_000};
    }

    public static Splits embedded() throws IOException {
        return new Splits(
                new Dataset(EMBEDDED + " train", images(resource(FILES[0]), FILES[0]), labels(resource(FILES[1]), FILES[1]), 10),
                new Dataset(EMBEDDED + " test", images(resource(FILES[2]), FILES[2]), labels(resource(FILES[3]), FILES[3]), 10));
    }

    /** The four standard files in {@code dir}, each raw or .gz. */
    public static Splits fromDirectory(Path dir) throws IOException {
        Path[] p = new Path[4];
        for (int i = 0; i < 4; i++) {
            p[i] = find(dir, FILES[i]);
        }
        return new Splits(
                new Dataset(dir + " train", images(Files.newInputStream(p[0]), p[0].toString()),
                        labels(Files.newInputStream(p[1]), p[1].toString()), 10),
                new Dataset(dir + " test", images(Files.newInputStream(p[2]), p[2].toString()),
                        labels(Files.newInputStream(p[3]), p[3].toString()), 10));
    }

    private static Path find(Path dir, String base) throws IOException {
        for (String candidate : new String[] {base, base + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException(dir + ": no " + base + " or " + base + ".gz");
    }

    private static InputStream resource(String base) throws IOException {
        InputStream in = Mnist.class.getResourceAsStream(EMBEDDED + "/" + base + ".gz");
        if (in == null) {
            throw new IOException("the " + EMBEDDED + " data set is not on the class path: it ships as its own jar, "
                    + "dev.vecnet:vecnet with classifier " + EMBEDDED + " (or read the four IDX files with Mnist.fromDirectory)");
        }
        return in;
    }

    private static IdxFile.Images images(InputStream in, String name) throws IOException {
        try (in) {
            return IdxFile.readImages(in, name);
        }
    }

    private static byte[] labels(InputStream in, String name) throws IOException {
        try (in) {
            return IdxFile.readLabels(in, name);
        }
    }
}
