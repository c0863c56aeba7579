package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The layers and losses a model file can record: for each, a type name, how to write its configuration as
 * {@code key=value} pairs, and how to build it again from them. Weights are not part of the configuration — a
 * rebuilt layer starts with zero weights and the model file's tensors are copied in by name.
 *
 * <p><b>Your own layer</b> becomes saveable with one call, made before saving and before loading (a static
 * initializer of your layer class, or the start of {@code main}):
 * <pre>{@code
 * LayerTypes.register("Swish", Swish.class,
 *         swish -> Map.of("beta", Double.toString(swish.beta())),
 *         config -> new Swish(config.getDouble("beta")));
 * }</pre>
 * A layer that holds weights builds them in {@code config.dtype()}; a container (a layer whose
 * {@link Layer#children()} are not empty) receives its rebuilt children in {@code config.children()}. Values must
 * not contain white space or '='. Saving a network with a layer nobody registered fails before anything is
 * written, with a message that names the layer and this hook.
 */
public final class LayerTypes {
    /** A layer's or loss's recorded form: its type, its options, the dtype of the network and rebuilt children. */
    public record Config(String type, Map<String, String> options, DType dtype, List<Layer> children) {
        public Config {
            options = Map.copyOf(options);
            children = List.copyOf(children);
        }

        public String get(String key) {
            String v = options.get(key);
            if (v == null) {
                throw new IllegalArgumentException(type + " lacks option '" + key + "' (it has " + options.keySet() + ")");
            }
            return v;
        }

        public int getInt(String key) {
            try {
                return Integer.parseInt(get(key));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(type + ": option " + key + "=" + get(key) + " is not an integer");
            }
        }

        public double getDouble(String key) {
            try {
                return Double.parseDouble(get(key));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(type + ": option " + key + "=" + get(key) + " is not a number");
            }
        }
    }

    /** One registered type. */
    private record Type<T>(String name, Class<T> type, Function<? super T, Map<String, String>> describe,
                           Function<Config, ? extends T> create) {
        Map<String, String> describe(Object value) {
            return describe.apply(type.cast(value));
        }
    }

    private static final Map<String, Type<? extends Layer>> LAYERS_BY_NAME = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Type<? extends Layer>> LAYERS_BY_CLASS = new ConcurrentHashMap<>();
    private static final Map<String, Type<? extends Loss>> LOSSES_BY_NAME = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Type<? extends Loss>> LOSSES_BY_CLASS = new ConcurrentHashMap<>();

    static {
        register("Linear", Linear.class, l -> options("in", l.inFeatures(), "out", l.outFeatures()),
                c -> new Linear(Tensor.zeros(c.dtype(), c.getInt("in"), c.getInt("out")),
                        Tensor.zeros(c.dtype(), c.getInt("out"))));
        register("Conv2d", Conv2d.class,
                l -> options("in", l.inChannels(), "out", l.outChannels(), "kernelH", l.kernelH(), "kernelW", l.kernelW(),
                        "stride", l.stride(), "pad", l.pad()),
                c -> new Conv2d(Tensor.zeros(c.dtype(), c.getInt("out"), c.getInt("in"), c.getInt("kernelH"),
                        c.getInt("kernelW")), Tensor.zeros(c.dtype(), c.getInt("out")), c.getInt("stride"), c.getInt("pad")));
        register("ConvTranspose2d", ConvTranspose2d.class,
                l -> options("in", l.inChannels(), "out", l.outChannels(), "kernelH", l.kernelH(), "kernelW", l.kernelW(),
                        "stride", l.stride(), "pad", l.pad()),
                c -> new ConvTranspose2d(Tensor.zeros(c.dtype(), c.getInt("in"), c.getInt("out"), c.getInt("kernelH"),
                        c.getInt("kernelW")), Tensor.zeros(c.dtype(), c.getInt("out")), c.getInt("stride"), c.getInt("pad")));
        register("ReLU", ReLU.class, l -> Map.of(), c -> new ReLU());
        register("Sigmoid", Sigmoid.class, l -> Map.of(), c -> new Sigmoid());
        register("Tanh", Tanh.class, l -> Map.of(), c -> new Tanh());
        register("Flatten", Flatten.class, l -> Map.of(), c -> new Flatten());
        register("Unflatten", Unflatten.class, l -> options("shape", dims(l.sampleShape())),
                c -> new Unflatten(ints(c, "shape")));
        register("LeakyReLU", LeakyReLU.class, l -> options("slope", l.slope()), c -> new LeakyReLU(c.getDouble("slope")));
        // A rebuilt Dropout draws from a fresh generator; checkpoints restore the saved one (Model.generators).
        register("Dropout", Dropout.class, l -> options("p", l.p()), c -> new Dropout(c.getDouble("p"), new Rng(0)));
        register("BatchNorm", BatchNorm.class, l -> options("features", l.channels, "momentum", l.momentum, "eps", l.eps),
                c -> new BatchNorm(c.getInt("features"), c.getDouble("momentum"), c.getDouble("eps"), c.dtype()));
        register("BatchNorm2d", BatchNorm2d.class, l -> options("channels", l.channels, "momentum", l.momentum, "eps", l.eps),
                c -> new BatchNorm2d(c.getInt("channels"), c.getDouble("momentum"), c.getDouble("eps"), c.dtype()));
        register("LayerNorm", LayerNorm.class, l -> options("features", l.channels, "eps", l.eps),
                c -> new LayerNorm(c.getInt("features"), c.getDouble("eps"), c.dtype()));
        register("GroupNorm", GroupNorm.class, l -> options("groups", l.groups, "channels", l.channels, "eps", l.eps),
                c -> new GroupNorm(c.getInt("groups"), c.getInt("channels"), c.getDouble("eps"), c.dtype()));
        register("MaxPool2d", MaxPool2d.class, l -> options("poolH", l.poolH(), "poolW", l.poolW(), "stride", l.stride()),
                c -> new MaxPool2d(c.getInt("poolH"), c.getInt("poolW"), c.getInt("stride")));
        register("AvgPool2d", AvgPool2d.class, l -> options("poolH", l.poolH(), "poolW", l.poolW(), "stride", l.stride()),
                c -> new AvgPool2d(c.getInt("poolH"), c.getInt("poolW"), c.getInt("stride")));
        register("LocalResponseNorm", LocalResponseNorm.class,
                l -> options("size", l.size(), "alpha", l.alpha(), "beta", l.beta(), "k", l.k()),
                c -> new LocalResponseNorm(c.getInt("size"), c.getDouble("alpha"), c.getDouble("beta"), c.getDouble("k")));
        register("Embedding", Embedding.class, l -> options("vocab", l.vocabSize(), "dim", l.dim()),
                c -> new Embedding(Tensor.zeros(c.dtype(), c.getInt("vocab"), c.getInt("dim"))));
        register("TemporalLinear", TemporalLinear.class, l -> options("in", l.inFeatures(), "out", l.outFeatures()),
                c -> new TemporalLinear(Tensor.zeros(c.dtype(), c.getInt("in"), c.getInt("out")),
                        Tensor.zeros(c.dtype(), c.getInt("out"))));
        register("Rnn", Rnn.class, LayerTypes::recurrent, c -> new Rnn(zeros(c, "input", 1), zeros(c, "hidden", 1),
                zeros(c, null, 1)));
        register("Lstm", Lstm.class, LayerTypes::recurrent, c -> new Lstm(zeros(c, "input", 4), zeros(c, "hidden", 4),
                zeros(c, null, 4)));
        register("Gru", Gru.class, LayerTypes::recurrent, c -> new Gru(zeros(c, "input", 3), zeros(c, "hidden", 3),
                zeros(c, null, 3), zeros(c, null, 3)));
        // Attention layers: zero weights in the file's dtype (copied in by name afterwards) and, like Dropout, fresh
        // generators for their dropout (checkpoints restore the saved ones).
        register("SelfAttention", SelfAttention.class, l -> options("embedDim", l.attention().embedDim(),
                        "heads", l.attention().numHeads(), "dropout", l.attention().dropout(), "causal", l.causal()),
                c -> new SelfAttention(attention(c), Boolean.parseBoolean(c.get("causal"))));
        register("CrossAttention", CrossAttention.class, l -> options("embedDim", l.attention().embedDim(),
                        "heads", l.attention().numHeads(), "dropout", l.attention().dropout()),
                c -> new CrossAttention(attention(c)));
        register("PositionalEncoding", PositionalEncoding.class,
                l -> options("embedDim", l.embedDim(), "maxLen", l.maxLen(), "dropout", l.dropout()),
                c -> new PositionalEncoding(c.getInt("embedDim"), c.getInt("maxLen"), c.getDouble("dropout"), new Rng(0)));
        register("TransformerDecoderLayer", TransformerDecoderLayer.class, l -> Map.of(),
                c -> new TransformerDecoderLayer(c.children()));
        register("Sequential", Sequential.class, l -> Map.of(), c -> new Sequential(c.children()));
        register("Residual", Residual.class, l -> Map.of(), c -> new Residual(c.children()));

        registerLoss("SoftmaxCrossEntropy", SoftmaxCrossEntropy.class, l -> Map.of(), c -> new SoftmaxCrossEntropy());
        registerLoss("MulticlassHinge", MulticlassHinge.class, l -> options("margin", l.margin()),
                c -> new MulticlassHinge(c.getDouble("margin")));
        registerLoss("MeanSquaredError", MeanSquaredError.class, l -> Map.of(), c -> new MeanSquaredError());
    }

    private LayerTypes() {
    }

    /**
     * Makes layers of class {@code type} saveable under {@code name}: {@code describe} gives the options that
     * {@code create} needs to build an equal layer (weights aside). Registering a name again replaces it.
     */
    public static <T extends Layer> void register(String name, Class<T> type, Function<? super T, Map<String, String>> describe,
                                                  Function<Config, ? extends T> create) {
        Type<T> t = new Type<>(checkName(name), Objects.requireNonNull(type, "type"),
                Objects.requireNonNull(describe, "describe"), Objects.requireNonNull(create, "create"));
        LAYERS_BY_NAME.put(name, t);
        LAYERS_BY_CLASS.put(type, t);
    }

    /** The same hook for a loss of your own. */
    public static <T extends Loss> void registerLoss(String name, Class<T> type, Function<? super T, Map<String, String>> describe,
                                                     Function<Config, ? extends T> create) {
        Type<T> t = new Type<>(checkName(name), Objects.requireNonNull(type, "type"),
                Objects.requireNonNull(describe, "describe"), Objects.requireNonNull(create, "create"));
        LOSSES_BY_NAME.put(name, t);
        LOSSES_BY_CLASS.put(type, t);
    }

    /** The type name of {@code layer}; fails with the registration hint when its class is not registered. */
    public static String name(Layer layer) {
        return layerType(layer).name();
    }

    /** The options that rebuild {@code layer} (its configuration, not its weights). */
    public static Map<String, String> describe(Layer layer) {
        Type<? extends Layer> t = layerType(layer);
        return checked(t.name(), t.describe(layer));
    }

    /** Builds a layer of a registered type from its recorded options. */
    public static Layer create(Config config) {
        Type<? extends Layer> t = LAYERS_BY_NAME.get(config.type());
        if (t == null) {
            throw new IllegalArgumentException("unknown layer type '" + config.type() + "' — if it is a layer of your own,"
                    + " call LayerTypes.register(\"" + config.type() + "\", …) before loading; known types: "
                    + new java.util.TreeSet<>(LAYERS_BY_NAME.keySet()));
        }
        return t.create().apply(config);
    }

    public static String lossName(Loss loss) {
        return lossType(loss).name();
    }

    public static Map<String, String> describeLoss(Loss loss) {
        Type<? extends Loss> t = lossType(loss);
        return checked(t.name(), t.describe(loss));
    }

    public static Loss createLoss(Config config) {
        Type<? extends Loss> t = LOSSES_BY_NAME.get(config.type());
        if (t == null) {
            throw new IllegalArgumentException("unknown loss type '" + config.type() + "' — if it is a loss of your own,"
                    + " call LayerTypes.registerLoss(\"" + config.type() + "\", …) before loading; known losses: "
                    + new java.util.TreeSet<>(LOSSES_BY_NAME.keySet()));
        }
        return t.create().apply(config);
    }

    private static Type<? extends Layer> layerType(Layer layer) {
        Type<? extends Layer> t = LAYERS_BY_CLASS.get(layer.getClass());
        if (t == null) {
            throw new IllegalArgumentException("cannot save layer " + layer + " (" + layer.getClass().getName()
                    + "): the model file format does not know it — make it saveable with LayerTypes.register(\""
                    + layer.getClass().getSimpleName() + "\", " + layer.getClass().getSimpleName()
                    + ".class, layer -> its options as a Map<String, String>, config -> a new layer from them)");
        }
        return t;
    }

    private static Type<? extends Loss> lossType(Loss loss) {
        Type<? extends Loss> t = LOSSES_BY_CLASS.get(loss.getClass());
        if (t == null) {
            throw new IllegalArgumentException("cannot save loss " + loss + " (" + loss.getClass().getName()
                    + "): the model file format does not know it — make it saveable with LayerTypes.registerLoss(\""
                    + loss.getClass().getSimpleName() + "\", " + loss.getClass().getSimpleName()
                    + ".class, loss -> its options, config -> a new loss from them)");
        }
        return t;
    }

    private static String checkName(String name) {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("invalid layer type name '" + name + "' (letters, digits, _ . - only)");
        }
        return name;
    }

    private static Map<String, String> checked(String type, Map<String, String> options) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!e.getKey().matches("[A-Za-z][A-Za-z0-9_]*") || e.getValue().isEmpty() || e.getValue().matches(".*[\\s=].*")) {
                throw new IllegalArgumentException(type + ": option " + e.getKey() + "=" + e.getValue()
                        + " cannot be saved (keys are identifiers; values non-empty, without white space or '=')");
            }
        }
        return options;
    }

    /** A recurrent layer's options: D and H. */
    private static Map<String, String> recurrent(RecurrentLayer l) {
        return options("input", l.inputSize(), "hidden", l.hiddenSize());
    }

    /**
     * A zero weight of a recurrent layer with {@code gates} blocks: (D, G·H) for rows "input", (H, G·H) for rows
     * "hidden", and a (G·H,) bias for rows null.
     */
    private static Tensor zeros(Config c, String rows, int gates) {
        int width = gates * c.getInt("hidden");
        return rows == null ? Tensor.zeros(c.dtype(), width) : Tensor.zeros(c.dtype(), c.getInt(rows), width);
    }

    /** A MultiHeadAttention of zero weights from the options embedDim, heads and dropout. */
    private static MultiHeadAttention attention(Config c) {
        int e = c.getInt("embedDim");
        return new MultiHeadAttention(Tensor.zeros(c.dtype(), e, e), Tensor.zeros(c.dtype(), e),
                Tensor.zeros(c.dtype(), e, e), Tensor.zeros(c.dtype(), e), Tensor.zeros(c.dtype(), e, e),
                Tensor.zeros(c.dtype(), e), Tensor.zeros(c.dtype(), e, e), Tensor.zeros(c.dtype(), e),
                c.getInt("heads"), c.getDouble("dropout"), new Rng(0));
    }

    /** A shape as its option value: sizes joined by commas ("128,7,7"). */
    private static String dims(int[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? "," : "").append(shape[i]);
        }
        return sb.toString();
    }

    /** The comma-separated sizes of option {@code key}. */
    private static int[] ints(Config c, String key) {
        String[] parts = c.get(key).split(",");
        int[] v = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(c.type() + ": option " + key + "=" + c.get(key)
                        + " is not a list of integers");
            }
        }
        return v;
    }

    /** key, value, key, value … → an ordered map of strings (doubles written exactly, as Double.toString). */
    private static Map<String, String> options(Object... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], String.valueOf(keyValues[i + 1]));
        }
        return m;
    }
}
