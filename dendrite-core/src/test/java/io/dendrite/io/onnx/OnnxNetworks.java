package io.dendrite.io.onnx;

import io.dendrite.model.Network;
import io.dendrite.nn.AvgPool2d;
import io.dendrite.nn.BatchNorm;
import io.dendrite.nn.BatchNorm2d;
import io.dendrite.nn.Conv2d;
import io.dendrite.nn.Dropout;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.Layer;
import io.dendrite.nn.LayerNorm;
import io.dendrite.nn.LeakyReLU;
import io.dendrite.nn.Linear;
import io.dendrite.nn.LocalResponseNorm;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.MulticlassHinge;
import io.dendrite.nn.Parameter;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.Residual;
import io.dendrite.nn.Sequential;
import io.dendrite.nn.Sigmoid;
import io.dendrite.nn.Tanh;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The networks the ONNX tests export: one with every supported layer and one small network per layer type. */
final class OnnxNetworks {
    private OnnxNetworks() {
    }

    /** Every supported layer in one network on (2, 8, 8) samples, with random weights and running statistics. */
    static Network everyLayer(DType d) {
        Rng r = new Rng(3);
        Network net = Network.builder()
                .add(new Conv2d(2, 4, 3, 1, 1, r, d)).add(new BatchNorm2d(4, 0.8, 1e-3, d)).add(new ReLU())
                .add(new LocalResponseNorm(3, 1e-2, 0.75, 2))
                .add(new Residual(new Conv2d(4, 4, 3, 1, 1, r, d), new BatchNorm2d(4, d), new LeakyReLU(0.1)))
                .add(new MaxPool2d(2, 2, 2)).add(new AvgPool2d(2, 2, 2)).add(new Sigmoid())
                .add(new Linear(16, 12, r, d)).add(new BatchNorm(12, d)).add(new Tanh()).add(new Dropout(0.3, new Rng(1)))
                .add(new LayerNorm(12, 1e-4, d))
                .add(new Sequential(new Residual(new Linear(12, 12, r, d), new ReLU()), new Flatten()))
                .add(new Linear(12, 3, r, d))
                .reg(1e-3).inputShape(2, 8, 8).build();
        return randomized(net, 5);
    }

    /** A small network per supported layer type, by name; each on samples of its input shape. */
    static Map<String, Network> perLayer(DType d) {
        Rng r = new Rng(9);
        Map<String, Network> m = new LinkedHashMap<>();
        m.put("Linear", net(d, new int[]{5}, new Linear(5, 3, r, d)));
        m.put("Linear on images", net(d, new int[]{2, 3, 3}, new Linear(18, 4, r, d)));
        m.put("Conv2d", net(d, new int[]{3, 7, 6}, new Conv2d(3, 2, 3, 3, 2, 1, r, d)));
        m.put("MaxPool2d", net(d, new int[]{2, 6, 6}, new MaxPool2d(3, 2, 1)));
        m.put("AvgPool2d", net(d, new int[]{2, 6, 5}, new AvgPool2d(2, 3, 2)));
        m.put("ReLU", net(d, new int[]{6}, new ReLU()));
        m.put("Sigmoid", net(d, new int[]{6}, new Sigmoid()));
        m.put("Tanh", net(d, new int[]{6}, new Tanh()));
        m.put("LeakyReLU", net(d, new int[]{6}, new LeakyReLU(0.2)));
        m.put("BatchNorm", net(d, new int[]{6}, new BatchNorm(6, 0.9, 1e-5, d)));
        m.put("BatchNorm2d", net(d, new int[]{3, 4, 4}, new BatchNorm2d(3, 0.95, 2e-5, d)));
        m.put("LayerNorm", net(d, new int[]{6}, new LayerNorm(6, d)));
        m.put("Flatten", net(d, new int[]{2, 2, 3}, new Flatten()));
        m.put("Dropout", net(d, new int[]{6}, new Dropout(0.25, new Rng(2))));
        m.put("LocalResponseNorm", net(d, new int[]{5, 3, 3}, new LocalResponseNorm(5)));
        m.put("Residual", net(d, new int[]{6}, new Residual(new Linear(6, 6, r, d), new Tanh())));
        m.put("Sequential", net(d, new int[]{6}, new Sequential(new Linear(6, 4, r, d), new Sigmoid())));
        return m;
    }

    private static Network net(DType d, int[] shape, Layer layer) {
        Network.Builder b = Network.builder().add(layer).inputShape(shape);
        if (layer instanceof Linear) {
            b.loss(new MulticlassHinge(0.5));
        }
        return randomized(b.build(), 11);
    }

    /** Every parameter and buffer drawn at random (variances positive), so running statistics matter. */
    static Network randomized(Network net, long seed) {
        Rng r = new Rng(seed);
        for (Parameter p : net.params().values()) {
            Tensor v = p.value();
            v.assign(Tensor.randn(r, v.dtype(), v.shape()).mul(0.5).add(p.name().startsWith("gamma") ? 1 : 0));
        }
        for (Map.Entry<String, Tensor> e : net.buffers().entrySet()) {
            Tensor v = e.getValue();
            Function<Tensor, Tensor> f = e.getKey().startsWith("running_var") ? t -> t.abs().add(0.5) : t -> t.mul(0.3);
            v.assign(f.apply(Tensor.randn(r, v.dtype(), v.shape())));
        }
        return net;
    }

    /** A batch of {@code n} samples for {@code net}. */
    static Tensor input(Network net, int n, long seed) {
        int[] s = net.inputShape().orElseThrow();
        int[] shape = new int[s.length + 1];
        shape[0] = n;
        System.arraycopy(s, 0, shape, 1, s.length);
        return Tensor.randn(new Rng(seed), net.dtype(), shape);
    }

    static List<DType> dtypes() {
        return List.of(DType.F32, DType.F64);
    }
}
