package dev.vecnet.data;

import dev.vecnet.io.CacheDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Data sets fetched on demand into a cache directory. Every file is verified against a pinned
 * SHA-256 while it streams into a temporary file beside its final place, and only then renamed
 * into place: a checksum mismatch or a cut connection leaves nothing in the cache. A file already
 * cached is verified again before use.
 */
public final class Downloads {
    /** A file of a remote data set and its pinned SHA-256. */
    public record RemoteFile(String name, String sha256) {}

    /** A data set: where its files live and what they must hash to. */
    public record Remote(String name, URI base, List<RemoteFile> files) {}

    /**
     * MNIST's four files. The test files' sums equal those of the embedded copy (byte-identical to
     * the published files); the training files' are the published ones.
     */
    static final Remote MNIST = new Remote("mnist", URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"), List.of(
            new RemoteFile("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
            new RemoteFile("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
            new RemoteFile("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
            new RemoteFile("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")));

    /**
     * Fashion-MNIST (Zalando, MIT licence) from its official mirror (plain HTTP; the checksums are what
     * make it safe). The sums are the published files' as pinned by several independent loaders
     * (tensorflow-datasets, torchvision-ruby, ...); they could not be re-checked here, offline. The
     * Debian package's copies are recompressed, so their sums differ; it is used directly when present.
     */
    static final Remote FASHION_MNIST = new Remote("fashion-mnist",
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"), List.of(
            new RemoteFile("train-images-idx3-ubyte.gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
            new RemoteFile("train-labels-idx1-ubyte.gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
            new RemoteFile("t10k-images-idx3-ubyte.gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
            new RemoteFile("t10k-labels-idx1-ubyte.gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5")));

    /**
     * Kuzushiji-MNIST (ROIS-DS Center for Open Data in the Humanities, CC BY-SA 4.0) from its official
     * site; sums pinned as for Fashion-MNIST (published by the same independent loaders, not re-checked
     * here).
     */
    static final Remote KMNIST = new Remote("kmnist", URI.create("https://codh.rois.ac.jp/kmnist/dataset/kmnist/"), List.of(
            new RemoteFile("train-images-idx3-ubyte.gz", "51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4"),
            new RemoteFile("train-labels-idx1-ubyte.gz", "e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17"),
            new RemoteFile("t10k-images-idx3-ubyte.gz", "edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5"),
            new RemoteFile("t10k-labels-idx1-ubyte.gz", "20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c")));

    static final Map<String, Remote> REMOTES = Map.of(MNIST.name(), MNIST, FASHION_MNIST.name(), FASHION_MNIST,
            KMNIST.name(), KMNIST);

    private final Path cache;
    private final HttpClient http;

    public Downloads(Path cache) {
        this.cache = cache;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The directory holding the data set's verified files, fetching what is missing. */
    public Path ensure(Remote remote) throws IOException {
        Path dir = CacheDirectory.made(cache.resolve(remote.name()));
        for (RemoteFile f : remote.files()) {
            Path target = dir.resolve(f.name());
            if (Files.isRegularFile(target) && sha256(target).equals(f.sha256())) {
                continue;
            }
            fetch(remote.base().resolve(f.name()), target, f.sha256(), remote.name());
        }
        return dir;
    }

    private void fetch(URI url, Path target, String expected, String dataset) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            HttpResponse<InputStream> response;
            try {
                response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching " + url, e);
            }
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("HTTP " + response.statusCode() + " for " + url);
            }
            MessageDigest digest = sha256();
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                for (int r; (r = in.read(buf)) > 0; ) {
                    digest.update(buf, 0, r);
                    out.write(buf, 0, r);
                }
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(expected)) {
                throw new ChecksumMismatch(url + ": SHA-256 " + actual + ", expected " + expected + "; the file was not kept");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (ChecksumMismatch e) {
            Files.deleteIfExists(tmp);
            throw e;
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot fetch " + url + " (" + e + "); put the four IDX files of " + dataset
                    + " in a directory and pass --data DIR, or into " + target.getParent(), e);
        }
    }

    /** The bytes arrived but are not the pinned file. */
    public static final class ChecksumMismatch extends IOException {
        ChecksumMismatch(String message) {
            super(message);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                digest.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
