package io.dendrite.model;

/**
 * How weights are imported onto a model.
 *
 * @param strict true: every parameter and buffer of the model must be in the file and every array of the file must
 *               belong to the model; false: missing tensors keep their values, unknown arrays are skipped, and the
 *               report lists both
 * @param layout the layout of the file's Linear weights, or null to follow the rule in {@link Layout}
 */
public record ImportOptions(boolean strict, Layout layout) {
    /** Strict, layout by the file's rule. */
    public static final ImportOptions DEFAULT = new ImportOptions(true, null);

    /** These options with {@code strict} changed. */
    public ImportOptions strict(boolean value) {
        return new ImportOptions(value, layout);
    }

    /** These options with the layout fixed ({@code null}: by the file's rule). */
    public ImportOptions layout(Layout value) {
        return new ImportOptions(strict, value);
    }
}
