package io.dendrite.model;

import io.dendrite.data.text.CaptionMetrics;
import io.dendrite.data.text.Tokens;
import io.dendrite.data.text.Vocabulary;
import io.dendrite.nn.Embedding;
import io.dendrite.nn.LossResult;
import io.dendrite.nn.Parameter;
import io.dendrite.nn.PositionalEncoding;
import io.dendrite.nn.TemporalLinear;
import io.dendrite.nn.TemporalSoftmaxCrossEntropy;
import io.dendrite.nn.TransformerDecoderLayer;
import io.dendrite.nn.WeightInit;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * An image captioner with a Transformer decoder, cs231n's {@code CaptioningTransformer} (the 2021+
 * Transformer_Captioning notebook): the image features become a memory the decoder attends to, the caption so far
 * is embedded with positions, and causal decoder layers predict the next word at every step.
 * <pre>
 *   features (N, D), or (N, M, D) for M memory tokens, or images (N, C, H, W) cut into patches (see below)
 *   memory = features·W_proj + b_proj  (N, M, E)   [+ sinusoidal positions of the M tokens when M &gt; 1]
 *   x      = PositionalEncoding(captions_in·W_embed)  (N, T, E)        captions_in = captions[:, :-1]
 *   x      = TransformerDecoderLayer_l(x, memory)  for l = 1 … L         (causal: step t sees steps 0 … t)
 *   scores = x·W_vocab + b_vocab  (N, T, V)
 *   loss   = TemporalSoftmaxCrossEntropy(scores, captions[:, 1:], mask = captions[:, 1:] ≠ &lt;NULL&gt;)
 * </pre>
 * The notebook's memory is one token, the projected feature vector (N, 1, E); features (N, M, D) give M tokens —
 * CNN grid features, or the slots of an MNIST caption image — and attention cannot tell tokens apart by place, so
 * they get the sinusoidal encoding of their index. With {@link Builder#patches(int, int)}, image features
 * (N, C, H, W) are cut into (H/ph)·(W/pw) patches of C·ph·pw values each, in row-major patch order (as a ViT):
 * {@link io.dendrite.data.text.MnistCaptions}' 28 × 112 images with 28 × 28 patches give one token per digit slot.
 * Features of another dtype than the model's are converted at the door.
 *
 * <p><b>Training and scoring.</b> {@link #loss} is the training pass (dropout on); {@link #sample} decodes greedily
 * (dropout off); {@link #metric} is {@value #METRIC}: the share of captions whose greedy decoding, as words, equals
 * the reference ({@link CaptionMetrics#exactAccuracy}). There is no regularization term (the notebook has none).
 *
 * <p><b>Parameters</b> ({@link #params()}, stable names, in forward order): {@code W_proj} (D, E), {@code b_proj},
 * {@code W_embed} (V, E), then for decoder layer l = 1 … L {@code layer<l>.} followed by the names of
 * {@link TransformerDecoderLayer#parametersByName()} ({@code layer1.self_attn.Wq} …, {@code layer1.norm3.beta}),
 * then {@code W_vocab} (E, V), {@code b_vocab}. The notebook's PyTorch names map to them as
 * {@code visual_projection.weight} = W_projᵀ, {@code embedding.weight} = W_embed,
 * {@code transformer.layers.<l−1>.self_attn.query.weight} = {@code layer<l>.self_attn.Wq}ᵀ (key → Wk, value → Wv,
 * proj → Wo; {@code .bias} → b… as is; {@code multihead_attn} likewise), {@code linear1.weight} =
 * {@code linear1.W}ᵀ, {@code norm1.weight} = {@code norm1.gamma}, {@code norm1.bias} = {@code norm1.beta},
 * {@code output.weight} = W_vocabᵀ. Weights start as the notebook's {@code _init_weights}: N(0, 0.02²) for every
 * linear map and the embedding, zero biases, γ = 1, β = 0 ({@link Builder#init} to change).
 *
 * <p><b>Saving.</b> {@link #options()} records the configuration as strings and {@link #fromOptions} rebuilds an
 * equal model from them and the vocabulary; the weights are {@link #params()} by name (copy them in with
 * {@code params().get(name).value().assign(saved)}). The dropout generators are {@link #generators()}.
 */
public final class CaptioningTransformer implements CaptionModel {
    /** Its kind in {@link CaptionModels} and {@code dendrite caption train --model}. */
    public static final String KIND = "transformer";
    /** What {@link #metric} measures. */
    public static final String METRIC = "exact-caption accuracy";
    /** The notebook's class defaults. */
    public static final int DEFAULT_WORDVEC_DIM = 256, DEFAULT_HEADS = 4, DEFAULT_LAYERS = 2, DEFAULT_MAX_LENGTH = 50;
    /** The notebook's {@code _init_weights}: N(0, 0.02²). */
    public static final WeightInit DEFAULT_INIT = WeightInit.std(0.02);

    private final Vocabulary vocabulary;
    private final Config config;
    private final TemporalLinear visual;
    private final Embedding embedding;
    private final PositionalEncoding positions;
    private final List<TransformerDecoderLayer> layers;
    private final TemporalLinear output;
    private final Map<String, Parameter> params;
    private PositionalEncoding memoryPositions;   // of the memory tokens, no dropout; grown on demand
    private int memoryTokens;                     // M of the last forward

    /**
     * The configuration: the options of {@link Builder}, as {@link #options()} records them.
     *
     * @param inputDim       D, features per memory token (C·ph·pw with patches)
     * @param wordVecDim     E, the embedding size of words, memory and every layer
     * @param numHeads       H, attention heads (E divisible by H)
     * @param numLayers      L, decoder layers
     * @param feedforwardDim F, the width of each layer's feed-forward block
     * @param dropout        the probability of dropping, everywhere dropout applies
     * @param maxLength      the longest caption input T (the positional table's length)
     * @param patchH         patch height for image features, 0 without patches
     * @param patchW         patch width for image features, 0 without patches
     * @param dtype          of every weight
     */
    public record Config(int inputDim, int wordVecDim, int numHeads, int numLayers, int feedforwardDim, double dropout,
                         int maxLength, int patchH, int patchW, DType dtype) {
    }

    /** Features (N, tokens·D) are read as that many memory tokens of D (a strip's digit slots, in order). */
    private final int flatTokens;

    private CaptioningTransformer(Vocabulary vocabulary, Config c, int memoryTokens, WeightInit init, long seed) {
        this.vocabulary = vocabulary;
        this.flatTokens = memoryTokens;
        this.config = c;
        Rng rng = new Rng(seed);
        int e = c.wordVecDim();
        this.visual = new TemporalLinear(c.inputDim(), e, rng, c.dtype(), init);
        visual.inputGradient(false);                          // nobody reads the gradient of the image features
        this.embedding = new Embedding(vocabulary.size(), e, rng, c.dtype(), init);
        this.positions = new PositionalEncoding(e, c.maxLength(), c.dropout(), new Rng(rng.nextLong()));
        List<TransformerDecoderLayer> ls = new ArrayList<>();
        for (int l = 0; l < c.numLayers(); l++) {
            ls.add(new TransformerDecoderLayer(e, c.numHeads(), c.feedforwardDim(), c.dropout(), rng, c.dtype(), init));
        }
        this.layers = List.copyOf(ls);
        this.output = new TemporalLinear(e, vocabulary.size(), rng, c.dtype(), init);
        Map<String, Parameter> ps = new LinkedHashMap<>();
        ps.put("W_proj", visual.weight().named("W_proj"));
        ps.put("b_proj", visual.bias().named("b_proj"));
        ps.put("W_embed", embedding.weight().named("W_embed"));
        for (int l = 0; l < layers.size(); l++) {
            String prefix = "layer" + (l + 1) + ".";
            layers.get(l).parametersByName().forEach((name, p) -> ps.put(prefix + name, p.named(prefix + name)));
        }
        ps.put("W_vocab", output.weight().named("W_vocab"));
        ps.put("b_vocab", output.bias().named("b_vocab"));
        this.params = Collections.unmodifiableMap(ps);
    }

    /** A builder for a captioner over {@code vocabulary} (its special tokens are cs231n's, see {@link Vocabulary}). */
    public static Builder builder(Vocabulary vocabulary) {
        return new Builder(vocabulary);
    }

    /**
     * The scores (N, T, V) for image features and caption inputs {@code tokens} (N, T) of word ids (the first T ids
     * of each caption row), in the current mode (dropout in training); remembers what the training pass needs.
     */
    public Tensor scores(Tensor features, Tensor tokens) {
        int[] ts = tokens.shape();
        if (ts.length != 2 || ts[1] == 0 || ts[1] > config.maxLength()) {
            throw new IllegalArgumentException(this + ": caption inputs " + Shapes.format(ts) + ", expected (N, T) word ids"
                    + " with 1 ≤ T ≤ maxLength = " + config.maxLength() + " — build the model with a larger maxLength for"
                    + " longer captions");
        }
        Tensor memory = memory(features);
        if (memory.shape(0) != ts[0]) {
            throw new IllegalArgumentException(this + ": " + memory.shape(0) + " images but " + ts[0] + " captions — row n"
                    + " of the features goes with caption n");
        }
        return decode(tokens, memory);
    }

    /** The projected memory (N, M, E), with token positions when M &gt; 1. */
    private Tensor memory(Tensor features) {
        Tensor x = features.dtype() == config.dtype() ? features : features.to(config.dtype());
        int[] s = x.shape();
        String want = config.patchH() > 0
                ? "images (N, C, H, W) with C·" + config.patchH() + "·" + config.patchW() + " = " + config.inputDim()
                : "features (N, " + flatTokens * config.inputDim() + ") or tokens (N, M, " + config.inputDim() + ")";
        if (config.patchH() > 0) {
            if (s.length != 4 || s[1] * config.patchH() * config.patchW() != config.inputDim() || s[2] % config.patchH() != 0
                    || s[3] % config.patchW() != 0 || s[2] == 0 || s[3] == 0) {
                throw new IllegalArgumentException(this + ": features " + Shapes.format(s) + ", expected " + want
                        + " and H, W multiples of the patch size " + config.patchH() + " × " + config.patchW());
            }
            x = patches(x, config.patchH(), config.patchW());
        } else if (s.length == 2 && s[1] == flatTokens * config.inputDim()) {
            x = x.reshape(s[0], flatTokens, config.inputDim());   // the notebook's one token, or one per slot
        } else if (s.length != 3 || s[2] != config.inputDim() || s[1] == 0) {
            throw new IllegalArgumentException(this + ": features " + Shapes.format(s) + ", expected " + want
                    + " — inputDim must match the features");
        }
        Tensor memory = visual.forward(x);
        memoryTokens = memory.shape(1);
        if (memoryTokens > 1) {
            if (memoryPositions == null || memoryPositions.maxLen() < memoryTokens) {
                memoryPositions = new PositionalEncoding(config.wordVecDim(), memoryTokens, 0, new Rng(0));
            }
            memory.addi(memoryPositions.encoding(memoryTokens, config.dtype()));   // a constant: no gradient of its own
        }
        return memory;
    }

    /**
     * Images (N, C, H, W) cut into patches: (N, (H/ph)·(W/pw), C·ph·pw), patch (i, j) of the grid at index
     * i·(W/pw) + j, its values in (C, ph, pw) order.
     */
    public static Tensor patches(Tensor images, int patchH, int patchW) {
        int[] s = images.shape();
        if (s.length != 4 || patchH <= 0 || patchW <= 0 || s[2] % patchH != 0 || s[3] % patchW != 0) {
            throw new IllegalArgumentException("patches: images " + Shapes.format(s) + " cannot be cut into " + patchH
                    + " × " + patchW + " patches — expected (N, C, H, W) with H, W multiples of the patch size");
        }
        int n = s[0], c = s[1], gh = s[2] / patchH, gw = s[3] / patchW;
        return images.reshape(n, c, gh, patchH, gw, patchW).permute(0, 2, 4, 1, 3, 5).contiguous()
                .reshape(n, gh * gw, c * patchH * patchW);
    }

    private Tensor decode(Tensor tokens, Tensor memory) {
        Tensor x = positions.forward(embedding.forward(tokens));
        for (TransformerDecoderLayer layer : layers) {
            x = layer.forward(x, memory);
        }
        return output.forward(x);
    }

    /** Back through the last {@link #scores} call, adding every parameter's gradient. */
    private void backward(Tensor dscores) {
        Tensor dx = output.backward(dscores);
        Tensor dmemory = null;
        for (int l = layers.size() - 1; l >= 0; l--) {
            dx = layers.get(l).backward(dx);
            Tensor dm = layers.get(l).memoryGradient();
            dmemory = dmemory == null ? dm.copy() : dmemory.addi(dm);   // every layer reads the same memory
        }
        embedding.backward(positions.backward(dx));
        visual.backward(dmemory);   // the token positions are constants: dmemory is the projection's gradient
    }

    /** The training pass: zeroes the gradients, then fills them; returns cs231n's temporal softmax loss. */
    @Override
    public double loss(Tensor features, int[][] captions) {
        params.values().forEach(Parameter::zeroGrad);
        setTraining(true);
        int[][] targets = Tokens.targets(captions);
        Tensor scores = scores(features, Tokens.inputs(captions, config.dtype()));
        LossResult r = TemporalSoftmaxCrossEntropy.compute(scores, targets, Tokens.mask(targets, Vocabulary.NULL_ID));
        backward(r.grad());
        return r.loss();
    }

    /**
     * Greedy decoding, the notebook's {@code sample}: from {@code <START>}, the most likely next word at every step
     * given the words so far, dropout off. Returns (N, maxLength) word ids without the {@code <START>}; after a row's
     * {@code <END>} it holds {@code <NULL>}. Deterministic: the same weights and features give the same captions.
     */
    @Override
    public int[][] sample(Tensor features, int maxLength) {
        return decodeEach(features, maxLength, CaptioningTransformer::argmax);
    }

    /**
     * Decodes every image's caption a word at a time from {@code <START>}, dropout off: {@code choose} picks the next
     * word from the scores of the word after the prefix. A row holds {@code <NULL>} after its {@code <END>}.
     */
    private int[][] decodeEach(Tensor features, int maxLength, ToIntFunction<double[]> choose) {
        checkLength(maxLength);
        setTraining(false);
        Tensor memory = memory(features);
        int n = memory.shape(0);
        int[][] captions = new int[n][maxLength];                   // <NULL> = 0
        int[][] words = new int[n][maxLength + 1];
        boolean[] done = new boolean[n];
        for (int i = 0; i < n; i++) {
            words[i][0] = Vocabulary.START_ID;
        }
        for (int t = 0; t < maxLength; t++) {
            double[][] scores = lastScores(memory, words, t + 1);
            boolean all = true;
            for (int i = 0; i < n; i++) {
                int k = choose.applyAsInt(scores[i]);
                words[i][t + 1] = k;
                if (!done[i]) {
                    captions[i][t] = k;
                    done[i] = k == Vocabulary.END_ID;
                }
                all &= done[i];
            }
            if (all) {
                break;
            }
        }
        return captions;
    }

    /** The first index of the largest value. */
    private static int argmax(double[] scores) {
        int best = 0;
        for (int k = 1; k < scores.length; k++) {
            if (scores[k] > scores[best]) {
                best = k;
            }
        }
        return best;
    }

    /**
     * {@value #METRIC}: the share of rows whose greedy caption of T = {@code targets[n].length − 1} words equals the
     * reference {@code targets[n]} word for word (special tokens aside).
     */
    @Override
    public double metric(Tensor features, int[][] targets) {
        if (targets.length == 0) {
            return 0;
        }
        return CaptionMetrics.exactAccuracy(sample(features, targets[0].length - 1), targets, vocabulary);
    }

    @Override
    public String metricName() {
        return METRIC;
    }

    /** Dropout on (true) or off (false) everywhere; {@link #loss} turns it on, {@link #sample} off. */
    public void setTraining(boolean training) {
        positions.setTraining(training);
        layers.forEach(l -> l.setTraining(training));
    }

    @Override
    public Map<String, Parameter> params() {
        return params;
    }

    /** The dropout generators, live, by stable names: positional_encoding, layer1.self_attn, layer1.dropout1, …. */
    @Override
    public Map<String, Rng> generators() {
        Map<String, Rng> g = new LinkedHashMap<>();
        g.put("positional_encoding", positions.generator());
        for (int l = 0; l < layers.size(); l++) {
            String prefix = "layer" + (l + 1) + ".";
            layers.get(l).generators().forEach((name, rng) -> g.put(prefix + name, rng));
        }
        return g;
    }

    /** The configuration as strings, for a model file: {@link #fromOptions} rebuilds an equal model from them. */
    public Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("inputDim", Integer.toString(config.inputDim()));
        o.put("wordVecDim", Integer.toString(config.wordVecDim()));
        o.put("numHeads", Integer.toString(config.numHeads()));
        o.put("numLayers", Integer.toString(config.numLayers()));
        o.put("feedforwardDim", Integer.toString(config.feedforwardDim()));
        o.put("dropout", Double.toString(config.dropout()));
        o.put("maxLength", Integer.toString(config.maxLength()));
        o.put("patchH", Integer.toString(config.patchH()));
        o.put("patchW", Integer.toString(config.patchW()));
        o.put("dtype", config.dtype().name());
        o.put("memoryTokens", Integer.toString(flatTokens));
        o.put("vocabSize", Integer.toString(vocabulary.size()));
        return o;
    }

    /**
     * A model of the recorded configuration over {@code vocabulary}, with freshly drawn weights (seed 0) to be
     * replaced by the saved ones; refuses options that do not describe a model or a vocabulary of another size.
     */
    public static CaptioningTransformer fromOptions(Map<String, String> options, Vocabulary vocabulary) {
        try {
            int vocabSize = Integer.parseInt(required(options, "vocabSize"));
            if (vocabSize != vocabulary.size()) {
                throw new IllegalArgumentException("CaptioningTransformer: the options record a vocabulary of " + vocabSize
                        + " words, the vocabulary given has " + vocabulary.size());
            }
            Builder b = builder(vocabulary).inputDim(Integer.parseInt(required(options, "inputDim")))
                    .wordVecDim(Integer.parseInt(required(options, "wordVecDim")))
                    .numHeads(Integer.parseInt(required(options, "numHeads")))
                    .numLayers(Integer.parseInt(required(options, "numLayers")))
                    .feedforwardDim(Integer.parseInt(required(options, "feedforwardDim")))
                    .dropout(Double.parseDouble(required(options, "dropout")))
                    .maxLength(Integer.parseInt(required(options, "maxLength")))
                    .dtype(DType.valueOf(required(options, "dtype")));
            int ph = Integer.parseInt(required(options, "patchH")), pw = Integer.parseInt(required(options, "patchW"));
            b.memoryTokens(Integer.parseInt(options.getOrDefault("memoryTokens", "1")));
            return (ph > 0 ? b.patches(ph, pw) : b).build();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CaptioningTransformer: options " + options + " hold a malformed number: "
                    + e.getMessage());
        }
    }

    private static String required(Map<String, String> options, String key) {
        String v = options.get(key);
        if (v == null) {
            throw new IllegalArgumentException("CaptioningTransformer: options lack '" + key + "' (they have "
                    + options.keySet() + ")");
        }
        return v;
    }

    // ---------------------------------------------------------------- as a CaptionModel (dendrite caption train)

    /**
     * The model {@code spec} describes (the inverse of {@link #spec()}), with fresh weights from {@code seed}: options
     * inputDim (features per image), memoryTokens (they split into, default 1), wordvecDim (E), heads, layers,
     * hiddenDim (the feed-forward width), dropout and maxLength, with the notebook's values where absent.
     */
    public static CaptioningTransformer fromSpec(ModelSpec spec, Vocabulary vocabulary, DType dtype, long seed) {
        if (!spec.type().equals(KIND)) {
            throw new IllegalArgumentException("CaptioningTransformer: spec '" + spec + "' is of kind " + spec.type()
                    + ", not " + KIND);
        }
        try {
            int tokens = Integer.parseInt(spec.get("memoryTokens", "1"));
            int features = spec.getInt("inputDim");
            if (tokens < 1 || features % tokens != 0) {
                throw new IllegalArgumentException("CaptioningTransformer: " + features + " features per image do not"
                        + " split into " + tokens + " memory tokens");
            }
            return builder(vocabulary).inputDim(features / tokens).memoryTokens(tokens)
                    .wordVecDim(Integer.parseInt(spec.get("wordvecDim", Integer.toString(DEFAULT_WORDVEC_DIM))))
                    .numHeads(Integer.parseInt(spec.get("heads", Integer.toString(DEFAULT_HEADS))))
                    .numLayers(Integer.parseInt(spec.get("layers", Integer.toString(DEFAULT_LAYERS))))
                    .feedforwardDim(Integer.parseInt(spec.get("hiddenDim",
                            Integer.toString(TransformerDecoderLayer.DEFAULT_FEEDFORWARD))))
                    .dropout(Double.parseDouble(spec.get("dropout", Double.toString(TransformerDecoderLayer.DEFAULT_DROPOUT))))
                    .maxLength(Integer.parseInt(spec.get("maxLength", Integer.toString(DEFAULT_MAX_LENGTH))))
                    .dtype(dtype).seed(seed).build();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CaptioningTransformer: spec '" + spec + "' holds a value that is not a"
                    + " number: " + e.getMessage(), e);
        }
    }

    @Override
    public ModelSpec spec() {
        if (config.patchH() > 0) {
            throw new IllegalStateException(this + ": a model on image patches has no caption-command recipe; save it with"
                    + " options() and fromOptions");
        }
        Map<String, String> o = new LinkedHashMap<>();
        o.put("inputDim", Integer.toString(inputDim()));
        o.put("memoryTokens", Integer.toString(flatTokens));
        o.put("wordvecDim", Integer.toString(config.wordVecDim()));
        o.put("heads", Integer.toString(config.numHeads()));
        o.put("layers", Integer.toString(config.numLayers()));
        o.put("hiddenDim", Integer.toString(config.feedforwardDim()));
        o.put("dropout", Double.toString(config.dropout()));
        o.put("maxLength", Integer.toString(config.maxLength()));
        return new ModelSpec(KIND, o);
    }

    /** Features per image: memoryTokens × the per-token size (patch models: C·ph·pw per patch). */
    @Override
    public int inputDim() {
        return flatTokens * config.inputDim();
    }

    @Override
    public Metric captionMetric() {
        return Metric.EXACT;
    }

    /**
     * Beam search: every step runs the decoder over each kept prefix (all images' beams in one batch) and keeps the
     * {@code beamWidth} best by the sum of log-probabilities; a finished caption keeps its score; ties go to the
     * earlier beam, then the lower word id, so a width of 1 is {@link #sample(Tensor, int) greedy decoding}.
     */
    @Override
    public int[][] sampleBeam(Tensor features, int beamWidth, int maxLength) {
        if (beamWidth < 1) {
            throw new IllegalArgumentException(this + ": beam width " + beamWidth + " — at least 1");
        }
        checkLength(maxLength);
        setTraining(false);
        Tensor memory = memory(features);
        int n = memory.shape(0);
        int[][] out = new int[n][maxLength];
        for (int i = 0; i < n; i++) {
            out[i] = beam(memory.slice(i, i + 1), beamWidth, maxLength);
        }
        return out;
    }

    private record Beam(int[] words, double logp, boolean done) {
    }

    private int[] beam(Tensor memory, int width, int maxLength) {
        List<Beam> beams = List.of(new Beam(new int[]{Vocabulary.START_ID}, 0, false));
        for (int t = 0; t < maxLength && beams.stream().anyMatch(b -> !b.done()); t++) {
            int[][] open = beams.stream().filter(b -> !b.done()).map(Beam::words).toArray(int[][]::new);
            double[][] scores = lastScores(memory, open, t + 1);
            List<Beam> next = new ArrayList<>();
            int row = 0;
            for (Beam b : beams) {
                if (b.done()) {
                    next.add(b);
                    continue;
                }
                double[] logp = logSoftmax(scores[row], 1);
                for (int k = 0; k < logp.length; k++) {
                    int[] w = Arrays.copyOf(b.words(), t + 2);
                    w[t + 1] = k;
                    next.add(new Beam(w, b.logp() + logp[k], k == Vocabulary.END_ID));
                }
                row++;
            }
            // a stable sort keeps the earlier beam, then the lower word id, first among equal scores
            next.sort((a, c) -> Double.compare(c.logp(), a.logp()));
            beams = List.copyOf(next.subList(0, Math.min(width, next.size())));
        }
        int[] best = beams.get(0).words();
        int[] caption = new int[maxLength];                       // <NULL> after the end
        System.arraycopy(best, 1, caption, 0, Math.min(maxLength, best.length - 1));
        return caption;
    }

    /**
     * Words drawn from softmax(scores / temperature) at every step with {@code rng} (reproducible for a seed); after a
     * row's {@code <END>} it holds {@code <NULL>}.
     */
    @Override
    public int[][] sample(Tensor features, int maxLength, double temperature, Rng rng) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException(this + ": temperature " + temperature + " — a positive number");
        }
        return decodeEach(features, maxLength, scores -> draw(logSoftmax(scores, temperature), rng));
    }

    private void checkLength(int maxLength) {
        if (maxLength < 1 || maxLength > config.maxLength()) {
            throw new IllegalArgumentException(this + ": cannot sample " + maxLength + " words, the model takes at most"
                    + " maxLength = " + config.maxLength() + " steps");
        }
    }

    /** The scores of the word after each prefix (its first {@code steps} words), one memory row per prefix. */
    private double[][] lastScores(Tensor memory, int[][] prefixes, int steps) {
        int rows = prefixes.length, v = vocabulary.size();
        double[] ids = new double[rows * steps];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < steps; j++) {
                ids[r * steps + j] = prefixes[r][j];
            }
        }
        int[] sameImage = new int[rows];
        Tensor mem = memory.shape(0) == rows ? memory : memory.gatherRows(sameImage);   // one image's beams share it
        Tensor scores = decode(Tensor.of(ids, rows, steps), mem);
        double[][] last = new double[rows][v];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < v; k++) {
                last[r][k] = scores.get(r, steps - 1, k);
            }
        }
        return last;
    }

    /** log softmax(scores / temperature), stable. */
    private static double[] logSoftmax(double[] scores, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s / temperature);
        }
        double sum = 0;
        for (double s : scores) {
            sum += Math.exp(s / temperature - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[scores.length];
        for (int k = 0; k < scores.length; k++) {
            out[k] = scores[k] / temperature - log;
        }
        return out;
    }

    private static int draw(double[] logp, Rng rng) {
        double u = rng.nextDouble(), acc = 0;
        for (int k = 0; k < logp.length; k++) {
            acc += Math.exp(logp[k]);
            if (u < acc) {
                return k;
            }
        }
        return logp.length - 1;
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    /** The vocabulary of the captions. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The decoder layers, first to last. */
    public List<TransformerDecoderLayer> layers() {
        return layers;
    }

    /** The dtype of every weight. */
    public DType dtype() {
        return config.dtype();
    }

    @Override
    public String toString() {
        return "CaptioningTransformer(D=" + config.inputDim() + (config.patchH() > 0 ? " per " + config.patchH() + "×"
                + config.patchW() + " patch" : "") + ", E=" + config.wordVecDim() + ", heads=" + config.numHeads()
                + ", layers=" + config.numLayers() + ", F=" + config.feedforwardDim() + ", V=" + vocabulary.size() + ")";
    }

    /**
     * Builds a {@link CaptioningTransformer}; {@link #inputDim} is required, the rest default to the notebook's
     * values (E = {@value #DEFAULT_WORDVEC_DIM}, {@value #DEFAULT_HEADS} heads, {@value #DEFAULT_LAYERS} layers,
     * F = {@value TransformerDecoderLayer#DEFAULT_FEEDFORWARD}, dropout {@value TransformerDecoderLayer#DEFAULT_DROPOUT},
     * maxLength {@value #DEFAULT_MAX_LENGTH}), F32, seed 0.
     */
    public static final class Builder {
        private final Vocabulary vocabulary;
        private int inputDim = -1;
        private int wordVecDim = DEFAULT_WORDVEC_DIM;
        private int numHeads = DEFAULT_HEADS;
        private int numLayers = DEFAULT_LAYERS;
        private int feedforwardDim = TransformerDecoderLayer.DEFAULT_FEEDFORWARD;
        private double dropout = TransformerDecoderLayer.DEFAULT_DROPOUT;
        private int maxLength = DEFAULT_MAX_LENGTH;
        private int patchH, patchW;
        private int memoryTokens = 1;
        private WeightInit init = DEFAULT_INIT;
        private DType dtype = DType.F32;
        private long seed;

        private Builder(Vocabulary vocabulary) {
            if (vocabulary == null) {
                throw new IllegalArgumentException("CaptioningTransformer: vocabulary must not be null");
            }
            this.vocabulary = vocabulary;
        }

        /** D, the features of one image (or of one memory token, or of one patch: C·ph·pw). */
        public Builder inputDim(int d) { this.inputDim = d; return this; }
        /** E, the size of word vectors and of every layer (even, divisible by the heads). */
        public Builder wordVecDim(int e) { this.wordVecDim = e; return this; }
        public Builder numHeads(int h) { this.numHeads = h; return this; }
        public Builder numLayers(int l) { this.numLayers = l; return this; }
        /** F, the width of each decoder layer's feed-forward block. */
        public Builder feedforwardDim(int f) { this.feedforwardDim = f; return this; }
        /** The probability of dropping, in the positional encoding, the attention weights and every residual branch. */
        public Builder dropout(double p) { this.dropout = p; return this; }
        /** The longest caption input T the model takes (the notebook's max_length). */
        public Builder maxLength(int t) { this.maxLength = t; return this; }
        /** Flat features (N, m·D) are read as m memory tokens of D each (default 1: the notebook's one token). */
        public Builder memoryTokens(int m) { this.memoryTokens = m; return this; }
        /** Image features (N, C, H, W) are cut into ph × pw patches, one memory token each. */
        public Builder patches(int ph, int pw) { this.patchH = ph; this.patchW = pw; return this; }
        public Builder init(WeightInit i) { this.init = i; return this; }
        public Builder dtype(DType d) { this.dtype = d; return this; }
        public Builder seed(long s) { this.seed = s; return this; }

        public CaptioningTransformer build() {
            if (inputDim <= 0) {
                throw new IllegalArgumentException("CaptioningTransformer: inputDim " + inputDim + " — set the features'"
                        + " size D with inputDim(D) (C·ph·pw with patches)");
            }
            if (numLayers <= 0 || maxLength <= 0 || feedforwardDim <= 0) {
                throw new IllegalArgumentException("CaptioningTransformer: numLayers " + numLayers + ", maxLength "
                        + maxLength + ", feedforwardDim " + feedforwardDim + " — all must be positive");
            }
            if (patchH < 0 || patchW < 0 || (patchH == 0) != (patchW == 0)) {
                throw new IllegalArgumentException("CaptioningTransformer: patch size " + patchH + " × " + patchW
                        + " — both positive, or both 0 for features without patches");
            }
            if (memoryTokens < 1 || (memoryTokens > 1 && patchH > 0)) {
                throw new IllegalArgumentException("CaptioningTransformer: memoryTokens " + memoryTokens
                        + " — at least 1, and 1 with patches (patches make their own tokens)");
            }
            Config c = new Config(inputDim, wordVecDim, numHeads, numLayers, feedforwardDim, dropout, maxLength, patchH,
                    patchW, dtype);
            return new CaptioningTransformer(vocabulary, c, memoryTokens, init, seed);
        }
    }
}
