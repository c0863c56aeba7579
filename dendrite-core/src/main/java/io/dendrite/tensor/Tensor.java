package io.dendrite.tensor;

import io.dendrite.tensor.kernel.Gemm;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * An n-dimensional array of F32 or F64 values: row-major storage with a shape, strides and an offset.
 *
 * <p>Views share storage: {@link #reshape} (of a contiguous tensor), {@link #transpose}, {@link #permute},
 * {@link #slice(int, int)} and {@link #expand}. Everything else returns a new, contiguous tensor, except the
 * in-place methods whose names end in {@code i} ({@code addi}, {@code muli}, …), {@link #fill},
 * {@link #assign} and {@link #set}, which write into this tensor (and therefore into what it views).
 *
 * <p>Elementwise operations follow numpy's broadcasting rules; mixing F32 and F64 gives F64. F32 arithmetic
 * is carried out in double and rounded once, which for +, −, ×, ÷ and √ gives exactly the IEEE float result.
 * Reductions accumulate in double and in a fixed order, so they are reproducible.
 *
 * <p>Every shape error names the operation and both shapes, e.g.
 * {@code add: shapes (2, 3) and (4,) cannot be broadcast together (dimension 1: 3 vs 4)}.
 */
public final class Tensor {
    private final DType dtype;
    private final float[] f;
    private final double[] d;
    private final int offset;
    private final int[] shape;
    private final int[] strides;
    private final int size;
    private final boolean contiguous;

    private Tensor(DType dtype, float[] f, double[] d, int offset, int[] shape, int[] strides) {
        this.dtype = dtype;
        this.f = f;
        this.d = d;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
        this.size = Shapes.size(shape);
        this.contiguous = Arrays.equals(strides, Shapes.rowMajorStrides(shape)) || size <= 1;
    }

    private static Tensor dense(DType dtype, int... shape) {
        int n = Shapes.size(shape);
        return dtype == DType.F32
                ? new Tensor(DType.F32, new float[n], null, 0, shape.clone(), Shapes.rowMajorStrides(shape))
                : new Tensor(DType.F64, null, new double[n], 0, shape.clone(), Shapes.rowMajorStrides(shape));
    }

    // ---------------------------------------------------------------- factories

    /** Wraps {@code values} (not copied) as an F64 tensor of the given shape. */
    public static Tensor of(double[] values, int... shape) {
        checkLength("of", values.length, shape);
        return new Tensor(DType.F64, null, values, 0, shape.clone(), Shapes.rowMajorStrides(shape));
    }

    /** Wraps {@code values} (not copied) as an F32 tensor of the given shape. */
    public static Tensor of(float[] values, int... shape) {
        checkLength("of", values.length, shape);
        return new Tensor(DType.F32, values, null, 0, shape.clone(), Shapes.rowMajorStrides(shape));
    }

    /** A 1-D F64 tensor holding {@code values} (copied). */
    public static Tensor vector(double... values) {
        return of(values.clone(), values.length);
    }

    private static void checkLength(String op, int length, int[] shape) {
        int n = Shapes.size(shape);
        if (n != length) {
            throw new IllegalArgumentException(op + ": " + length + " values cannot fill shape "
                    + Shapes.format(shape) + " (" + n + " elements)");
        }
    }

    /** A zero-dimensional F64 tensor. */
    public static Tensor scalar(double value) {
        return of(new double[]{value});
    }

    public static Tensor zeros(DType dtype, int... shape) {
        return dense(dtype, shape);
    }

    public static Tensor ones(DType dtype, int... shape) {
        return full(dtype, 1.0, shape);
    }

    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = dense(dtype, shape);
        t.fill(value);
        return t;
    }

    /** A zero tensor with the dtype and shape of {@code like}. */
    public static Tensor zerosLike(Tensor like) {
        return dense(like.dtype, like.shape);
    }

    /** {@code num} evenly spaced F64 values from {@code start} to {@code stop} inclusive, as numpy's linspace. */
    public static Tensor linspace(double start, double stop, int num) {
        if (num < 0) {
            throw new IllegalArgumentException("linspace: num must be non-negative, got " + num);
        }
        double[] v = new double[num];
        double step = num > 1 ? (stop - start) / (num - 1) : 0;
        for (int i = 0; i < num; i++) {
            v[i] = start + i * step;
        }
        if (num > 1) {
            v[num - 1] = stop;
        }
        return of(v, num);
    }

    /** F64 values {@code start, start+step, …} below {@code stop}, as numpy's arange. */
    public static Tensor arange(double start, double stop, double step) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        }
        int n = (int) Math.max(0, Math.ceil((stop - start) / step));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i * step;
        }
        return of(v, n);
    }

    /** F64 values 0, 1, …, n-1. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** Standard normal samples drawn from {@code rng} in row-major order. */
    public static Tensor randn(Rng rng, DType dtype, int... shape) {
        Tensor t = dense(dtype, shape);
        for (int i = 0; i < t.size; i++) {
            t.setFlat(i, rng.nextGaussian());
        }
        return t;
    }

    /** Uniform samples in [0, 1) drawn from {@code rng} in row-major order. */
    public static Tensor rand(Rng rng, DType dtype, int... shape) {
        Tensor t = dense(dtype, shape);
        for (int i = 0; i < t.size; i++) {
            t.setFlat(i, rng.nextDouble());
        }
        return t;
    }

    // ---------------------------------------------------------------- shape and storage

    public int[] shape() {
        return shape.clone();
    }

    /** Size of one axis; negative axes count from the end. */
    public int shape(int axis) {
        return shape[Shapes.axis("shape", axis, shape)];
    }

    public int ndim() {
        return shape.length;
    }

    public DType dtype() {
        return dtype;
    }

    public int size() {
        return size;
    }

    /** Strides in elements (a copy). */
    public int[] strides() {
        return strides.clone();
    }

    public boolean isContiguous() {
        return contiguous;
    }

    /** This tensor when it is already contiguous, otherwise a contiguous copy. */
    public Tensor contiguous() {
        return contiguous ? this : copy();
    }

    /** The backing float array (shared, not copied); element data starts at {@link #offset()}. */
    public float[] floatData() {
        if (f == null) {
            throw new IllegalStateException("floatData: tensor is " + dtype + ", use doubleData() or to(F32)");
        }
        return f;
    }

    /** The backing double array (shared, not copied); element data starts at {@link #offset()}. */
    public double[] doubleData() {
        if (d == null) {
            throw new IllegalStateException("doubleData: tensor is " + dtype + ", use floatData() or to(F64)");
        }
        return d;
    }

    /** Offset of the first element in the backing array. */
    public int offset() {
        return offset;
    }

    /** True when both tensors share the same backing array. */
    public boolean sharesStorageWith(Tensor other) {
        return (f != null && f == other.f) || (d != null && d == other.d);
    }

    /** A tensor with the same data in a new shape; one dimension may be -1. A view when contiguous. */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        int known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape " + Shapes.format(shape) + " to " + Shapes.format(newShape)
                            + ": only one dimension may be -1");
                }
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("reshape " + Shapes.format(shape) + " to " + Shapes.format(newShape)
                        + ": negative dimension " + s[i]);
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + Shapes.format(shape) + " (" + size
                        + " elements) to " + Shapes.format(newShape));
            }
            s[infer] = size / known;
        }
        if (Shapes.size(s) != size) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Shapes.format(shape) + " (" + size
                    + " elements) to " + Shapes.format(newShape) + " (" + Shapes.size(s) + " elements)");
        }
        Tensor src = contiguous();
        return new Tensor(dtype, src.f, src.d, src.offset, s, Shapes.rowMajorStrides(s));
    }

    /** Reshapes (N, d1, …, dk) to (N, d1·…·dk), as Linear does with its input. */
    public Tensor flatten2d() {
        if (shape.length == 0) {
            throw new IllegalArgumentException("flatten2d: a scalar has no batch axis");
        }
        return reshape(shape[0], shape[0] == 0 ? 0 : -1);
    }

    /** The transpose of a 2-D tensor, as a view. */
    public Tensor transpose() {
        if (shape.length != 2) {
            throw new IllegalArgumentException("transpose: expected a 2-D tensor, got shape " + Shapes.format(shape)
                    + " (use permute for n-d)");
        }
        return permute(1, 0);
    }

    /** Reorders the axes (a view): result axis i is this tensor's axis {@code axes[i]}. */
    public Tensor permute(int... axes) {
        if (axes.length != shape.length) {
            throw new IllegalArgumentException("permute: " + axes.length + " axes given for shape " + Shapes.format(shape));
        }
        int[] s = new int[axes.length];
        int[] st = new int[axes.length];
        boolean[] seen = new boolean[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = Shapes.axis("permute", axes[i], shape);
            if (seen[a]) {
                throw new IllegalArgumentException("permute: axis " + a + " repeated in " + Arrays.toString(axes));
            }
            seen[a] = true;
            s[i] = shape[a];
            st[i] = strides[a];
        }
        return new Tensor(dtype, f, d, offset, s, st);
    }

    /** A view of this tensor broadcast to {@code target} (stretched axes get stride 0); read-only by convention. */
    public Tensor expand(int... target) {
        int[] b = Shapes.broadcast("expand", shape, target);
        if (!Arrays.equals(b, target)) {
            throw new IllegalArgumentException("expand: shape " + Shapes.format(shape) + " cannot be expanded to "
                    + Shapes.format(target));
        }
        int[] st = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            if (i >= lead && shape[i - lead] == target[i]) {
                st[i] = strides[i - lead];
            }
        }
        return new Tensor(dtype, f, d, offset, target.clone(), st);
    }

    /** Rows {@code start} (inclusive) to {@code end} (exclusive) along axis 0, as a view. */
    public Tensor slice(int start, int end) {
        if (shape.length == 0 || start < 0 || end < start || end > shape[0]) {
            throw new IllegalArgumentException("slice: rows [" + start + ", " + end + ") out of range for shape "
                    + Shapes.format(shape));
        }
        int[] s = shape.clone();
        s[0] = end - start;
        return new Tensor(dtype, f, d, offset + start * strides[0], s, strides.clone());
    }

    /** Indices {@code start} to {@code end} (exclusive) along {@code axis}, as a contiguous copy. */
    public Tensor slice(int axis, int start, int end) {
        int a = Shapes.axis("slice", axis, shape);
        if (start < 0 || end < start || end > shape[a]) {
            throw new IllegalArgumentException("slice: [" + start + ", " + end + ") out of range for axis " + a
                    + " of shape " + Shapes.format(shape));
        }
        int[] s = shape.clone();
        s[a] = end - start;
        return new Tensor(dtype, f, d, offset + start * strides[a], s, strides.clone()).copy();
    }

    /** The rows {@code indices} along axis 0, copied in that order (a mini-batch). */
    public Tensor gatherRows(int[] indices) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("gatherRows: a scalar has no rows");
        }
        int[] s = shape.clone();
        s[0] = indices.length;
        Tensor out = dense(dtype, s);
        Tensor src = contiguous();
        int row = shape[0] == 0 ? 0 : size / shape[0];
        for (int i = 0; i < indices.length; i++) {
            int r = indices[i];
            if (r < 0 || r >= shape[0]) {
                throw new IndexOutOfBoundsException("gatherRows: index " + r + " out of range for shape " + Shapes.format(shape));
            }
            if (f != null) {
                System.arraycopy(src.f, src.offset + r * row, out.f, i * row, row);
            } else {
                System.arraycopy(src.d, src.offset + r * row, out.d, i * row, row);
            }
        }
        return out;
    }

    /** Joins tensors along an existing axis; all other dimensions must agree. */
    public static Tensor concat(int axis, Tensor... ts) {
        if (ts.length == 0) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        int[] first = ts[0].shape;
        int a = Shapes.axis("concat", axis, first);
        DType dt = ts[0].dtype;
        int total = 0;
        for (Tensor t : ts) {
            if (t.shape.length != first.length) {
                throw new IllegalArgumentException("concat: shapes " + Shapes.format(first) + " and " + Shapes.format(t.shape)
                        + " have different ranks");
            }
            for (int i = 0; i < first.length; i++) {
                if (i != a && t.shape[i] != first[i]) {
                    throw new IllegalArgumentException("concat along axis " + a + ": shapes " + Shapes.format(first)
                            + " and " + Shapes.format(t.shape) + " differ in dimension " + i);
                }
            }
            dt = DType.promote(dt, t.dtype);
            total += t.shape[a];
        }
        int[] s = first.clone();
        s[a] = total;
        Tensor out = dense(dt, s);
        int at = 0;
        for (Tensor t : ts) {
            int[] st = out.strides.clone();
            int[] ss = t.shape.clone();
            new Tensor(dt, out.f, out.d, at * out.strides[a], ss, st).assign(t);
            at += t.shape[a];
        }
        return out;
    }

    /** Stacks equally shaped tensors along a new leading axis. */
    public static Tensor stack(Tensor... ts) {
        if (ts.length == 0) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        Tensor[] expanded = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) {
            if (!Arrays.equals(ts[i].shape, ts[0].shape)) {
                throw new IllegalArgumentException("stack: shapes " + Shapes.format(ts[0].shape) + " and "
                        + Shapes.format(ts[i].shape) + " differ");
            }
            int[] s = new int[ts[i].shape.length + 1];
            s[0] = 1;
            System.arraycopy(ts[i].shape, 0, s, 1, ts[i].shape.length);
            expanded[i] = ts[i].reshape(s);
        }
        return concat(0, expanded);
    }

    /** A contiguous copy with its own storage. */
    public Tensor copy() {
        Tensor out = dense(dtype, shape);
        out.assign(this);
        return out;
    }

    /** This tensor converted to {@code target}; a copy even when the type is the same. */
    public Tensor to(DType target) {
        Tensor out = dense(target, shape);
        out.assign(this);
        return out;
    }

    // ---------------------------------------------------------------- element access

    private int storageIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates, tensor of shape " + Shapes.format(shape) + " needs " + shape.length);
        }
        int p = offset;
        for (int i = 0; i < index.length; i++) {
            int k = index[i] < 0 ? index[i] + shape[i] : index[i];
            if (k < 0 || k >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " out of range for shape "
                        + Shapes.format(shape));
            }
            p += k * strides[i];
        }
        return p;
    }

    /** Element at a multi-index (negative coordinates count from the end). */
    public double get(int... index) {
        int p = storageIndex(index);
        return f != null ? f[p] : d[p];
    }

    /** Sets one element. */
    public void set(double value, int... index) {
        int p = storageIndex(index);
        if (f != null) {
            f[p] = (float) value;
        } else {
            d[p] = value;
        }
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (size != 1) {
            throw new IllegalStateException("item: tensor of shape " + Shapes.format(shape) + " has " + size + " elements, not 1");
        }
        return f != null ? f[offset] : d[offset];
    }

    /** Storage index of the i-th element in row-major order. */
    private int flatToStorage(int i) {
        if (contiguous) {
            return offset + i;
        }
        int p = offset;
        for (int k = shape.length - 1; k >= 0; k--) {
            int dim = shape[k];
            p += (i % dim) * strides[k];
            i /= dim;
        }
        return p;
    }

    /** The i-th element in row-major order. */
    public double getFlat(int i) {
        int p = flatToStorage(i);
        return f != null ? f[p] : d[p];
    }

    /** Sets the i-th element in row-major order. */
    public void setFlat(int i, double value) {
        int p = flatToStorage(i);
        if (f != null) {
            f[p] = (float) value;
        } else {
            d[p] = value;
        }
    }

    /** A fresh row-major copy of the values as doubles. */
    public double[] toDoubleArray() {
        double[] out = new double[size];
        Tensor.of(out, shape).assign(this);
        return out;
    }

    /** A fresh row-major copy of the values as floats. */
    public float[] toFloatArray() {
        float[] out = new float[size];
        Tensor.of(out, shape).assign(this);
        return out;
    }

    // ---------------------------------------------------------------- elementwise machinery

    /**
     * Visits {@code out} row by row (the last axis), with the matching storage offsets of the operands,
     * which have already been expanded to {@code out}'s shape.
     */
    private interface RowVisitor {
        void row(int outPos, int outStride, int[] pos, int[] stride, int len);
    }

    private static void forEachRow(Tensor out, Tensor[] operands, RowVisitor visitor) {
        int nd = out.shape.length;
        int k = operands.length;
        int[] pos = new int[k];
        int[] innerStride = new int[k];
        if (out.size == 0) {
            return;
        }
        if (nd == 0) {
            for (int j = 0; j < k; j++) {
                pos[j] = operands[j].offset;
            }
            visitor.row(out.offset, 0, pos, innerStride, 1);
            return;
        }
        int len = out.shape[nd - 1];
        for (int j = 0; j < k; j++) {
            innerStride[j] = operands[j].strides[nd - 1];
        }
        int rows = out.size / len;
        int[] idx = new int[nd];
        int outPos = out.offset;
        for (int j = 0; j < k; j++) {
            pos[j] = operands[j].offset;
        }
        int[] callPos = new int[k];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(pos, 0, callPos, 0, k);
            visitor.row(outPos, out.strides[nd - 1], callPos, innerStride, len);
            // advance the multi-index over the leading axes, carrying like an odometer
            for (int ax = nd - 2; ax >= 0; ax--) {
                idx[ax]++;
                outPos += out.strides[ax];
                for (int j = 0; j < k; j++) {
                    pos[j] += operands[j].strides[ax];
                }
                if (idx[ax] < out.shape[ax]) {
                    break;
                }
                outPos -= out.strides[ax] * idx[ax];
                for (int j = 0; j < k; j++) {
                    pos[j] -= operands[j].strides[ax] * idx[ax];
                }
                idx[ax] = 0;
            }
        }
    }

    /** Operation codes for the binary elementwise loops. */
    private enum Op {
        ADD, SUB, MUL, DIV, POW, MAX, MIN, GT, GE, LT, LE, EQ, RSUB, RDIV;

        double apply(double a, double b) {
            switch (this) {
                case ADD: return a + b;
                case SUB: return a - b;
                case MUL: return a * b;
                case DIV: return a / b;
                case POW: return Math.pow(a, b);
                case MAX: return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
                case MIN: return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
                case GT: return a > b ? 1 : 0;
                case GE: return a >= b ? 1 : 0;
                case LT: return a < b ? 1 : 0;
                case LE: return a <= b ? 1 : 0;
                case EQ: return a == b ? 1 : 0;
                case RSUB: return b - a;
                case RDIV: return b / a;
                default: throw new AssertionError(this);
            }
        }
    }

    /** out = a (op) b where a and b are already expanded to out's shape and all share out's dtype. */
    private static void binaryInto(Op op, Tensor out, Tensor a, Tensor b) {
        if (out.contiguous && a.contiguous && b.contiguous && out.size > 0) {
            if (out.f != null) {
                binaryFlat(op, a.f, a.offset, b.f, b.offset, out.f, out.offset, out.size);
            } else {
                binaryFlat(op, a.d, a.offset, b.d, b.offset, out.d, out.offset, out.size);
            }
            return;
        }
        if (out.f != null) {
            float[] o = out.f, x = a.f, y = b.f;
            forEachRow(out, new Tensor[]{a, b}, (op0, os, pos, st, len) -> {
                int pa = pos[0], pb = pos[1], sa = st[0], sb = st[1];
                if (op == Op.ADD) {
                    for (int i = 0; i < len; i++) {
                        o[op0 + i * os] = x[pa + i * sa] + y[pb + i * sb];
                    }
                } else if (op == Op.MUL) {
                    for (int i = 0; i < len; i++) {
                        o[op0 + i * os] = x[pa + i * sa] * y[pb + i * sb];
                    }
                } else {
                    for (int i = 0; i < len; i++) {
                        o[op0 + i * os] = (float) op.apply(x[pa + i * sa], y[pb + i * sb]);
                    }
                }
            });
        } else {
            double[] o = out.d, x = a.d, y = b.d;
            forEachRow(out, new Tensor[]{a, b}, (op0, os, pos, st, len) -> {
                int pa = pos[0], pb = pos[1], sa = st[0], sb = st[1];
                if (op == Op.ADD) {
                    for (int i = 0; i < len; i++) {
                        o[op0 + i * os] = x[pa + i * sa] + y[pb + i * sb];
                    }
                } else if (op == Op.MUL) {
                    for (int i = 0; i < len; i++) {
                        o[op0 + i * os] = x[pa + i * sa] * y[pb + i * sb];
                    }
                } else {
                    for (int i = 0; i < len; i++) {
                        o[op0 + i * os] = op.apply(x[pa + i * sa], y[pb + i * sb]);
                    }
                }
            });
        }
    }

    private static void binaryFlat(Op op, float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) {
        switch (op) {
            case ADD:
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] + y[yo + i];
                }
                break;
            case SUB:
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] - y[yo + i];
                }
                break;
            case MUL:
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] * y[yo + i];
                }
                break;
            case DIV:
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] / y[yo + i];
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) op.apply(x[xo + i], y[yo + i]);
                }
        }
    }

    private static void binaryFlat(Op op, double[] x, int xo, double[] y, int yo, double[] o, int oo, int n) {
        switch (op) {
            case ADD:
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] + y[yo + i];
                }
                break;
            case SUB:
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] - y[yo + i];
                }
                break;
            case MUL:
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] * y[yo + i];
                }
                break;
            case DIV:
                for (int i = 0; i < n; i++) {
                    o[oo + i] = x[xo + i] / y[yo + i];
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    o[oo + i] = op.apply(x[xo + i], y[yo + i]);
                }
        }
    }

    private Tensor withDType(DType t) {
        return dtype == t ? this : to(t);
    }

    private Tensor binary(Op op, String name, Tensor other) {
        int[] s = Shapes.broadcast(name, shape, other.shape);
        DType t = DType.promote(dtype, other.dtype);
        Tensor out = dense(t, s);
        binaryInto(op, out, withDType(t).expand(s), other.withDType(t).expand(s));
        return out;
    }

    private Tensor binaryScalar(Op op, double value) {
        Tensor out = dense(dtype, shape);
        Tensor v = full(dtype, value);
        binaryInto(op, out, this, v.expand(shape));
        return out;
    }

    private Tensor binaryInPlace(Op op, String name, Tensor other) {
        int[] s = Shapes.broadcast(name, shape, other.shape);
        if (!Arrays.equals(s, shape)) {
            throw new IllegalArgumentException(name + ": result shape " + Shapes.format(s) + " does not fit in place into "
                    + Shapes.format(shape) + " (other operand " + Shapes.format(other.shape) + ")");
        }
        Tensor src = other.withDType(dtype);
        if (src.sharesStorageWith(this) && src != this && !(src.offset == offset && Arrays.equals(src.strides, strides))) {
            src = src.copy(); // partially overlapping views would read values already overwritten
        }
        binaryInto(op, this, this, src.expand(shape));
        return this;
    }

    private Tensor binaryScalarInPlace(Op op, double value) {
        binaryInto(op, this, this, full(dtype, value).expand(shape));
        return this;
    }

    public Tensor add(Tensor o) { return binary(Op.ADD, "add", o); }
    public Tensor sub(Tensor o) { return binary(Op.SUB, "sub", o); }
    public Tensor mul(Tensor o) { return binary(Op.MUL, "mul", o); }
    public Tensor div(Tensor o) { return binary(Op.DIV, "div", o); }
    public Tensor pow(Tensor o) { return binary(Op.POW, "pow", o); }
    public Tensor maximum(Tensor o) { return binary(Op.MAX, "maximum", o); }
    public Tensor minimum(Tensor o) { return binary(Op.MIN, "minimum", o); }
    /** Mask (1 where true, 0 elsewhere) of {@code this > o}, in the promoted dtype. */
    public Tensor gt(Tensor o) { return binary(Op.GT, "gt", o); }
    public Tensor ge(Tensor o) { return binary(Op.GE, "ge", o); }
    public Tensor lt(Tensor o) { return binary(Op.LT, "lt", o); }
    public Tensor le(Tensor o) { return binary(Op.LE, "le", o); }
    public Tensor eq(Tensor o) { return binary(Op.EQ, "eq", o); }

    public Tensor add(double v) { return binaryScalar(Op.ADD, v); }
    public Tensor sub(double v) { return binaryScalar(Op.SUB, v); }
    public Tensor mul(double v) { return binaryScalar(Op.MUL, v); }
    public Tensor div(double v) { return binaryScalar(Op.DIV, v); }
    public Tensor pow(double v) { return binaryScalar(Op.POW, v); }
    /** {@code v - this}. */
    public Tensor rsub(double v) { return binaryScalar(Op.RSUB, v); }
    /** {@code v / this}. */
    public Tensor rdiv(double v) { return binaryScalar(Op.RDIV, v); }
    public Tensor maximum(double v) { return binaryScalar(Op.MAX, v); }
    public Tensor minimum(double v) { return binaryScalar(Op.MIN, v); }
    public Tensor gt(double v) { return binaryScalar(Op.GT, v); }
    public Tensor ge(double v) { return binaryScalar(Op.GE, v); }
    public Tensor lt(double v) { return binaryScalar(Op.LT, v); }
    public Tensor le(double v) { return binaryScalar(Op.LE, v); }
    public Tensor eq(double v) { return binaryScalar(Op.EQ, v); }

    public Tensor addi(Tensor o) { return binaryInPlace(Op.ADD, "addi", o); }
    public Tensor subi(Tensor o) { return binaryInPlace(Op.SUB, "subi", o); }
    public Tensor muli(Tensor o) { return binaryInPlace(Op.MUL, "muli", o); }
    public Tensor divi(Tensor o) { return binaryInPlace(Op.DIV, "divi", o); }
    public Tensor addi(double v) { return binaryScalarInPlace(Op.ADD, v); }
    public Tensor subi(double v) { return binaryScalarInPlace(Op.SUB, v); }
    public Tensor muli(double v) { return binaryScalarInPlace(Op.MUL, v); }
    public Tensor divi(double v) { return binaryScalarInPlace(Op.DIV, v); }

    /** {@code this += alpha * x} in place (x broadcasts to this shape). */
    public Tensor addScaledi(Tensor x, double alpha) {
        int[] s = Shapes.broadcast("addScaledi", shape, x.shape);
        if (!Arrays.equals(s, shape)) {
            throw new IllegalArgumentException("addScaledi: " + Shapes.format(x.shape) + " does not broadcast to "
                    + Shapes.format(shape));
        }
        if (contiguous && x.contiguous && x.size == size && x.dtype == dtype) {
            if (f != null) {
                float a = (float) alpha;
                for (int i = 0; i < size; i++) {
                    f[offset + i] += a * x.f[x.offset + i];
                }
            } else {
                for (int i = 0; i < size; i++) {
                    d[offset + i] += alpha * x.d[x.offset + i];
                }
            }
            return this;
        }
        return addi(x.mul(alpha));
    }

    /** Copies values from {@code src} (broadcast to this shape, converted to this dtype) into this tensor. */
    public Tensor assign(Tensor src) {
        int[] s = Shapes.broadcast("assign", shape, src.shape);
        if (!Arrays.equals(s, shape)) {
            throw new IllegalArgumentException("assign: source " + Shapes.format(src.shape) + " does not broadcast to "
                    + Shapes.format(shape));
        }
        Tensor e = src.expand(shape);
        if (contiguous && e.contiguous && size > 0) {
            if (f != null && e.f != null) {
                System.arraycopy(e.f, e.offset, f, offset, size);
                return this;
            }
            if (d != null && e.d != null) {
                System.arraycopy(e.d, e.offset, d, offset, size);
                return this;
            }
        }
        float[] of = f, sf = e.f;
        double[] od = d, sd = e.d;
        forEachRow(this, new Tensor[]{e}, (o, os, pos, st, len) -> {
            int p = pos[0], s0 = st[0];
            for (int i = 0; i < len; i++) {
                double v = sf != null ? sf[p + i * s0] : sd[p + i * s0];
                if (of != null) {
                    of[o + i * os] = (float) v;
                } else {
                    od[o + i * os] = v;
                }
            }
        });
        return this;
    }

    /** Sets every element to {@code value}. */
    public Tensor fill(double value) {
        if (contiguous) {
            if (f != null) {
                Arrays.fill(f, offset, offset + size, (float) value);
            } else {
                Arrays.fill(d, offset, offset + size, value);
            }
            return this;
        }
        for (int i = 0; i < size; i++) {
            setFlat(i, value);
        }
        return this;
    }

    /** Where {@code mask} is non-zero take {@code a}, else {@code b}; all three broadcast together. */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) {
        int[] s = Shapes.broadcast("where", Shapes.broadcast("where", mask.shape, a.shape), b.shape);
        DType t = DType.promote(a.dtype, b.dtype);
        Tensor out = dense(t, s);
        Tensor m = mask.expand(s), x = a.expand(s), y = b.expand(s);
        for (int i = 0; i < out.size; i++) {
            out.setFlat(i, m.getFlat(i) != 0 ? x.getFlat(i) : y.getFlat(i));
        }
        return out;
    }

    // ---------------------------------------------------------------- unary

    /** Applies {@code fn} to every element, giving a new tensor of the same dtype. */
    public Tensor map(DoubleUnaryOperator fn) {
        Tensor out = copy();
        return out.mapi(fn);
    }

    /** Applies {@code fn} to every element in place. */
    public Tensor mapi(DoubleUnaryOperator fn) {
        if (contiguous) {
            if (f != null) {
                for (int i = offset, e = offset + size; i < e; i++) {
                    f[i] = (float) fn.applyAsDouble(f[i]);
                }
            } else {
                for (int i = offset, e = offset + size; i < e; i++) {
                    d[i] = fn.applyAsDouble(d[i]);
                }
            }
            return this;
        }
        for (int i = 0; i < size; i++) {
            setFlat(i, fn.applyAsDouble(getFlat(i)));
        }
        return this;
    }

    public Tensor neg() { return map(v -> -v); }
    public Tensor exp() { return map(Math::exp); }
    public Tensor log() { return map(Math::log); }
    public Tensor sqrt() { return map(Math::sqrt); }
    public Tensor abs() { return map(Math::abs); }
    public Tensor square() { return map(v -> v * v); }
    public Tensor tanh() { return map(Math::tanh); }
    public Tensor sign() { return map(Math::signum); }
    /** 1 / (1 + e^-x), computed without overflow for large |x|. */
    public Tensor sigmoid() {
        return map(v -> v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
    }

    /** Elements limited to [lo, hi]. */
    public Tensor clamp(double lo, double hi) {
        if (lo > hi) {
            throw new IllegalArgumentException("clamp: lower bound " + lo + " exceeds upper bound " + hi);
        }
        return map(v -> v < lo ? lo : (v > hi ? hi : v));
    }

    // ---------------------------------------------------------------- reductions

    private interface AxisReducer {
        /** Reduces {@code len} values at {@code base + k*stride} of {@code t}'s storage. */
        double reduce(Tensor t, int base, int stride, int len);
    }

    private Tensor reduceAxis(String name, int axis, boolean keepDims, AxisReducer r) {
        int a = Shapes.axis(name, axis, shape);
        Tensor src = contiguous();
        int len = shape[a];
        int inner = 1;
        for (int i = a + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= shape[i];
        }
        Tensor out = dense(dtype, Shapes.reduce(shape, a, keepDims));
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                out.setFlat(o * inner + i, r.reduce(src, src.offset + o * len * inner + i, inner, len));
            }
        }
        return out;
    }

    private double at(int storage) {
        return f != null ? f[storage] : d[storage];
    }

    private static double sumOf(Tensor t, int base, int stride, int len) {
        double s = 0;
        for (int k = 0; k < len; k++) {
            s += t.at(base + k * stride);
        }
        return s;
    }

    private static double maxOf(Tensor t, int base, int stride, int len, String name) {
        if (len == 0) {
            throw new IllegalArgumentException(name + ": zero-size reduction has no identity");
        }
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < len; k++) {
            double v = t.at(base + k * stride);
            if (Double.isNaN(v)) {
                return v;
            }
            m = Math.max(m, v);
        }
        return m;
    }

    private static double minOf(Tensor t, int base, int stride, int len, String name) {
        if (len == 0) {
            throw new IllegalArgumentException(name + ": zero-size reduction has no identity");
        }
        double m = Double.POSITIVE_INFINITY;
        for (int k = 0; k < len; k++) {
            double v = t.at(base + k * stride);
            if (Double.isNaN(v)) {
                return v;
            }
            m = Math.min(m, v);
        }
        return m;
    }

    private static double varOf(Tensor t, int base, int stride, int len) {
        double mean = sumOf(t, base, stride, len) / len;
        double s = 0;
        for (int k = 0; k < len; k++) {
            double dv = t.at(base + k * stride) - mean;
            s += dv * dv;
        }
        return s / len;
    }

    /** Sum along {@code axis}. */
    public Tensor sum(int axis, boolean keepDims) {
        return reduceAxis("sum", axis, keepDims, Tensor::sumOf);
    }

    public Tensor mean(int axis, boolean keepDims) {
        int n = shape[Shapes.axis("mean", axis, shape)];
        return reduceAxis("mean", axis, keepDims, (t, b, s, l) -> sumOf(t, b, s, l) / n);
    }

    public Tensor max(int axis, boolean keepDims) {
        return reduceAxis("max", axis, keepDims, (t, b, s, l) -> maxOf(t, b, s, l, "max"));
    }

    public Tensor min(int axis, boolean keepDims) {
        return reduceAxis("min", axis, keepDims, (t, b, s, l) -> minOf(t, b, s, l, "min"));
    }

    /** Population variance (numpy's default, ddof = 0) along {@code axis}. */
    public Tensor var(int axis, boolean keepDims) {
        return reduceAxis("var", axis, keepDims, Tensor::varOf);
    }

    public double sum() {
        Tensor c = contiguous();
        return sumOf(c, c.offset, 1, size);
    }

    public double mean() {
        return sum() / size;
    }

    public double max() {
        Tensor c = contiguous();
        return maxOf(c, c.offset, 1, size, "max");
    }

    public double min() {
        Tensor c = contiguous();
        return minOf(c, c.offset, 1, size, "min");
    }

    public double var() {
        Tensor c = contiguous();
        return varOf(c, c.offset, 1, size);
    }

    /** Row-major index of the largest element (the first one on ties). */
    public int argmax() {
        if (size == 0) {
            throw new IllegalArgumentException("argmax: tensor of shape " + Shapes.format(shape) + " is empty");
        }
        int best = 0;
        double bv = getFlat(0);
        for (int i = 1; i < size; i++) {
            double v = getFlat(i);
            if (v > bv || (Double.isNaN(v) && !Double.isNaN(bv))) {
                best = i;
                bv = v;
            }
        }
        return best;
    }

    /** Index of the largest element along {@code axis} for every position of the other axes, in row-major order. */
    public int[] argmax(int axis) {
        int a = Shapes.axis("argmax", axis, shape);
        if (shape[a] == 0) {
            throw new IllegalArgumentException("argmax: axis " + a + " of shape " + Shapes.format(shape) + " is empty");
        }
        Tensor src = contiguous();
        int len = shape[a];
        int inner = 1;
        for (int i = a + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= shape[i];
        }
        int[] out = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = src.offset + o * len * inner + i;
                int best = 0;
                double bv = src.at(base);
                for (int k = 1; k < len; k++) {
                    double v = src.at(base + k * inner);
                    if (v > bv) {
                        best = k;
                        bv = v;
                    }
                }
                out[o * inner + i] = best;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- matrix products

    /** Matrix product of two 2-D tensors: (M, K) · (K, N) → (M, N). Transposed views cost no copy. */
    public Tensor matmul(Tensor other) {
        return product("matmul", this, false, other, false);
    }

    /** {@code thisᵀ · other}: (K, M)ᵀ · (K, N) → (M, N), without copying. */
    public Tensor matmulTN(Tensor other) {
        return product("matmulTN", this, true, other, false);
    }

    /** {@code this · otherᵀ}: (M, K) · (N, K)ᵀ → (M, N), without copying. */
    public Tensor matmulNT(Tensor other) {
        return product("matmulNT", this, false, other, true);
    }

    private static int rows(Tensor t, boolean trans) {
        return trans ? t.shape[1] : t.shape[0];
    }

    private static int cols(Tensor t, boolean trans) {
        return trans ? t.shape[0] : t.shape[1];
    }

    private static void check2d(String op, Tensor a, Tensor b) {
        if (a.shape.length != 2 || b.shape.length != 2) {
            throw new IllegalArgumentException(op + ": expected 2-D operands, got " + Shapes.format(a.shape) + " and "
                    + Shapes.format(b.shape));
        }
    }

    private static Tensor product(String op, Tensor a, boolean ta, Tensor b, boolean tb) {
        check2d(op, a, b);
        DType t = DType.promote(a.dtype, b.dtype);
        Tensor out = dense(t, rows(a, ta), cols(b, tb));
        matmulInto(op, a, ta, b, tb, out, false);
        return out;
    }

    /**
     * {@code out = op(a) · op(b)} (or {@code +=} when {@code accumulate}), writing into a contiguous {@code out}
     * of shape (M, N). Layers use it to reuse their output buffers.
     */
    public static void matmulInto(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out, boolean accumulate) {
        check2d("matmulInto", a, b);
        matmulInto("matmul", a, transA, b, transB, out, accumulate);
    }

    private static void matmulInto(String op, Tensor a, boolean ta, Tensor b, boolean tb, Tensor out, boolean accumulate) {
        int m = rows(a, ta), k = cols(a, ta), k2 = rows(b, tb), n = cols(b, tb);
        if (k != k2) {
            throw new IllegalArgumentException(op + ": shapes " + Shapes.format(a.shape) + (ta ? "ᵀ" : "") + " and "
                    + Shapes.format(b.shape) + (tb ? "ᵀ" : "") + " are not aligned (inner dimensions " + k + " vs " + k2 + ")");
        }
        if (out.shape.length != 2 || out.shape[0] != m || out.shape[1] != n || !out.contiguous) {
            throw new IllegalArgumentException(op + ": output must be a contiguous (" + m + ", " + n + ") tensor, got "
                    + Shapes.format(out.shape));
        }
        if (a.sharesStorageWith(out) || b.sharesStorageWith(out)) {
            throw new IllegalArgumentException(op + ": output must not share storage with an operand");
        }
        a = a.withDType(out.dtype);
        b = b.withDType(out.dtype);
        // A row-major operand with unit column stride is used as is; one with unit row stride is a
        // transposed row-major matrix, which GEMM reads by flipping its trans flag. Others are copied.
        if (a.strides[1] != 1 && a.strides[0] != 1) {
            a = a.copy();
        }
        if (b.strides[1] != 1 && b.strides[0] != 1) {
            b = b.copy();
        }
        boolean aFlip = a.strides[1] != 1;
        boolean bFlip = b.strides[1] != 1;
        boolean transA = ta ^ aFlip;
        boolean transB = tb ^ bFlip;
        int lda = leading(a, aFlip);
        int ldb = leading(b, bFlip);
        if (out.f != null) {
            Gemm.gemm(transA, transB, m, n, k, a.f, a.offset, lda, b.f, b.offset, ldb, out.f, out.offset, n, accumulate);
        } else {
            Gemm.gemm(transA, transB, m, n, k, a.d, a.offset, lda, b.d, b.offset, ldb, out.d, out.offset, n, accumulate);
        }
    }

    /** Row stride of the stored matrix: a flipped operand is stored as its transpose. */
    private static int leading(Tensor t, boolean flipped) {
        int ld = flipped ? t.strides[1] : t.strides[0];
        int width = flipped ? t.shape[0] : t.shape[1];
        return Math.max(ld, Math.max(width, 1));
    }

    // ---------------------------------------------------------------- comparison and printing

    /** True when shapes match and every |a − b| ≤ atol + rtol·|b| (NaNs in the same places count as equal). */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!Arrays.equals(shape, other.shape)) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            double a = getFlat(i), b = other.getFlat(i);
            if (!TensorAssert.close(a, b, rtol, atol)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
