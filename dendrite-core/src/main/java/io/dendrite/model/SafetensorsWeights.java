package io.dendrite.model;

import io.dendrite.io.Safetensors;
import io.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's weights in Hugging Face's safetensors format ({@link Safetensors}), so that weights move between
 * Dendrite and PyTorch / Hugging Face both ways.
 *
 * <p>Export writes every parameter and buffer under Dendrite's name ({@code W1, b1, …, gamma1, beta1,
 * running_mean1, …}) in its own dtype, with {@code __metadata__} {@code {"format": "dendrite", "layout": …}}; in
 * {@link Layout#TORCH} the Linear weights are written transposed, {@code (out, in)}, as {@code nn.Linear} holds them.
 *
 * <p>Import reads a file written by Dendrite or by PyTorch ({@code safetensors.torch.save_file(model.state_dict(),
 * f)}): PyTorch's names ({@code 0.weight}, {@code fc1.bias}, …) are mapped to Dendrite's by layer order
 * ({@code TorchNames}), Linear weights are transposed by the rule in {@link Layout} (a file that does not say it
 * was written by Dendrite is taken to be PyTorch's, {@code (out, in)}), then names and shapes are checked as
 * {@link NpzWeights} checks them — everything before anything is copied, so a failed import leaves the model as it
 * was. F16, BF16 and integer tensors are read as F32 or F64 and converted to each target's dtype.
 */
public final class SafetensorsWeights {
    /** The {@code __metadata__} key and value that mark a file written by Dendrite. */
    public static final String FORMAT_KEY = "format";
    public static final String FORMAT_DENDRITE = "dendrite";
    /** The {@code __metadata__} key that records the layout of the Linear weights ("dendrite" or "torch"). */
    public static final String LAYOUT_KEY = "layout";

    private SafetensorsWeights() {
    }

    /** The tensors {@link #exportTo} writes: {@link NpzWeights#arrays}, Linear weights transposed for TORCH. */
    public static Map<String, Tensor> arrays(Model model, Layout layout) {
        return WeightImport.arrays(model, layout);
    }

    /** Writes the model's parameters and buffers to {@code file} in Dendrite's layout. Atomic. */
    public static void exportTo(Model model, Path file) throws IOException {
        exportTo(model, file, Layout.DENDRITE);
    }

    /** Writes the model's parameters and buffers to {@code file}, Linear weights in {@code layout}. Atomic. */
    public static void exportTo(Model model, Path file, Layout layout) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT_KEY, FORMAT_DENDRITE);
        metadata.put(LAYOUT_KEY, layout.label());
        Safetensors.write(file, arrays(model, layout), metadata);
    }

    /**
     * Reads {@code file} and copies its tensors onto the model (see the class comment).
     *
     * @throws IOException              if the file is not a well-formed safetensors file
     * @throws IllegalArgumentException if a shape differs, or (strict) a tensor is missing or extra, or the file
     *                                  declares an unknown layout; the model is then unchanged
     */
    public static ImportReport importFrom(Path file, Model model, ImportOptions options) throws IOException {
        Safetensors.Contents contents = Safetensors.read(file);
        Layout declared = options.layout() != null ? null : declaredLayout(file, contents.metadata());
        return WeightImport.importFrom(contents.tensors(), file, model, options, declared, Layout.TORCH);
    }

    /**
     * The layout a file written by Dendrite declares (its "layout" entry, dendrite when absent); null for a file
     * that does not say Dendrite wrote it.
     */
    static Layout declaredLayout(Path file, Map<String, String> metadata) {
        if (!FORMAT_DENDRITE.equals(metadata.get(FORMAT_KEY))) {
            return null;
        }
        String layout = metadata.getOrDefault(LAYOUT_KEY, Layout.DENDRITE.label());
        try {
            return Layout.of(layout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": __metadata__ declares " + e.getMessage()
                    + " (give the layout explicitly)");
        }
    }
}
