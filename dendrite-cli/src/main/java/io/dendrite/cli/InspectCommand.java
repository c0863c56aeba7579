package io.dendrite.cli;

import io.dendrite.io.Inspect;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dendrite inspect FILE}: what a model, checkpoint, .npz, .npy or .safetensors file holds. */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show what a file holds, read defensively: nothing is loaded into a network.",
                "A Dendrite model or checkpoint (.dnd): architecture, metadata, each parameter and buffer with shape,"
                        + " dtype and size, and the checksum: 'CRC-32C ok' or the damage found.",
                "An .npz or .npy: its arrays, shapes and dtypes. A .safetensors file: its metadata and tensors"
                        + " (dtype, shape, bytes), from the header.",
                "The kind is told by the file's first bytes, else by its extension."})
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The file to inspect.")
    Path file;

    @Override
    public Integer call() throws Exception {
        System.out.print(Inspect.report(file));
        return 0;
    }
}
