package dev.vecnet.jmh.rounds;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/** What the harness reads off a JMH benchmark method of this module: the method itself and the parameters it takes. */
public final class BenchmarkMethods {
    private BenchmarkMethods() {}

    /** The {@code @Benchmark} method {@code name} of {@code c}. */
    public static Method find(Class<?> c, String name) throws NoSuchMethodException {
        for (Method m : c.getMethods()) {
            if (m.getName().equals(name) && m.isAnnotationPresent(Benchmark.class)) {
                return m;
            }
        }
        throw new NoSuchMethodException(c.getName() + "." + name + " is not a benchmark");
    }

    /** The {@code @Param} fields of one state class, in declaration order. */
    public static List<String> paramNames(Class<?> state) {
        List<String> names = new ArrayList<>();
        for (Field f : state.getFields()) {
            if (f.isAnnotationPresent(Param.class)) {
                names.add(f.getName());
            }
        }
        return names;
    }

    /** The {@code @Param} names a benchmark method reads: its class's and those of the states it takes. */
    public static List<String> paramNames(Class<?> c, Method m) {
        List<String> names = new ArrayList<>(paramNames(c));
        for (Class<?> s : m.getParameterTypes()) {
            for (String n : paramNames(s)) {
                if (!names.contains(n)) {
                    names.add(n);
                }
            }
        }
        return names;
    }
}
