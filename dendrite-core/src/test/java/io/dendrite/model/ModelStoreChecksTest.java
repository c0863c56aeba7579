package io.dendrite.model;

import io.dendrite.io.ModelFile;
import io.dendrite.nn.Linear;
import io.dendrite.nn.ReLU;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A model file is checked against itself before the network is built. */
class ModelStoreChecksTest {

    private static Path saved(Path dir) throws IOException {
        Rng rng = new Rng(7);
        Network net = Network.builder().add(new Linear(2, 3, rng, DType.F32)).add(new ReLU())
                .add(new Linear(3, 2, rng, DType.F32)).build();
        Path file = dir.resolve("small.dnd");
        ModelStore.save(net, Map.of(), file);
        return file;
    }

    @Test
    void anArchitectureImplyingHugeTensorsIsRefusedBeforeAnythingIsAllocated(@TempDir Path dir) throws IOException {
        Path file = saved(dir);
        ModelFile.Contents c = ModelFile.read(file);
        assertThat(c.architecture()).contains("layer Linear in=2 out=3");
        String huge = c.architecture().replace("layer Linear in=2 out=3", "layer Linear in=2000000 out=2000000");
        Path bad = dir.resolve("huge.dnd");
        ModelFile.write(bad, new ModelFile.Contents(huge, c.metadata(), c.parameters(), c.buffers()));
        assertThatThrownBy(() -> ModelStore.load(bad)).isInstanceOf(IOException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("architecture and the stored weights disagree")
                .hasMessageContaining("need 4000002000008 parameter values, the file stores 17");
    }

    @Test
    void overflowingSizesAreRefusedToo(@TempDir Path dir) throws IOException {
        Path file = saved(dir);
        ModelFile.Contents c = ModelFile.read(file);
        String huge = c.architecture().replace("layer Linear in=2 out=3",
                "layer Linear in=9223372036854775807 out=9223372036854775807");
        Path bad = dir.resolve("overflow.dnd");
        ModelFile.write(bad, new ModelFile.Contents(huge, c.metadata(), c.parameters(), c.buffers()));
        assertThatThrownBy(() -> ModelStore.load(bad)).isInstanceOf(IOException.class)
                .hasMessageContaining("architecture and the stored weights disagree");
    }

    @Test
    void aConsistentFileStillLoads(@TempDir Path dir) throws IOException {
        assertThat(ModelStore.load(saved(dir)).network().params()).hasSize(4);
    }

    @Test
    void aParameterThatIsNotFiniteIsNamed(@TempDir Path dir) throws IOException {
        Path file = saved(dir);
        ModelFile.Contents c = ModelFile.read(file);
        Map<String, io.dendrite.tensor.Tensor> params = new java.util.LinkedHashMap<>(c.parameters());
        String name = params.keySet().stream().skip(2).findFirst().orElseThrow();
        io.dendrite.tensor.Tensor t = params.get(name);
        float[] values = t.toFloatArray();
        values[1] = Float.NaN;
        params.put(name, io.dendrite.tensor.Tensor.of(values, t.shape()));
        Path bad = dir.resolve("nan.dnd");
        ModelFile.write(bad, new ModelFile.Contents(c.architecture(), c.metadata(), params, c.buffers()));
        assertThatThrownBy(() -> ModelStore.load(bad)).isInstanceOf(IOException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("parameter " + name + " holds NaN at element 1");
    }
}
