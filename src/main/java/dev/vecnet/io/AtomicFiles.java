package dev.vecnet.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files written so that a crash, a full disk or a refused rename never leaves a broken file where a
 * good one was: the bytes go to a temporary file beside the target, every one of them written (a
 * short write is continued, a write that makes no progress is an error), the file forced to disk,
 * renamed over the target, and the directory forced so the rename survives a power cut. On any
 * failure the temporary file is removed, the target is as it was, and the error names the target
 * and the reason. Temporary files left by a process that was killed mid-write are removed by the
 * next write of the same target.
 *
 * <p>Only a regular file is replaced: a target that is a device, FIFO, socket or directory, or lies
 * in procfs or sysfs, is refused before anything is written; a symbolic link is followed, so the
 * file it names is replaced and the link stays. A replaced file keeps its permissions (and, where
 * the process may, its owner); a new file gets the process's umask. Several files written together
 * ({@link #writeAll}) land together: every temporary file is complete before the first rename.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** One file of a {@link #writeAll}: where, and its bytes. */
    public record Content(Path target, byte[] bytes) {}

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
        writeAll(List.of(new Content(target, content)), FILES);
    }

    /** Writes every file, or on a failure before the renames none of them. */
    public static void writeAll(List<Content> files) throws IOException {
        writeAll(files, FILES);
    }

    static void write(Path target, byte[] content, SinkOpener opener) throws IOException {
        writeAll(List.of(new Content(target, content)), opener);
    }

    /**
     * Where writing {@code target} puts its bytes: the target, or the file a symbolic link at it names.
     * Throws an IOException naming the target and the reason when it is not a regular file nor absent.
     */
    public static Path destination(Path target) throws IOException {
        if (target.toString().isBlank()) {
            throw new IOException("an empty path: name a file");
        }
        Path abs = target.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(abs)) {
            if (!Files.exists(abs)) {
                throw new IOException(target + ": a symbolic link to a missing file");
            }
            abs = abs.toRealPath();
        }
        if (Files.isDirectory(abs)) {
            throw new IOException(target + ": is a directory; name a file");
        }
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            throw new IOException(target + ": exists and is not a regular file (a device, FIFO or socket); vecnet "
                    + "replaces only regular files");
        }
        InputFiles.refuseKernelFileSystem(abs.getParent() == null ? abs : abs.getParent(), target);
        return abs;
    }

    static void writeAll(List<Content> files, SinkOpener opener) throws IOException {
        List<Path> destinations = new ArrayList<>();
        for (Content c : files) {
            try {
                destinations.add(destination(c.target));
            } catch (IOException e) {
                throw new IOException("cannot write " + e.getMessage(), e);
            }
        }
        Path[] temps = new Path[files.size()];
        int i = 0;
        try {
            for (; i < temps.length; i++) {
                temps[i] = temporary(destinations.get(i), files.get(i).bytes, opener);
            }
        } catch (IOException e) {
            for (Path t : temps) {
                deleteQuietly(t);
            }
            throw new IOException("cannot write " + files.get(i).target + ": " + Reasons.of(e), e);
        }
        for (i = 0; i < temps.length; i++) {
            try {
                Files.move(temps[i], destinations.get(i), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                temps[i] = null;
                forceDirectory(destinations.get(i).getParent());
            } catch (IOException e) {
                for (Path t : temps) {
                    deleteQuietly(t);
                }
                throw new IOException("cannot write " + files.get(i).target + ": " + Reasons.of(e)
                        + (i > 0 ? " (" + i + " of the " + temps.length + " files were written)" : ""), e);
            }
        }
    }

    /** The bytes in a complete, forced temporary file beside {@code destination}, with the permissions it should have. */
    private static Path temporary(Path destination, byte[] content, SinkOpener opener) throws IOException {
        Path dir = destination.getParent();
        Files.createDirectories(dir);
        removeStale(dir, destination.getFileName().toString());
        Path tmp = dir.resolve("." + destination.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
        // created with the process's umask (0666 masked), as any new file is; private while being written
        Files.createFile(tmp);
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            PosixFileAttributes replaced = Files.exists(destination)
                    ? Files.readAttributes(destination, PosixFileAttributes.class) : null;
            Set<PosixFilePermission> mode = view == null ? null : replaced != null ? replaced.permissions()
                    : view.readAttributes().permissions();
            if (view != null) {
                view.setPermissions(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
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
            if (view != null) {
                view.setPermissions(mode);
                if (replaced != null) {
                    keepOwner(replaced, view);
                }
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** A replaced file's owner and group carry over to its successor where the process may give them. */
    private static void keepOwner(PosixFileAttributes replaced, PosixFileAttributeView now) {
        try {
            if (!replaced.owner().equals(now.getOwner())) {
                now.setOwner(replaced.owner());
            }
            now.setGroup(replaced.group());
        } catch (IOException | SecurityException notAllowed) {
            // only root may give a file away; the permissions are what protects it
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the write's own error is the one to report
            }
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
