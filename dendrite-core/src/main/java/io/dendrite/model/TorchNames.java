package io.dendrite.model;

import io.dendrite.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps the names of a PyTorch {@code state_dict} ({@code 0.weight}, {@code fc1.bias}, {@code features.3.running_mean},
 * …) to Dendrite's ({@code W1}, {@code b1}, {@code running_mean1}, …) by the order of the layers with weights, the
 * way Dendrite names its own (see {@link Network}).
 *
 * <p>The rule:
 * <ol>
 *   <li>A name is {@code MODULE.FIELD}, split at its last dot; the names are grouped by module.
 *   <li>The modules are put in order by their names, compared part by part at the dots, numbers as numbers:
 *       {@code 0 < 2 < 10}, {@code fc1 < fc2}, {@code features.3 < features.10}. This is the forward order of an
 *       {@code nn.Sequential} and of modules numbered in forward order. (safetensors files do not keep PyTorch's
 *       order: the reference writer sorts the names.)
 *   <li>A module with {@code running_mean} or {@code running_var}, or whose {@code weight} is 1-D, is a normalization
 *       layer (BatchNorm, LayerNorm, GroupNorm); the k-th of them gives {@code weight → gammak}, {@code bias → betak},
 *       {@code running_mean → running_meank}, {@code running_var → running_vark}.
 *   <li>Every other module is a layer with weights (Linear, Conv2d); the k-th gives {@code weight → Wk},
 *       {@code bias → bk}.
 *   <li>{@code num_batches_tracked} (BatchNorm's step counter) has no Dendrite counterpart and is skipped; any other
 *       field keeps its PyTorch name, so an import reports it as not in the network (a module with none of weight,
 *       bias, running_mean, running_var is not counted).
 * </ol>
 * The mapping is applied only when the file's names are PyTorch's — every name has a dot and none is one of the
 * model's own names — and the import report lists it.
 */
final class TorchNames {
    private static final String SKIPPED = "num_batches_tracked";
    /** The fields mapped, in the order a report lists them. */
    private static final List<String> FIELDS = List.of("weight", "bias", "running_mean", "running_var");

    private TorchNames() {
    }

    /**
     * The file's arrays under Dendrite's names, the mapping used (PyTorch name → Dendrite name, in layer order),
     * and the PyTorch names skipped.
     */
    record Mapping(Map<String, Tensor> arrays, Map<String, String> renamed, List<String> skipped) {
    }

    /** True when the names are PyTorch's rather than Dendrite's: each has a dot, none is one of {@code ours}. */
    static boolean applies(Collection<String> names, Set<String> ours) {
        return !names.isEmpty() && names.stream().allMatch(n -> n.indexOf('.') > 0 && n.indexOf('.') < n.length() - 1)
                && names.stream().noneMatch(ours::contains);
    }

    static Mapping byOrder(Map<String, Tensor> arrays) {
        Map<String, Map<String, Tensor>> modules = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            String name = e.getKey();
            int dot = name.lastIndexOf('.');
            modules.computeIfAbsent(name.substring(0, dot), m -> new LinkedHashMap<>()).put(name.substring(dot + 1), e.getValue());
        }
        List<String> order = new ArrayList<>(modules.keySet());
        order.sort(TorchNames::compareModules);

        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<String, String> renamed = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        int weighted = 0;
        int norms = 0;
        for (String module : order) {
            Map<String, Tensor> fields = modules.get(module);
            boolean norm = fields.containsKey("running_mean") || fields.containsKey("running_var")
                    || (fields.containsKey("weight") && fields.get("weight").shape().length == 1);
            boolean known = FIELDS.stream().anyMatch(fields::containsKey);
            int k = !known ? 0 : norm ? ++norms : ++weighted;
            List<Map.Entry<String, Tensor>> ordered = new ArrayList<>(fields.entrySet());
            ordered.sort(Comparator.comparingInt(f -> FIELDS.contains(f.getKey()) ? FIELDS.indexOf(f.getKey()) : FIELDS.size()));
            for (Map.Entry<String, Tensor> f : ordered) {
                String torch = module + "." + f.getKey();
                if (f.getKey().equals(SKIPPED)) {
                    skipped.add(torch);
                    continue;
                }
                String ours = known ? dendriteName(f.getKey(), norm, k) : null;
                String name = ours != null ? ours : torch;
                if (ours != null) {
                    renamed.put(torch, ours);
                }
                if (out.put(name, f.getValue()) != null) {
                    throw new IllegalArgumentException("PyTorch names map twice to " + name + " (second: " + torch + ")");
                }
            }
        }
        return new Mapping(out, renamed, skipped);
    }

    private static String dendriteName(String field, boolean norm, int k) {
        return switch (field) {
            case "weight" -> (norm ? "gamma" : "W") + k;
            case "bias" -> (norm ? "beta" : "b") + k;
            case "running_mean", "running_var" -> norm ? field + k : null;
            default -> null;
        };
    }

    /** Part by part at the dots; two parts that are both numbers compare as numbers. */
    static int compareModules(String a, String b) {
        String[] pa = a.split("\\.", -1);
        String[] pb = b.split("\\.", -1);
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            int c = comparePart(pa[i], pb[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }

    /** "fc2" before "fc10", "3" before "10": runs of digits compare as numbers. */
    private static int comparePart(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
