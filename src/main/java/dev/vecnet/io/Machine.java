package dev.vecnet.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the machine, read in one place: the CPU's model name, its caches. */
public final class Machine {
    private static volatile Caches caches;

    private Machine() {}

    /**
     * A core's caches: L1 data and L2 bytes, and its share of L3 (its size over the CPUs that share it),
     * each 0 where the system does not say (some VMs have no cache entries in /sys).
     */
    public record Caches(long l1d, long l2, long l3PerCore) {}

    /** This machine's caches, from /sys/devices/system/cpu/cpu0/cache (read once). */
    public static Caches caches() {
        Caches c = caches;
        if (c == null) {
            c = readCaches(Path.of("/sys/devices/system/cpu/cpu0/cache"));
            caches = c;
        }
        return c;
    }

    static Caches readCaches(Path dir) {
        long l1d = 0, l2 = 0, l3 = 0;
        for (int i = 0; i < 8; i++) {
            Path index = dir.resolve("index" + i);
            try {
                String type = Files.readString(index.resolve("type")).trim();
                int level = Integer.parseInt(Files.readString(index.resolve("level")).trim());
                long size = bytes(Files.readString(index.resolve("size")).trim());
                if (level == 1 && type.equals("Data")) {
                    l1d = size;
                } else if (level == 2 && !type.equals("Instruction")) {
                    l2 = size;
                } else if (level == 3) {
                    l3 = size / Math.max(1, cpus(Files.readString(index.resolve("shared_cpu_list")).trim()));
                }
            } catch (IOException | RuntimeException absent) {
                // no such level, or not Linux: unknown
            }
        }
        return new Caches(l1d, l2, l3);
    }

    /** "48K", "2048K", "32M" as bytes. */
    static long bytes(String size) {
        char unit = Character.toUpperCase(size.charAt(size.length() - 1));
        long scale = unit == 'K' ? 1L << 10 : unit == 'M' ? 1L << 20 : unit == 'G' ? 1L << 30 : 1;
        return Long.parseLong(Character.isDigit(unit) ? size : size.substring(0, size.length() - 1)) * scale;
    }

    /** How many CPUs a list such as "0-3,8-11" names. */
    static int cpus(String list) {
        int n = 0;
        for (String part : list.split(",")) {
            String[] range = part.trim().split("-");
            n += range.length == 2 ? Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1 : 1;
        }
        return n;
    }

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
