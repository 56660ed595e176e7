package dev.vecnet.spark;

import java.io.Serializable;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A features column as a model reads it: an ML {@code Vector} (dense or sparse), {@code array<float>}
 * or {@code array<double>}. Copies one row's values into a batch buffer, refusing what would give a
 * wrong answer: a null, a length other than the model's inputs, a value that is not finite (or, for the
 * float32 path, not finite once rounded to float32).
 */
final class FeatureColumn implements Serializable {
    private static final long serialVersionUID = 1L;

    enum Kind { VECTOR, FLOATS, DOUBLES }

    private final String name;
    private final int index;
    private final Kind kind;
    private final int size;
    /** Whether the array column's type allows null elements (a Vector's values never are null). */
    private final boolean nullableElements;
    /** A row's doubles on their way to float32 (each task has its own copy of this object). */
    private transient double[] scratch;

    private FeatureColumn(String name, int index, Kind kind, int size, boolean nullableElements) {
        this.name = name;
        this.index = index;
        this.kind = kind;
        this.size = size;
        this.nullableElements = nullableElements;
    }

    /** The column {@code name} of {@code schema}, for a model of {@code size} inputs; refused by name when its type is not one of the three. */
    static FeatureColumn of(StructType schema, String name, int size) {
        int index = fieldIndex(schema, name);
        boolean nullable = schema.apply(index).dataType() instanceof ArrayType a && a.containsNull();
        return new FeatureColumn(name, index, kind(schema, name), size, nullable);
    }

    static Kind kind(StructType schema, String name) {
        DataType t = schema.apply(fieldIndex(schema, name)).dataType();
        if (t instanceof VectorUDT) {
            return Kind.VECTOR;
        }
        if (t instanceof ArrayType a && a.elementType().equals(DataTypes.FloatType)) {
            return Kind.FLOATS;
        }
        if (t instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
            return Kind.DOUBLES;
        }
        throw new IllegalArgumentException("featuresCol '" + name + "' is of type " + t.simpleString()
                + "; vecnet reads an ML Vector, array<float> or array<double>");
    }

    private static int fieldIndex(StructType schema, String name) {
        for (int i = 0; i < schema.fields().length; i++) {
            if (schema.fields()[i].name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("featuresCol '" + name + "' is not a column of " + schema.simpleString());
    }

    String name() {
        return name;
    }

    /**
     * Why this row cannot be used, or null when it can: its values are then in {@code out} from {@code at}
     * (float32, or float64 when {@code out} is a double[]). Read on Spark's internal row: no Row or Vector
     * object is made.
     */
    String copy(InternalRow row, Object out, int at) {
        if (row.isNullAt(index)) {
            return "is null";
        }
        float[] f = out instanceof float[] a ? a : null;
        double[] d = f == null ? (double[]) out : null;
        if (kind == Kind.VECTOR) {
            InternalRow v = row.getStruct(index, 4); // VectorUDT: type (0 sparse, 1 dense), size, indices, values
            ArrayData values = v.getArray(3);
            if (v.getByte(0) == 1) {
                if (values.numElements() != size) {
                    return "is a vector of " + values.numElements() + " values; the model takes " + size;
                }
                return dense(values, f, d, at);
            }
            if (v.getInt(1) != size) {
                return "is a vector of " + v.getInt(1) + " values; the model takes " + size;
            }
            if (f != null) {
                java.util.Arrays.fill(f, at, at + size, 0f);
            } else {
                java.util.Arrays.fill(d, at, at + size, 0d);
            }
            ArrayData indices = v.getArray(2);
            for (int j = 0; j < indices.numElements(); j++) {
                int i = indices.getInt(j);
                String bad = put(f, d, at + i, values.getDouble(j), i);
                if (bad != null) {
                    return bad;
                }
            }
            return null;
        }
        ArrayData values = row.getArray(index);
        if (values.numElements() != size) {
            return "is an array of " + values.numElements() + " values; the model takes " + size;
        }
        if (kind == Kind.DOUBLES && !nullableElements) {
            return dense(values, f, d, at);
        }
        for (int i = 0; i < size; i++) {
            if (values.isNullAt(i)) {
                return "has a null at [" + i + "]";
            }
            String bad = put(f, d, at + i, kind == Kind.FLOATS ? values.getFloat(i) : values.getDouble(i), i);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    /**
     * A dense run of doubles into the batch: one block copy out of Spark's array, then a conversion with
     * a branch-free finiteness check; the element-wise path finds the culprit for the message.
     */
    private String dense(ArrayData values, float[] f, double[] d, int at) {
        double[] src = d != null ? d : scratch();
        int from = d != null ? at : 0;
        if (values instanceof UnsafeArrayData u) {
            Platform.copyMemory(u.getBaseObject(), u.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(size),
                    src, Platform.DOUBLE_ARRAY_OFFSET + 8L * from, 8L * size);
        } else {
            for (int i = 0; i < size; i++) {
                src[from + i] = values.getDouble(i);
            }
        }
        // the check ORs one bit per value (its exponent all ones: infinite or NaN), which C2 vectorizes
        int flags = 0;
        if (f != null) {
            for (int i = 0; i < size; i++) {
                float x = (float) src[i];
                f[at + i] = x;
                flags |= ((Float.floatToRawIntBits(x) & 0x7f800000) + 0x00800000) >>> 31;
            }
        } else {
            for (int i = 0; i < size; i++) {
                flags |= (int) (((Double.doubleToRawLongBits(d[at + i]) & 0x7ff0000000000000L) + 0x0010000000000000L) >>> 63);
            }
        }
        if (flags == 0) {
            return null;
        }
        for (int i = 0; i < size; i++) {
            String bad = put(f, d, at + i, src[from + i], i);
            if (bad != null) {
                return bad;
            }
        }
        throw new AssertionError("a value flagged not finite that is");
    }

    private double[] scratch() {
        if (scratch == null) {
            scratch = new double[size];
        }
        return scratch;
    }

    private static String put(float[] f, double[] d, int at, double value, int i) {
        if (f != null) {
            float v = (float) value;
            if (!Float.isFinite(v)) {
                return "has " + value + " at [" + i + "]" + (Double.isFinite(value) ? " (infinite as float32)" : "")
                        + "; a model's inputs must be finite";
            }
            f[at] = v;
        } else {
            if (!Double.isFinite(value)) {
                return "has " + value + " at [" + i + "]; a model's inputs must be finite";
            }
            d[at] = value;
        }
        return null;
    }
}
