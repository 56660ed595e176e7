package dev.vecnet.infer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NumPy's .npy format (numpy.lib.format): "\x93NUMPY", version, header length, then a Python dict
 * literal {'descr': ..., 'fortran_order': ..., 'shape': (...), } padded with spaces to a multiple of
 * 64 bytes and ended by '\n', then the raw data. vecnet reads numbers stored as little-endian float32
 * or float64 in C order, and strings stored as '<U' (what np.savez makes of a Python str) or '|S'.
 * Anything else is rejected by name, never guessed at.
 */
final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;

    /** A decoded array: numbers (as doubles, exact for both float widths) or a string. */
    record Array(String descr, int[] shape, double[] numbers, String text) {
        boolean isF64() {
            return descr.equals("<f8");
        }

        String shapeText() {
            return tuple(shape);
        }
    }

    private Npy() {}

    static byte[] encode(double[] data, int[] shape, boolean f64) {
        int width = f64 ? 8 : 4;
        byte[] header = header(f64 ? "<f8" : "<f4", shape);
        ByteBuffer b = ByteBuffer.allocate(header.length + data.length * width).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        for (double v : data) {
            if (f64) {
                b.putDouble(v);
            } else {
                b.putFloat((float) v);
            }
        }
        return b.array();
    }

    /** A 0-d '<U' array, what {@code np.asarray("sigmoid")} is. */
    static byte[] encode(String text) {
        int n = text.codePointCount(0, text.length());
        byte[] header = header("<U" + n, new int[0]);
        ByteBuffer b = ByteBuffer.allocate(header.length + 4 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        text.codePoints().forEach(b::putInt);
        return b.array();
    }

    private static byte[] header(String descr, int[] shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple(shape) + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padded = (unpadded + ALIGN - 1) / ALIGN * ALIGN;
        String text = dict + " ".repeat(padded - unpadded) + "\n";
        ByteBuffer b = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        b.put(text.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    private static String tuple(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(")").toString();
    }

    /** A parsed .npy header: dtype, shape, where the data starts, bytes per element, string or numbers. */
    record Header(String descr, int[] shape, int dataStart, long count, int width, boolean text) {
        long dataBytes() {
            return count * width;
        }
    }

    /**
     * The header of one .npy, from its first bytes (the whole file, or a prefix holding at least the
     * header): so an array's shape and size are known before its data is read.
     */
    static Header header(byte[] bytes, String name) throws IOException {
        if (bytes.length < MAGIC.length + 4 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException(name + ": not a .npy array (no \\x93NUMPY magic)");
        }
        int major = bytes[6] & 0xff;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int start;
        if (major == 1) {
            headerLen = b.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new IOException(name + ": truncated .npy header");
            }
            headerLen = b.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new IOException(name + ": .npy format version " + major + "." + (bytes[7] & 0xff)
                    + ", vecnet reads 1.x to 3.x");
        }
        if (start + headerLen > bytes.length) {
            throw new IOException(name + ": the .npy header claims " + headerLen + " bytes, the file has "
                    + (bytes.length - start) + " after the preamble (truncated, or a header larger than vecnet reads)");
        }
        String header = new String(bytes, start, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        HeaderDict dict = HeaderDict.parse(header, name);
        int dataStart = (int) (start + headerLen);
        long count = 1;
        for (int d : dict.shape) {
            count *= d;
            if (count > Integer.MAX_VALUE) {
                throw new IOException(name + ": shape " + tuple(dict.shape) + " is too large");
            }
        }
        if (dict.fortranOrder && dict.shape.length > 1) {
            throw new IOException(name + ": array is in Fortran order; vecnet reads C order (save np.ascontiguousarray(a))");
        }
        String d = dict.descr;
        int width;
        boolean text;
        if (d.equals("<f4") || d.equals("<f8")) {
            width = d.charAt(2) - '0';
            text = false;
        } else if (d.matches("[<|]U\\d{1,6}")) {
            width = 4 * Integer.parseInt(d.substring(2));
            text = true;
        } else if (d.matches("[|]S\\d{1,6}")) {
            width = Integer.parseInt(d.substring(2));
            text = true;
        } else if (d.equals(">f4") || d.equals(">f8")) {
            throw new IOException(name + ": dtype " + d + " is big-endian; vecnet reads little-endian <f4 or <f8 (a.astype('<f4'))");
        } else {
            throw new IOException(name + ": dtype " + d + "; vecnet reads float32 '<f4' or float64 '<f8' (a.astype(np.float32))");
        }
        return new Header(d, dict.shape, dataStart, count, width, text);
    }

    /** Decodes one .npy; {@code name} prefixes every error message. */
    static Array decode(byte[] bytes, String name) throws IOException {
        Header h = header(bytes, name);
        String d = h.descr();
        int dataStart = h.dataStart(), width = h.width();
        long count = h.count();
        boolean text = h.text();
        long expected = h.dataBytes();
        if (bytes.length - dataStart != expected) {
            throw new IOException(name + ": shape " + tuple(h.shape()) + " of " + d + " needs " + expected
                    + " data bytes, the array holds " + (bytes.length - dataStart)
                    + (bytes.length - dataStart < expected ? " (truncated)" : ""));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position(dataStart);
        if (text) {
            if (count != 1) {
                throw new IOException(name + ": expected one string, got shape " + tuple(h.shape()));
            }
            return new Array(d, h.shape(), null, string(b, d.charAt(1) == 'U', width, name));
        }
        double[] v = new double[(int) count];
        if (width == 8) {
            b.asDoubleBuffer().get(v);
        } else { // bulk read, then widen: no ByteBuffer call per value on a cold JVM
            float[] f = new float[v.length];
            b.asFloatBuffer().get(f);
            for (int i = 0; i < v.length; i++) {
                v[i] = f[i];
            }
        }
        return new Array(d, h.shape(), v, null);
    }

    private static String string(ByteBuffer b, boolean unicode, int width, String name) throws IOException {
        StringBuilder s = new StringBuilder();
        if (unicode) {
            for (int i = 0; i < width / 4; i++) {
                int cp = b.getInt();
                if (cp == 0) {
                    break;
                }
                if (!Character.isValidCodePoint(cp)) {
                    throw new IOException(name + ": invalid code point 0x" + Integer.toHexString(cp) + " in a '<U' string");
                }
                s.appendCodePoint(cp);
            }
        } else {
            for (int i = 0; i < width; i++) {
                byte c = b.get();
                if (c == 0) {
                    break;
                }
                s.append((char) (c & 0xff));
            }
        }
        return s.toString();
    }

    /** The header's dict literal: exactly the keys descr, fortran_order and shape, in any order. */
    private static final class HeaderDict {
        String descr;
        Boolean fortranOrder;
        int[] shape;
        private final String text, name;
        private int pos;

        private HeaderDict(String text, String name) {
            this.text = text;
            this.name = name;
        }

        static HeaderDict parse(String text, String name) throws IOException {
            HeaderDict h = new HeaderDict(text, name);
            h.expect('{');
            while (!h.peek('}')) {
                String key = h.string();
                h.expect(':');
                switch (key) {
                    case "descr" -> h.descr = h.string();
                    case "fortran_order" -> h.fortranOrder = h.bool();
                    case "shape" -> h.shape = h.shape();
                    default -> throw h.error("unexpected key '" + key + "'");
                }
                if (!h.peek('}')) {
                    h.expect(',');
                }
            }
            h.expect('}');
            h.skipSpace();
            if (h.pos != text.length()) {
                throw h.error("text after the dict");
            }
            if (h.descr == null || h.fortranOrder == null || h.shape == null) {
                throw h.error("the header needs 'descr', 'fortran_order' and 'shape'");
            }
            return h;
        }

        private int[] shape() throws IOException {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            while (!peek(')')) {
                skipSpace();
                int from = pos;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
                if (from == pos || pos - from > 10) {
                    throw error("a shape holds non-negative integers");
                }
                long d = Long.parseLong(text.substring(from, pos));
                if (d > Integer.MAX_VALUE) {
                    throw error("dimension " + d + " is too large");
                }
                dims.add((int) d);
                if (!peek(')')) {
                    expect(',');
                }
            }
            expect(')');
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private boolean bool() throws IOException {
            skipSpace();
            if (text.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw error("expected True or False");
        }

        private String string() throws IOException {
            skipSpace();
            if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
                throw error("expected a quoted string");
            }
            char quote = text.charAt(pos++);
            int end = text.indexOf(quote, pos);
            if (end < 0) {
                throw error("unterminated string");
            }
            String s = text.substring(pos, end);
            pos = end + 1;
            return s;
        }

        private boolean peek(char c) {
            skipSpace();
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void expect(char c) throws IOException {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IOException error(String what) {
            return new IOException(name + ": bad .npy header at character " + pos + ": " + what
                    + " (header: " + abbreviated(text.strip()) + ")");
        }

        private static String abbreviated(String s) {
            return s.length() <= 160 ? s : s.substring(0, 160) + "...";
        }
    }
}
