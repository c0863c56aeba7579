package io.dendrite.model;

import java.util.Locale;

/**
 * How a file lays out the weight matrix of a fully connected layer. Dendrite's {@link io.dendrite.nn.Linear}
 * computes {@code x·W} with {@code W} of shape {@code (in, out)}, as cs231n and the book do; PyTorch's
 * {@code nn.Linear} computes {@code x·Wᵀ} with {@code weight} of shape {@code (out, in)}. Only the 2-D weights of
 * Linear layers differ: convolution kernels {@code (F, C, HH, WW)}, biases and normalization parameters are laid
 * out alike in both.
 *
 * <p>Which layout a file is read in, on import (first rule that applies):
 * <ol>
 *   <li>the layout asked for ({@link ImportOptions#layout}, the CLI's {@code --layout});
 *   <li>the layout the file declares: Dendrite writes {@code "format": "dendrite"} and {@code "layout": …} into a
 *       safetensors file's {@code __metadata__}; {@code "format": "dendrite"} alone means {@link #DENDRITE};
 *   <li>{@link #TORCH} when the file's names are PyTorch's ({@code 0.weight}, {@code fc1.bias}, … mapped by order,
 *       see {@code TorchNames});
 *   <li>otherwise the format's own convention: {@link #TORCH} for safetensors (PyTorch and Hugging Face write
 *       them), {@link #DENDRITE} for {@code .npz} (numpy code in the cs231n style).
 * </ol>
 * Export writes {@link #DENDRITE} unless asked otherwise, and records the layout in safetensors metadata.
 */
public enum Layout {
    /** Linear weights {@code (in, out)}: Dendrite, cs231n, the book. */
    DENDRITE,
    /** Linear weights {@code (out, in)}: PyTorch, Hugging Face. */
    TORCH;

    /** The lower-case name used in files and on the command line: "dendrite" or "torch". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The layout named {@code label} ("dendrite" or "torch", any case). */
    public static Layout of(String label) {
        for (Layout l : values()) {
            if (l.label().equalsIgnoreCase(label.strip())) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown layout '" + label + "': expected dendrite or torch");
    }
}
