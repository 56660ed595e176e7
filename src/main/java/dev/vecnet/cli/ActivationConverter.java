package dev.vecnet.cli;

import dev.vecnet.kernel.Activation;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** --activation's value: sigmoid, relu or tanh (any case); the error lists them. */
final class ActivationConverter implements ITypeConverter<Activation> {
    @Override
    public Activation convert(String value) {
        try {
            return Activation.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("expected one of sigmoid, relu, tanh, got '" + value + "'");
        }
    }
}
