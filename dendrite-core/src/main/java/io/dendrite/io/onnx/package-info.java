/**
 * ONNX models out of and into Dendrite: {@link io.dendrite.io.onnx.OnnxExport} writes a network's inference graph
 * (opset 17), {@link io.dendrite.io.onnx.OnnxImport} builds a network from a graph of the same operators — Dendrite's
 * own exports and PyTorch's {@code torch.onnx.export} of sequential networks. {@link io.dendrite.io.onnx.OnnxCodec}
 * reads and writes the protobuf encoding with the package's own small codec (no protobuf library); the
 * {@code Onnx*} records are the subset of {@code onnx.proto} that Dendrite uses. Depends on {@code tensor},
 * {@code nn} and {@code model}.
 */
package io.dendrite.io.onnx;
