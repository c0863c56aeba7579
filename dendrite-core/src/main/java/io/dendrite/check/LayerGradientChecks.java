package io.dendrite.check;

import io.dendrite.nn.AvgPool2d;
import io.dendrite.nn.BatchNorm;
import io.dendrite.nn.BatchNorm2d;
import io.dendrite.nn.BinaryCrossEntropyWithLogits;
import io.dendrite.nn.Conv2d;
import io.dendrite.nn.CrossAttention;
import io.dendrite.nn.ConvTranspose2d;
import io.dendrite.nn.Dropout;
import io.dendrite.nn.GroupNorm;
import io.dendrite.nn.Layer;
import io.dendrite.nn.LayerNorm;
import io.dendrite.nn.LeakyReLU;
import io.dendrite.nn.Linear;
import io.dendrite.nn.Loss;
import io.dendrite.nn.LossResult;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.MeanSquaredError;
import io.dendrite.nn.MulticlassHinge;
import io.dendrite.nn.Parameter;
import io.dendrite.nn.PositionalEncoding;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.SelfAttention;
import io.dendrite.nn.Sigmoid;
import io.dendrite.nn.SoftmaxCrossEntropy;
import io.dendrite.nn.Tanh;
import io.dendrite.nn.TransformerDecoderLayer;
import io.dendrite.nn.Unflatten;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Gradient checks of every layer type and loss of {@code io.dendrite.nn} on small random F64 inputs, the
 * self-test behind {@code dendrite gradcheck}: one {@link GradientReport} per layer, checking dx and every
 * parameter gradient against central differences.
 *
 * <p>Dropout is checked in training mode with a fresh layer from the same seed for every forward pass, so
 * every evaluation draws the same mask. Losses are checked through their gradient with respect to the scores.
 */
public final class LayerGradientChecks {
    private LayerGradientChecks() {
    }

    /** Layer name (its {@code toString()}, or the loss's) → its report; same seed, same inputs. */
    public static Map<String, GradientReport> all(long seed) {
        Rng rng = new Rng(seed);
        DType f64 = DType.F64;
        Map<String, GradientReport> out = new LinkedHashMap<>();
        layer(out, new Linear(6, 4, rng.fork(), f64), randn(rng, 3, 6), rng);
        layer(out, new ReLU(), randn(rng, 3, 5), rng);
        layer(out, new LeakyReLU(0.1), randn(rng, 3, 5), rng);
        layer(out, new Sigmoid(), randn(rng, 3, 5), rng);
        layer(out, new Tanh(), randn(rng, 3, 5), rng);
        long dropSeed = rng.nextLong();
        layer(out, new FreshDropout(() -> new Dropout(0.3, new Rng(dropSeed))), randn(rng, 4, 5), rng);
        layer(out, new BatchNorm(5, f64), randn(rng, 4, 5), rng);
        layer(out, new LayerNorm(5, f64), randn(rng, 4, 5), rng);
        layer(out, new BatchNorm2d(3, f64), randn(rng, 2, 3, 4, 4), rng);
        layer(out, new GroupNorm(2, 4, f64), randn(rng, 2, 4, 3, 3), rng);
        layer(out, new Conv2d(2, 3, 3, 1, 1, rng.fork(), f64), randn(rng, 2, 2, 5, 5), rng);
        layer(out, new Conv2d(2, 2, 3, 2, 0, rng.fork(), f64), randn(rng, 1, 2, 7, 7), rng);
        layer(out, new MaxPool2d(2, 2, 2), randn(rng, 2, 2, 4, 4), rng);
        layer(out, new AvgPool2d(2, 2, 2), randn(rng, 2, 2, 4, 4), rng);
        layer(out, new ConvTranspose2d(2, 3, 4, 2, 1, rng.fork(), f64), randn(rng, 2, 2, 3, 3), rng);
        attention(out, rng);
        layer(out, new Unflatten(2, 3, 2), randn(rng, 2, 12), rng);
        loss(out, new SoftmaxCrossEntropy(), rng);
        loss(out, new MulticlassHinge(), rng);
        loss(out, new MeanSquaredError(), rng);
        binaryCrossEntropy(out, rng);
        return out;
    }

    /**
     * The attention layers without dropout (their passes must see one function), at random weights and biases: a
     * zero bias would hide its gradient, and softmax makes dbk zero anyway (the floor of the report's check).
     */
    private static void attention(Map<String, GradientReport> out, Rng rng) {
        DType f64 = DType.F64;
        LayerNorm sequenceNorm = new LayerNorm(4, f64);
        out.put(sequenceNorm + " on (N, T, D)", GradientReport.ofLayer(sequenceNorm, randn(rng, 2, 3, 4), rng));
        layer(out, new PositionalEncoding(4, 8, 0, rng.fork()), randn(rng, 2, 3, 4), rng);
        layer(out, randomized(new SelfAttention(4, 2, 0, true, rng.fork(), f64), rng), randn(rng, 2, 3, 4), rng);
        CrossAttention cross = randomized(new CrossAttention(4, 2, 0, rng.fork(), f64), rng);
        cross.setMemory(randn(rng, 2, 2, 4));
        layer(out, cross, randn(rng, 2, 3, 4), rng);
        TransformerDecoderLayer decoder = randomized(new TransformerDecoderLayer(4, 2, 6, 0, rng.fork(), f64), rng);
        decoder.setMemory(randn(rng, 2, 2, 4));
        layer(out, decoder, randn(rng, 2, 3, 4), rng);
    }

    private static <L extends Layer> L randomized(L layer, Rng rng) {
        for (Parameter p : layer.parameters()) {
            Tensor r = randn(rng, p.value().shape()).muli(0.5);
            p.value().assign(p.localName().equals("gamma") ? r.addi(1) : r);
        }
        return layer;
    }

    /** BinaryCrossEntropyWithLogits through its logits, against soft targets in [0, 1]. */
    private static void binaryCrossEntropy(Map<String, GradientReport> out, Rng rng) {
        Parameter logits = new Parameter("logits", randn(rng, 4, 1).muli(3));
        Tensor targets = Tensor.rand(rng, DType.F64, 4, 1);
        out.put("BinaryCrossEntropyWithLogits", GradientReport.ofLoss(() -> {
            LossResult r = BinaryCrossEntropyWithLogits.compute(logits.value(), targets);
            logits.grad().addi(r.grad());
            return r.loss();
        }, List.of(logits)));
    }

    private static Tensor randn(Rng rng, int... shape) {
        return Tensor.randn(rng, DType.F64, shape);
    }

    private static void layer(Map<String, GradientReport> out, Layer layer, Tensor x, Rng rng) {
        out.put(layer.toString(), GradientReport.ofLayer(layer, x, rng));
    }

    private static void loss(Map<String, GradientReport> out, Loss loss, Rng rng) {
        int n = 4, c = 5;
        Parameter scores = new Parameter("scores", randn(rng, n, c));
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(c);
        }
        out.put(loss.getClass().getSimpleName(), GradientReport.ofLoss(() -> {
            LossResult r = loss.compute(scores.value(), y);
            scores.grad().addi(r.grad());
            return r.loss();
        }, List.of(scores)));
    }

    /** Dropout in training mode that rebuilds itself before every forward pass, so every pass draws the same mask. */
    private static final class FreshDropout implements Layer {
        private final Supplier<Dropout> factory;
        private Dropout current;

        FreshDropout(Supplier<Dropout> factory) {
            this.factory = factory;
            this.current = factory.get();
        }

        @Override
        public Tensor forward(Tensor x) {
            current = factory.get();
            return current.forward(x);
        }

        @Override
        public Tensor backward(Tensor dout) {
            return current.backward(dout);
        }

        @Override
        public String toString() {
            return current.toString();
        }
    }
}
