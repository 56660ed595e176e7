package dev.vecnet.jmh.rounds;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One engine of a paired case: a JMH benchmark method of this module called directly, outside JMH, on
 * its state objects (the benchmark class and the {@code @State} classes its method takes), their
 * {@code @Param} fields set from the case and their trial-level {@code @Setup} run once. Contestants of
 * one case share state objects of the same class and parameters, as one JMH trial would.
 */
final class Contestant {
    final String label;
    final boolean perCall;
    final int opsPerCall;
    /** The method bound to its states, its result dropped: called through a handle C2 cannot see into, no boxing. */
    private final MethodHandle call;

    private Contestant(String label, Method method, Object target, Object[] args) throws IllegalAccessException {
        this.label = label;
        MethodHandle h = MethodHandles.publicLookup().unreflect(method).bindTo(target);
        h = MethodHandles.insertArguments(h, 0, args);
        this.call = h.asType(MethodType.methodType(void.class));
        BenchmarkMode mode = method.getAnnotation(BenchmarkMode.class);
        this.perCall = mode != null && List.of(mode.value()).contains(org.openjdk.jmh.annotations.Mode.SampleTime);
        OperationsPerInvocation ops = method.getAnnotation(OperationsPerInvocation.class);
        this.opsPerCall = ops == null ? 1 : ops.value();
    }

    /** The contestant for {@code className.methodName} with these parameters; states come from (and go to) {@code states}. */
    static Contestant of(String label, String className, String methodName, Map<String, String> params,
                         Map<String, Object> states) throws ReflectiveOperationException {
        Class<?> c = Class.forName(className);
        Method m = BenchmarkMethods.find(c, methodName);
        Object target = state(c, params, states);
        Object[] args = new Object[m.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
            args[i] = state(m.getParameterTypes()[i], params, states);
        }
        return new Contestant(label, m, target, args);
    }

    private static Object state(Class<?> c, Map<String, String> params, Map<String, Object> states)
            throws ReflectiveOperationException {
        StringBuilder key = new StringBuilder(c.getName());
        for (String p : BenchmarkMethods.paramNames(c)) {
            key.append('|').append(p).append('=').append(params.get(p));
        }
        Object s = states.get(key.toString());
        if (s != null) {
            return s;
        }
        s = c.getDeclaredConstructor().newInstance();
        for (Field f : c.getFields()) {
            if (f.isAnnotationPresent(Param.class)) {
                String v = params.get(f.getName());
                if (v == null) {
                    throw new IllegalArgumentException(c.getSimpleName() + " needs the parameter " + f.getName());
                }
                f.set(s, f.getType() == int.class ? (Object) Integer.parseInt(v) : v);
            }
        }
        for (Method setup : c.getMethods()) {
            Setup a = setup.getAnnotation(Setup.class);
            if (a != null && a.value() == Level.Trial) {
                invoke(setup, s);
            }
        }
        states.put(key.toString(), s);
        return s;
    }

    /** Runs every state's trial-level {@code @TearDown}. */
    static void tearDown(Map<String, Object> states) {
        for (Object s : states.values()) {
            for (Method m : s.getClass().getMethods()) {
                TearDown a = m.getAnnotation(TearDown.class);
                if (a != null && a.value() == Level.Trial) {
                    try {
                        invoke(m, s);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        System.err.println("tear-down of " + s.getClass().getSimpleName() + ": " + e);
                    }
                }
            }
        }
    }

    /** One call of the benchmark method. */
    void call() throws Throwable {
        call.invokeExact();
    }

    private static Object invoke(Method m, Object target, Object... args) throws ReflectiveOperationException {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
