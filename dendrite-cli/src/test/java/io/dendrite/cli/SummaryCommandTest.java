package io.dendrite.cli;

import io.dendrite.model.ModelStore;
import io.dendrite.model.Network;
import io.dendrite.nn.Conv2d;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.Linear;
import io.dendrite.nn.ReLU;
import io.dendrite.nn.Residual;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static io.dendrite.cli.CommandsTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code dendrite summary} on a ready-made network from options and on a saved composed network. */
class SummaryCommandTest {

    @Test
    void summarizesTheDefaultSimpleConvNet() {
        CommandsTest.Result r = run("summary");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Conv2d(1→30, k=5, s=1, p=0)").contains("(N, 30, 24, 24)")
                .contains("Linear(4320→100)").contains("432,100").contains("Total params: 433,890");
    }

    @Test
    void summarizesASavedComposedResidualNetwork(@TempDir Path tmp) throws IOException {
        Network net = Network.builder().add(new Conv2d(1, 3, 3, 1, 1)).add(new ReLU())
                .add(new Residual(new Conv2d(3, 3, 3, 1, 1), new ReLU())).add(new Flatten()).add(new Linear(3 * 5 * 5, 4))
                .inputShape(1, 5, 5).build();
        Path file = tmp.resolve("res.dnd");
        ModelStore.save(net, Map.of(), file);
        CommandsTest.Result r = run("summary", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("model    network inputDim=1,5,5").contains("Residual").contains("  Conv2d(3→3")
                .contains("(N, 4)").contains("Total params: " + (30 + 84 + 304));
    }

    @Test
    void aMissingFileIsOneLine(@TempDir Path tmp) {
        CommandsTest.Result r = run("summary", tmp.resolve("none.dnd").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("model file not found").doesNotContain("Exception");
    }
}
