package io.dendrite.model;

import io.dendrite.io.Npz;
import io.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model's weights in numpy's {@code .npz} format, by the seeds' names, so that weights move between numpy and
 * Dendrite both ways. The book's {@code TwoLayerNet.params}, saved with
 * {@code np.savez("w.npz", W1=..., b1=..., W2=..., b2=...)}, import onto {@code TwoLayerNet} of the same sizes;
 * an exported network loads in numpy with {@code np.load("w.npz")}.
 *
 * <p>The archive holds one array per parameter ({@code W1, b1, …, gamma1, beta1, …}) and one per buffer
 * ({@code running_mean1, running_var1, …}). Linear weights are {@code (in, out)} as in the seeds; PyTorch's are
 * {@code (out, in)}: {@link Layout} says when they are transposed, and {@code TorchNames} how a PyTorch
 * {@code state_dict} saved with {@code np.savez(f, **{k: v.numpy() for k, v in sd.items()})} is matched by order.
 * Export keeps each tensor's dtype (F32 → float32, F64 → float64);
 * import converts every array to the dtype of the tensor it replaces, so numpy's float64 weights load into an
 * F32 network (rounded to float32) — and so do integer arrays, which {@link io.dendrite.io.Npy} reads as floats.
 *
 * <p>Errors: a file that cannot be read is an {@link IOException} naming it; a file that is readable but does not
 * fit the model (a shape, a missing or an extra array) is an {@link IllegalArgumentException} whose one line names
 * the file, the array and both shapes, e.g. {@code w.npz: array W1 has shape (784, 100), the network's W1 is
 * (784, 50)}. Every check runs before anything is copied: when import throws, the model is unchanged.
 */
public final class NpzWeights {
    private NpzWeights() {
    }

    /**
     * The arrays {@link #exportTo} writes, in order: every parameter by its name, then every buffer by its name.
     * The tensors are the model's own (live), not copies.
     *
     * @throws IllegalStateException if a buffer has a parameter's name (the archive would hold one of them only)
     */
    public static Map<String, Tensor> arrays(Model model) {
        return WeightImport.arrays(model);
    }

    /**
     * Writes every parameter and buffer of {@code model} to {@code file} as {@code np.savez} does (entries stored),
     * each under its name and in its own dtype. Atomic: a reader sees the old file or the whole new one.
     */
    public static void exportTo(Model model, Path file) throws IOException {
        exportTo(model, file, false);
    }

    /** As {@link #exportTo(Model, Path)}; {@code compressed} deflates the entries as {@code np.savez_compressed}. */
    public static void exportTo(Model model, Path file, boolean compressed) throws IOException {
        exportTo(model, file, compressed, Layout.DENDRITE);
    }

    /** As {@link #exportTo(Model, Path, boolean)}, with the Linear weights in {@code layout} (TORCH: transposed). */
    public static void exportTo(Model model, Path file, boolean compressed, Layout layout) throws IOException {
        Map<String, Tensor> arrays = WeightImport.arrays(model, layout);
        if (compressed) {
            Npz.writeCompressed(file, arrays);
        } else {
            Npz.write(file, arrays);
        }
    }

    /**
     * Reads {@code file} and copies each array onto the model's parameter or buffer of the same name, converted to
     * that tensor's dtype. Shapes must match exactly. An entry {@code W1.npy} (numpy's own naming inside the zip)
     * is array {@code W1}. PyTorch names are mapped by order and their Linear weights transposed (see
     * {@link Layout}); Dendrite's names are read in Dendrite's layout.
     *
     * @param strict true: every parameter and buffer of the model must be in the file, and every array in the file
     *               must belong to the model; false: missing tensors keep their values and unknown arrays are
     *               skipped, both listed in the report
     * @throws IOException              if the file cannot be read as an {@code .npz} archive
     * @throws IllegalArgumentException if a shape differs, or (strict) an array is missing or extra; the model is
     *                                  then unchanged
     */
    public static ImportReport importFrom(Path file, Model model, boolean strict) throws IOException {
        return importFrom(file, model, ImportOptions.DEFAULT.strict(strict));
    }

    /** As {@link #importFrom(Path, Model, boolean)}, with the layout fixed when {@code options} says so. */
    public static ImportReport importFrom(Path file, Model model, ImportOptions options) throws IOException {
        return importFrom(Npz.read(file), file, model, options);
    }

    /** As {@link #importFrom(Path, Model, boolean)}, from arrays already read; {@code file} names them in messages. */
    public static ImportReport importFrom(Map<String, Tensor> arrays, Path file, Model model, boolean strict) {
        return importFrom(arrays, file, model, ImportOptions.DEFAULT.strict(strict));
    }

    /** As {@link #importFrom(Path, Model, ImportOptions)}, from arrays already read. */
    public static ImportReport importFrom(Map<String, Tensor> arrays, Path file, Model model, ImportOptions options) {
        return WeightImport.importFrom(arrays, file, model, options, null, Layout.DENDRITE);
    }
}
