package io.dendrite.io.onnx;

import java.io.IOException;

/**
 * A well-formed ONNX file whose graph Dendrite cannot turn into a network: an operator it does not have, an
 * attribute value its layer cannot express, or a graph that is not a chain of layers with residual additions.
 * The message names the file, the nodes concerned and, where there is one, the way out.
 */
public final class OnnxImportException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;

    public OnnxImportException(String source, String detail) {
        super(source + ": " + detail);
        this.source = source;
    }

    /** The file that could not be imported. */
    public String source() {
        return source;
    }
}
