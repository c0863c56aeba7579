package io.dendrite.optim;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Defaults, argument validation, shape checks, layouts and dtypes at the door of every rule. */
class UpdateRuleContractTest {

    @Test
    void defaultsComeFromTheirConstants() {
        assertThat(new Sgd().learningRate()).isEqualTo(Sgd.DEFAULT_LEARNING_RATE).isEqualTo(1e-2);
        assertThat(new Momentum().momentum()).isEqualTo(Momentum.DEFAULT_MOMENTUM).isEqualTo(0.9);
        assertThat(new Momentum().learningRate()).isEqualTo(1e-2);
        assertThat(new Nesterov().momentum()).isEqualTo(0.9);
        RmsProp rms = new RmsProp();
        assertThat(rms.learningRate()).isEqualTo(1e-2);
        assertThat(rms.decay()).isEqualTo(RmsProp.DEFAULT_DECAY).isEqualTo(0.99);
        assertThat(rms.epsilon()).isEqualTo(RmsProp.DEFAULT_EPSILON).isEqualTo(1e-8);
        Adam adam = new Adam();
        assertThat(adam.learningRate()).isEqualTo(Adam.DEFAULT_LEARNING_RATE).isEqualTo(1e-3);
        assertThat(adam.beta1()).isEqualTo(0.9);
        assertThat(adam.beta2()).isEqualTo(0.999);
        assertThat(adam.epsilon()).isEqualTo(1e-8);
        AdamW adamW = new AdamW();
        assertThat(adamW.beta2()).isEqualTo(Adam.DEFAULT_BETA2);
        assertThat(adamW.weightDecay()).isEqualTo(AdamW.DEFAULT_WEIGHT_DECAY);
        assertThat(new AdaGrad().epsilon()).isEqualTo(AdaGrad.DEFAULT_EPSILON);
    }

    @Test
    void invalidArgumentsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> new Sgd(-0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid learning rate: -0.1");
        assertThatThrownBy(() -> new Adam(Double.NaN)).hasMessageContaining("invalid learning rate: NaN");
        assertThatThrownBy(() -> new Sgd(Double.POSITIVE_INFINITY)).hasMessageContaining("invalid learning rate: Infinity");
        assertThatThrownBy(() -> new Momentum(0.1, 1.0)).hasMessageContaining("invalid momentum: 1.0");
        assertThatThrownBy(() -> new Nesterov(0.1, -0.5)).hasMessageContaining("invalid momentum: -0.5");
        assertThatThrownBy(() -> new RmsProp(0.1, 1.5, 1e-8)).hasMessageContaining("invalid decay rate: 1.5");
        assertThatThrownBy(() -> new RmsProp(0.1, 0.9, 0)).hasMessageContaining("invalid epsilon: 0.0");
        assertThatThrownBy(() -> new AdaGrad(0.1, -1e-7)).hasMessageContaining("invalid epsilon: -1.0E-7");
        assertThatThrownBy(() -> new Adam(1e-3, 1.0, 0.999, 1e-8)).hasMessageContaining("invalid beta1: 1.0");
        assertThatThrownBy(() -> new Adam(1e-3, 0.9, 2, 1e-8)).hasMessageContaining("invalid beta2: 2.0");
        assertThatThrownBy(() -> new AdamW(1e-3, -0.01)).hasMessageContaining("invalid weight decay: -0.01");
        Adam adam = new Adam();
        assertThatThrownBy(() -> adam.setLearningRate(-0.1)).hasMessageContaining("invalid learning rate: -0.1");
        assertThat(adam.learningRate()).isEqualTo(1e-3);
        adam.setLearningRate(0.5);
        assertThat(adam.learningRate()).isEqualTo(0.5);
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        Tensor w = Tensor.zeros(DType.F64, 4, 5), dw = Tensor.zeros(DType.F64, 5, 4);
        State s = new State();
        for (String name : UpdateRules.names()) {
            assertThatThrownBy(() -> UpdateRules.create(name).update(w, dw, s))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(4, 5)").hasMessageContaining("(5, 4)");
        }
        assertThat(s.step()).isZero();
    }

    @Test
    void stateOfAnotherParameterIsRefused() {
        State s = new State().put("velocity", Tensor.zeros(DType.F64, 3));
        assertThatThrownBy(() -> new Momentum().update(Tensor.zeros(DType.F64, 2, 2), Tensor.zeros(DType.F64, 2, 2), s))
                .hasMessageContaining("velocity").hasMessageContaining("(3,)").hasMessageContaining("(2, 2)");
        assertThat(s.step()).isZero();
    }

    @Test
    void nonContiguousWIsUpdatedInPlace() {
        Tensor base = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor w = base.transpose(); // (3, 2) view
        assertThat(w.isContiguous()).isFalse();
        Tensor dw = Tensor.of(new double[] {1, 1, 1, 1, 1, 1}, 3, 2);
        new Sgd(0.5).update(w, dw, new State());
        assertThat(base.toDoubleArray()).containsExactly(0.5, 1.5, 2.5, 3.5, 4.5, 5.5);
    }

    @Test
    void gradientOfOtherDtypeAndStateOfOtherDtypeAreConverted() {
        Tensor w = Tensor.of(new float[] {1, 2}, 2);
        State s = new State().put("velocity", Tensor.of(new double[] {0.5, 0.5}, 2));
        new Momentum(0.1, 0.5).update(w, Tensor.of(new double[] {1, -1}, 2), s);
        assertThat(s.get("velocity").dtype()).isEqualTo(DType.F32);
        // v = 0.25 − 0.1·dw
        assertThat(s.get("velocity").toDoubleArray()).containsExactly(new double[] {0.15, 0.35}, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(w.toDoubleArray()).containsExactly(new double[] {1.15, 2.35}, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void zeroSizeTensorsAreFine() {
        for (String name : UpdateRules.names()) {
            State s = new State();
            UpdateRules.create(name).update(Tensor.zeros(DType.F32, 0, 3), Tensor.zeros(DType.F32, 0, 3), s);
            assertThat(s.step()).isEqualTo(1);
        }
    }

    @Test
    void stateCopyIsDeepAndKeepsOrder() {
        State s = new State().put("m", Tensor.of(new double[] {1}, 1)).put("v", Tensor.of(new double[] {2}, 1));
        s.setStep(5);
        State c = s.copy();
        s.get("m").set(9, 0);
        assertThat(c.get("m").get(0)).isEqualTo(1);
        assertThat(c.step()).isEqualTo(5);
        assertThat(c.keys()).containsExactly("m", "v");
        assertThat(c.asMap()).containsOnlyKeys("m", "v");
        assertThatThrownBy(() -> c.get("velocity")).hasMessageContaining("velocity").hasMessageContaining("[m, v]");
        assertThatThrownBy(() -> c.setStep(-1)).hasMessageContaining("invalid step: -1");
        assertThat(c.toString()).isEqualTo("State(step=5, m(1,) F64, v(1,) F64)");
    }

    @Test
    void configNamesAndPrintouts() {
        assertThat(new Adam().config()).containsExactly(
                Map.entry("learning_rate", 1e-3), Map.entry("beta1", 0.9), Map.entry("beta2", 0.999),
                Map.entry("epsilon", 1e-8));
        assertThat(new Momentum(0.1).toString()).isEqualTo("Momentum(learning_rate=0.1, momentum=0.9)");
        assertThat(new RmsProp().name()).isEqualTo("rmsprop");
        assertThat(new AdamW().name()).isEqualTo("adamw");
    }
}
