package dev.vecnet.io;

import java.util.Collection;

/**
 * Text that came from a file (a node's name, an op type, an archive entry), made safe to print in a
 * message: in single quotes, control and format characters escaped ({@code \n}, {@code \x1b},
 * {@code \u202e}), cut to {@value #MAX_CHARS} characters. A name cannot then forge a line, move the
 * cursor, ring the terminal or make a message megabytes long. {@link #line} does the same for a whole
 * message on its way to the terminal.
 */
public final class Quoted {
    static final int MAX_CHARS = 80, MAX_ITEMS = 5, MAX_LINE = 2000;

    private Quoted() {}

    /** 'text', escaped and cut. */
    public static String of(String text) {
        return escape(text, MAX_CHARS, true);
    }

    /** Up to {@value #MAX_ITEMS} texts, each quoted, and how many more there are. */
    public static String list(Collection<String> texts) {
        StringBuilder s = new StringBuilder("[");
        int i = 0;
        for (String t : texts) {
            if (i == MAX_ITEMS) {
                s.append(", … ").append(texts.size() - MAX_ITEMS).append(" more");
                break;
            }
            s.append(i++ == 0 ? "" : ", ").append(of(t));
        }
        return s.append(']').toString();
    }

    /** A whole message made safe for a terminal: control characters escaped, cut to {@value #MAX_LINE} characters. */
    public static String line(String text) {
        return escape(text, MAX_LINE, false);
    }

    private static String escape(String text, int max, boolean quoted) {
        StringBuilder s = new StringBuilder(Math.min(text.length(), max) + 8);
        if (quoted) {
            s.append('\'');
        }
        int shown = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i)), shown++) {
            if (shown == max) {
                return s.append(quoted ? "'" : "").append("… (").append(text.length()).append(" characters)").toString();
            }
            int c = text.codePointAt(i);
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '\'' -> s.append(quoted ? "\\'" : "'");
                case '\\' -> s.append(quoted ? "\\\\" : "\\");
                default -> {
                    int type = Character.getType(c);
                    if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
                            || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                        s.append(c <= 0xff ? String.format("\\x%02x", c) : String.format("\\u%04x", c));
                    } else {
                        s.appendCodePoint(c);
                    }
                }
            }
        }
        return s.append(quoted ? "'" : "").toString();
    }
}
