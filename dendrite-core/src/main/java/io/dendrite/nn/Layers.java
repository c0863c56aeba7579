package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The "sandwich" layers of cs231n's {@code layer_utils.py}, each a small {@link Sequential}, so that the parts
 * stay visible in printouts and their parameters keep their local names under an index ("0.W", "1.gamma").
 */
public final class Layers {
    /** The normalization names {@link #affineNormRelu} accepts (FullyConnectedNet's {@code normalization}). */
    public static final List<String> NORMALIZATIONS = List.of("batchnorm", "layernorm", "none");

    private Layers() {
    }

    /** Linear → ReLU, with {@link WeightInit#DEFAULT} weights. */
    public static Sequential affineRelu(int in, int out, Rng rng, DType dtype) {
        return affineRelu(in, out, rng, dtype, WeightInit.DEFAULT);
    }

    /** Linear → ReLU. */
    public static Sequential affineRelu(int in, int out, Rng rng, DType dtype, WeightInit init) {
        return new Sequential(new Linear(in, out, rng, dtype, init), new ReLU());
    }

    /** {@link #affineNormRelu(int, int, String, double, Rng, DType, WeightInit)} with {@link WeightInit#DEFAULT}. */
    public static Sequential affineNormRelu(int in, int out, String norm, double dropoutP, Rng rng, DType dtype) {
        return affineNormRelu(in, out, norm, dropoutP, rng, dtype, WeightInit.DEFAULT);
    }

    /**
     * Linear → [BatchNorm | LayerNorm] → ReLU → [Dropout], the hidden block of cs231n's FullyConnectedNet.
     *
     * @param norm     "batchnorm", "layernorm" or "none" (null means none; any case)
     * @param dropoutP drop probability; 0 leaves the Dropout out. Its masks are drawn from a generator forked from
     *                 {@code rng} after the weights.
     */
    public static Sequential affineNormRelu(int in, int out, String norm, double dropoutP, Rng rng, DType dtype,
                                            WeightInit init) {
        Linear affine = new Linear(in, out, rng, dtype, init);
        return new Sequential(hiddenBlock(affine, norm, Activation.RELU, dropoutP == 0 ? null : new Dropout(dropoutP, rng.fork())));
    }

    /**
     * The fully connected hidden block, built here only: {@code affine} → [BatchNorm | LayerNorm] → activation →
     * [dropout], as a flat list a network adds layer by layer.
     *
     * @param norm    "batchnorm", "layernorm" or "none" (null means none; any case)
     * @param dropout the dropout layer, or null for none
     */
    public static List<Layer> hiddenBlock(Linear affine, String norm, Activation activation, Dropout dropout) {
        List<Layer> layers = new ArrayList<>();
        layers.add(affine);
        int out = affine.outFeatures();
        DType dtype = affine.weight().value().dtype();
        switch (normalization(norm)) {
            case "batchnorm" -> layers.add(new BatchNorm(out, dtype));
            case "layernorm" -> layers.add(new LayerNorm(out, dtype));
            default -> { }
        }
        layers.add(activation.create());
        if (dropout != null) {
            layers.add(dropout);
        }
        return layers;
    }

    /** Checks a normalization name and returns it in lower case: "batchnorm", "layernorm" or "none" (also for null). */
    public static String normalization(String norm) {
        String n = norm == null || norm.isBlank() ? "none" : norm.trim().toLowerCase(Locale.ROOT);
        if (!NORMALIZATIONS.contains(n)) {
            throw new IllegalArgumentException("unknown normalization '" + norm + "' — expected one of "
                    + NORMALIZATIONS);
        }
        return n;
    }

    /** conv – ReLU (cs231n's conv_relu_forward). x (N, C, H, W) → (N, F, H', W'). */
    public static Sequential convRelu(int inChannels, int outChannels, int kernel, int stride, int pad, Rng rng,
                                      DType dtype) {
        return new Sequential(new Conv2d(inChannels, outChannels, kernel, stride, pad, rng, dtype), new ReLU());
    }

    /** conv – ReLU – max pool with a square, non-overlapping window (cs231n's conv_relu_pool_forward). */
    public static Sequential convReluPool(int inChannels, int outChannels, int kernel, int stride, int pad, int pool,
                                          Rng rng, DType dtype) {
        return new Sequential(new Conv2d(inChannels, outChannels, kernel, stride, pad, rng, dtype), new ReLU(),
                new MaxPool2d(pool, pool, pool));
    }

    /** conv – spatial batchnorm – ReLU (cs231n's conv_bn_relu_forward). */
    public static Sequential convNormRelu(int inChannels, int outChannels, int kernel, int stride, int pad, Rng rng,
                                          DType dtype) {
        return new Sequential(new Conv2d(inChannels, outChannels, kernel, stride, pad, rng, dtype),
                new BatchNorm2d(outChannels, dtype), new ReLU());
    }
}
