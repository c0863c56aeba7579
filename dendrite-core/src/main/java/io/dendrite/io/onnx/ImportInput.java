package io.dendrite.io.onnx;

import io.dendrite.tensor.DType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** What an import reads besides the layers: the graph's one real input, its dtype and shape, and Constant values. */
final class ImportInput {
    private ImportInput() {
    }

    /** The graph's input that is not an initializer; exactly one is required. */
    static OnnxValueInfo single(OnnxGraph g, String source) throws OnnxImportException {
        List<OnnxValueInfo> real = new ArrayList<>();
        for (OnnxValueInfo v : g.inputs()) {
            if (!g.initializers().containsKey(v.name())) {
                real.add(v);
            }
        }
        if (real.size() != 1) {
            throw new OnnxImportException(source, "the graph has " + real.size() + " inputs ("
                    + String.join(", ", real.stream().map(OnnxValueInfo::name).toList()) + "); a Dendrite network takes one");
        }
        return real.get(0);
    }

    static DType dtype(OnnxValueInfo in, String source) throws OnnxImportException {
        return switch (in.elemType()) {
            case OnnxTensor.FLOAT -> DType.F32;
            case OnnxTensor.DOUBLE -> DType.F64;
            default -> throw new OnnxImportException(source, "the input '" + in.name() + "' is "
                    + OnnxTensor.typeName(in.elemType()) + "; Dendrite networks take FLOAT or DOUBLE");
        };
    }

    /** The input's dimensions after the batch; they must be known sizes. */
    static int[] sampleShape(OnnxValueInfo in, String source) throws OnnxImportException {
        List<OnnxValueInfo.Dim> dims = in.dims();
        if (dims.size() < 2) {
            throw new OnnxImportException(source, "the input '" + in.name() + "' has shape " + dims + "; expected a batch"
                    + " dimension and the shape of one sample, such as (N, 1, 28, 28)");
        }
        int[] s = new int[dims.size() - 1];
        for (int k = 1; k < dims.size(); k++) {
            OnnxValueInfo.Dim d = dims.get(k);
            if (!d.known() || d.value() < 1 || d.value() > Integer.MAX_VALUE) {
                throw new OnnxImportException(source, "the input '" + in.name() + "' has shape " + dims + ": dimension "
                        + k + " is '" + d + "', but Dendrite needs the sample shape as sizes (only the batch may be symbolic)"
                        + " — export with a fixed example input");
            }
            s[k - 1] = (int) d.value();
        }
        return s;
    }

    /** A Constant node's value: its "value" tensor, or one of value_float, value_floats, value_int, value_ints. */
    static OnnxTensor constantValue(OnnxNode n, int i, ImportLayers convert) throws OnnxImportException {
        String name = n.outputs().get(0);
        for (OnnxAttribute a : n.attributes().values()) {
            switch (a.name()) {
                case "value" -> {
                    if (a.t() != null) {
                        OnnxTensor t = a.t();
                        return new OnnxTensor(name, t.dataType(), t.dims(), t.raw());
                    }
                }
                case "value_float" -> {
                    return OnnxTensor.scalar(name, a.f());
                }
                case "value_floats" -> {
                    ByteBuffer b = ByteBuffer.allocate(4 * a.floats().length).order(ByteOrder.LITTLE_ENDIAN);
                    b.asFloatBuffer().put(a.floats());
                    return new OnnxTensor(name, OnnxTensor.FLOAT, new long[]{a.floats().length}, b.array());
                }
                case "value_int" -> {
                    return OnnxTensor.ofLongs(name, new long[]{a.i()});
                }
                case "value_ints" -> {
                    return OnnxTensor.ofLongs(name, a.ints(), a.ints().length);
                }
                default -> { }
            }
        }
        throw convert.error(n, i, "has no value Dendrite reads (value, value_float(s), value_int(s))");
    }
}
