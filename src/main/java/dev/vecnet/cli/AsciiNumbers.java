package dev.vecnet.cli;

import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Numbers on the command line in ASCII digits only. Java's own parsers take any script's digits
 * ({@code ٣}, {@code １０}) and {@code Double.parseDouble} takes "NaN", hex and a trailing 'd':
 * an option that looks like nothing a user meant is refused, not read as a number.
 */
final class AsciiNumbers {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private AsciiNumbers() {}

    static CommandLine register(CommandLine cmd) {
        CommandLine.ITypeConverter<Integer> i = AsciiNumbers::integer;
        CommandLine.ITypeConverter<Long> l = AsciiNumbers::longInteger;
        CommandLine.ITypeConverter<Double> d = AsciiNumbers::decimal;
        return cmd.registerConverter(Integer.class, i).registerConverter(Integer.TYPE, i)
                .registerConverter(Long.class, l).registerConverter(Long.TYPE, l)
                .registerConverter(Double.class, d).registerConverter(Double.TYPE, d);
    }

    static int integer(String s) {
        long v = longInteger(s);
        if (v != (int) v) {
            throw new CommandLine.TypeConversionException("'" + s + "' is beyond " + Integer.MIN_VALUE + ".." + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    static long longInteger(String s) {
        if (!INTEGER.matcher(s).matches()) {
            throw new CommandLine.TypeConversionException("'" + printable(s) + "' is not a whole number in ASCII digits");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + s + "' is beyond the range of a 64-bit integer");
        }
    }

    static double decimal(String s) {
        if (!DECIMAL.matcher(s).matches()) {
            throw new CommandLine.TypeConversionException("'" + printable(s) + "' is not a decimal number in ASCII (e.g. 0.1, 1e-3)");
        }
        return Double.parseDouble(s);
    }

    private static String printable(String s) {
        String q = dev.vecnet.io.Quoted.of(s);
        return q.substring(1, q.lastIndexOf('\''));
    }
}
