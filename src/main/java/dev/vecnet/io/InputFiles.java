package dev.vecnet.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

/**
 * What a reader checks before it opens a file: that it exists and is a regular file (a directory, a
 * device such as /dev/zero or a FIFO would block or never end), that it does not lie in one of the
 * kernel's pseudo file systems (procfs and sysfs files look regular but may block, never end or fail
 * mid-read), and that its size fits a budget.
 */
public final class InputFiles {
    /** File systems whose files are the kernel's views, not stored data. */
    private static final Set<String> KERNEL_FILE_SYSTEMS = Set.of("proc", "sysfs", "devtmpfs", "debugfs", "tracefs",
            "securityfs", "configfs", "cgroup", "cgroup2", "efivarfs", "pstore", "bpf", "fusectl");

    private InputFiles() {}

    /** The file's size, after checking that it is a regular file; {@code what} names it in messages ("model"). */
    public static long regular(Path file, String what) throws IOException {
        if (file.toString().isBlank()) {
            throw new IOException("the " + what + " file's path is empty");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such " + what + " file");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, not a " + what + " file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not a regular file (a device, FIFO or socket); a " + what + " must be a file");
        }
        refuseKernelFileSystem(file.toRealPath(), file);
        if (!Files.isReadable(file)) {
            throw new IOException(file + ": permission denied");
        }
        return Files.size(file);
    }

    /**
     * Refuses {@code existing} (a file, or the directory a new file goes in; nonexistent parts are
     * skipped upwards) when it lies in procfs, sysfs or another kernel file system; {@code named} is the
     * path the user gave.
     */
    public static void refuseKernelFileSystem(Path existing, Path named) throws IOException {
        Path p = existing.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return;
        }
        String type;
        try {
            type = Files.getFileStore(p).type();
        } catch (IOException unknown) {
            return; // a file store that does not say: the open itself reports what is wrong
        }
        if (KERNEL_FILE_SYSTEMS.contains(type)) {
            throw new IOException(named + ": lies in the kernel's " + type + " file system, whose files are not data; "
                    + "name a file on a disk");
        }
    }
}
