package io.dendrite.tensor;

/**
 * Prints tensors the way numpy prints arrays: nested brackets, aligned columns, and "..." in place of
 * the middle of long axes once a tensor has more than {@link #THRESHOLD} elements.
 */
final class TensorFormat {
    static final int THRESHOLD = 1000;
    static final int EDGE_ITEMS = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        int[] shape = t.shape();
        boolean summarize = t.size() > THRESHOLD;
        boolean integral = true;
        double maxAbs = 0;
        for (int i = 0; i < t.size(); i++) {
            double v = t.getFlat(i);
            if (v != Math.rint(v) || Double.isInfinite(v)) {
                integral = false;
            }
            if (Double.isFinite(v)) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
        }
        boolean scientific = !integral && (maxAbs >= 1e8 || (maxAbs < 1e-4 && maxAbs > 0));
        int width = 1;
        for (int i = 0; i < t.size(); i++) {
            width = Math.max(width, number(t.getFlat(i), integral, scientific).length());
        }
        StringBuilder sb = new StringBuilder("tensor(");
        String indent = " ".repeat("tensor(".length());
        render(sb, t, shape, 0, new int[shape.length], summarize, integral, scientific, width, indent);
        return sb.append(", dtype=").append(t.dtype()).append(')').toString();
    }

    private static void render(StringBuilder sb, Tensor t, int[] shape, int axis, int[] idx, boolean summarize,
                               boolean integral, boolean scientific, int width, String indent) {
        if (axis == shape.length) {
            String s = number(t.get(idx), integral, scientific);
            sb.append(" ".repeat(width - s.length())).append(s);
            return;
        }
        sb.append('[');
        int n = shape[axis];
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                sb.append(axis == shape.length - 1 ? "..., " : "...,\n" + indent + " ".repeat(axis + 1));
                i = n - EDGE_ITEMS - 1;
                continue;
            }
            idx[axis] = i;
            render(sb, t, shape, axis + 1, idx, summarize, integral, scientific, width, indent);
            if (i < n - 1) {
                sb.append(axis == shape.length - 1 ? ", " : ",\n" + "\n".repeat(Math.max(0, shape.length - axis - 2))
                        + indent + " ".repeat(axis + 1));
            }
        }
        sb.append(']');
    }

    private static String number(double v, boolean integral, boolean scientific) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (integral) {
            return String.format("%.0f.", v);
        }
        if (scientific) {
            return String.format("%.4e", v);
        }
        return String.format("%.4f", v);
    }
}
