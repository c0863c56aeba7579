package io.dendrite.cli;

import io.dendrite.data.Dataset;
import io.dendrite.model.AlexNet;
import io.dendrite.model.DeepConvNet;
import io.dendrite.model.FullyConnectedNet;
import io.dendrite.model.LeNet5;
import io.dendrite.model.LinearClassifier;
import io.dendrite.model.Models;
import io.dendrite.model.Network;
import io.dendrite.model.ResidualConvNet;
import io.dendrite.model.SimpleConvNet;
import io.dendrite.model.ThreeLayerConvNet;
import io.dendrite.model.TwoLayerNet;
import io.dendrite.nn.Activation;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/** The options that choose and configure a network, shared by train and search. */
final class ModelOptions {
    @Option(names = "--model", defaultValue = "simple-conv",
            description = "linear, two-layer, fc, three-layer-conv, simple-conv, deep-conv, lenet5, alexnet, residual-conv"
                    + " or knn (k-nearest neighbours, train only: see --k, --metric) (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--loss",
            description = "Loss of --model linear: softmax or svm (multiclass hinge, margin 1) (default: softmax).")
    String loss;

    @Option(names = "--hidden", split = ",", description = "Hidden layer sizes, e.g. 100,100 (fc: default 100,100; two-layer: 50;"
            + " convnets: the affine layer; alexnet: both hidden affine layers, default 1024 × --width).")
    int[] hidden;

    @Option(names = "--activation", description = "The hidden nonlinearity of two-layer, fc and lenet5: relu, sigmoid, tanh or"
            + " leaky-relu (default: relu; lenet5: tanh).")
    String activation;

    @Option(names = "--width", description = "alexnet: width multiplier, channels (96, 256, 384, 384, 256) × width / 4"
            + " (default 1); residual-conv: channels of the first stage, doubled by each later one (default 16).")
    Double width;

    @Option(names = "--blocks", description = "residual-conv: residual blocks per stage (default 1).")
    Integer blocks;

    @Option(names = "--reg", defaultValue = "0", description = "L2 regularization strength / weight decay (default: ${DEFAULT-VALUE}).")
    double reg;

    @Option(names = "--dropout", defaultValue = "-1",
            description = "Probability of dropping a unit (fc; deep-conv and alexnet default 0.5); 0 = none.")
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

    /** The command this mixin is part of: tells options given on the command line from defaults. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** Models whose --hidden is one size (the affine layer's); fc takes a list, the rest none. */
    private static final Set<String> ONE_HIDDEN = Set.of("two-layer", "three-layer-conv", "simple-conv", "deep-conv", "alexnet");
    /** Models with dropout layers. */
    private static final Set<String> DROPOUT = Set.of("fc", "deep-conv", "alexnet");

    /**
     * Checks the options on their own and against --model (ranges, NaN, combinations the model would ignore), failing
     * with one line that names the option; every command that uses these options calls it before any work.
     */
    void validate() {
        String t = type.toLowerCase(Locale.ROOT);
        if (!isKnn() && !Arrays.asList(Models.TYPES).contains(t)) {
            throw new IllegalArgumentException("unknown --model '" + type + "' (expected one of "
                    + String.join(", ", Models.TYPES) + ")");
        }
        OptionChecks.nonNegative("--reg", reg, "a finite number >= 0");
        if (hidden != null) {
            for (int h : hidden) {
                OptionChecks.atLeast("--hidden", h, 1, "sizes >= 1");
            }
            String given = Arrays.stream(hidden).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
            if (ONE_HIDDEN.contains(t) && hidden.length != 1) {
                throw new IllegalArgumentException("invalid --hidden " + given + ": " + t
                        + " takes one hidden size, got " + given);
            }
            if (!ONE_HIDDEN.contains(t) && !t.equals("fc")) {
                throw new IllegalArgumentException("--hidden " + given + " does not apply to --model " + type
                        + " (it has no hidden size to set)");
            }
        }
        if (dropout != -1 || given("--dropout")) {
            if (!(dropout >= 0 && dropout < 1)) {
                throw OptionChecks.invalid("--dropout", dropout, "a probability in [0, 1)");
            }
            if (!DROPOUT.contains(t)) {
                throw new IllegalArgumentException("--dropout " + dropout + " does not apply to --model " + type
                        + " (only fc, deep-conv and alexnet have dropout)");
            }
        }
        String norm = normalization.toLowerCase(Locale.ROOT);
        if (!Set.of("none", "batchnorm", "layernorm").contains(norm)) {
            throw new IllegalArgumentException("unknown --normalization '" + normalization
                    + "' (expected batchnorm, layernorm or none)");
        }
        if (!norm.equals("none") && !t.equals("fc") && !(t.equals("simple-conv") && norm.equals("batchnorm"))) {
            throw new IllegalArgumentException("--normalization " + normalization + " does not apply to --model " + type
                    + (t.equals("simple-conv") ? " (simple-conv takes only batchnorm)" : " (only fc and simple-conv normalize)"));
        }
        if (width != null) {
            OptionChecks.positive("--width", width, "a finite number > 0");
        }
        if (blocks != null) {
            OptionChecks.atLeast("--blocks", blocks, 1, "a number of blocks >= 1");
        }
        if (weightScale != null) {
            OptionChecks.positive("--weight-scale", weightScale, "a finite standard deviation > 0");
        }
    }

    /** Whether {@code option} was given on the command line (false when this object was not made by picocli). */
    private boolean given(String option) {
        return mixee != null && mixee.commandLine() != null && mixee.commandLine().getParseResult() != null
                && mixee.commandLine().getParseResult().hasMatchedOption(option);
    }

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
        if (activation != null) {
            Activation.parse(activation);   // an unknown name fails here, whatever the model, with the choices listed
        }
        String l = checkedLoss(t);
        switch (t) {
            case "linear": {
                LinearClassifier.Builder b = LinearClassifier.builder().inputDim(inputDim).numClasses(classes).reg(reg)
                        .loss(l).dtype(dtype).seed(seed);
                if (weightScale != null) {
                    b.weightScale(weightScale);
                }
                return b.build();
            }
            case "two-layer": {
                TwoLayerNet.Builder b = TwoLayerNet.builder().inputDim(inputDim).numClasses(classes)
                        .hiddenDim(hidden != null ? hidden[0] : 50).reg(reg).weightInit(weightInit).dtype(dtype).seed(seed);
                b.weightScale(weightScale != null ? weightScale : 0.01);
                if (activation != null) {
                    b.activation(activation);
                }
                return b.build();
            }
            case "fc": {
                FullyConnectedNet.Builder b = FullyConnectedNet.builder().inputDim(inputDim).numClasses(classes)
                        .hiddenDims(hidden != null ? hidden : new int[]{100, 100}).dropout(Math.max(dropout, 0))
                        .normalization(normalization).reg(reg).weightInit(weightInit).dtype(dtype).seed(seed);
                if (weightScale != null) {
                    b.weightScale(weightScale);
                }
                if (activation != null) {
                    b.activation(activation);
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
            case "lenet5": {
                LeNet5.Builder b = LeNet5.builder().inputDim(shape[0], shape[1], shape[2]).numClasses(classes)
                        .reg(reg).dtype(dtype).seed(seed);
                if (activation != null) {
                    b.activation(activation);
                }
                return b.build();
            }
            case "alexnet": {
                AlexNet.Builder b = AlexNet.builder().inputDim(shape[0], shape[1], shape[2]).numClasses(classes)
                        .reg(reg).dtype(dtype).seed(seed);
                if (width != null) {
                    b.width(width);
                }
                if (hidden != null) {
                    b.hiddenSize(hidden[0]);
                }
                if (dropout >= 0) {
                    b.dropout(dropout);
                }
                return b.build();
            }
            case "residual-conv": {
                ResidualConvNet.Builder b = ResidualConvNet.builder().inputDim(shape[0], shape[1], shape[2])
                        .numClasses(classes).reg(reg).dtype(dtype).seed(seed);
                if (width != null) {
                    if (width != Math.rint(width) || width < 1 || width > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("invalid --width " + width + " for residual-conv (must be a"
                                + " whole number of channels ≥ 1, e.g. 16)");
                    }
                    b.width((int) (double) width);
                }
                if (blocks != null) {
                    b.blocks(blocks);
                }
                return b.build();
            }
            default:
                throw new IllegalArgumentException("unknown --model '" + type + "' (expected one of "
                        + String.join(", ", Models.TYPES) + ")");
        }
    }

    /** The --loss value, checked: softmax or svm, and only for the linear model (the others train with softmax). */
    private String checkedLoss(String model) {
        if (loss == null) {
            return "softmax";
        }
        String l = loss.toLowerCase(Locale.ROOT);
        if (!l.equals("softmax") && !l.equals("svm")) {
            throw new IllegalArgumentException("unknown --loss '" + loss + "' (expected softmax or svm)");
        }
        if (!model.equals("linear") && !l.equals("softmax")) {
            throw new IllegalArgumentException("--loss " + loss + " is for --model linear only; --model " + type
                    + " trains with softmax");
        }
        return l;
    }

    @Override
    public String toString() {
        return type + (hidden != null ? " hidden " + Arrays.toString(hidden) : "");
    }
}
