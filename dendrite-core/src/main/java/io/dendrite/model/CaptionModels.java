package io.dendrite.model;

import io.dendrite.data.text.Vocabulary;
import io.dendrite.io.JsonText;
import io.dendrite.io.ModelFile;
import io.dendrite.nn.Parameter;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes, saves and loads {@link CaptionModel}s of every kind: {@code rnn} ({@link CaptioningRnn}) and the kinds
 * registered with {@link #register}. A kind is a name and a {@link Factory} that builds the model from its
 * {@link ModelSpec} and vocabulary; the command line picks one with {@code --model}.
 *
 * <p><b>Files</b> are Dendrite model files ({@link ModelFile}: atomic write, checksum, defensive read) whose
 * architecture text starts with {@value #HEADER} and names everything needed to rebuild the captioner — its spec, its
 * dtype and its words — and, when it captions images rather than given features, the {@link ImageEncoder}; a
 * {@link SlotEncoder}'s network follows in the form {@link Architecture} writes for any network:
 * <pre>
 * captioner 1
 * model rnn cell=lstm inputDim=256 wordvecDim=128 hiddenDim=256 reg=0.0 metric=exact
 * dtype F32
 * words ["&lt;NULL&gt;", "&lt;START&gt;", "&lt;END&gt;", "&lt;UNK&gt;", "zero", …]
 * encoder slots width=28
 * network 1
 * …
 * </pre>
 * The captioner's parameters are stored under their names (W_embed, W_proj, …), the encoder network's parameters and
 * buffers under {@value #ENCODER_PREFIX} + their names. {@link ModelStore#load} refuses such a file with a message that
 * points here, and this class refuses a network's file likewise.
 */
public final class CaptionModels {
    /** The first line of a caption model's architecture text. */
    public static final String HEADER = "captioner 1";
    /** The prefix of the image encoder's tensors in a caption model file. */
    public static final String ENCODER_PREFIX = "encoder/";

    /** Builds a captioner of one kind, with fresh weights drawn from {@code seed}. */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param spec       the kind and its options ({@link CaptionModel#spec()} of the model to rebuild)
         * @param vocabulary the words
         * @param dtype      F32 or F64
         * @param seed       seed of the initial weights
         */
        CaptionModel create(ModelSpec spec, Vocabulary vocabulary, DType dtype, long seed);
    }

    /** A loaded caption model: the captioner, its image encoder (null when it was trained on given features). */
    public record Loaded(CaptionModel model, ImageEncoder encoder, Map<String, String> metadata) {
    }

    private static final Map<String, Factory> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put(CaptioningRnn.KIND, CaptioningRnn::fromSpec);
        KINDS.put(CaptioningTransformer.KIND, CaptioningTransformer::fromSpec);
    }

    private CaptionModels() {
    }

    /** Adds a kind of captioning model; a name already taken is refused. */
    public static synchronized void register(String kind, Factory factory) {
        if (kind == null || kind.isBlank() || kind.contains(" ") || factory == null) {
            throw new IllegalArgumentException("CaptionModels.register: a kind needs a name without spaces and a factory,"
                    + " got '" + kind + "'");
        }
        if (KINDS.containsKey(kind)) {
            throw new IllegalArgumentException("CaptionModels.register: kind '" + kind + "' is registered already");
        }
        KINDS.put(kind, factory);
    }

    /** The kinds that {@link #create} knows, in the order they were registered ({@code rnn} first). */
    public static synchronized List<String> kinds() {
        return List.copyOf(KINDS.keySet());
    }

    /** A captioner of {@code spec}'s kind with fresh weights. */
    public static CaptionModel create(ModelSpec spec, Vocabulary vocabulary, DType dtype, long seed) {
        Factory f;
        synchronized (CaptionModels.class) {
            f = KINDS.get(spec.type());
        }
        if (f == null) {
            throw new IllegalArgumentException("unknown captioning model '" + spec.type() + "' (expected one of "
                    + String.join(", ", kinds()) + ")");
        }
        return f.create(spec, vocabulary, dtype, seed);
    }

    /** True when {@code architecture} (a model file's) describes a caption model. */
    public static boolean isCaptionModel(String architecture) {
        return architecture.equals(HEADER) || architecture.startsWith(HEADER + "\n");
    }

    /**
     * Writes the captioner, its vocabulary and its image encoder ({@code null} for a model of given features) to
     * {@code file}, atomically.
     */
    public static void save(CaptionModel model, ImageEncoder encoder, Map<String, String> metadata, Path file)
            throws IOException {
        StringBuilder a = new StringBuilder(HEADER).append('\n');
        a.append("model ").append(model.spec()).append('\n');
        a.append("dtype ").append(model.dtype().name()).append('\n');
        a.append("words [");
        List<String> words = model.vocabulary().words();   // a model without words says so here, before any writing
        for (int i = 0; i < words.size(); i++) {
            a.append(i == 0 ? "" : ", ").append(JsonText.quote(words.get(i)));
        }
        a.append("]\n");
        Map<String, Tensor> params = new LinkedHashMap<>();
        model.params().forEach((name, p) -> params.put(name, p.value()));
        Map<String, Tensor> buffers = new LinkedHashMap<>(model.buffers());
        if (encoder != null) {
            a.append("encoder ").append(encoder.spec()).append('\n');
            if (encoder instanceof SlotEncoder slots) {
                Network net = slots.network();
                a.append(Architecture.describe(net));
                ModelStore.parameterValues(net).forEach((name, t) -> params.put(ENCODER_PREFIX + name, t));
                net.buffers().forEach((name, t) -> buffers.put(ENCODER_PREFIX + name, t));
            }
        }
        ModelFile.write(file, new ModelFile.Contents(a.toString(), metadata, params, buffers));
    }

    /** Reads a file {@link #save} wrote; every failure is an {@link IOException} that names the file. */
    public static Loaded load(Path file) throws IOException {
        ModelFile.Contents c = ModelFile.read(file);
        if (!isCaptionModel(c.architecture())) {
            throw new IOException(file + " holds a network, not a captioning model (its architecture does not start '"
                    + HEADER + "'): evaluate it with dendrite eval, or give the model.dnd of a dendrite caption train run");
        }
        List<String> lines = List.of(c.architecture().split("\n"));
        ModelSpec spec = null;
        DType dtype = null;
        Vocabulary vocabulary = null;
        ModelSpec encoderSpec = null;
        int at = 1;
        try {
            for (; at < lines.size() && encoderSpec == null; at++) {
                String line = lines.get(at);
                int space = line.indexOf(' ');
                String key = space < 0 ? line : line.substring(0, space);
                String rest = space < 0 ? "" : line.substring(space + 1);
                switch (key) {
                    case "model" -> spec = ModelSpec.parse(rest);
                    case "dtype" -> dtype = DType.valueOf(rest.trim());
                    case "words" -> vocabulary = words(file, rest);
                    case "encoder" -> encoderSpec = ModelSpec.parse(rest);
                    default -> throw new IOException(file + ": architecture line " + (at + 1) + " '" + line
                            + "' is not a model, dtype, words or encoder line");
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": architecture line " + (at + 1) + " is damaged: " + e.getMessage(), e);
        }
        if (spec == null || dtype == null || vocabulary == null) {
            throw new IOException(file + ": the caption model's architecture lacks its "
                    + (spec == null ? "model" : dtype == null ? "dtype" : "words") + " line — the file is damaged");
        }
        CaptionModel model;
        try {
            model = create(spec, vocabulary, dtype, 0);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": cannot rebuild the captioning model '" + spec + "': " + e.getMessage(), e);
        }
        Map<String, Tensor> own = new LinkedHashMap<>();
        Map<String, Tensor> encoderParams = new LinkedHashMap<>();
        c.parameters().forEach((name, t) -> (name.startsWith(ENCODER_PREFIX) ? encoderParams : own)
                .put(name.startsWith(ENCODER_PREFIX) ? name.substring(ENCODER_PREFIX.length()) : name, t));
        ModelStore.requireFinite(file, own);
        for (Map.Entry<String, Parameter> e : model.params().entrySet()) {
            ModelStore.copyInto(file, "parameter", e.getKey(), own.get(e.getKey()), e.getValue().value());
        }
        for (Map.Entry<String, Tensor> e : model.buffers().entrySet()) {
            ModelStore.copyInto(file, "buffer", e.getKey(), c.buffers().get(e.getKey()), e.getValue());
        }
        ImageEncoder encoder = encoderSpec == null ? null
                : encoder(file, encoderSpec, String.join("\n", lines.subList(at, lines.size())), encoderParams,
                c.buffers());
        return new Loaded(model, encoder, c.metadata());
    }

    /** The vocabulary of a {@code words} line: a JSON list of the words in id order. */
    private static Vocabulary words(Path file, String json) throws IOException {
        Object parsed = JsonText.parse(json, file + " (words)");
        if (!(parsed instanceof List<?> list)) {
            throw new IOException(file + ": the words line is not a JSON list of words");
        }
        List<String> words = new ArrayList<>(list.size());
        for (Object w : list) {
            if (!(w instanceof String s)) {
                throw new IOException(file + ": the words line holds " + w + ", not a word");
            }
            words.add(s);
        }
        try {
            return Vocabulary.fromIdToWord(words);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": its words are no caption vocabulary: " + e.getMessage(), e);
        }
    }

    private static ImageEncoder encoder(Path file, ModelSpec spec, String networkText, Map<String, Tensor> params,
                                        Map<String, Tensor> allBuffers) throws IOException {
        switch (spec.type()) {
            case ImageEncoder.Pixels.KIND:
                return ImageEncoder.pixels();
            case SlotEncoder.KIND: {
                Map<String, Tensor> buffers = new LinkedHashMap<>();
                allBuffers.forEach((name, t) -> {
                    if (name.startsWith(ENCODER_PREFIX)) {
                        buffers.put(name.substring(ENCODER_PREFIX.length()), t);
                    }
                });
                Network net = ModelStore.rebuild(file, networkText, params, buffers);
                try {
                    return new SlotEncoder(net, Integer.parseInt(spec.get("width")));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": cannot rebuild the image encoder '" + spec + "': " + e.getMessage(), e);
                }
            }
            default:
                throw new IOException(file + ": unknown image encoder '" + spec.type() + "' (expected "
                        + ImageEncoder.Pixels.KIND + " or " + SlotEncoder.KIND + ")");
        }
    }
}
