package io.dendrite.visualize;

import io.dendrite.model.Network;
import io.dendrite.nn.Conv2d;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.Linear;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.ReLU;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Style transfer on a small random convnet and small random images: the losses fall, a seed repeats itself. */
class StyleTransferTest {
    /** conv – relu – conv – relu – pool – flatten – linear on (N, 3, 8, 8); layers 0–4 give feature maps. */
    private static Network net(DType dtype) {
        Rng rng = new Rng(11);
        return Network.builder()
                .add(new Conv2d(3, 6, 3, 1, 1, rng, dtype)).add(new ReLU())
                .add(new Conv2d(6, 8, 3, 1, 1, rng, dtype)).add(new ReLU()).add(new MaxPool2d(2, 2, 2))
                .add(new Flatten()).add(new Linear(8 * 4 * 4, 4, rng, dtype)).inputShape(3, 8, 8).build();
    }

    private static Tensor image(long seed, int h, int w) {
        return Tensor.rand(new Rng(seed), DType.F64, 1, 3, h, w);
    }

    @Test
    void spatialLayersAreTheLeadingLayersWithFeatureMaps() {
        assertThat(StyleTransfer.spatialLayers(net(DType.F64), 3, 8, 8)).containsExactly(0, 1, 2, 3, 4);
        assertThat(StyleTransfer.spatialLayers(net(DType.F64), 3, 12, 10)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void everyTermFallsAndTheImageStaysAPicture() {
        Network net = net(DType.F64);
        StyleTransfer st = StyleTransfer.builder().contentLayer(3).styleLayers(0, 2, 4).styleWeights(300, 100, 100)
                .contentWeight(1).tvWeight(0.05).iterations(60).learningRate(0.05).decayAt(50).decayedLearningRate(0.01)
                .initRandom(true).seed(3).build();
        StyleTransfer.Result r = st.transfer(net, image(1, 8, 8), image(2, 12, 10));   // a style image of another size
        double[] total = r.total();
        assertThat(total).hasSize(61);
        System.out.printf("style transfer: total %.4g -> %.4g, content %.4g -> %.4g, style %.4g -> %.4g, tv %.4g -> %.4g%n",
                total[0], total[60], r.content()[0], r.content()[60], r.style()[0], r.style()[60], r.tv()[0], r.tv()[60]);
        assertThat(total[60]).isLessThan(0.2 * total[0]);
        assertThat(r.content()[60]).isLessThan(r.content()[0]);
        assertThat(r.style()[60]).isLessThan(r.style()[0]);
        assertThat(r.tv()[60]).isLessThan(r.tv()[0]);
        for (int t = 0; t <= 60; t++) {
            assertThat(total[t]).isEqualTo(r.content()[t] + r.style()[t] + r.tv()[t]);
        }
        assertThat(r.image().shape()).containsExactly(1, 3, 8, 8);
        assertThat(r.image().min()).isGreaterThanOrEqualTo(0);
        assertThat(r.image().max()).isLessThanOrEqualTo(1);
        assertThat(r.contentLayer()).isEqualTo(3);
        assertThat(r.styleLayers()).containsExactly(0, 2, 4);
    }

    @Test
    void startingFromTheContentImageOnlyTheStyleTermIsNonZeroAtFirst() {
        Network net = net(DType.F64);
        StyleTransfer.Result r = StyleTransfer.builder().tvWeight(0).iterations(20).learningRate(0.02).build()
                .transfer(net, image(1, 8, 8), image(2, 8, 8));
        assertThat(r.contentLayer()).isEqualTo(4);
        assertThat(r.styleLayers()).containsExactly(0, 1, 2, 3, 4);
        assertThat(r.content()[0]).isZero();
        assertThat(r.style()[20]).isLessThan(r.style()[0]);
    }

    @Test
    void aSeedGivesTheSameImageEveryTimeAndOnAFloatNetwork() {
        Network net = net(DType.F32);
        StyleTransfer st = StyleTransfer.builder().iterations(15).learningRate(0.05).initRandom(true).seed(9).build();
        Tensor c = image(1, 8, 8).to(DType.F32), s = image(2, 8, 8).to(DType.F32);
        StyleTransfer.Result a = st.transfer(net, c, s), b = st.transfer(net, c, s);
        assertThat(a.image().dtype()).isEqualTo(DType.F32);
        assertThat(a.image().toDoubleArray()).containsExactly(b.image().toDoubleArray());
        assertThat(a.total()).containsExactly(b.total());
        StyleTransfer.Result other = StyleTransfer.builder().iterations(15).learningRate(0.05).initRandom(true).seed(10)
                .build().transfer(net, c, s);
        assertThat(other.image().toDoubleArray()).isNotEqualTo(a.image().toDoubleArray());
    }

    @Test
    void badSettingsAreRefusedNamingThem() {
        Network net = net(DType.F64);
        Tensor c = image(1, 8, 8);
        assertThatThrownBy(() -> StyleTransfer.builder().styleLayers(5).build().transfer(net, c, c))
                .hasMessageContaining("style layer 5").hasMessageContaining("(1, 128)").hasMessageContaining("4 MaxPool2d");
        assertThatThrownBy(() -> StyleTransfer.builder().styleLayers(0, 1).styleWeights(1, 2, 3).build())
                .hasMessageContaining("3 style weights for 2 style layers");
        assertThatThrownBy(() -> StyleTransfer.builder().build().transfer(net, c, image(2, 8, 8).slice(1, 0, 1)))
                .hasMessageContaining("channel");
        assertThatThrownBy(() -> StyleTransfer.builder().tvWeight(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> StyleTransfer.builder().contentLayer(9).build().transfer(net, c, c))
                .hasMessageContaining("layer 9 is outside");
    }
}
