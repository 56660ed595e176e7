package dev.vecnet.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where vecnet keeps what it fetches or measures once per machine: $VECNET_CACHE, else ~/.cache/vecnet. */
public final class CacheDirectory {
    private CacheDirectory() {}

    public static Path path() {
        String env = System.getenv("VECNET_CACHE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "vecnet");
    }

    /**
     * The directory {@code dir} (under the cache, or any other), made if missing; an IOException that
     * names it, where it comes from and the reason when it cannot be made or lies in procfs or sysfs.
     */
    public static Path made(Path dir) throws IOException {
        String env = System.getenv("VECNET_CACHE");
        String from = env != null && !env.isBlank() && dir.startsWith(Path.of(env)) ? " (VECNET_CACHE=" + env + ")" : "";
        try {
            InputFiles.refuseKernelFileSystem(dir, dir);
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                throw new java.nio.file.AccessDeniedException(dir.toString());
            }
            return dir;
        } catch (IOException e) {
            throw new IOException("cannot use the directory " + dir + from + ": " + Reasons.of(e), e);
        }
    }
}
