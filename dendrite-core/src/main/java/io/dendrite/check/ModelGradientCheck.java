package io.dendrite.check;

import io.dendrite.model.Architecture;
import io.dendrite.model.Models;
import io.dendrite.model.Network;
import io.dendrite.nn.Parameter;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient check of a whole ready-made network, such as one loaded from a model file: {@link #checkable}
 * rebuilds it in F64 with the same weights, and {@link #check} compares the gradient of its loss with central
 * differences at randomly chosen elements of every parameter (cs231n's {@code grad_check_sparse}), since a
 * full check of a 400 000-weight layer would take 800 000 forward passes.
 */
public final class ModelGradientCheck {
    /** Elements checked per parameter when the caller has no reason to choose another. */
    public static final int DEFAULT_SAMPLES = 20;

    private ModelGradientCheck() {
    }

    /**
     * An F64 copy of {@code net} built from its {@link Architecture}, with its parameters and buffers
     * converted, and dropout off: its random masks would change between the passes of a numerical gradient.
     */
    public static Network checkable(Network net) {
        return Architecture.copy(net, DType.F64, false);
    }

    /**
     * Checks {@code samples} random elements of every parameter (all of them when it has fewer) of an F64
     * network on the batch {@code (x, y)}; the loss includes regularization. One entry per parameter, whose
     * gradient tensors hold the checked elements only.
     */
    public static List<GradientReport.Entry> check(Network net, Tensor x, int[] y, int samples, Rng rng) {
        if (samples < 1) {
            throw new IllegalArgumentException("invalid number of samples per parameter: " + samples + " (expected >= 1)");
        }
        for (Map.Entry<String, Parameter> e : net.params().entrySet()) {
            GradientCheck.requireF64(e.getValue().value());
        }
        GradientCheck.requireF64(x);
        double h = GradientCheck.DEFAULT_H;
        net.loss(x, y);
        Map<String, Tensor> analytic = new LinkedHashMap<>();
        net.params().forEach((name, p) -> analytic.put(name, p.grad().copy()));
        List<GradientReport.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : net.params().entrySet()) {
            Tensor w = e.getValue().value();
            int[] idx = pick(w.size(), samples, rng);
            double[] a = new double[idx.length], n = new double[idx.length];
            double worst = 0, absError = 0;
            int at = 0;
            for (int k = 0; k < idx.length; k++) {
                int i = idx[k];
                double old = w.getFlat(i);
                w.setFlat(i, old + h);
                double plus = net.loss(x, y);
                w.setFlat(i, old - h);
                double minus = net.loss(x, y);
                w.setFlat(i, old);
                n[k] = (plus - minus) / (2 * h);
                a[k] = analytic.get(e.getKey()).getFlat(i);
                double diff = Math.abs(a[k] - n[k]);
                double rel = diff / Math.max(1e-8, Math.abs(a[k]) + Math.abs(n[k]));
                absError = Math.max(absError, diff);
                if (Double.isNaN(rel) || rel > worst || k == 0) {
                    worst = Double.isNaN(rel) ? Double.NaN : Math.max(worst, rel);
                    at = k;
                }
                if (Double.isNaN(rel)) {
                    break;
                }
            }
            entries.add(new GradientReport.Entry(e.getKey(), w.shape(), worst, TensorAssert.unravel(idx[at], w.shape()),
                    a[at], n[at], absError, Tensor.of(a, a.length), Tensor.of(n, n.length)));
        }
        net.params().forEach((name, p) -> p.grad().assign(analytic.get(name)));
        return entries;
    }

    private static int[] pick(int size, int samples, Rng rng) {
        if (size <= samples) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] idx = new int[samples];
        for (int k = 0; k < samples; k++) {
            idx[k] = rng.nextInt(size);
        }
        return idx;
    }

    /** A text table of the entries, like {@link GradientReport#toString()}. */
    public static String table(List<GradientReport.Entry> entries) {
        StringBuilder sb = new StringBuilder();
        String row = "%-10s  %-16s  %10s  %-16s  %16s  %16s%n";
        sb.append(String.format(java.util.Locale.ROOT, row, "name", "shape", "rel.error", "worst index", "analytic", "numerical"));
        for (GradientReport.Entry e : entries) {
            sb.append(String.format(java.util.Locale.ROOT, row, e.name(), Shapes.format(e.shape()),
                    String.format(java.util.Locale.ROOT, "%.3e", e.relError()), Shapes.format(e.worstIndex()),
                    String.format(java.util.Locale.ROOT, "%.9e", e.analytic()),
                    String.format(java.util.Locale.ROOT, "%.9e", e.numerical())));
        }
        return sb.toString();
    }
}
