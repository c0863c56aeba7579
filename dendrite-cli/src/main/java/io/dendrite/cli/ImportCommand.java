package io.dendrite.cli;

import io.dendrite.data.Dataset;
import io.dendrite.data.TrainValTest;
import io.dendrite.io.FileKind;
import io.dendrite.io.onnx.OnnxImport;
import io.dendrite.model.ImportOptions;
import io.dendrite.model.ImportReport;
import io.dendrite.model.Layout;
import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import io.dendrite.model.NpzWeights;
import io.dendrite.model.SafetensorsWeights;
import io.dendrite.tensor.Shapes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code dendrite import}: builds a network from the model options (as train does) or from an existing model file,
 * copies the named arrays of a numpy {@code .npz} or a {@code .safetensors} file onto it and saves it as a model
 * file that eval and predict use (the format is told by the file's first bytes, else by its extension); or builds
 * the network of an ONNX model ({@link OnnxImport}) and saves it with its input shape and class count.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Put weights saved by numpy or PyTorch into a network and write it as a model file for eval and predict.",
                "WEIGHTS is an .npz archive (np.savez(f, W1=..., b1=..., …)) or a .safetensors file (Dendrite's export,"
                        + " or safetensors.torch.save_file(model.state_dict(), f)); the format is told by its first bytes.",
                "Arrays are matched to the network's weights by name (W1, b1, …, gamma1, beta1, running_mean1, …) and"
                        + " converted to its dtype; PyTorch names (0.weight, fc1.bias, …) are mapped by layer order."
                        + " Shapes must match.",
                "The network is built from the same options as train (--model, --hidden, …) for samples of --input-shape"
                        + " and --classes classes, or copied from an existing model with --like.",
                "Example, the book's TwoLayerNet on MNIST: dendrite import w.npz --model two-layer --hidden 50 --out book.dnd",
                "An .onnx file (e.g. from torch.onnx.export) carries its architecture: dendrite import model.onnx --out model.dnd"
                        + " builds the network from its graph (Gemm, Conv, MaxPool, Relu, BatchNormalization, … — see the"
                        + " README's ONNX section); --dataset records the data it expects (pixel scaling in predict)."})
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WEIGHTS",
            description = "The .npz archive or .safetensors file of named arrays, or an .onnx model.")
    Path weights;

    @Option(names = "--out", paramLabel = "FILE",
            description = "The model file to write (default: WEIGHTS with .dnd in place of .npz, .safetensors or .onnx).")
    Path out;

    @Option(names = "--layout", paramLabel = "LAYOUT",
            description = "Linear weights in the file are (in, out) (dendrite) or (out, in) (torch: transposed on import)."
                    + " Default: what a file written by Dendrite declares; torch for PyTorch names and other"
                    + " .safetensors files; dendrite for .npz.")
    Layout layout;

    @Option(names = "--like", paramLabel = "FILE",
            description = "Take the architecture and metadata from this model file instead of the options below.")
    Path like;

    @Option(names = "--strict", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Every weight of the network must be in the file and every array of the file in the network;"
                    + " --no-strict keeps missing weights as initialized and skips unknown arrays, and lists both (default: ${DEFAULT-VALUE}).")
    boolean strict;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    SampleOptions samples = new SampleOptions();

    @Option(names = "--dataset", defaultValue = "mnist",
            description = "The data the weights were trained on, recorded for eval; mnist, fashion-mnist and cifar10"
                    + " models scale pixels by 1/255 in predict (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(weights)) {
            throw new NoSuchFileException(weights.toString(), null, "weights file not found");
        }
        FileKind kind = FileKind.of(weights);
        if (kind == FileKind.ONNX) {
            return importOnnx();
        }
        Network net;
        Map<String, String> metadata;
        if (like != null) {
            refuseArchitectureOptions();
            ModelStore.Loaded base = SavedModels.load(like);
            net = base.network();
            metadata = new LinkedHashMap<>(base.metadata());
        } else {
            Dataset described = samples.described();
            net = model.build(described);
            DataOptions data = new DataOptions();
            data.dataset = dataset;
            metadata = data.modelMetadata(new TrainValTest(described, described, described));
        }
        ImportReport report = importWeights(net, kind);
        metadata.put("importedFrom", weights.getFileName().toString());
        Path target = out != null ? out : ExportCommand.withExtension(weights, kind.extension(), ".dnd");
        ModelStore.save(net, metadata, target);
        System.out.println("model    " + net.spec());
        System.out.println(report);
        System.out.println("wrote    " + target + (metadata.containsKey("inputShape")
                ? " (samples " + metadata.get("inputShape") + ")" : ""));
        return 0;
    }

    /** Reads the weights in the format their first bytes (else their extension) tell, onto {@code net}. */
    private ImportReport importWeights(Network net, FileKind kind) throws Exception {
        ImportOptions options = new ImportOptions(strict, layout);
        return switch (kind) {
            case NPZ -> NpzWeights.importFrom(weights, net, options);
            case SAFETENSORS -> SafetensorsWeights.importFrom(weights, net, options);
            default -> throw new IllegalArgumentException(weights + ": not a weights file that import reads: expected an"
                    + " .npz archive or a .safetensors file" + (kind == FileKind.MODEL
                    ? " (this is a Dendrite model already: use it with --model-file, or export it)" : ""));
        };
    }

    /** An ONNX model carries its architecture: the graph becomes the network, saved with its shape and classes. */
    private Integer importOnnx() throws IOException {
        Set<String> refused = architectureOptions();
        refused.remove("--dataset");
        refused.addAll(List.of("--like", "--strict", "--layout"));
        refuse(weights + " is an ONNX model and carries its architecture", refused);
        OnnxImport.Imported m = OnnxImport.load(weights);
        Network net = m.network();
        Map<String, String> metadata = new LinkedHashMap<>();
        if (spec.commandLine().getParseResult().hasMatchedOption("--dataset")) {
            metadata.put("dataset", dataset);
            metadata.put("pixelScale", DataOptions.pixelScale(dataset, false));
        }
        metadata.put("inputShape", Shapes.format(net.inputShape().orElseThrow()));
        if (m.numClasses() > 0) {
            metadata.put("numClasses", Integer.toString(m.numClasses()));
        }
        metadata.put("importedFrom", weights.getFileName().toString());
        String producer = (m.model().producerName() + " " + m.model().producerVersion()).trim();
        if (!producer.isEmpty()) {
            metadata.put("onnxProducer", producer.replaceAll("\\s+", "_"));
        }
        Path target = out != null ? out : ExportCommand.withExtension(weights, ".onnx", ".dnd");
        ModelStore.save(net, metadata, target);
        int count = net.params().values().stream().mapToInt(p -> p.value().size()).sum();
        System.out.println("model    " + net.spec());
        System.out.println("imported " + net.layers().size() + " layers, " + net.params().size() + " parameters ("
                + count + " values) from " + weights + (producer.isEmpty() ? "" : " (made by " + producer + ")"));
        for (String note : m.notes()) {
            System.out.println("note     " + note);
        }
        System.out.println("wrote    " + target + " (samples " + metadata.get("inputShape")
                + (m.numClasses() > 0 ? ", " + m.numClasses() + " classes" : "") + ")");
        return 0;
    }

    /** The long names of the options that build an architecture (model, sample shape, dataset). */
    private Set<String> architectureOptions() {
        Set<String> architecture = spec.mixins().get("model").options().stream().map(OptionSpec::longestName)
                .collect(Collectors.toSet());
        architecture.addAll(spec.mixins().get("samples").options().stream().map(OptionSpec::longestName).toList());
        architecture.add("--dataset");
        return architecture;
    }

    /** With --like the architecture comes from the file: options that would build another one are a mistake. */
    private void refuseArchitectureOptions() {
        refuse("--like " + like + " gives the architecture and metadata", architectureOptions());
    }

    private void refuse(String why, Set<String> refused) {
        List<String> given = spec.commandLine().getParseResult().matchedOptions().stream().map(OptionSpec::longestName)
                .filter(refused::contains).distinct().toList();
        if (!given.isEmpty()) {
            throw new IllegalArgumentException(why + "; drop " + String.join(", ", given));
        }
    }
}
