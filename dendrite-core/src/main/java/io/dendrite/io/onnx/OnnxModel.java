package io.dendrite.io.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ONNX model ({@code ModelProto}): the IR version, the operator sets it imports (domain → version, "" being the
 * default ONNX domain), who produced it, free-form metadata and the graph.
 */
public record OnnxModel(long irVersion, Map<String, Long> opsets, String producerName, String producerVersion,
                        Map<String, String> metadata, OnnxGraph graph) {
    public OnnxModel {
        opsets = Collections.unmodifiableMap(new LinkedHashMap<>(opsets));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The version of the default ONNX operator set ("" or "ai.onnx"), or 0 when the model imports none. */
    public long defaultOpset() {
        return Math.max(opsets.getOrDefault("", 0L), opsets.getOrDefault("ai.onnx", 0L));
    }
}
