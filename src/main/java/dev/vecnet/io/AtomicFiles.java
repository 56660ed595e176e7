package dev.vecnet.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files written so that a crash, a full disk or a refused rename never leaves a broken file where a
 * good one was: the bytes go to a temporary file beside the target, every one of them written (a
 * short write is continued, a write that makes no progress is an error), the file forced to disk,
 * renamed over the target, and the directory forced so the rename survives a power cut. On any
 * failure the temporary file is removed, the target is as it was, and the error names the target
 * and the reason. Temporary files left by a process that was killed mid-write are removed by the
 * next write of the same target.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Where the bytes go: a file channel, or a stand-in that fails as a full disk does (tests). */
    interface Sink extends AutoCloseable {
        int write(ByteBuffer b) throws IOException;

        void force() throws IOException;

        @Override
        void close() throws IOException;
    }

    /** Opens the sink for a temporary file. */
    @FunctionalInterface
    interface SinkOpener {
        Sink open(Path file) throws IOException;
    }

    static final SinkOpener FILES = file -> {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        return new Sink() {
            @Override
            public int write(ByteBuffer b) throws IOException {
                return ch.write(b);
            }

            @Override
            public void force() throws IOException {
                ch.force(true);
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    };

    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, FILES);
    }

    static void write(Path target, byte[] content, SinkOpener opener) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            if (Files.isDirectory(abs)) {
                throw new IOException("it is a directory");
            }
            Files.createDirectories(dir);
            removeStale(dir, abs.getFileName().toString());
            tmp = dir.resolve("." + abs.getFileName() + "." + ProcessHandle.current().pid() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
            Files.createFile(tmp);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system's default permissions then
            }
            try (Sink out = opener.open(tmp)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    if (out.write(b) <= 0) {
                        throw new IOException("the file system took no more bytes after " + b.position() + " of "
                                + content.length + " (disk full?)");
                    }
                }
                out.force();
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            forceDirectory(dir);
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write's own error is the one to report
                }
            }
            throw new IOException("cannot write " + target + ": " + Reasons.of(e), e);
        }
    }

    /** Forces a directory's entries (the rename) to disk; some file systems cannot, and then it is moot. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException unsupported) {
            // not every file system forces directories; the file itself is on disk
        }
    }

    /** Temporary files of this target left by processes that no longer run (killed mid-write). */
    private static void removeStale(Path dir, String name) {
        String prefix = "." + name + ".";
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> {
            String f = p.getFileName().toString();
            return f.startsWith(prefix) && f.endsWith(".tmp");
        })) {
            for (Path p : s) {
                String[] parts = p.getFileName().toString().substring(prefix.length()).split("\\.");
                if (parts.length == 3 && parts[0].matches("\\d{1,10}")
                        && ProcessHandle.of(Long.parseLong(parts[0])).isEmpty()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // stale files are untidy, not harmful: the write goes on
        }
    }
}
