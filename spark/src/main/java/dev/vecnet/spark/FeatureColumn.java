package dev.vecnet.spark;

import java.io.Serializable;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
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

    private FeatureColumn(String name, int index, Kind kind, int size) {
        this.name = name;
        this.index = index;
        this.kind = kind;
        this.size = size;
    }

    /** The column {@code name} of {@code schema}, for a model of {@code size} inputs; refused by name when its type is not one of the three. */
    static FeatureColumn of(StructType schema, String name, int size) {
        return new FeatureColumn(name, fieldIndex(schema, name), kind(schema, name), size);
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
                for (int i = 0; i < size; i++) {
                    String bad = put(f, d, at + i, values.getDouble(i), i);
                    if (bad != null) {
                        return bad;
                    }
                }
                return null;
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
