package io.dendrite.model;

import io.dendrite.data.text.CharVocabulary;
import io.dendrite.io.ModelFile;
import io.dendrite.nn.Embedding;
import io.dendrite.nn.Layer;
import io.dendrite.nn.LayerTypes;
import io.dendrite.nn.Parameter;
import io.dendrite.nn.RecurrentLayer;
import io.dendrite.nn.TemporalLinear;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link CharLanguageModel} in a Dendrite {@link ModelFile}: the same container, checksum and atomic write as
 * every model; an architecture text of its own kind, whose layer lines are {@link LayerTypes}' descriptions (as a
 * network's are), and the vocabulary's code points in the metadata. Example:
 * <pre>
 * char-lm 1
 * cell LSTM
 * dtype F32
 * layer Embedding vocab=65 dim=64
 * layer Lstm input=64 hidden=128
 * layer TemporalLinear in=128 out=65
 * </pre>
 */
final class CharLanguageModelFile {
    /** The first line of a character language model's architecture text. */
    static final String HEADER = "char-lm 1";
    /** Metadata key of the vocabulary: its code points in id order, in decimal, separated by commas. */
    static final String VOCABULARY = "vocabulary";

    private CharLanguageModelFile() {
    }

    static void write(CharLanguageModel model, Map<String, String> metadata, Path file) throws IOException {
        StringBuilder arch = new StringBuilder(HEADER).append('\n');
        arch.append("cell ").append(model.cell().name()).append('\n');
        arch.append("dtype ").append(model.dtype().name()).append('\n');
        List<Layer> layers = new ArrayList<>();
        layers.add(model.embedding());
        layers.addAll(model.recurrentLayers());
        layers.add(model.output());
        for (Layer layer : layers) {
            arch.append("layer ").append(LayerTypes.name(layer));
            LayerTypes.describe(layer).forEach((k, v) -> arch.append(' ').append(k).append('=').append(v));
            arch.append('\n');
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        CharVocabulary v = model.vocabulary();
        StringBuilder cps = new StringBuilder();
        for (int id = 0; id < v.size(); id++) {
            cps.append(id == 0 ? "" : ",").append(v.codePoint(id));
        }
        meta.put(VOCABULARY, cps.toString());
        Map<String, Tensor> params = new LinkedHashMap<>();
        model.params().forEach((name, p) -> params.put(name, p.value()));
        ModelFile.write(file, new ModelFile.Contents(arch.toString(), meta, params, Map.of()));
    }

    static CharLanguageModel.Loaded read(Path file) throws IOException {
        ModelFile.Contents c = ModelFile.read(file);
        if (!c.architecture().startsWith(HEADER + "\n")) {
            throw new IOException(file + ": not a character language model (its architecture starts '"
                    + firstLine(c.architecture()) + "', expected '" + HEADER + "') — for a network use ModelStore.load"
                    + " or dendrite eval/predict");
        }
        CharLanguageModel model;
        try {
            model = build(c.architecture(), vocabulary(c.metadata()));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": cannot rebuild the character language model: " + e.getMessage(), e);
        }
        for (Map.Entry<String, Parameter> e : model.params().entrySet()) {
            Tensor saved = c.parameters().get(e.getKey());
            Tensor target = e.getValue().value();
            if (saved == null) {
                throw new IOException(file + ": the model file lacks parameter " + e.getKey() + " that its layers need");
            }
            if (!Shapes.same(saved.shape(), target.shape())) {
                throw new IOException(file + ": parameter " + e.getKey() + " has shape " + Shapes.format(saved.shape())
                        + ", the architecture expects " + Shapes.format(target.shape()));
            }
            target.assign(saved);
        }
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.remove(VOCABULARY);
        return new CharLanguageModel.Loaded(model, meta);
    }

    /** True when an architecture text is a character language model's. */
    static boolean describes(String architecture) {
        return architecture.startsWith(HEADER + "\n");
    }

    private static CharVocabulary vocabulary(Map<String, String> metadata) {
        String text = metadata.get(VOCABULARY);
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("the metadata holds no " + VOCABULARY);
        }
        StringBuilder chars = new StringBuilder();
        for (String cp : text.split(",")) {
            try {
                chars.appendCodePoint(Integer.parseInt(cp.trim()));
            } catch (IllegalArgumentException e) {   // not a number, or not a code point
                throw new IllegalArgumentException("the vocabulary holds '" + cp + "', not a code point");
            }
        }
        CharVocabulary v = CharVocabulary.of(chars);
        if (v.size() != text.split(",").length) {
            throw new IllegalArgumentException("the vocabulary lists a character twice");
        }
        return v;
    }

    private static CharLanguageModel build(String architecture, CharVocabulary vocabulary) {
        CharLanguageModel.Cell cell = null;
        DType dtype = DType.F32;
        List<Layer> layers = new ArrayList<>();
        String[] lines = architecture.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] parts = lines[i].trim().split("\\s+");
            switch (parts[0]) {
                case "cell" -> cell = CharLanguageModel.Cell.valueOf(parts[1].toUpperCase(Locale.ROOT));
                case "dtype" -> dtype = DType.valueOf(parts[1]);
                case "layer" -> {
                    Map<String, String> options = new LinkedHashMap<>();
                    for (int k = 2; k < parts.length; k++) {
                        int eq = parts[k].indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("line " + (i + 1) + ": expected key=value, found '"
                                    + parts[k] + "'");
                        }
                        options.put(parts[k].substring(0, eq), parts[k].substring(eq + 1));
                    }
                    layers.add(LayerTypes.create(new LayerTypes.Config(parts[1], options, dtype, List.of())));
                }
                case "" -> { }
                default -> throw new IllegalArgumentException("line " + (i + 1) + ": unknown entry '" + lines[i] + "'");
            }
        }
        if (cell == null || layers.size() < 3 || !(layers.get(0) instanceof Embedding embed)
                || !(layers.get(layers.size() - 1) instanceof TemporalLinear out)) {
            throw new IllegalArgumentException("expected a cell line, an Embedding, recurrent layers and a"
                    + " TemporalLinear");
        }
        List<RecurrentLayer> cells = new ArrayList<>();
        for (Layer l : layers.subList(1, layers.size() - 1)) {
            if (!(l instanceof RecurrentLayer r)) {
                throw new IllegalArgumentException("expected recurrent layers between the Embedding and the"
                        + " TemporalLinear, found " + l);
            }
            cells.add(r);
        }
        if (embed.vocabSize() != vocabulary.size() || out.outFeatures() != vocabulary.size()) {
            throw new IllegalArgumentException("the layers are built for " + embed.vocabSize() + " characters but the"
                    + " vocabulary holds " + vocabulary.size());
        }
        return new CharLanguageModel(vocabulary, cell, embed, cells, out);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
