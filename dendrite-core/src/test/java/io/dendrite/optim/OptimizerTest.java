package io.dendrite.optim;

import io.dendrite.nn.Parameter;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptimizerTest {

    static Parameter param(String name, double... values) {
        Parameter p = new Parameter(name, Tensor.of(values.clone(), values.length));
        return p;
    }

    static void setGrad(Parameter p, double... g) {
        p.grad().assign(Tensor.of(g, g.length));
    }

    @Test
    void stepsEveryParameterWithItsOwnState() {
        Parameter w1 = param("W1", 1, 2, 3), b1 = param("b1", 0.5);
        Optimizer opt = new Optimizer(new Momentum(0.1, 0.9), List.of(w1, b1));
        setGrad(w1, 1, 1, 1);
        setGrad(b1, -2);
        opt.step();
        // v = −0.1·dw; w += v
        assertThat(w1.value().toDoubleArray()).containsExactly(0.9, 1.9, 2.9);
        assertThat(b1.value().toDoubleArray()).containsExactly(0.7);
        assertThat(opt.states()).containsOnlyKeys("W1", "b1");
        assertThat(opt.state("W1").get("velocity").shape()).containsExactly(3);
        assertThat(opt.state("b1").get("velocity").toDoubleArray()).containsExactly(0.2);
        opt.zeroGrad();
        assertThat(w1.grad().toDoubleArray()).containsOnly(0.0);
        assertThat(b1.grad().toDoubleArray()).containsOnly(0.0);
        opt.step(); // zero gradient: momentum alone moves each by 0.9·v
        assertThat(b1.value().get(0)).isCloseTo(0.7 + 0.18, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(w1.value().get(0)).isCloseTo(0.9 - 0.09, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(opt.state("W1").step()).isEqualTo(2);
    }

    @Test
    void mapKeysNameTheStates() {
        Map<String, Parameter> params = new LinkedHashMap<>();
        params.put("W1", param("weight", 1));
        params.put("b1", param("bias", 2));
        Optimizer opt = new Optimizer(new Adam(), params);
        assertThat(opt.states().keySet()).containsExactly("W1", "b1");
        assertThat(opt.parameters().keySet()).containsExactly("W1", "b1");
        assertThatThrownBy(() -> opt.state("weight")).hasMessageContaining("no parameter named 'weight'");
    }

    @Test
    void duplicateNamesAreRefused() {
        assertThatThrownBy(() -> new Optimizer(new Sgd(), List.of(param("W", 1), param("W", 2))))
                .hasMessageContaining("two parameters are named 'W'");
    }

    @Test
    void restoredStatesContinueExactlyAsIfUninterrupted() {
        double[][] grads = {{0.3, -0.2}, {0.1, 0.4}, {-0.5, 0.2}, {0.05, 0.05}};
        Parameter a = param("W1", 1, -1), b = param("W1", 1, -1);
        Optimizer straight = new Optimizer(new Adam(0.1), List.of(a));
        Optimizer first = new Optimizer(new Adam(0.1), List.of(b));
        for (int i = 0; i < 2; i++) {
            setGrad(a, grads[i]);
            straight.step();
            setGrad(b, grads[i]);
            first.step();
        }
        Map<String, State> saved = new LinkedHashMap<>();
        first.states().forEach((k, v) -> saved.put(k, v.copy()));
        Optimizer resumed = new Optimizer(new Adam(0.1), List.of(b));
        resumed.loadStates(saved);
        assertThat(resumed.state("W1").step()).isEqualTo(2);
        for (int i = 2; i < 4; i++) {
            setGrad(a, grads[i]);
            straight.step();
            setGrad(b, grads[i]);
            resumed.step();
        }
        assertThat(b.value().toDoubleArray()).containsExactly(a.value().toDoubleArray());
        // the restored state is a copy: changing the saved one later does not reach the optimizer
        saved.get("W1").setStep(99);
        assertThat(resumed.state("W1").step()).isEqualTo(4);
    }

    @Test
    void loadStatesRefusesOtherNames() {
        Optimizer opt = new Optimizer(new Sgd(), List.of(param("W1", 1), param("b1", 1)));
        assertThatThrownBy(() -> opt.loadStates(Map.of("W1", new State(), "W9", new State())))
                .hasMessageContaining("missing [b1]").hasMessageContaining("unexpected [W9]");
    }

    @Test
    void learningRateGoesToTheRuleAndF32ParametersWork() {
        Parameter p = new Parameter("W", Tensor.of(new float[] {1f, 2f}, 2));
        Optimizer opt = new Optimizer(new Sgd(0.5), List.of(p));
        opt.setLearningRate(0.25);
        assertThat(opt.rule().learningRate()).isEqualTo(0.25);
        p.grad().assign(Tensor.of(new float[] {4f, -4f}, 2));
        opt.step();
        assertThat(p.value().dtype()).isEqualTo(DType.F32);
        assertThat(p.value().toDoubleArray()).containsExactly(0.0, 3.0);
        opt.resetStates();
        assertThat(opt.state("W").step()).isZero();
    }

    @Test
    void clipGlobalNormScalesAllGradientsByMaxNormOverTheirJointNorm() {
        Parameter w = param("W1", 0, 0), b = param("b1", 0);
        Optimizer opt = new Optimizer(new Sgd(1), List.of(w, b));
        setGrad(w, 3, 4);
        setGrad(b, -12);
        // ‖g‖ = √(9 + 16 + 144) = 13 > 6.5: every gradient × 6.5 / 13 = 0.5
        assertThat(opt.clipGlobalNorm(6.5)).isEqualTo(13.0);
        assertThat(w.grad().toDoubleArray()).containsExactly(1.5, 2.0);
        assertThat(b.grad().toDoubleArray()).containsExactly(-6.0);
        assertThat(opt.clipGlobalNorm(6.5)).isEqualTo(6.5);   // now exactly at the limit: untouched
        assertThat(w.grad().toDoubleArray()).containsExactly(1.5, 2.0);
    }

    @Test
    void clipGlobalNormLeavesSmallAndNonFiniteGradientsUntouched() {
        Parameter w = new Parameter("W", Tensor.of(new float[] {0f, 0f, 0f}, 3));
        Optimizer opt = new Optimizer(new Sgd(1), List.of(w));
        w.grad().assign(Tensor.of(new float[] {0.1f, -0.2f, 0.3f}, 3));
        float[] before = w.grad().toFloatArray();
        assertThat(opt.clipGlobalNorm(1)).isCloseTo(Math.sqrt(0.14), org.assertj.core.data.Offset.offset(1e-7));
        assertThat(w.grad().toFloatArray()).containsExactly(before);
        w.grad().assign(Tensor.of(new float[] {Float.NaN, 5f, 0f}, 3));
        assertThat(opt.clipGlobalNorm(1)).isNaN();
        assertThat(w.grad().get(1)).isEqualTo(5.0);
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> opt.clipGlobalNorm(bad)).hasMessageContaining("invalid maxNorm: " + bad);
            assertThatThrownBy(() -> opt.clipValue(bad)).hasMessageContaining("invalid maxAbs: " + bad);
        }
    }

    @Test
    void clipValueLimitsEveryElement() {
        Parameter w = param("W1", 0, 0, 0, 0), b = param("b1", 0);
        Optimizer opt = new Optimizer(new Sgd(1), List.of(w, b));
        setGrad(w, -3, -0.5, 0.5, 3);
        setGrad(b, Double.NaN);
        opt.clipValue(1);
        assertThat(w.grad().toDoubleArray()).containsExactly(-1, -0.5, 0.5, 1);
        assertThat(b.grad().get(0)).isNaN();
    }
}
