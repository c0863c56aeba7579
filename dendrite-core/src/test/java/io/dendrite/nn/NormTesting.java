package io.dendrite.nn;

import io.dendrite.check.GradientCheck;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Shared fixtures of the normalization-layer tests: golden values, inputs, gradient checks, contract checks. */
final class NormTesting {
    static final double H = 1e-5;
    private static Map<String, double[]> golden;

    private NormTesting() {
    }

    /** Expected values written by golden/norm.py (numpy, float64). */
    static synchronized double[] golden(String name) {
        if (golden == null) {
            try (InputStream in = NormTesting.class.getResourceAsStream("golden/norm.txt")) {
                assertThat(in).as("resource io/dendrite/nn/golden/norm.txt").isNotNull();
                golden = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .map(l -> l.trim().split("\\s+"))
                        .collect(Collectors.toMap(p -> p[0],
                                p -> Arrays.stream(p, 1, p.length).mapToDouble(Double::parseDouble).toArray()));
            } catch (IOException e) {
                throw new AssertionError("golden/norm.txt unreadable", e);
            }
        }
        double[] v = golden.get(name);
        assertThat(v).as("golden values '%s' in golden/norm.txt", name).isNotNull();
        return v;
    }

    /** Asserts relError(actual, golden) ≤ 1e-7 (golden values from numpy in float64). */
    static void assertGolden(Tensor actual, String name) {
        Tensor expected = Tensor.of(golden(name), actual.shape());
        assertThat(GradientCheck.relError(actual, expected)).as("relError vs numpy for %s", name).isLessThanOrEqualTo(1e-7);
    }

    /** t + 0.3·t² for t = linspace(start, stop, size).reshape(shape) — the same ramp as norm.py. */
    static Tensor ramp(double start, double stop, int... shape) {
        int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        Tensor t = Tensor.linspace(start, stop, size).reshape(shape);
        return t.add(t.square().mul(0.3));
    }

    /** γ = linspace(0.5, 1.5, C), β = linspace(−0.2, 0.3, C), as in norm.py. */
    static void setAffine(Layer layer, int c) {
        layer.parameters().get(0).value().assign(Tensor.linspace(0.5, 1.5, c));
        layer.parameters().get(1).value().assign(Tensor.linspace(-0.2, 0.3, c));
    }

    /** Random γ around 1 and β around 0 so that the gradient checks do not hide behind γ = 1, β = 0. */
    static void randomAffine(Layer layer, Rng rng) {
        Tensor g = layer.parameters().get(0).value(), b = layer.parameters().get(1).value();
        g.assign(Tensor.randn(rng, g.dtype(), g.shape()).mul(0.3).add(1));
        b.assign(Tensor.randn(rng, b.dtype(), b.shape()).mul(0.3));
    }

    /**
     * Relative errors {dx, dgamma, dbeta} of the layer's backward against central differences for a random
     * dout; the layer must be F64.
     */
    static double[] gradientErrors(Layer layer, Tensor x, Rng rng) {
        Tensor out = layer.forward(x);
        Tensor dout = Tensor.randn(rng, DType.F64, out.shape());
        layer.parameters().forEach(Parameter::zeroGrad);
        Tensor dx = layer.backward(dout);
        Tensor numDx = GradientCheck.numericalGradient(() -> layer.forward(x), x, dout, H);
        Parameter gamma = layer.parameters().get(0), beta = layer.parameters().get(1);
        Tensor numDg = GradientCheck.numericalGradient(() -> layer.forward(x), gamma.value(), dout, H);
        Tensor numDb = GradientCheck.numericalGradient(() -> layer.forward(x), beta.value(), dout, H);
        return new double[]{GradientCheck.relError(dx, numDx), GradientCheck.relError(gamma.grad(), numDg),
                GradientCheck.relError(beta.grad(), numDb)};
    }

    /** Each of {dx, dgamma, dbeta} within {@code tol}; set -Dnorm.report=true to print the errors reached. */
    static void assertGradientErrors(String what, double[] err, double tol) {
        if (Boolean.getBoolean("norm.report")) {
            System.out.printf("%s: dx %.2e, dgamma %.2e, dbeta %.2e%n", what, err[0], err[1], err[2]);
        }
        String[] names = {"dx", "dgamma", "dbeta"};
        for (int i = 0; i < 3; i++) {
            assertThat(err[i]).as("%s %s relError", what, names[i]).isLessThanOrEqualTo(tol);
        }
    }

    /** backward leaves dout as it was, returns a fresh dx, and a second backward accumulates parameter gradients. */
    static void checkDoutUntouchedAndAccumulation(Layer layer, Tensor x, Rng rng) {
        Tensor out = layer.forward(x);
        Tensor dout = Tensor.randn(rng, out.dtype(), out.shape());
        Tensor before = dout.copy();
        layer.parameters().forEach(Parameter::zeroGrad);
        Tensor dx1 = layer.backward(dout);
        assertThat(dout.toDoubleArray()).containsExactly(before.toDoubleArray());
        assertThat(dx1.sharesStorageWith(dout)).isFalse();
        assertThat(dx1.sharesStorageWith(x)).isFalse();
        double[] onceG = layer.parameters().get(0).grad().toDoubleArray();
        double[] onceB = layer.parameters().get(1).grad().toDoubleArray();
        Tensor dx2 = layer.backward(dout);
        assertThat(dx2.toDoubleArray()).containsExactly(dx1.toDoubleArray());
        double[] twiceG = layer.parameters().get(0).grad().toDoubleArray();
        double[] twiceB = layer.parameters().get(1).grad().toDoubleArray();
        for (int i = 0; i < onceG.length; i++) {
            assertThat(twiceG[i]).isCloseTo(2 * onceG[i], within(1e-5 * (1 + Math.abs(onceG[i]))));
            assertThat(twiceB[i]).isCloseTo(2 * onceB[i], within(1e-5 * (1 + Math.abs(onceB[i]))));
        }
    }

    static void checkBackwardBeforeForward(Layer layer, int... shape) {
        assertThatThrownBy(() -> layer.backward(Tensor.zeros(DType.F32, shape)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(layer + ": backward called before forward");
    }

    /** The same layer built in F32 and F64 (same γ, β) agrees on forward, dx and the parameter gradients. */
    static void checkF32MatchesF64(Function<DType, Layer> make, Tensor x64, Rng rng) {
        Layer l32 = make.apply(DType.F32), l64 = make.apply(DType.F64);
        randomAffine(l64, rng);
        for (int i = 0; i < 2; i++) {
            l32.parameters().get(i).value().assign(l64.parameters().get(i).value());
            assertThat(l32.parameters().get(i).value().dtype()).isEqualTo(DType.F32);
        }
        Tensor out64 = l64.forward(x64);
        Tensor out32 = l32.forward(x64.to(DType.F32));
        assertThat(out32.dtype()).isEqualTo(DType.F32);
        TensorAssert.assertClose(out32, out64, 1e-4, 1e-5);
        Tensor dout = Tensor.randn(rng, DType.F64, out64.shape());
        Tensor dx64 = l64.backward(dout), dx32 = l32.backward(dout.to(DType.F32));
        assertThat(dx32.dtype()).isEqualTo(DType.F32);
        TensorAssert.assertClose(dx32, dx64, 1e-3, 1e-4);
        for (int i = 0; i < 2; i++) {
            TensorAssert.assertClose(l32.parameters().get(i).grad(), l64.parameters().get(i).grad(), 1e-4, 1e-4);
        }
    }

    /** Input dtype must match the layer's; the message names layer, dtypes and the fix. */
    static void checkDtypeMismatch(Layer f32Layer, Tensor x64) {
        assertThatThrownBy(() -> f32Layer.forward(x64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f32Layer.toString()).hasMessageContaining("F64").hasMessageContaining("F32")
                .hasMessageContaining("x.to(DType.F32)");
    }
}
