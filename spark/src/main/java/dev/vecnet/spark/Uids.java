package dev.vecnet.spark;

/**
 * The uid of a stage under construction. MLlib's shared params ({@code featuresCol}, ...) are made by
 * its Scala superclasses' constructors and record {@code uid()} as their parent; a Java subclass's
 * fields are not set yet then. A constructor therefore passes its uid through {@link #entering}, evaluated
 * before the superclass constructor runs, and its {@code uid()} answers {@link #current()} until its field is set.
 */
final class Uids {
    private static final ThreadLocal<String> CONSTRUCTING = new ThreadLocal<>();

    private Uids() {
    }

    /** Call in the argument list of {@code this(...)}: the uid {@code uid()} reports while the superclasses construct. */
    static String entering(String uid) {
        if (uid == null || uid.isEmpty()) {
            throw new IllegalArgumentException("a stage's uid must not be empty");
        }
        CONSTRUCTING.set(uid);
        return uid;
    }

    /** Call once the uid field is set. */
    static void entered() {
        CONSTRUCTING.remove();
    }

    static String current() {
        String uid = CONSTRUCTING.get();
        if (uid == null) {
            throw new IllegalStateException("a vecnet stage's uid asked for outside its construction");
        }
        return uid;
    }
}
