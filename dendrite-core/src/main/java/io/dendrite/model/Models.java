package io.dendrite.model;

import io.dendrite.tensor.DType;

/** Builds a ready-made network from its {@link ModelSpec}, the inverse of {@link Network#spec()}. */
public final class Models {
    /** The model types {@link #build} knows. */
    public static final String[] TYPES = {"linear", "two-layer", "fc", "three-layer-conv", "simple-conv", "deep-conv",
            "lenet5", "alexnet", "residual-conv"};

    private Models() {
    }

    public static Network build(ModelSpec s) {
        DType dtype = DType.valueOf(s.get("dtype", "F32"));
        long seed = Long.parseLong(s.get("seed", "0"));
        double reg = Double.parseDouble(s.get("reg", "0"));
        switch (s.type()) {
            case "linear":
                return LinearClassifier.builder().inputDim(s.getInt("inputDim")).numClasses(s.getInt("numClasses"))
                        .loss(s.get("loss", "softmax")).weightScale(s.getDouble("weightScale"))
                        .reg(reg).dtype(dtype).seed(seed).build();
            case "two-layer":
                return TwoLayerNet.builder().inputDim(s.getInt("inputDim")).hiddenDim(s.getInt("hiddenDim"))
                        .numClasses(s.getInt("numClasses")).weightScale(s.getDouble("weightScale"))
                        .weightInit(s.get("weightInit", "std")).activation(s.get("activation", "relu"))
                        .reg(reg).dtype(dtype).seed(seed).build();
            case "fc":
                return FullyConnectedNet.builder().hiddenDims(NetParts.parseDims(s.get("hiddenDims")))
                        .inputDim(s.getInt("inputDim")).numClasses(s.getInt("numClasses"))
                        .dropout(s.getDouble("dropout")).normalization(s.get("normalization"))
                        .weightScale(s.getDouble("weightScale")).weightInit(s.get("weightInit", "std"))
                        .activation(s.get("activation", "relu")).reg(reg).dtype(dtype).seed(seed).build();
            case "three-layer-conv": {
                int[] in = NetParts.parseDims(s.get("inputDim"));
                return ThreeLayerConvNet.builder().inputDim(in[0], in[1], in[2]).numFilters(s.getInt("numFilters"))
                        .filterSize(s.getInt("filterSize")).hiddenDim(s.getInt("hiddenDim"))
                        .numClasses(s.getInt("numClasses")).weightScale(s.getDouble("weightScale"))
                        .reg(reg).dtype(dtype).seed(seed).build();
            }
            case "simple-conv": {
                int[] in = NetParts.parseDims(s.get("inputDim"));
                return SimpleConvNet.builder().inputDim(in[0], in[1], in[2]).filterNum(s.getInt("filterNum"))
                        .filterSize(s.getInt("filterSize")).stride(s.getInt("stride")).pad(s.getInt("pad"))
                        .hiddenSize(s.getInt("hiddenSize")).numClasses(s.getInt("numClasses"))
                        .weightScale(s.getDouble("weightScale")).weightInit(s.get("weightInit", "std"))
                        .batchNorm(Boolean.parseBoolean(s.get("batchNorm", "false")))
                        .reg(reg).dtype(dtype).seed(seed).build();
            }
            case "deep-conv": {
                int[] in = NetParts.parseDims(s.get("inputDim"));
                return DeepConvNet.builder().inputDim(in[0], in[1], in[2]).hiddenSize(s.getInt("hiddenSize"))
                        .numClasses(s.getInt("numClasses")).dropout(s.getDouble("dropout"))
                        .reg(reg).dtype(dtype).seed(seed).build();
            }
            case "lenet5": {
                int[] in = NetParts.parseDims(s.get("inputDim"));
                return LeNet5.builder().inputDim(in[0], in[1], in[2]).numClasses(s.getInt("numClasses"))
                        .activation(s.get("activation", LeNet5.DEFAULT_ACTIVATION))
                        .pooling(s.get("pooling", LeNet5.DEFAULT_POOLING)).reg(reg).dtype(dtype).seed(seed).build();
            }
            case "alexnet": {
                int[] in = NetParts.parseDims(s.get("inputDim"));
                return AlexNet.builder().inputDim(in[0], in[1], in[2]).numClasses(s.getInt("numClasses"))
                        .width(s.getDouble("width")).hiddenSize(s.getInt("hiddenSize")).dropout(s.getDouble("dropout"))
                        .reg(reg).dtype(dtype).seed(seed).build();
            }
            case "residual-conv": {
                int[] in = NetParts.parseDims(s.get("inputDim"));
                return ResidualConvNet.builder().inputDim(in[0], in[1], in[2]).numClasses(s.getInt("numClasses"))
                        .width(s.getInt("width")).stages(s.getInt("stages")).blocks(s.getInt("blocks"))
                        .reg(reg).dtype(dtype).seed(seed).build();
            }
            default:
                throw new IllegalArgumentException("unknown model type '" + s.type() + "' (expected one of "
                        + String.join(", ", TYPES) + ")");
        }
    }
}
