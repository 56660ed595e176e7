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
    /**
     * The method bound to its states, returning its result as bits: a primitive result (the FMA probe's)
     * must reach {@link #consume}, or C2, once it inlines the call, drops the work that made it; no boxing.
     * A reference result is kept in {@link #lastResult}.
     */
    private final MethodHandle call;
    private Object lastResult;
    /** Where every slice's results end, so that none of their work is dead. */
    private static volatile long sink;

    private Contestant(String label, Method method, Object target, Object[] args) throws ReflectiveOperationException {
        this.label = label;
        MethodHandle h = MethodHandles.publicLookup().unreflect(method).bindTo(target);
        h = MethodHandles.insertArguments(h, 0, args);
        Class<?> r = method.getReturnType();
        if (r == double.class || r == float.class || r == int.class || r == long.class) {
            h = MethodHandles.filterReturnValue(h.asType(MethodType.methodType(double.class)), MethodHandles.lookup()
                    .findStatic(Double.class, "doubleToRawLongBits", MethodType.methodType(long.class, double.class)));
        } else if (r != void.class) {
            h = MethodHandles.filterReturnValue(h.asType(MethodType.methodType(Object.class)), MethodHandles.lookup()
                    .findVirtual(Contestant.class, "keep", MethodType.methodType(long.class, Object.class)).bindTo(this));
        } else {
            h = MethodHandles.filterReturnValue(h, MethodHandles.constant(long.class, 0L));
        }
        this.call = h;
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

    /** One call of the benchmark method; its result as bits, for the caller to fold into what it {@link #consume}s. */
    long call() throws Throwable {
        return (long) call.invokeExact();
    }

    private long keep(Object result) {
        lastResult = result;
        return 0;
    }

    /** Publishes a slice's folded results. */
    static void consume(long bits) {
        sink = bits;
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
