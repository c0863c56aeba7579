package io.dendrite.check;

import io.dendrite.nn.Layer;
import io.dendrite.nn.Parameter;
import io.dendrite.nn.Sequential;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Checks every analytic gradient of a layer or of a model's loss against central differences
 * ({@link GradientCheck#numericalGradient}) and reports, per tensor, the relative error and the element where
 * it is worst. {@code toString()} prints a table; {@link #passed(double)} says whether every entry is within
 * a tolerance.
 *
 * <p>Everything checked must be F64: the check refuses F32 up front and says so. Each numerical gradient
 * costs two function evaluations per element, so check small layers and batches. Layers that draw random
 * numbers in forward (Dropout in training) must be checked in evaluation mode or with a fresh layer built
 * from the same seed for every evaluation. After the check every parameter's grad holds the analytic gradient
 * of this check (the numerical passes leave it as they found it).
 */
public final class GradientReport {
    /** What the tests of Dendrite's own layers require in F64. */
    public static final double DEFAULT_TOLERANCE = 1e-7;

    /**
     * One checked tensor.
     *
     * @param name       "x" for the layer input, else the parameter's name ("W", "0.b" in a Sequential)
     * @param shape      its shape
     * @param relError   max over elements of |a − n| / max(1e-8, |a| + |n|)
     * @param worstIndex where that maximum is reached
     * @param analytic   the analytic gradient there
     * @param numerical  the numerical gradient there
     * @param absError   max over elements of |a − n|
     * @param analyticGrad  the whole analytic gradient
     * @param numericalGrad the whole numerical gradient
     */
    public record Entry(String name, int[] shape, double relError, int[] worstIndex, double analytic, double numerical,
                        double absError, Tensor analyticGrad, Tensor numericalGrad) {
        /** True when every element's relative error is at most {@code tolerance} (NaN fails). */
        public boolean passed(double tolerance) {
            return relError <= tolerance;
        }

        /**
         * True when every element has a relative error of at most {@code rtol} <em>or</em> an absolute error of at
         * most {@code atol}: the floor for gradients that are zero in exact arithmetic (a bias followed by
         * BatchNorm), where rounding leaves 1e-15 against 0 and the relative error is meaningless.
         */
        public boolean passed(double rtol, double atol) {
            for (int i = 0; i < analyticGrad.size(); i++) {
                double a = analyticGrad.getFlat(i), n = numericalGrad.getFlat(i);
                double diff = Math.abs(a - n);
                if (!(diff <= atol || diff / Math.max(1e-8, Math.abs(a) + Math.abs(n)) <= rtol)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final String subject;
    private final double h;
    private final List<Entry> entries;

    private GradientReport(String subject, double h, List<Entry> entries) {
        this.subject = subject;
        this.h = h;
        this.entries = List.copyOf(entries);
    }

    /** {@link #ofLayer(Layer, Tensor, Rng, boolean, double)} checking dx too, with {@link GradientCheck#DEFAULT_H}. */
    public static GradientReport ofLayer(Layer layer, Tensor x, Rng rng) {
        return ofLayer(layer, x, rng, true, GradientCheck.DEFAULT_H);
    }

    /**
     * Checks a layer at input {@code x} with a random upstream gradient dout ~ N(0, 1) drawn from {@code rng}:
     * backward's dx (when {@code checkInput}) and every parameter gradient against the vector–Jacobian product
     * of central differences.
     */
    public static GradientReport ofLayer(Layer layer, Tensor x, Rng rng, boolean checkInput, double h) {
        String subject = layer.toString().contains("\n") ? layer.getClass().getSimpleName() : layer.toString();
        requireF64(subject, "input x", x);
        List<String> names = parameterNames(layer);
        List<Parameter> params = layer.parameters();
        for (int i = 0; i < params.size(); i++) {
            requireF64(subject, "parameter " + names.get(i), params.get(i).value());
        }
        Tensor dout = Tensor.randn(rng, DType.F64, layer.forward(x).shape());
        params.forEach(Parameter::zeroGrad);
        layer.forward(x);
        Tensor dx = layer.backward(dout);
        List<Tensor> analytic = new ArrayList<>();
        for (Parameter p : params) {
            analytic.add(p.grad().copy());
        }
        List<Entry> entries = new ArrayList<>();
        if (checkInput) {
            entries.add(compare("x", dx, GradientCheck.numericalGradient(() -> layer.forward(x), x, dout, h)));
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor value = params.get(i).value();
            Tensor numerical = GradientCheck.numericalGradient(() -> layer.forward(x), value, dout, h);
            entries.add(compare(names.get(i), analytic.get(i), numerical));
        }
        restore(params, analytic);
        return new GradientReport(subject, h, entries);
    }

    /** {@link #ofLoss(DoubleSupplier, List, double)} with {@link GradientCheck#DEFAULT_H}. */
    public static GradientReport ofLoss(DoubleSupplier loss, List<Parameter> params) {
        return ofLoss(loss, params, GradientCheck.DEFAULT_H);
    }

    /**
     * Checks a model: {@code loss} runs forward and backward, fills (accumulates into) every parameter's grad
     * and returns the scalar loss — {@code () -> model.loss(x, y)} for a {@code Model}. Gradients are zeroed
     * before the analytic pass, so a loss that does not zero them itself is fine.
     */
    public static GradientReport ofLoss(DoubleSupplier loss, List<Parameter> params, double h) {
        for (Parameter p : params) {
            requireF64("loss", "parameter " + p.name(), p.value());
        }
        params.forEach(Parameter::zeroGrad);
        loss.getAsDouble();
        List<Tensor> analytic = new ArrayList<>();
        for (Parameter p : params) {
            analytic.add(p.grad().copy());
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            String name = seen.add(p.name()) ? p.name() : p.name() + "#" + i;
            entries.add(compare(name, analytic.get(i), GradientCheck.numericalGradient(loss, p.value(), h)));
        }
        restore(params, analytic);
        return new GradientReport("loss", h, entries);
    }

    private static List<String> parameterNames(Layer layer) {
        List<String> names = new ArrayList<>();
        if (layer instanceof Sequential seq) {
            names.addAll(seq.namedParameters().keySet());
            if (names.size() == layer.parameters().size()) {
                return names;
            }
            names.clear();
        }
        Set<String> seen = new HashSet<>();
        List<Parameter> params = layer.parameters();
        for (int i = 0; i < params.size(); i++) {
            String n = params.get(i).name();
            names.add(seen.add(n) ? n : n + "#" + i);
        }
        return names;
    }

    private static void restore(List<Parameter> params, List<Tensor> analytic) {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).grad().assign(analytic.get(i));
        }
    }

    private static void requireF64(String subject, String what, Tensor t) {
        if (t.dtype() != DType.F64) {
            throw new IllegalArgumentException("gradient check of " + subject + ": " + what + " " + Shapes.format(t.shape())
                    + " is " + t.dtype() + " — gradient checks need F64 (float rounding swamps central differences);"
                    + " build the layer or model with DType.F64 and convert the input with x.to(DType.F64)");
        }
    }

    private static Entry compare(String name, Tensor analytic, Tensor numerical) {
        if (!Shapes.same(analytic.shape(), numerical.shape())) {
            throw new IllegalStateException("gradient check: analytic gradient of " + name + " has shape "
                    + Shapes.format(analytic.shape()) + " but the tensor is " + Shapes.format(numerical.shape()));
        }
        double worst = 0, absError = 0;
        int at = 0;
        for (int i = 0; i < analytic.size(); i++) {
            double a = analytic.getFlat(i), n = numerical.getFlat(i);
            absError = Math.max(absError, Math.abs(a - n));
            double e = Math.abs(a - n) / Math.max(1e-8, Math.abs(a) + Math.abs(n));
            if (Double.isNaN(e) || e > worst) {
                worst = e;
                at = i;
                if (Double.isNaN(e)) {
                    break;
                }
            }
        }
        int[] shape = analytic.shape();
        int[] index = analytic.size() == 0 ? new int[0] : TensorAssert.unravel(at, shape);
        double a = analytic.size() == 0 ? 0 : analytic.getFlat(at);
        double n = analytic.size() == 0 ? 0 : numerical.getFlat(at);
        return new Entry(name, shape, worst, index, a, n, absError, analytic, numerical);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The entry with the largest relative error (NaN counts as largest); null when nothing was checked. */
    public Entry worst() {
        Entry w = null;
        for (Entry e : entries) {
            if (w == null || Double.isNaN(e.relError()) || e.relError() > w.relError()) {
                w = e;
                if (Double.isNaN(e.relError())) {
                    break;
                }
            }
        }
        return w;
    }

    /** The largest relative error over all entries (0 when nothing was checked). */
    public double maxRelError() {
        Entry w = worst();
        return w == null ? 0 : w.relError();
    }

    /** True when every entry's relative error is at most {@code tolerance}. */
    public boolean passed(double tolerance) {
        return entries.stream().allMatch(e -> e.passed(tolerance));
    }

    /** True when every entry passes {@link Entry#passed(double, double)}. */
    public boolean passed(double rtol, double atol) {
        return entries.stream().allMatch(e -> e.passed(rtol, atol));
    }

    /** The entry for {@code name} ("x", "W", "0.b", …). */
    public Entry entry(String name) {
        for (Entry e : entries) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("gradient report of " + subject + " has no entry '" + name + "'; it has "
                + entries.stream().map(Entry::name).toList());
    }

    /** A table: one line per checked tensor with its relative error, worst index and both values there. */
    @Override
    public String toString() {
        Entry w = worst();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "Gradient check of %s (h=%s): %d tensors, worst relative error %s%s%n", subject, h, entries.size(),
                w == null ? "-" : String.format(Locale.ROOT, "%.3e", w.relError()), w == null ? "" : " in " + w.name()));
        int nameWidth = 4, shapeWidth = 5;
        for (Entry e : entries) {
            nameWidth = Math.max(nameWidth, e.name().length());
            shapeWidth = Math.max(shapeWidth, Shapes.format(e.shape()).length());
        }
        String row = "%-" + nameWidth + "s  %-" + shapeWidth + "s  %10s  %-14s  %16s  %16s%n";
        sb.append(String.format(Locale.ROOT, row, "name", "shape", "rel.error", "worst index", "analytic", "numerical"));
        for (Entry e : entries) {
            sb.append(String.format(Locale.ROOT, row, e.name(), Shapes.format(e.shape()),
                    String.format(Locale.ROOT, "%.3e", e.relError()), Shapes.format(e.worstIndex()),
                    String.format(Locale.ROOT, "%.9e", e.analytic()), String.format(Locale.ROOT, "%.9e", e.numerical())));
        }
        return sb.toString().stripTrailing();
    }
}
