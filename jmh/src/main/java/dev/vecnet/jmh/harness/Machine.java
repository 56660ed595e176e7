package dev.vecnet.jmh.harness;

import dev.vecnet.kernel.Kernels;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** The facts a figure needs beside it: CPU, its SIMD flags and caches, JDK and flags, kernels in use, commit, date. */
final class Machine {
    private Machine() {}

    static Map<String, String> facts(Path home) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("CPU", cpuinfo("model name"));
        f.put("SIMD flags", simdFlags());
        f.put("cores", Runtime.getRuntime().availableProcessors() + " available to the JVM");
        f.put("caches", caches());
        f.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        f.put("JVM flags (harness)", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        List<String> forks = new ArrayList<>(PairedRuns.FORK_FLAGS);
        forks.addAll(PairedRuns.extraFlags());
        f.put("JVM flags (benchmark forks)", String.join(" ", forks));
        f.put("vecnet kernels", dev.vecnet.runtime.KernelRuntime.describe());
        if (Kernels.panamaUnavailableReason() == null) {
            f.put("GEMM plan", PairedRuns.extraFlags().isEmpty()
                    ? dev.vecnet.runtime.Plans.current().describe() + " (" + dev.vecnet.runtime.Plans.origin() + ")"
                    : "the AVX2 forks' own: VECNET_OPTS=-XX:UseAVX=2 ./vecnet info shows it");
        }
        f.put("ISA measured", PairedRuns.extraFlags().isEmpty() ? "the CPU's own (widest vectors the JVM offers)"
                : "AVX2 on this CPU: " + String.join(" ", PairedRuns.extraFlags())
                + " in every JVM, OpenBLAS and numpy on their Haswell (AVX2) kernel");
        f.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        f.put("commit", commit(home));
        String unset = System.getProperty("vecnet.bench.unset", "");
        List<String> kept = new ArrayList<>();
        for (String v : List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")) {
            if (System.getenv(v) != null) {
                kept.add(v + "=" + System.getenv(v));
            }
        }
        f.put("environment", !kept.isEmpty() ? String.join(" ", kept) + " in effect (it forces OpenBLAS's kernel)"
                : unset.isBlank() ? "no OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE set" : "unset for this run: " + unset);
        return f;
    }

    /** The CPU's flags from /proc/cpuinfo, space-separated, with a space at each end (for " avx2 " lookups). */
    static String cpuFlags() {
        return " " + cpuinfo("flags").strip() + " ";
    }

    private static String cpuinfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    /** The vector extensions among the CPU's flags (avx, avx2, fma, avx512*, amx*). */
    private static String simdFlags() {
        TreeSet<String> simd = new TreeSet<>();
        for (String flag : cpuinfo("flags").split("\\s+")) {
            if (flag.startsWith("avx") || flag.equals("fma") || flag.startsWith("amx") || flag.equals("sse4_2")) {
                simd.add(flag);
            }
        }
        return simd.isEmpty() ? "?" : String.join(" ", simd);
    }

    /** L1d, L1i, L2, L3 of cpu0 from /sys. */
    private static String caches() {
        List<String> out = new ArrayList<>();
        Path base = Path.of("/sys/devices/system/cpu/cpu0/cache");
        for (int i = 0; i < 8; i++) {
            Path idx = base.resolve("index" + i);
            if (!Files.isDirectory(idx)) {
                break;
            }
            try {
                String level = Files.readString(idx.resolve("level")).trim();
                String type = Files.readString(idx.resolve("type")).trim();
                String size = Files.readString(idx.resolve("size")).trim();
                String t = type.equals("Data") ? "d" : type.equals("Instruction") ? "i" : "";
                out.add("L" + level + t + " " + size);
            } catch (IOException e) {
                // a cache without those files
            }
        }
        return out.isEmpty() ? getconfCaches() : String.join(", ", out) + " (/sys)";
    }

    /** Where /sys has no cache entries (some VMs), glibc's view of CPUID through getconf. */
    private static String getconfCaches() {
        List<String> out = new ArrayList<>();
        String text = run("getconf", "-a");
        for (String[] c : new String[][] {{"LEVEL1_DCACHE_SIZE", "L1d"}, {"LEVEL1_ICACHE_SIZE", "L1i"},
            {"LEVEL2_CACHE_SIZE", "L2"}, {"LEVEL3_CACHE_SIZE", "L3"}}) {
            for (String line : text.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2 && f[0].equals(c[0]) && !f[1].equals("0")) {
                    out.add(c[1] + " " + Long.parseLong(f[1]) / 1024 + "K");
                }
            }
        }
        return out.isEmpty() ? "?" : String.join(", ", out) + " (getconf; no /sys cache entries)";
    }

    private static String commit(Path home) {
        String given = System.getProperty("vecnet.commit");
        return given != null && !given.isBlank() ? given : run("git", "-C", home.toString(), "describe", "--always", "--dirty");
    }

    /** A command's output, or "?" when it cannot be run. */
    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "?";
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
