package dev.vecnet.spark;

import java.util.function.Supplier;

/**
 * The uid of a stage under construction. MLlib's shared params ({@code featuresCol}, ...) are made by
 * its Scala superclasses' constructors and record {@code uid()} as their parent; a Java subclass's
 * fields are not yet set then, so its {@code uid()} answers from here while its constructor runs.
 */
final class Uids {
    private static final ThreadLocal<String> CONSTRUCTING = new ThreadLocal<>();

    private Uids() {
    }

    static <T> T constructing(String uid, Supplier<T> constructor) {
        String outer = CONSTRUCTING.get();
        CONSTRUCTING.set(uid);
        try {
            return constructor.get();
        } finally {
            CONSTRUCTING.set(outer);
        }
    }

    static String current() {
        String uid = CONSTRUCTING.get();
        if (uid == null) {
            throw new IllegalStateException("a vecnet stage's uid asked for outside its construction");
        }
        return uid;
    }
}
