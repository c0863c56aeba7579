package io.dendrite.io.onnx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One operator call of a graph ({@code NodeProto}): its op type in a domain ("" is the default ONNX operator set),
 * the names of the values it reads and writes (an empty name is an omitted optional input or output), and its
 * attributes by name.
 */
public record OnnxNode(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                       Map<String, OnnxAttribute> attributes) {
    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** A node of the default domain with the given attributes. */
    public static OnnxNode of(String name, String opType, List<String> inputs, List<String> outputs, OnnxAttribute... attributes) {
        Map<String, OnnxAttribute> m = new LinkedHashMap<>();
        for (OnnxAttribute a : attributes) {
            m.put(a.name(), a);
        }
        return new OnnxNode(name, opType, "", inputs, outputs, m);
    }

    /** How messages name the node: "'conv1' (Conv)", or "#3 (Conv)" for an unnamed one at index 3. */
    public String describe(int index) {
        return (name.isEmpty() ? "#" + index : "'" + name + "'") + " (" + (domain.isEmpty() ? "" : domain + ".") + opType + ")";
    }
}
