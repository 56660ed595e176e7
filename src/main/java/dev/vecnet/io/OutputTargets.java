package dev.vecnet.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before any work starts, that a file can be written where an option names it: the path is
 * not empty and not a directory or a device, its directory exists (or can be made) and takes new files.
 * A run then does not train for minutes and fail on its last line.
 */
public final class OutputTargets {
    private OutputTargets() {}

    /** Throws IllegalArgumentException naming {@code option}, the path and the reason when {@code target} cannot be written. */
    public static void check(String option, Path target) {
        String what = option + " " + target;
        if (target.toString().isBlank()) {
            throw new IllegalArgumentException(option + ": the path is empty");
        }
        Path abs = target.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(what + ": is a directory; name a file");
        }
        try {
            abs = AtomicFiles.destination(target);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + e.getMessage());
        }
        Path dir = abs.getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalArgumentException(what + ": no existing directory above it");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(what + ": " + dir + " is not a directory");
        }
        try {
            Path probe = Files.createTempFile(dir, ".vecnet-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot create files in " + dir + " (" + Reasons.of(e) + ")");
        }
    }
}
