package dev.vecnet.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the machine, read in one place: the CPU's model name. */
public final class Machine {
    private Machine() {}

    /** The CPU's model name (/proc/cpuinfo), or the architecture and CPU count where there is none. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture is what there is
        }
        return System.getProperty("os.arch") + " (" + Runtime.getRuntime().availableProcessors() + " cpus)";
    }
}
