package io.dendrite.model;

import io.dendrite.nn.Layer;
import io.dendrite.nn.Linear;
import io.dendrite.nn.Parameter;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.dendrite.model.ImportReport.names;

/**
 * Puts named arrays onto a model, whatever file they came from ({@link NpzWeights}, {@link SafetensorsWeights}):
 * PyTorch names mapped by order ({@link TorchNames}), Linear weights transposed for {@link Layout#TORCH}, then
 * names and shapes checked, and only then — when nothing is wrong — the values copied. The file formats only read
 * and write the arrays.
 */
final class WeightImport {
    private WeightImport() {
    }

    /**
     * The model's parameters by name, then its buffers by name. The tensors are the model's own (live).
     *
     * @throws IllegalStateException if a buffer has a parameter's name (a file would hold one of them only)
     */
    static Map<String, Tensor> arrays(Model model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.params().entrySet()) {
            out.put(e.getKey(), e.getValue().value());
        }
        for (Map.Entry<String, Tensor> e : model.buffers().entrySet()) {
            if (out.put(e.getKey(), e.getValue()) != null) {
                throw new IllegalStateException("the model has a parameter and a buffer both named " + e.getKey()
                        + ": a weights file can hold only one of them");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** As {@link #arrays(Model)}, with the Linear weights transposed to {@code (out, in)} (copies) for TORCH. */
    static Map<String, Tensor> arrays(Model model, Layout layout) {
        Map<String, Tensor> own = arrays(model);
        if (layout == Layout.DENDRITE) {
            return own;
        }
        Set<String> linear = linearWeights(model);
        Map<String, Tensor> out = new LinkedHashMap<>();
        own.forEach((name, t) -> out.put(name, linear.contains(name) ? t.transpose().contiguous() : t));
        return Collections.unmodifiableMap(out);
    }

    /**
     * The names of the model's Linear weights (W of each {@link Linear}, found by walking a {@link Network}'s
     * layers); for another kind of model, its 2-D parameters named W1, W2, ….
     */
    static Set<String> linearWeights(Model model) {
        Set<String> out = new LinkedHashSet<>();
        if (model instanceof Network net) {
            Set<Parameter> linear = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Layer layer : LayerNames.leaves(List.of(net.layers()))) {
                if (layer instanceof Linear l) {
                    linear.add(l.weight());
                }
            }
            model.params().forEach((name, p) -> {
                if (linear.contains(p)) {
                    out.add(name);
                }
            });
        } else {
            model.params().forEach((name, p) -> {
                if (name.matches("W\\d+") && p.value().shape().length == 2) {
                    out.add(name);
                }
            });
        }
        return out;
    }

    /**
     * Copies {@code arrays} onto {@code model} (see the class comment); {@code file} names them in messages.
     *
     * @param declared      the layout the file declares, or null
     * @param formatDefault the layout of the file's format when nothing else tells
     * @throws IllegalArgumentException if a shape differs, or (strict) an array is missing or extra; the model is
     *                                  then unchanged
     */
    static ImportReport importFrom(Map<String, Tensor> arrays, Path file, Model model, ImportOptions options,
                                   Layout declared, Layout formatDefault) {
        Map<String, Tensor> targets = arrays(model);
        Map<String, Tensor> named = arrays;
        Map<String, String> renamed = Map.of();
        List<String> skipped = List.of();
        boolean byOrder = TorchNames.applies(arrays.keySet(), targets.keySet());
        if (byOrder) {
            TorchNames.Mapping m = TorchNames.byOrder(arrays);
            named = m.arrays();
            renamed = m.renamed();
            skipped = m.skipped();
        }
        Layout layout = options.layout() != null ? options.layout()
                : declared != null ? declared
                : byOrder ? Layout.TORCH : formatDefault;
        Set<String> linear = linearWeights(model);

        List<String> shapeErrors = new ArrayList<>();
        List<String> imported = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> transposed = new ArrayList<>();
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : targets.entrySet()) {
            String name = e.getKey();
            Tensor saved = named.get(name);
            if (saved == null) {
                missing.add(name);
                continue;
            }
            boolean transpose = layout == Layout.TORCH && linear.contains(name) && saved.shape().length == 2;
            Tensor value = transpose ? saved.transpose() : saved;
            String shown = (renamed.isEmpty() ? "" : original(renamed, name) + " → ") + name;
            if (!Shapes.same(value.shape(), e.getValue().shape())) {
                shapeErrors.add("array " + shown + " has shape " + Shapes.format(saved.shape())
                        + (transpose ? ", read as " + Shapes.format(value.shape()) + " in layout torch" : "")
                        + ", the network's " + name + " is " + Shapes.format(e.getValue().shape())
                        + layoutHint(saved, e.getValue(), linear.contains(name), layout));
            } else {
                imported.add(name);
                values.put(name, value);
                if (transpose) {
                    transposed.add(name);
                }
            }
        }
        List<String> ignored = new ArrayList<>();
        for (String name : named.keySet()) {
            if (!targets.containsKey(name)) {
                ignored.add(name);
            }
        }

        List<String> problems = new ArrayList<>(shapeErrors);
        String mapping = byOrder ? " (PyTorch names, mapped by layer order: " + pairs(renamed) + ")" : "";
        if (options.strict() && !missing.isEmpty()) {
            problems.add("the network's " + names(missing) + (missing.size() == 1 ? " is" : " are")
                    + " not in the file, which holds " + (named.isEmpty() ? "no arrays" : names(named.keySet()))
                    + mapping + " (import non-strictly to keep the network's own values)");
        }
        if (options.strict() && !ignored.isEmpty()) {
            problems.add((ignored.size() == 1 ? "array " : "arrays ") + names(ignored)
                    + (ignored.size() == 1 ? " is" : " are") + " not in the network, whose weights are "
                    + names(targets.keySet()) + (missing.isEmpty() ? mapping : "") + " (import non-strictly to ignore them)"
                    + positionalHint(ignored));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + String.join("; ", problems));
        }

        values.forEach((name, value) -> targets.get(name).assign(value));   // assign converts float64 ↔ float32
        return new ImportReport(file, imported, missing, ignored, renamed, skipped, layout, transposed);
    }

    private static String original(Map<String, String> renamed, String ours) {
        return renamed.entrySet().stream().filter(e -> e.getValue().equals(ours)).map(Map.Entry::getKey)
                .findFirst().orElse(ours);
    }

    private static String pairs(Map<String, String> renamed) {
        List<String> pairs = new ArrayList<>();
        renamed.forEach((torch, ours) -> pairs.add(torch + "→" + ours));
        return names(pairs);
    }

    /** A 2-D Linear weight that would fit in the other layout: say which layout to use. */
    private static String layoutHint(Tensor saved, Tensor target, boolean linear, Layout layout) {
        int[] s = saved.shape();
        int[] t = target.shape();
        if (!linear || s.length != 2 || t.length != 2) {
            return "";
        }
        if (layout == Layout.TORCH && Shapes.same(s, t)) {
            return " (the file's Linear weights look (in, out) already: import in layout dendrite, --layout dendrite)";
        }
        if (layout == Layout.DENDRITE && s[0] == t[1] && s[1] == t[0]) {
            return " (a PyTorch (out, in) weight? import in layout torch, --layout torch)";
        }
        return "";
    }

    /** np.savez(f, a, b) names its arrays arr_0, arr_1, …: say how to give them names. */
    private static String positionalHint(List<String> ignored) {
        return ignored.stream().anyMatch(n -> n.matches("arr_\\d+"))
                ? "; arr_0, arr_1, … are numpy's names for unnamed arrays: save with np.savez(file, W1=..., b1=..., …)"
                : "";
    }
}
