package dev.vecnet.io;

import java.nio.file.Path;

/** Where vecnet keeps what it fetches or measures once per machine: $VECNET_CACHE, else ~/.cache/vecnet. */
public final class CacheDirectory {
    private CacheDirectory() {}

    public static Path path() {
        String env = System.getenv("VECNET_CACHE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "vecnet");
    }
}
