package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against the JDK's HTTP server on loopback: good file, checksum mismatch, cut connection. */
class DownloadsTest {
    private static final byte[] CONTENT = "an IDX file, say".repeat(5000).getBytes();
    private HttpServer server;
    private URI base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/good/f.gz", ex -> {
            ex.sendResponseHeaders(200, CONTENT.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(CONTENT);
            }
        });
        server.createContext("/cut/f.gz", ex -> {
            ex.sendResponseHeaders(200, CONTENT.length); // promises the whole file
            OutputStream out = ex.getResponseBody();
            out.write(CONTENT, 0, CONTENT.length / 3);
            out.flush();
            ex.close(); // the connection goes away mid-file
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aGoodFileIsVerifiedAndKept(@TempDir Path cache) throws Exception {
        Downloads.Remote r = new Downloads.Remote("good", base.resolve("good/"), List.of(new Downloads.RemoteFile("f.gz", sha(CONTENT))));
        Path dir = new Downloads(cache).ensure(r);
        assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve("f.gz")));
        server.stop(0); // cached and verified: no second fetch
        assertEquals(dir, new Downloads(cache).ensure(r));
    }

    @Test
    void aChecksumMismatchLeavesNothing(@TempDir Path cache) throws Exception {
        Downloads.Remote r = new Downloads.Remote("good", base.resolve("good/"), List.of(new Downloads.RemoteFile("f.gz", sha(new byte[1]))));
        var e = assertThrows(Downloads.ChecksumMismatch.class, () -> new Downloads(cache).ensure(r));
        assertTrue(e.getMessage().contains("SHA-256 " + sha(CONTENT)) && e.getMessage().contains("not kept"), e.getMessage());
        assertEquals(List.of(), files(cache));
    }

    @Test
    void aCutConnectionLeavesNoPartialFile(@TempDir Path cache) throws Exception {
        Downloads.Remote r = new Downloads.Remote("cut", base.resolve("cut/"), List.of(new Downloads.RemoteFile("f.gz", sha(CONTENT))));
        var e = assertThrows(IOException.class, () -> new Downloads(cache).ensure(r));
        assertTrue(e.getMessage().startsWith("cannot fetch " + base.resolve("cut/f.gz")) && e.getMessage().contains("--data DIR"),
                e.getMessage());
        assertEquals(List.of(), files(cache));
    }

    @Test
    void offlineNamesTheUrlAndTheWayOut(@TempDir Path cache) throws Exception {
        server.stop(0);
        Downloads.Remote r = new Downloads.Remote("gone", base.resolve("good/"), List.of(new Downloads.RemoteFile("f.gz", sha(CONTENT))));
        var e = assertThrows(IOException.class, () -> new Downloads(cache).ensure(r));
        assertTrue(e.getMessage().contains(base.resolve("good/f.gz").toString()) && e.getMessage().contains("--data DIR"), e.getMessage());
        assertEquals(List.of(), files(cache));
    }

    @Test
    void everyPinnedDataSetNamesTheFourFilesWithASha256Each() {
        assertEquals(java.util.Set.of("mnist", "fashion-mnist", "kmnist"), Downloads.REMOTES.keySet());
        for (Downloads.Remote r : Downloads.REMOTES.values()) {
            assertEquals(List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                    "t10k-labels-idx1-ubyte.gz"), r.files().stream().map(Downloads.RemoteFile::name).toList(), r.name());
            assertEquals(4, r.files().stream().map(Downloads.RemoteFile::sha256).distinct().count(), r.name());
            for (Downloads.RemoteFile f : r.files()) {
                assertTrue(f.sha256().matches("[0-9a-f]{64}"), r.name() + " " + f.name());
            }
        }
    }
}
