package io.dendrite.cli;

import io.dendrite.data.Dataset;
import io.dendrite.model.DeepConvNet;
import io.dendrite.model.FullyConnectedNet;
import io.dendrite.model.LinearClassifier;
import io.dendrite.model.Network;
import io.dendrite.model.SimpleConvNet;
import io.dendrite.model.ThreeLayerConvNet;
import io.dendrite.model.TwoLayerNet;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.Locale;

/** The options that choose and configure a network, shared by train and search. */
final class ModelOptions {
    @Option(names = "--model", defaultValue = "simple-conv",
            description = "linear, two-layer, fc, three-layer-conv, simple-conv, deep-conv, or knn (k-nearest neighbours, "
                    + "train only: see --k, --metric) (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--hidden", split = ",", description = "Hidden layer sizes, e.g. 100,100 (fc: default 100,100; two-layer: 50; convnets: the affine layer).")
    int[] hidden;

    @Option(names = "--reg", defaultValue = "0", description = "L2 regularization strength / weight decay (default: ${DEFAULT-VALUE}).")
    double reg;

    @Option(names = "--dropout", defaultValue = "-1",
            description = "Probability of dropping a unit (fc; deep-conv default 0.5); 0 = none.")
    double dropout;

    @Option(names = "--normalization", defaultValue = "none",
            description = "batchnorm, layernorm (fc) or none; simple-conv accepts batchnorm (default: ${DEFAULT-VALUE}).")
    String normalization;

    @Option(names = "--weight-init", defaultValue = "std", description = "std, xavier or he (default: ${DEFAULT-VALUE}).")
    String weightInit;

    @Option(names = "--weight-scale", description = "Standard deviation of the initial weights with --weight-init std (default: the model's).")
    Double weightScale;

    @Option(names = "--dtype", defaultValue = "F32", description = "F32 or F64 (default: ${DEFAULT-VALUE}).")
    DType dtype;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed for weights, batches and dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    /** True for k-nearest neighbours, which memorizes instead of building a network. */
    boolean isKnn() {
        return type.equalsIgnoreCase("knn");
    }

    Network build(Dataset train) {
        if (isKnn()) {
            throw new IllegalArgumentException("--model knn is not a network: use it with train or crossval");
        }
        int[] shape = train.sampleShape();
        int inputDim = train.sampleSize();
        int classes = train.numClasses();
        String t = type.toLowerCase(Locale.ROOT);
        switch (t) {
            case "linear": {
                LinearClassifier.Builder b = LinearClassifier.builder().inputDim(inputDim).numClasses(classes).reg(reg)
                        .dtype(dtype).seed(seed);
                if (weightScale != null) {
                    b.weightScale(weightScale);
                }
                return b.build();
            }
            case "two-layer": {
                TwoLayerNet.Builder b = TwoLayerNet.builder().inputDim(inputDim).numClasses(classes)
                        .hiddenDim(hidden != null ? hidden[0] : 50).reg(reg).weightInit(weightInit).dtype(dtype).seed(seed);
                b.weightScale(weightScale != null ? weightScale : 0.01);
                return b.build();
            }
            case "fc": {
                FullyConnectedNet.Builder b = FullyConnectedNet.builder().inputDim(inputDim).numClasses(classes)
                        .hiddenDims(hidden != null ? hidden : new int[]{100, 100}).dropout(Math.max(dropout, 0))
                        .normalization(normalization).reg(reg).weightInit(weightInit).dtype(dtype).seed(seed);
                if (weightScale != null) {
                    b.weightScale(weightScale);
                }
                return b.build();
            }
            default:
                break;
        }
        if (shape.length != 3) {
            throw new IllegalArgumentException("--model " + type + " needs images (C, H, W), but the data has samples of shape "
                    + Shapes.format(shape) + "; use --model fc or two-layer");
        }
        switch (t) {
            case "three-layer-conv": {
                ThreeLayerConvNet.Builder b = ThreeLayerConvNet.builder().inputDim(shape[0], shape[1], shape[2])
                        .numClasses(classes).reg(reg).dtype(dtype).seed(seed);
                if (hidden != null) {
                    b.hiddenDim(hidden[0]);
                }
                b.weightScale(weightScale != null ? weightScale : 1e-2);
                return b.build();
            }
            case "simple-conv": {
                SimpleConvNet.Builder b = SimpleConvNet.builder().inputDim(shape[0], shape[1], shape[2])
                        .numClasses(classes).reg(reg).weightInit(weightInit).dtype(dtype).seed(seed)
                        .batchNorm(normalization.equalsIgnoreCase("batchnorm"));
                if (hidden != null) {
                    b.hiddenSize(hidden[0]);
                }
                if (weightScale != null) {
                    b.weightScale(weightScale);
                }
                return b.build();
            }
            case "deep-conv": {
                DeepConvNet.Builder b = DeepConvNet.builder().inputDim(shape[0], shape[1], shape[2]).numClasses(classes)
                        .reg(reg).dtype(dtype).seed(seed);
                if (dropout >= 0) {
                    b.dropout(dropout);
                }
                if (hidden != null) {
                    b.hiddenSize(hidden[0]);
                }
                return b.build();
            }
            default:
                throw new IllegalArgumentException("unknown --model '" + type + "' (expected linear, two-layer, fc, "
                        + "three-layer-conv, simple-conv or deep-conv)");
        }
    }

    @Override
    public String toString() {
        return type + (hidden != null ? " hidden " + Arrays.toString(hidden) : "");
    }
}
