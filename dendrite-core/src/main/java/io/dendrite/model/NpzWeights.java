package io.dendrite.model;

import io.dendrite.io.Npz;
import io.dendrite.nn.Parameter;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's weights in numpy's {@code .npz} format, by the seeds' names, so that weights move between numpy and
 * Dendrite both ways. The book's {@code TwoLayerNet.params}, saved with
 * {@code np.savez("w.npz", W1=..., b1=..., W2=..., b2=...)}, import onto {@code TwoLayerNet} of the same sizes;
 * an exported network loads in numpy with {@code np.load("w.npz")}.
 *
 * <p>The archive holds one array per parameter ({@code W1, b1, …, gamma1, beta1, …}) and one per buffer
 * ({@code running_mean1, running_var1, …}). Linear weights are {@code (in, out)} as in the seeds (PyTorch's are
 * {@code (out, in)}: transpose them first). Export keeps each tensor's dtype (F32 → float32, F64 → float64);
 * import converts every array to the dtype of the tensor it replaces, so numpy's float64 weights load into an
 * F32 network (rounded to float32) — and so do integer arrays, which {@link io.dendrite.io.Npy} reads as floats.
 *
 * <p>Errors: a file that cannot be read is an {@link IOException} naming it; a file that is readable but does not
 * fit the model (a shape, a missing or an extra array) is an {@link IllegalArgumentException} whose one line names
 * the file, the array and both shapes, e.g. {@code w.npz: array W1 has shape (784, 100), the network's W1 is
 * (784, 50)}. Every check runs before anything is copied: when import throws, the model is unchanged.
 */
public final class NpzWeights {
    /** Names shown in full in an error; longer lists end in "… (N in all)". */
    private static final int NAMES_SHOWN = 12;

    private NpzWeights() {
    }

    /**
     * What {@link #importFrom} did: the arrays copied onto the model, the model's parameters and buffers that the
     * file lacks (left as they were), and the file's arrays the model does not have (not used). The last two are
     * empty after a strict import.
     */
    public record ImportReport(Path file, List<String> imported, List<String> missing, List<String> ignored) {
        public ImportReport {
            imported = List.copyOf(imported);
            missing = List.copyOf(missing);
            ignored = List.copyOf(ignored);
        }

        /** True when every model tensor came from the file and every array in the file was used. */
        public boolean complete() {
            return missing.isEmpty() && ignored.isEmpty();
        }

        /** One line: how many arrays came from which file, and what was missing or ignored. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("imported " + imported.size() + " array"
                    + (imported.size() == 1 ? "" : "s") + " from " + file);
            if (!missing.isEmpty()) {
                sb.append("; not in the file, kept as built: ").append(names(missing));
            }
            if (!ignored.isEmpty()) {
                sb.append("; not in the network, ignored: ").append(names(ignored));
            }
            return sb.toString();
        }
    }

    /**
     * The arrays {@link #exportTo} writes, in order: every parameter by its name, then every buffer by its name.
     * The tensors are the model's own (live), not copies.
     *
     * @throws IllegalStateException if a buffer has a parameter's name (the archive would hold one of them only)
     */
    public static Map<String, Tensor> arrays(Model model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.params().entrySet()) {
            out.put(e.getKey(), e.getValue().value());
        }
        for (Map.Entry<String, Tensor> e : model.buffers().entrySet()) {
            if (out.put(e.getKey(), e.getValue()) != null) {
                throw new IllegalStateException("the model has a parameter and a buffer both named " + e.getKey()
                        + ": an .npz archive can hold only one of them");
            }
        }
        return Collections.unmodifiableMap(out);
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
        Map<String, Tensor> arrays = arrays(model);
        if (compressed) {
            Npz.writeCompressed(file, arrays);
        } else {
            Npz.write(file, arrays);
        }
    }

    /**
     * Reads {@code file} and copies each array onto the model's parameter or buffer of the same name, converted to
     * that tensor's dtype. Shapes must match exactly. An entry {@code W1.npy} (numpy's own naming inside the zip)
     * is array {@code W1}.
     *
     * @param strict true: every parameter and buffer of the model must be in the file, and every array in the file
     *               must belong to the model; false: missing tensors keep their values and unknown arrays are
     *               skipped, both listed in the report
     * @throws IOException              if the file cannot be read as an {@code .npz} archive
     * @throws IllegalArgumentException if a shape differs, or (strict) an array is missing or extra; the model is
     *                                  then unchanged
     */
    public static ImportReport importFrom(Path file, Model model, boolean strict) throws IOException {
        return importFrom(Npz.read(file), file, model, strict);
    }

    /** As {@link #importFrom(Path, Model, boolean)}, from arrays already read; {@code file} names them in messages. */
    public static ImportReport importFrom(Map<String, Tensor> arrays, Path file, Model model, boolean strict) {
        Map<String, Tensor> targets = arrays(model);
        List<String> shapeErrors = new ArrayList<>();
        List<String> imported = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : targets.entrySet()) {
            Tensor saved = arrays.get(e.getKey());
            if (saved == null) {
                missing.add(e.getKey());
            } else if (!Shapes.same(saved.shape(), e.getValue().shape())) {
                shapeErrors.add("array " + e.getKey() + " has shape " + Shapes.format(saved.shape())
                        + ", the network's " + e.getKey() + " is " + Shapes.format(e.getValue().shape()));
            } else {
                imported.add(e.getKey());
            }
        }
        List<String> ignored = new ArrayList<>();
        for (String name : arrays.keySet()) {
            if (!targets.containsKey(name)) {
                ignored.add(name);
            }
        }

        List<String> problems = new ArrayList<>(shapeErrors);
        if (strict && !missing.isEmpty()) {
            problems.add("the network's " + names(missing) + (missing.size() == 1 ? " is" : " are")
                    + " not in the file, which holds " + (arrays.isEmpty() ? "no arrays" : names(arrays.keySet()))
                    + " (import non-strictly to keep the network's own values)");
        }
        if (strict && !ignored.isEmpty()) {
            problems.add((ignored.size() == 1 ? "array " : "arrays ") + names(ignored)
                    + (ignored.size() == 1 ? " is" : " are") + " not in the network, whose weights are "
                    + names(targets.keySet()) + " (import non-strictly to ignore them)" + positionalHint(ignored));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + String.join("; ", problems));
        }

        for (String name : imported) {
            targets.get(name).assign(arrays.get(name));   // assign converts float64 ↔ float32
        }
        return new ImportReport(file, imported, missing, ignored);
    }

    /** np.savez(f, a, b) names its arrays arr_0, arr_1, …: say how to give them names. */
    private static String positionalHint(List<String> ignored) {
        return ignored.stream().anyMatch(n -> n.matches("arr_\\d+"))
                ? "; arr_0, arr_1, … are numpy's names for unnamed arrays: save with np.savez(file, W1=..., b1=..., …)"
                : "";
    }

    private static String names(Iterable<String> names) {
        List<String> all = new ArrayList<>();
        names.forEach(all::add);
        if (all.size() <= NAMES_SHOWN) {
            return String.join(", ", all);
        }
        return String.join(", ", all.subList(0, NAMES_SHOWN)) + ", … (" + all.size() + " in all)";
    }
}
