package dev.vecnet.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What a reader checks before it opens a file: that it exists and is a regular file (a directory, a
 * device such as /dev/zero or a FIFO would block or never end), and that its size fits a budget.
 */
public final class InputFiles {
    private InputFiles() {}

    /** The file's size, after checking that it is a regular file; {@code what} names it in messages ("model"). */
    public static long regular(Path file, String what) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such " + what + " file");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, not a " + what + " file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not a regular file (a device, FIFO or socket); a " + what + " must be a file");
        }
        if (!Files.isReadable(file)) {
            throw new IOException(file + ": permission denied");
        }
        return Files.size(file);
    }
}
