package io.dendrite.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an import of weights did: the arrays copied onto the model, the model's parameters and buffers the file
 * lacks (left as they were), the file's arrays the model does not have (not used) — the last two are empty after a
 * strict import —, how the file's names were matched ({@code renamed} is empty when by name, else PyTorch name →
 * Dendrite name by order, see {@code TorchNames}), the PyTorch names skipped ({@code num_batches_tracked}), the
 * layout the file was read in, and the Linear weights transposed from {@code (out, in)}.
 */
public record ImportReport(Path file, List<String> imported, List<String> missing, List<String> ignored,
                           Map<String, String> renamed, List<String> skipped, Layout layout, List<String> transposed) {
    /** Names shown in full; longer lists end in "… (N in all)". */
    static final int NAMES_SHOWN = 12;

    public ImportReport {
        imported = List.copyOf(imported);
        missing = List.copyOf(missing);
        ignored = List.copyOf(ignored);
        renamed = Collections.unmodifiableMap(new LinkedHashMap<>(renamed));
        skipped = List.copyOf(skipped);
        transposed = List.copyOf(transposed);
    }

    /** A by-name import in Dendrite's layout. */
    public ImportReport(Path file, List<String> imported, List<String> missing, List<String> ignored) {
        this(file, imported, missing, ignored, Map.of(), List.of(), Layout.DENDRITE, List.of());
    }

    /** True when every model tensor came from the file and every array in the file was used. */
    public boolean complete() {
        return missing.isEmpty() && ignored.isEmpty();
    }

    /** True when the names were PyTorch's, mapped by order. */
    public boolean mappedByOrder() {
        return !renamed.isEmpty();
    }

    /**
     * One line: how many arrays came from which file, how their names were matched when not by name, what was
     * transposed, missing or ignored.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("imported " + imported.size() + " array"
                + (imported.size() == 1 ? "" : "s") + " from " + file);
        if (mappedByOrder()) {
            List<String> pairs = new ArrayList<>();
            renamed.forEach((torch, ours) -> pairs.add(torch + "→" + ours));
            sb.append("; PyTorch names mapped by layer order: ").append(names(pairs));
        }
        if (!skipped.isEmpty()) {
            sb.append("; skipped ").append(names(skipped));
        }
        if (!transposed.isEmpty()) {
            sb.append("; layout ").append(layout.label()).append(": transposed ").append(names(transposed))
                    .append(" from (out, in)");
        }
        if (!missing.isEmpty()) {
            sb.append("; not in the file, kept as built: ").append(names(missing));
        }
        if (!ignored.isEmpty()) {
            sb.append("; not in the network, ignored: ").append(names(ignored));
        }
        return sb.toString();
    }

    static String names(Iterable<String> names) {
        List<String> all = new ArrayList<>();
        names.forEach(all::add);
        if (all.size() <= NAMES_SHOWN) {
            return String.join(", ", all);
        }
        return String.join(", ", all.subList(0, NAMES_SHOWN)) + ", … (" + all.size() + " in all)";
    }
}
