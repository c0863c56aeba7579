package io.dendrite.optim;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every rule against values computed here with plain double loops, after one and after two steps (the second
 * step catches state and bias-correction bugs), on cs231n's test setup: N, D = 4, 5,
 * w = linspace(−0.4, 0.6), dw = linspace(−0.6, 0.4), state = linspace(0.6, 0.9) (Adam: m = linspace(0.6, 0.9),
 * v = linspace(0.7, 0.5), t = 5). The second step uses another gradient, dw2 = linspace(0.5, −0.3).
 * A few elements are also checked against numbers worked out by hand (they match cs231n's published arrays).
 */
class UpdateRuleMathTest {
    static final int N = 4, D = 5, S = N * D;

    static double[] lin(double a, double b) {
        double[] x = new double[S];
        for (int i = 0; i < S; i++) {
            x[i] = a + (b - a) * i / (S - 1);
        }
        return x;
    }

    static Tensor t(double[] x, DType dtype) {
        Tensor f64 = Tensor.of(x.clone(), N, D);
        return dtype == DType.F64 ? f64 : f64.to(DType.F32);
    }

    static double tol(DType dtype) {
        return dtype == DType.F64 ? 1e-12 : 2e-6;
    }

    static void assertArray(Tensor actual, double[] expected, DType dtype) {
        TensorAssert.assertClose(actual.to(DType.F64), Tensor.of(expected, N, D), tol(dtype), tol(dtype));
    }

    // ------------------------------------------------------------------ reference loops, one step each

    static void refSgd(double[] w, double[] dw, double lr) {
        for (int i = 0; i < w.length; i++) {
            w[i] = w[i] - lr * dw[i];
        }
    }

    static void refMomentum(double[] w, double[] dw, double[] v, double lr, double mu) {
        for (int i = 0; i < w.length; i++) {
            v[i] = mu * v[i] - lr * dw[i];
            w[i] = w[i] + v[i];
        }
    }

    /** The book's form of Nesterov, algebraically equal to cs231n's: w += μ²·v_prev − (1+μ)·lr·dw. */
    static void refNesterov(double[] w, double[] dw, double[] v, double lr, double mu) {
        for (int i = 0; i < w.length; i++) {
            w[i] = w[i] + mu * mu * v[i] - (1 + mu) * lr * dw[i];
            v[i] = mu * v[i] - lr * dw[i];
        }
    }

    static void refAdaGrad(double[] w, double[] dw, double[] cache, double lr, double eps) {
        for (int i = 0; i < w.length; i++) {
            cache[i] = cache[i] + dw[i] * dw[i];
            w[i] = w[i] - lr * dw[i] / (Math.sqrt(cache[i]) + eps);
        }
    }

    static void refRmsProp(double[] w, double[] dw, double[] cache, double lr, double decay, double eps) {
        for (int i = 0; i < w.length; i++) {
            cache[i] = decay * cache[i] + (1 - decay) * dw[i] * dw[i];
            w[i] = w[i] - lr * dw[i] / (Math.sqrt(cache[i]) + eps);
        }
    }

    /** t is the value used (already incremented). */
    static void refAdam(double[] w, double[] dw, double[] m, double[] v, int t, double lr, double b1, double b2,
                        double eps, double wd) {
        for (int i = 0; i < w.length; i++) {
            m[i] = b1 * m[i] + (1 - b1) * dw[i];
            v[i] = b2 * v[i] + (1 - b2) * dw[i] * dw[i];
            double mt = m[i] / (1 - Math.pow(b1, t));
            double vt = v[i] / (1 - Math.pow(b2, t));
            w[i] = w[i] - lr * wd * w[i] - lr * mt / (Math.sqrt(vt) + eps);
        }
    }

    // ------------------------------------------------------------------ tests

    @ParameterizedTest
    @EnumSource(DType.class)
    void sgd(DType dtype) {
        double[] w = lin(-0.4, 0.6), dw1 = lin(-0.6, 0.4), dw2 = lin(0.5, -0.3);
        Tensor W = t(w, dtype);
        State s = new State();
        Sgd rule = new Sgd(1e-3);
        rule.update(W, t(dw1, dtype), s);
        refSgd(w, dw1, 1e-3);
        assertArray(W, w, dtype);
        assertThat(W.get(0, 0)).isCloseTo(-0.4 + 0.6e-3, within(1e-7));
        rule.update(W, t(dw2, dtype), s);
        refSgd(w, dw2, 1e-3);
        assertArray(W, w, dtype);
        assertThat(W.dtype()).isEqualTo(dtype);
        assertThat(s.keys()).isEmpty();
        assertThat(s.step()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void momentum(DType dtype) {
        double[] w = lin(-0.4, 0.6), dw1 = lin(-0.6, 0.4), dw2 = lin(0.5, -0.3), v = lin(0.6, 0.9);
        Tensor W = t(w, dtype);
        State s = new State().put("velocity", t(v, dtype));
        Momentum rule = new Momentum(1e-3, 0.9);
        rule.update(W, t(dw1, dtype), s);
        refMomentum(w, dw1, v, 1e-3, 0.9);
        assertArray(W, w, dtype);
        assertArray(s.get("velocity"), v, dtype);
        // by hand: v = 0.9·0.6 + 1e-3·0.6 = 0.5406, w = −0.4 + 0.5406; last: v = 0.81 − 4e-4, w = 0.6 + 0.8096
        assertThat(W.get(0, 0)).isCloseTo(0.1406, within(1e-6));
        assertThat(W.get(3, 4)).isCloseTo(1.4096, within(1e-6));
        assertThat(s.get("velocity").get(0, 0)).isCloseTo(0.5406, within(1e-6));
        rule.update(W, t(dw2, dtype), s);
        refMomentum(w, dw2, v, 1e-3, 0.9);
        assertArray(W, w, dtype);
        assertArray(s.get("velocity"), v, dtype);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void momentumStartsFromZeroVelocity(DType dtype) {
        double[] w = lin(-0.4, 0.6), dw1 = lin(-0.6, 0.4), dw2 = lin(0.5, -0.3), v = new double[S];
        Tensor W = t(w, dtype);
        State s = new State();
        Momentum rule = new Momentum(0.1);
        rule.update(W, t(dw1, dtype), s);
        rule.update(W, t(dw2, dtype), s);
        refMomentum(w, dw1, v, 0.1, Momentum.DEFAULT_MOMENTUM);
        refMomentum(w, dw2, v, 0.1, Momentum.DEFAULT_MOMENTUM);
        assertArray(W, w, dtype);
        assertThat(s.get("velocity").dtype()).isEqualTo(dtype);
        assertThat(s.get("velocity").shape()).containsExactly(N, D);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void nesterov(DType dtype) {
        double[] w = lin(-0.4, 0.6), dw1 = lin(-0.6, 0.4), dw2 = lin(0.5, -0.3), v = lin(0.6, 0.9);
        Tensor W = t(w, dtype);
        State s = new State().put("velocity", t(v, dtype));
        Nesterov rule = new Nesterov(1e-2, 0.8);
        rule.update(W, t(dw1, dtype), s);
        refNesterov(w, dw1, v, 1e-2, 0.8);
        assertArray(W, w, dtype);
        assertArray(s.get("velocity"), v, dtype);
        // by hand, element 0: v = 0.8·0.6 + 0.006 = 0.486; w = −0.4 − 0.8·0.6 + 1.8·0.486 = −0.0052
        assertThat(W.get(0, 0)).isCloseTo(-0.0052, within(1e-6));
        rule.update(W, t(dw2, dtype), s);
        refNesterov(w, dw2, v, 1e-2, 0.8);
        assertArray(W, w, dtype);
        assertArray(s.get("velocity"), v, dtype);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void adaGrad(DType dtype) {
        double[] w = lin(-0.4, 0.6), dw1 = lin(-0.6, 0.4), dw2 = lin(0.5, -0.3), c = lin(0.6, 0.9);
        Tensor W = t(w, dtype);
        State s = new State().put("cache", t(c, dtype));
        AdaGrad rule = new AdaGrad(1e-2, 1e-7);
        rule.update(W, t(dw1, dtype), s);
        refAdaGrad(w, dw1, c, 1e-2, 1e-7);
        assertArray(W, w, dtype);
        assertArray(s.get("cache"), c, dtype);
        // by hand, element 0: cache = 0.6 + 0.36 = 0.96; w = −0.4 + 0.006/√0.96
        assertThat(W.get(0, 0)).isCloseTo(-0.4 + 0.006 / Math.sqrt(0.96), within(1e-6));
        rule.update(W, t(dw2, dtype), s);
        refAdaGrad(w, dw2, c, 1e-2, 1e-7);
        assertArray(W, w, dtype);
        assertArray(s.get("cache"), c, dtype);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void rmsProp(DType dtype) {
        double[] w = lin(-0.4, 0.6), dw1 = lin(-0.6, 0.4), dw2 = lin(0.5, -0.3), c = lin(0.6, 0.9);
        Tensor W = t(w, dtype);
        State s = new State().put("cache", t(c, dtype));
        RmsProp rule = new RmsProp(1e-2);
        rule.update(W, t(dw1, dtype), s);
        refRmsProp(w, dw1, c, 1e-2, 0.99, 1e-8);
        assertArray(W, w, dtype);
        assertArray(s.get("cache"), c, dtype);
        // by hand (cs231n's expected_next_w[0, 0] and expected_cache[0, 0]): cache = 0.594 + 0.0036
        assertThat(s.get("cache").get(0, 0)).isCloseTo(0.5976, within(1e-6));
        assertThat(W.get(0, 0)).isCloseTo(-0.39223849, within(1e-6));
        rule.update(W, t(dw2, dtype), s);
        refRmsProp(w, dw2, c, 1e-2, 0.99, 1e-8);
        assertArray(W, w, dtype);
        assertArray(s.get("cache"), c, dtype);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void adamUsesAndStoresTheIncrementedStep(DType dtype) {
        double[] w = lin(-0.4, 0.6), dw1 = lin(-0.6, 0.4), dw2 = lin(0.5, -0.3), m = lin(0.6, 0.9), v = lin(0.7, 0.5);
        Tensor W = t(w, dtype);
        State s = new State().put("m", t(m, dtype)).put("v", t(v, dtype));
        s.setStep(5);
        Adam rule = new Adam(1e-2);
        rule.update(W, t(dw1, dtype), s);
        assertThat(s.step()).isEqualTo(6);
        refAdam(w, dw1, m, v, 6, 1e-2, 0.9, 0.999, 1e-8, 0);
        assertArray(W, w, dtype);
        assertArray(s.get("m"), m, dtype);
        assertArray(s.get("v"), v, dtype);
        // by hand (cs231n's expected arrays, element 0): m = 0.54 − 0.06; v = 0.6993 + 0.00036
        assertThat(s.get("m").get(0, 0)).isCloseTo(0.48, within(1e-6));
        assertThat(s.get("v").get(0, 0)).isCloseTo(0.69966, within(1e-6));
        assertThat(W.get(0, 0)).isCloseTo(-0.40094747, within(1e-6));
        rule.update(W, t(dw2, dtype), s);
        assertThat(s.step()).isEqualTo(7);
        refAdam(w, dw2, m, v, 7, 1e-2, 0.9, 0.999, 1e-8, 0);
        assertArray(W, w, dtype);
        assertArray(s.get("m"), m, dtype);
        assertArray(s.get("v"), v, dtype);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void adamFromFreshState(DType dtype) {
        double[] w = lin(-0.4, 0.6), dw1 = lin(-0.6, 0.4), dw2 = lin(0.5, -0.3), m = new double[S], v = new double[S];
        Tensor W = t(w, dtype);
        State s = new State();
        Adam rule = new Adam();
        rule.update(W, t(dw1, dtype), s);
        refAdam(w, dw1, m, v, 1, 1e-3, 0.9, 0.999, 1e-8, 0);
        assertArray(W, w, dtype);
        // first Adam step moves every element by ≈ lr·sign(dw) (mt/√vt = ±1 up to eps)
        assertThat(W.get(0, 0)).isCloseTo(-0.4 + 1e-3, within(1e-6));
        rule.update(W, t(dw2, dtype), s);
        refAdam(w, dw2, m, v, 2, 1e-3, 0.9, 0.999, 1e-8, 0);
        assertArray(W, w, dtype);
        assertThat(s.step()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void adamW(DType dtype) {
        double[] w = lin(-0.4, 0.6), dw1 = lin(-0.6, 0.4), dw2 = lin(0.5, -0.3), m = lin(0.6, 0.9), v = lin(0.7, 0.5);
        Tensor W = t(w, dtype);
        State s = new State().put("m", t(m, dtype)).put("v", t(v, dtype));
        s.setStep(5);
        AdamW rule = new AdamW(1e-2, 0.9, 0.999, 1e-8, 0.1);
        rule.update(W, t(dw1, dtype), s);
        refAdam(w, dw1, m, v, 6, 1e-2, 0.9, 0.999, 1e-8, 0.1);
        assertArray(W, w, dtype);
        // by hand: Adam's −0.40094747 plus the decay −1e-2·0.1·(−0.4) = +4e-4
        assertThat(W.get(0, 0)).isCloseTo(-0.40094747 + 4e-4, within(1e-6));
        rule.update(W, t(dw2, dtype), s);
        refAdam(w, dw2, m, v, 7, 1e-2, 0.9, 0.999, 1e-8, 0.1);
        assertArray(W, w, dtype);
        assertArray(s.get("m"), m, dtype);
        assertArray(s.get("v"), v, dtype);
        assertThat(s.step()).isEqualTo(7);
    }

    @Test
    void adamWWithoutDecayIsAdam() {
        Tensor a = Tensor.of(lin(-0.4, 0.6), N, D), b = a.copy(), dw = Tensor.of(lin(-0.6, 0.4), N, D);
        State sa = new State(), sb = new State();
        for (int k = 0; k < 3; k++) {
            new Adam(1e-2).update(a, dw, sa);
            new AdamW(1e-2, 0.0).update(b, dw, sb);
        }
        assertThat(b.toDoubleArray()).containsExactly(a.toDoubleArray());
    }

    @Test
    void f32MatchesF64ForEveryRule() {
        for (String name : UpdateRules.names()) {
            UpdateRule rule = UpdateRules.create(name, 1e-2);
            Tensor w64 = Tensor.of(lin(-0.4, 0.6), N, D), w32 = w64.to(DType.F32);
            State s64 = new State(), s32 = new State();
            for (double[] g : new double[][] {lin(-0.6, 0.4), lin(0.5, -0.3), lin(0.1, 0.2)}) {
                rule.update(w64, Tensor.of(g, N, D), s64);
                rule.update(w32, Tensor.of(g, N, D).to(DType.F32), s32);
            }
            assertThat(w32.dtype()).as(name).isEqualTo(DType.F32);
            TensorAssert.assertClose(w32.to(DType.F64), w64, 1e-5, 1e-6);
            assertThat(s32.keys()).as(name).containsExactlyElementsOf(s64.keys());
        }
    }
}
