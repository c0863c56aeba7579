package io.dendrite.io;

import io.dendrite.io.onnx.OnnxCodec;
import io.dendrite.io.onnx.OnnxGraph;
import io.dendrite.io.onnx.OnnxModel;
import io.dendrite.io.onnx.OnnxNode;
import io.dendrite.io.onnx.OnnxTensor;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A readable report of what a file holds, for {@code dendrite inspect}: a Dendrite model or checkpoint (architecture,
 * metadata, each parameter and buffer with shape, dtype and size, and the checksum state — "CRC-32C ok" or the exact
 * damage, reported rather than thrown), an {@code .npz} or {@code .npy} (arrays, shapes, dtypes), a safetensors file
 * (metadata and the header's tensors, without reading their data). The kind is told by {@link FileKind}.
 *
 * An ONNX model: its producer, opsets, inputs and outputs, every node and every initializer.
 *
 * <p>To inspect another format, add a case to {@link #report(Path)}.
 */
public final class Inspect {
    private Inspect() {
    }

    /**
     * The report on {@code file}, lines ending in '\n'.
     *
     * @throws FileFormatException if the file is of no kind Dendrite reads, or (but for model files, whose damage is
     *                             reported) cannot be read as its kind
     */
    public static String report(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such file");
        }
        FileKind kind = FileKind.of(file);
        return switch (kind) {
            case MODEL -> model(file);
            case NPZ -> arrays(file, "numpy archive (.npz)", Npz.read(file));
            case NPY -> arrays(file, "numpy array (.npy)", Map.of("(array)", Npy.read(file)));
            case SAFETENSORS -> safetensors(file);
            case ONNX -> onnx(file);
            case UNKNOWN -> throw new FileFormatException(file.toString(), "not a file Dendrite understands: expected "
                    + FileKind.UNDERSTOOD);
        };
    }

    private static String model(Path file) throws IOException {
        ModelFile.Inspection in = ModelFile.inspect(file);
        StringBuilder sb = new StringBuilder();
        line(sb, "file", file + "  (Dendrite model file, " + in.length() + " bytes)");
        line(sb, "checksum", in.checksumProblem() == null ? "CRC-32C ok" : "DAMAGED: " + in.checksumProblem());
        ModelFile.Contents c = in.contents();
        if (c == null) {
            line(sb, "structure", "unreadable: " + in.structureProblem());
            return sb.toString();
        }
        String architecture = c.architecture().strip();
        if (architecture.lines().count() > 1) {
            sb.append("architecture").append(System.lineSeparator());
            architecture.lines().forEach(l -> sb.append("  ").append(l).append(System.lineSeparator()));
        } else {
            line(sb, "architecture", architecture.isEmpty() ? "(none)" : architecture);
        }
        line(sb, "metadata", c.metadata().size() + (c.metadata().size() == 1 ? " entry" : " entries"));
        c.metadata().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-20s %s%n", k, v)));
        tensors(sb, "parameters", c.parameters());
        tensors(sb, "buffers", c.buffers());
        return sb.toString();
    }

    private static void tensors(StringBuilder sb, String what, Map<String, Tensor> tensors) {
        long elements = tensors.values().stream().mapToLong(Tensor::size).sum();
        long bytes = tensors.values().stream().mapToLong(t -> (long) t.size() * t.dtype().bytes()).sum();
        line(sb, what, tensors.size() + ", " + elements + " elements, " + bytes + " bytes");
        tensors.forEach((name, t) -> row(sb, name, t.shape(), dtype(t.dtype()), t.size(), (long) t.size() * t.dtype().bytes()));
    }

    private static String arrays(Path file, String kind, Map<String, Tensor> arrays) {
        StringBuilder sb = new StringBuilder();
        line(sb, "file", file + "  (" + kind + ")");
        long elements = arrays.values().stream().mapToLong(Tensor::size).sum();
        line(sb, "arrays", arrays.size() + ", " + elements + " elements (dtype as read by Dendrite)");
        arrays.forEach((name, t) -> row(sb, name, t.shape(), dtype(t.dtype()), t.size(), (long) t.size() * t.dtype().bytes()));
        return sb.toString();
    }

    private static String safetensors(Path file) throws IOException {
        Safetensors.Header h = Safetensors.readHeader(file);
        StringBuilder sb = new StringBuilder();
        line(sb, "file", file + "  (safetensors, " + (Safetensors.PREFIX_BYTES + h.headerBytes() + h.dataBytes())
                + " bytes: " + h.headerBytes() + "-byte header, " + h.dataBytes() + " bytes of data)");
        line(sb, "metadata", h.metadata().isEmpty() ? "none" : h.metadata().size()
                + (h.metadata().size() == 1 ? " entry" : " entries"));
        h.metadata().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-20s %s%n", k, v)));
        long elements = h.tensors().stream().mapToLong(Safetensors.TensorInfo::size).sum();
        line(sb, "tensors", h.tensors().size() + ", " + elements + " elements");
        for (Safetensors.TensorInfo t : h.tensors()) {
            row(sb, t.name(), t.shape(), t.dtype(), t.size(), t.bytes());
        }
        return sb.toString();
    }

    private static String onnx(Path file) throws IOException {
        OnnxModel m = OnnxCodec.read(file);
        OnnxGraph g = m.graph();
        StringBuilder sb = new StringBuilder();
        line(sb, "file", file + "  (ONNX model, IR version " + m.irVersion() + ", " + java.nio.file.Files.size(file) + " bytes)");
        line(sb, "producer", (m.producerName() + " " + m.producerVersion()).isBlank() ? "(none)"
                : (m.producerName() + " " + m.producerVersion()).trim());
        line(sb, "opsets", m.opsets().entrySet().stream()
                .map(e -> (e.getKey().isEmpty() ? "ai.onnx" : e.getKey()) + " " + e.getValue()).toList().toString());
        m.metadata().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-20s %s%n", k, v)));
        g.inputs().forEach(v -> line(sb, "input", v.name() + " " + v.dims() + " " + OnnxTensor.typeName(v.elemType())));
        g.outputs().forEach(v -> line(sb, "output", v.name() + " " + v.dims() + " " + OnnxTensor.typeName(v.elemType())));
        line(sb, "nodes", Integer.toString(g.nodes().size()));
        for (int i = 0; i < g.nodes().size(); i++) {
            OnnxNode n = g.nodes().get(i);
            sb.append(String.format(Locale.ROOT, "  %-28s %s -> %s%n", n.describe(i), n.inputs(), n.outputs()));
        }
        long elements = g.initializers().values().stream().mapToLong(OnnxTensor::count).sum();
        line(sb, "initializers", g.initializers().size() + ", " + elements + " elements");
        for (OnnxTensor t : g.initializers().values()) {
            row(sb, t.name(), t.shape(), OnnxTensor.typeName(t.dataType()), t.count(), t.raw().length);
        }
        return sb.toString();
    }

    private static String dtype(DType d) {
        return d == DType.F32 ? "float32" : "float64";
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(String.format(Locale.ROOT, "%-13s%s%n", label, value));
    }

    private static void row(StringBuilder sb, String name, int[] shape, String dtype, long elements, long bytes) {
        sb.append(String.format(Locale.ROOT, "  %-20s %-18s %-8s %10d elements %12d bytes%n", name,
                Shapes.format(shape), dtype, elements, bytes));
    }
}
