package io.dendrite.io.onnx;

import io.dendrite.io.AtomicFiles;
import io.dendrite.io.FileFormatException;
import io.dendrite.io.onnx.OnnxFields.Attribute;
import io.dendrite.io.onnx.OnnxFields.Entry;
import io.dendrite.io.onnx.OnnxFields.Graph;
import io.dendrite.io.onnx.OnnxFields.Model;
import io.dendrite.io.onnx.OnnxFields.Node;
import io.dendrite.io.onnx.OnnxFields.OpSet;
import io.dendrite.io.onnx.OnnxFields.Shape;
import io.dendrite.io.onnx.OnnxFields.Type;
import io.dendrite.io.onnx.OnnxFields.ValueInfo;
import io.dendrite.io.onnx.TypedValues.DoubleList;
import io.dendrite.io.onnx.TypedValues.FloatList;
import io.dendrite.io.onnx.TypedValues.LongList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@link OnnxModel}s in ONNX's protobuf encoding, with Dendrite's own small protobuf codec
 * ({@link ProtoWriter}, {@link ProtoReader}) — no protobuf library. Tensors are written as {@code raw_data}; read
 * from {@code raw_data} or from the typed fields ({@code float_data}, {@code double_data}, {@code int64_data},
 * {@code int32_data}). Tensors kept in external files are refused, and so are files over protobuf's 2 GiB limit.
 * Every error names the file and the byte offset.
 */
public final class OnnxCodec {
    private OnnxCodec() {
    }

    /** Writes {@code model} to {@code file} atomically (temporary file and rename). */
    public static void write(OnnxModel model, Path file) throws IOException {
        byte[] bytes = encode(model);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** Reads an ONNX model file; a damaged or truncated file is a {@link FileFormatException} naming the byte. */
    public static OnnxModel read(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new FileFormatException(file.toString(), "the file is empty, expected an ONNX model (a protobuf ModelProto)");
        }
        if (size > ProtoWriter.MAX_MESSAGE_BYTES) {
            throw new FileFormatException(file.toString(), "the file holds " + size + " bytes, more than protobuf's 2 GiB"
                    + " limit for one message — ONNX models this large keep their weights in external data files,"
                    + " which Dendrite does not read");
        }
        return decode(Files.readAllBytes(file), file.toString());
    }

    // ---------------------------------------------------------------- encoding

    /** The protobuf bytes of {@code model}. */
    public static byte[] encode(OnnxModel m) {
        ProtoWriter w = new ProtoWriter();
        w.int64(Model.IR_VERSION, m.irVersion());
        w.stringIfPresent(Model.PRODUCER_NAME, m.producerName());
        w.stringIfPresent(Model.PRODUCER_VERSION, m.producerVersion());
        for (Map.Entry<String, Long> e : m.opsets().entrySet()) {
            w.message(Model.OPSET_IMPORT, new ProtoWriter().stringIfPresent(OpSet.DOMAIN, e.getKey())
                    .int64(OpSet.VERSION, e.getValue()));
        }
        for (Map.Entry<String, String> e : m.metadata().entrySet()) {
            w.message(Model.METADATA_PROPS, new ProtoWriter().string(Entry.KEY, e.getKey()).string(Entry.VALUE, e.getValue()));
        }
        // The graph goes last (protobuf allows any field order): a file cut short anywhere then lacks its graph or
        // holds a graph whose length runs past the end, and the reader says so.
        w.message(Model.GRAPH, graph(m.graph()));
        return w.toByteArray();
    }

    private static ProtoWriter graph(OnnxGraph g) {
        ProtoWriter w = new ProtoWriter();
        for (OnnxNode n : g.nodes()) {
            w.message(Graph.NODE, node(n));
        }
        w.stringIfPresent(Graph.NAME, g.name());
        for (OnnxTensor t : g.initializers().values()) {
            w.message(Graph.INITIALIZER, tensor(t));
        }
        w.stringIfPresent(Graph.DOC_STRING, g.docString());
        for (OnnxValueInfo v : g.inputs()) {
            w.message(Graph.INPUT, valueInfo(v));
        }
        for (OnnxValueInfo v : g.outputs()) {
            w.message(Graph.OUTPUT, valueInfo(v));
        }
        return w;
    }

    private static ProtoWriter node(OnnxNode n) {
        ProtoWriter w = new ProtoWriter();
        n.inputs().forEach(s -> w.string(Node.INPUT, s));
        n.outputs().forEach(s -> w.string(Node.OUTPUT, s));
        w.stringIfPresent(Node.NAME, n.name());
        w.string(Node.OP_TYPE, n.opType());
        for (OnnxAttribute a : n.attributes().values()) {
            w.message(Node.ATTRIBUTE, attribute(a));
        }
        w.stringIfPresent(Node.DOMAIN, n.domain());
        return w;
    }

    private static ProtoWriter attribute(OnnxAttribute a) {
        ProtoWriter w = new ProtoWriter().string(Attribute.NAME, a.name());
        switch (a.type()) {
            case OnnxAttribute.FLOAT -> w.float32(Attribute.F, a.f());
            case OnnxAttribute.INT -> w.int64(Attribute.I, a.i());
            case OnnxAttribute.STRING -> w.string(Attribute.S, a.s());
            case OnnxAttribute.TENSOR -> w.message(Attribute.T, tensor(a.t()));
            case OnnxAttribute.FLOATS -> w.packedFloat(Attribute.FLOATS, a.floats());
            case OnnxAttribute.INTS -> w.packedInt64(Attribute.INTS, a.ints());
            default -> throw new IllegalArgumentException("cannot write attribute " + a.name() + " of type " + a.type());
        }
        return w.int64(Attribute.TYPE, a.type());
    }

    private static ProtoWriter tensor(OnnxTensor t) {
        return new ProtoWriter().packedInt64(OnnxFields.Tensor.DIMS, t.dims())
                .int64(OnnxFields.Tensor.DATA_TYPE, t.dataType())
                .stringIfPresent(OnnxFields.Tensor.NAME, t.name())
                .bytes(OnnxFields.Tensor.RAW_DATA, t.raw());
    }

    private static ProtoWriter valueInfo(OnnxValueInfo v) {
        ProtoWriter shape = new ProtoWriter();
        for (OnnxValueInfo.Dim d : v.dims()) {
            ProtoWriter dim = new ProtoWriter();
            if (d.param() != null) {
                dim.string(Shape.DIM_PARAM, d.param());
            } else if (d.value() >= 0) {
                dim.int64(Shape.DIM_VALUE, d.value());
            }
            shape.message(Shape.DIM, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().int64(Type.ELEM_TYPE, v.elemType()).message(Type.SHAPE, shape);
        return new ProtoWriter().string(ValueInfo.NAME, v.name())
                .message(ValueInfo.TYPE, new ProtoWriter().message(Type.TENSOR_TYPE, tensorType));
    }

    // ---------------------------------------------------------------- decoding

    /** Parses the protobuf bytes of a {@code ModelProto}; {@code source} names the file in errors. */
    public static OnnxModel decode(byte[] bytes, String source) throws FileFormatException {
        ProtoReader r = new ProtoReader(bytes, source, "ModelProto");
        long ir = 0;
        Map<String, Long> opsets = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        String producer = "", producerVersion = "";
        OnnxGraph graph = null;
        while (r.hasMore()) {
            int tag = r.tag();
            switch (ProtoReader.field(tag)) {
                case Model.IR_VERSION -> ir = r.int64(tag, "ir_version");
                case Model.PRODUCER_NAME -> producer = r.string(tag, "producer_name");
                case Model.PRODUCER_VERSION -> producerVersion = r.string(tag, "producer_version");
                case Model.GRAPH -> graph = graph(r.message(tag, "GraphProto"));
                case Model.OPSET_IMPORT -> {
                    ProtoReader o = r.message(tag, "OperatorSetIdProto");
                    String domain = "";
                    long version = 0;
                    while (o.hasMore()) {
                        int t = o.tag();
                        switch (ProtoReader.field(t)) {
                            case OpSet.DOMAIN -> domain = o.string(t, "domain");
                            case OpSet.VERSION -> version = o.int64(t, "version");
                            default -> o.skip(t);
                        }
                    }
                    opsets.put(domain, version);
                }
                case Model.METADATA_PROPS -> {
                    String[] kv = entry(r.message(tag, "StringStringEntryProto"));
                    metadata.put(kv[0], kv[1]);
                }
                default -> r.skip(tag);
            }
        }
        if (graph == null) {
            throw new FileFormatException(source, "the model has no graph (ModelProto field 7) — not an ONNX model,"
                    + " or one cut short before its graph");
        }
        return new OnnxModel(ir, opsets, producer, producerVersion, metadata, graph);
    }

    private static String[] entry(ProtoReader e) throws FileFormatException {
        String key = "", value = "";
        while (e.hasMore()) {
            int t = e.tag();
            switch (ProtoReader.field(t)) {
                case Entry.KEY -> key = e.string(t, "key");
                case Entry.VALUE -> value = e.string(t, "value");
                default -> e.skip(t);
            }
        }
        return new String[]{key, value};
    }

    private static OnnxGraph graph(ProtoReader r) throws FileFormatException {
        List<OnnxNode> nodes = new ArrayList<>();
        Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
        List<OnnxValueInfo> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        String name = "", doc = "";
        while (r.hasMore()) {
            int tag = r.tag();
            switch (ProtoReader.field(tag)) {
                case Graph.NODE -> nodes.add(node(r.message(tag, "NodeProto")));
                case Graph.NAME -> name = r.string(tag, "name");
                case Graph.INITIALIZER -> {
                    int at = r.position();
                    OnnxTensor t = tensor(r.message(tag, "TensorProto"));
                    if (initializers.put(t.name(), t) != null) {
                        throw r.error(at, "two initializers are named '" + t.name() + "'");
                    }
                }
                case Graph.DOC_STRING -> doc = r.string(tag, "doc_string");
                case Graph.INPUT -> inputs.add(valueInfo(r.message(tag, "ValueInfoProto")));
                case Graph.OUTPUT -> outputs.add(valueInfo(r.message(tag, "ValueInfoProto")));
                default -> r.skip(tag);
            }
        }
        return new OnnxGraph(name, nodes, initializers, inputs, outputs, doc);
    }

    private static OnnxNode node(ProtoReader r) throws FileFormatException {
        List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        Map<String, OnnxAttribute> attributes = new LinkedHashMap<>();
        String name = "", op = "", domain = "";
        while (r.hasMore()) {
            int tag = r.tag();
            switch (ProtoReader.field(tag)) {
                case Node.INPUT -> inputs.add(r.string(tag, "input"));
                case Node.OUTPUT -> outputs.add(r.string(tag, "output"));
                case Node.NAME -> name = r.string(tag, "name");
                case Node.OP_TYPE -> op = r.string(tag, "op_type");
                case Node.DOMAIN -> domain = r.string(tag, "domain");
                case Node.ATTRIBUTE -> {
                    OnnxAttribute a = attribute(r.message(tag, "AttributeProto"));
                    attributes.put(a.name(), a);
                }
                default -> r.skip(tag);
            }
        }
        if (op.isEmpty()) {
            throw r.error("a node" + (name.isEmpty() ? "" : " '" + name + "'") + " has no op_type");
        }
        return new OnnxNode(name, op, domain, inputs, outputs, attributes);
    }

    private static OnnxAttribute attribute(ProtoReader r) throws FileFormatException {
        String name = "", s = null;
        int type = 0;
        float f = 0;
        long i = 0;
        OnnxTensor t = null;
        FloatList floats = new FloatList();
        LongList ints = new LongList();
        while (r.hasMore()) {
            int tag = r.tag();
            switch (ProtoReader.field(tag)) {
                case Attribute.NAME -> name = r.string(tag, "name");
                case Attribute.TYPE -> type = r.int32(tag, "type");
                case Attribute.F -> f = r.float32(tag, "f");
                case Attribute.I -> i = r.int64(tag, "i");
                case Attribute.S -> s = r.string(tag, "s");
                case Attribute.T -> t = tensor(r.message(tag, "TensorProto"));
                case Attribute.FLOATS -> r.floats(tag, "floats", floats::add);
                case Attribute.INTS -> r.int64s(tag, "ints", ints::add);
                default -> r.skip(tag);
            }
        }
        return new OnnxAttribute(name, type, f, i, s, t, floats.toArray(), ints.toArray());
    }

    private static OnnxTensor tensor(ProtoReader r) throws FileFormatException {
        int start = r.position();
        LongList dims = new LongList();
        int dataType = 0;
        String name = "";
        byte[] raw = null;
        FloatList floats = new FloatList();
        DoubleList doubles = new DoubleList();
        LongList longs = new LongList();
        boolean external = false;
        while (r.hasMore()) {
            int tag = r.tag();
            switch (ProtoReader.field(tag)) {
                case OnnxFields.Tensor.DIMS -> r.int64s(tag, "dims", dims::add);
                case OnnxFields.Tensor.DATA_TYPE -> dataType = r.int32(tag, "data_type");
                case OnnxFields.Tensor.NAME -> name = r.string(tag, "name");
                case OnnxFields.Tensor.RAW_DATA -> raw = r.bytes(tag, "raw_data");
                case OnnxFields.Tensor.FLOAT_DATA -> r.floats(tag, "float_data", floats::add);
                case OnnxFields.Tensor.DOUBLE_DATA -> r.doubles(tag, "double_data", doubles::add);
                case OnnxFields.Tensor.INT64_DATA -> r.int64s(tag, "int64_data", longs::add);
                case OnnxFields.Tensor.INT32_DATA -> r.int64s(tag, "int32_data", v -> longs.add((int) v));
                case OnnxFields.Tensor.DATA_LOCATION -> external |= r.int64(tag, "data_location") == 1;
                case OnnxFields.Tensor.EXTERNAL_DATA -> {
                    external = true;
                    r.skip(tag);
                }
                case OnnxFields.Tensor.SEGMENT -> throw r.error("tensor '" + name + "' is split into segments, which Dendrite does not read");
                default -> r.skip(tag);
            }
        }
        if (external) {
            throw r.error(start, "tensor '" + name + "' keeps its values in an external data file; Dendrite reads"
                    + " self-contained ONNX files (in Python: onnx.save(model, path, save_as_external_data=False))");
        }
        if (raw == null) {
            raw = TypedValues.toRaw(dataType, floats, doubles, longs);
        }
        try {
            return new OnnxTensor(name, dataType, dims.toArray(), raw);
        } catch (IllegalArgumentException e) {
            throw r.error(start, e.getMessage());
        }
    }

    private static OnnxValueInfo valueInfo(ProtoReader r) throws FileFormatException {
        String name = "";
        int elemType = 0;
        List<OnnxValueInfo.Dim> dims = new ArrayList<>();
        while (r.hasMore()) {
            int tag = r.tag();
            switch (ProtoReader.field(tag)) {
                case ValueInfo.NAME -> name = r.string(tag, "name");
                case ValueInfo.TYPE -> {
                    ProtoReader type = r.message(tag, "TypeProto");
                    while (type.hasMore()) {
                        int t = type.tag();
                        if (ProtoReader.field(t) != Type.TENSOR_TYPE) {
                            type.skip(t);
                            continue;
                        }
                        ProtoReader tensorType = type.message(t, "TypeProto.Tensor");
                        while (tensorType.hasMore()) {
                            int tt = tensorType.tag();
                            switch (ProtoReader.field(tt)) {
                                case Type.ELEM_TYPE -> elemType = tensorType.int32(tt, "elem_type");
                                case Type.SHAPE -> shape(tensorType.message(tt, "TensorShapeProto"), dims);
                                default -> tensorType.skip(tt);
                            }
                        }
                    }
                }
                default -> r.skip(tag);
            }
        }
        return new OnnxValueInfo(name, elemType, dims);
    }

    private static void shape(ProtoReader r, List<OnnxValueInfo.Dim> dims) throws FileFormatException {
        while (r.hasMore()) {
            int tag = r.tag();
            if (ProtoReader.field(tag) != Shape.DIM) {
                r.skip(tag);
                continue;
            }
            ProtoReader d = r.message(tag, "TensorShapeProto.Dimension");
            OnnxValueInfo.Dim dim = new OnnxValueInfo.Dim(-1, null);
            while (d.hasMore()) {
                int t = d.tag();
                switch (ProtoReader.field(t)) {
                    case Shape.DIM_VALUE -> dim = OnnxValueInfo.Dim.of(d.int64(t, "dim_value"));
                    case Shape.DIM_PARAM -> dim = OnnxValueInfo.Dim.symbolic(d.string(t, "dim_param"));
                    default -> d.skip(t);
                }
            }
            dims.add(dim);
        }
    }
}
