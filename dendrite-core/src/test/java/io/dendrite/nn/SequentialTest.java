package io.dendrite.nn;

import io.dendrite.check.GradientReport;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SequentialTest {
    private static Sequential mlp(Rng rng) {
        return new Sequential(new Linear(6, 5, rng, DType.F64), new ReLU(), new Linear(5, 4, rng, DType.F64), new Tanh());
    }

    @Test
    void chainsForwardAndBackward() {
        Rng rng = new Rng(3);
        Sequential net = mlp(rng);
        GradientReport report = GradientReport.ofLayer(net, Tensor.randn(rng, DType.F64, 3, 6), rng);
        assertThat(report.entries()).extracting(GradientReport.Entry::name).containsExactly("x", "0.W", "0.b", "2.W", "2.b");
        assertThat(report.passed(1e-7)).as(report.toString()).isTrue();
    }

    @Test
    void forwardEqualsLayersByHand() {
        Sequential net = mlp(new Rng(4));
        Tensor x = Tensor.randn(new Rng(5), DType.F64, 2, 6);
        Tensor h = x;
        for (Layer layer : net.layers()) {
            h = layer.forward(h);
        }
        TensorAssert.assertClose(net.forward(x), h, 0, 0);
    }

    @Test
    void parametersAndNames() {
        Sequential net = mlp(new Rng(1));
        assertThat(net.parameters()).hasSize(4);
        assertThat(net.namedParameters().keySet()).containsExactly("0.W", "0.b", "2.W", "2.b");
        assertThat(net.namedParameters().get("2.W")).isSameAs(((Linear) net.get(2)).weight());
        Sequential nested = new Sequential(new Linear(2, 2), new Sequential(new ReLU(), new Linear(2, 3)));
        assertThat(nested.namedParameters().keySet()).containsExactly("0.W", "0.b", "1.1.W", "1.1.b");
    }

    @Test
    void buffersArePrefixedWithTheLayerIndex() {
        Layer withBuffer = new Layer() {
            public Tensor forward(Tensor x) { return x; }
            public Tensor backward(Tensor dout) { return dout; }
            public Map<String, Tensor> buffers() { return Map.of("running_mean", Tensor.zeros(DType.F32, 3)); }
        };
        Sequential net = new Sequential(new Linear(3, 3), new ReLU(), new Linear(3, 3), withBuffer);
        assertThat(net.buffers().keySet()).containsExactly("3.running_mean");
    }

    @Test
    void setTrainingReachesEveryLayer() {
        Dropout a = new Dropout(0.5, new Rng(1));
        Dropout b = new Dropout(0.5, new Rng(2));
        Sequential net = new Sequential(a, new Sequential(new ReLU(), b));
        net.setTraining(false);
        assertThat(a.isTraining()).isFalse();
        assertThat(b.isTraining()).isFalse();
    }

    @Test
    void printsOneLayerPerLine() {
        Sequential net = new Sequential(new Linear(784, 100), new ReLU(), new Sequential(new Linear(100, 10), new Tanh()));
        assertThat(net).hasToString("""
                Sequential(
                  (0): Linear(784→100)
                  (1): ReLU
                  (2): Sequential(
                    (0): Linear(100→10)
                    (1): Tanh
                  )
                )""");
    }

    @Test
    void innerErrorsReachTheCallerIntact() {
        Sequential net = new Sequential(new Linear(4, 3), new ReLU(), new Linear(5, 2));
        assertThatThrownBy(() -> net.forward(Tensor.zeros(DType.F32, 2, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Linear(5→2): input (2, 3) flattens to 3 features, expected 5");
        assertThatThrownBy(() -> new Sequential(new Linear(4, 3)).backward(Tensor.zeros(DType.F32, 2, 3)))
                .isInstanceOf(IllegalStateException.class).hasMessage("Linear(4→3): backward called before forward");
    }

    @Test
    void emptyIsTheIdentity() {
        Tensor x = Tensor.vector(1, 2, 3);
        assertThat(new Sequential().forward(x).toDoubleArray()).containsExactly(1, 2, 3);
        assertThat(new Sequential()).hasToString("Sequential()");
    }
}
