package io.dendrite.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by {@link Tensor}, the layers and their error messages. */
public final class Shapes {
    private Shapes() {
    }

    /** Formats a shape the way numpy prints it: {@code (2, 3)}, {@code (5,)}, {@code ()}. */
    public static String format(int... shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /** The shape of a batch of {@code n} samples of {@code sampleShape}: (n, d1, …, dk). */
    public static int[] batch(int n, int... sampleShape) {
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = n;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return shape;
    }

    /** Number of elements of a shape; throws on negative dimensions or int overflow. */
    public static int size(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + format(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + format(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** Row-major (C order) strides of a shape, in elements. */
    public static int[] rowMajorStrides(int... shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /**
     * The shape two operands broadcast to under numpy's rules (align on the right; a dimension of 1
     * stretches), or an error naming the operation and both shapes.
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da == db || db == 1) {
                out[i] = da;
            } else if (da == 1) {
                out[i] = db;
            } else {
                throw new IllegalArgumentException(op + ": shapes " + format(a) + " and " + format(b)
                        + " cannot be broadcast together (dimension " + i + ": " + da + " vs " + db + ")");
            }
        }
        return out;
    }

    /** Resolves a possibly negative axis against {@code ndim}, or names the operation and the shape. */
    public static int axis(String op, int axis, int[] shape) {
        int nd = shape.length;
        int a = axis < 0 ? axis + nd : axis;
        if (a < 0 || a >= nd) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + format(shape)
                    + " (valid: " + (-nd) + ".." + (nd - 1) + ")");
        }
        return a;
    }

    /** True when both shapes are equal. */
    public static boolean same(int[] a, int[] b) {
        return Arrays.equals(a, b);
    }

    /** Shape with one axis removed (keepDims false) or set to 1 (keepDims true). */
    static int[] reduce(int[] shape, int axis, boolean keepDims) {
        if (keepDims) {
            int[] out = shape.clone();
            out[axis] = 1;
            return out;
        }
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                out[j++] = shape[i];
            }
        }
        return out;
    }
}
