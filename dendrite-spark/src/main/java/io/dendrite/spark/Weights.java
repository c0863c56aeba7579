package io.dendrite.spark;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named tensors as plain arrays, in a stable order, for what travels between the driver and the executors
 * (parameters, gradients, buffers, update-rule states): Tensors are not Serializable, arrays are.
 */
final class Weights implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final int[][] shapes;
    private final float[][] floats;    // per tensor: its values when F32, else null
    private final double[][] doubles;  // per tensor: its values when F64, else null

    private Weights(String[] names, int[][] shapes, float[][] floats, double[][] doubles) {
        this.names = names;
        this.shapes = shapes;
        this.floats = floats;
        this.doubles = doubles;
    }

    /** Copies of the tensors, in the map's order. */
    static Weights of(Map<String, Tensor> tensors) {
        int n = tensors.size(), i = 0;
        String[] names = new String[n];
        int[][] shapes = new int[n][];
        float[][] floats = new float[n][];
        double[][] doubles = new double[n][];
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue().contiguous();
            names[i] = e.getKey();
            shapes[i] = t.shape();
            if (t.dtype() == DType.F32) {
                floats[i] = Arrays.copyOfRange(t.floatData(), t.offset(), t.offset() + t.size());
            } else {
                doubles[i] = Arrays.copyOfRange(t.doubleData(), t.offset(), t.offset() + t.size());
            }
            i++;
        }
        return new Weights(names, shapes, floats, doubles);
    }

    int size() {
        return names.length;
    }

    String name(int i) {
        return names[i];
    }

    /** Tensor i, wrapping this object's array (not a copy). */
    Tensor tensor(int i) {
        return floats[i] != null ? Tensor.of(floats[i], shapes[i]) : Tensor.of(doubles[i], shapes[i]);
    }

    /** The tensors by name, each wrapping this object's array. */
    Map<String, Tensor> tensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], tensor(i));
        }
        return out;
    }

    /** Assigns every tensor into the target of the same name; a name the targets lack is a different model. */
    void copyInto(Map<String, Tensor> targets) {
        for (int i = 0; i < names.length; i++) {
            Tensor target = targets.get(names[i]);
            if (target == null) {
                throw new IllegalStateException("no tensor named " + names[i] + " in this model (it has "
                        + targets.keySet() + "): the executors' network differs from the driver's");
            }
            target.assign(tensor(i));
        }
    }

    /**
     * Σ wₖ · partₖ element by element, the parts taken in the order given and added in double — the order is what
     * makes the result the same on every run, whatever order the parts arrived in. Null parts are skipped; with
     * one part of weight 1 the result is that part, bit for bit. The result has the first part's names, shapes
     * and dtypes.
     */
    static Weights weightedSum(Weights[] parts, double[] weights) {
        Weights first = null;
        for (Weights p : parts) {
            if (p != null) {
                first = p;
                break;
            }
        }
        if (first == null) {
            throw new IllegalArgumentException("no part to sum");
        }
        int n = first.names.length;
        float[][] floats = new float[n][];
        double[][] doubles = new double[n][];
        for (int i = 0; i < n; i++) {
            int len = first.floats[i] != null ? first.floats[i].length : first.doubles[i].length;
            double[] acc = new double[len];
            for (int k = 0; k < parts.length; k++) {
                Weights p = parts[k];
                if (p == null) {
                    continue;
                }
                double w = weights[k];
                if (p.floats[i] != null) {
                    float[] v = p.floats[i];
                    for (int j = 0; j < len; j++) {
                        acc[j] += w * v[j];
                    }
                } else {
                    double[] v = p.doubles[i];
                    for (int j = 0; j < len; j++) {
                        acc[j] += w * v[j];
                    }
                }
            }
            if (first.floats[i] != null) {
                float[] out = new float[len];
                for (int j = 0; j < len; j++) {
                    out[j] = (float) acc[j];
                }
                floats[i] = out;
            } else {
                doubles[i] = acc;
            }
        }
        return new Weights(first.names.clone(), first.shapes.clone(), floats, doubles);
    }
}
