package io.dendrite.visualize;

import io.dendrite.check.GradientCheck;
import io.dendrite.model.Network;
import io.dendrite.nn.Conv2d;
import io.dendrite.nn.Flatten;
import io.dendrite.nn.Linear;
import io.dendrite.nn.MaxPool2d;
import io.dendrite.nn.Parameter;
import io.dendrite.nn.ReLU;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Saliency maps, fooling images and class visualization on a small conv net trained here on synthetic images. */
class NetworkVisualizationTest {
    private static final int PER_CLASS = 40, CLASSES = 3;
    private static Network net;
    private static Tensor x;
    private static int[] y;

    /**
     * 6×6 images in [0, 1] with noise: class 0 has a bright row 1, class 1 a bright column 4, class 2 a bright
     * 2×2 block at the bottom left.
     */
    private static void makeData() {
        Rng rng = new Rng(100);
        int n = PER_CLASS * CLASSES;
        double[] v = new double[n * 36];
        y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            y[i] = c;
            for (int h = 0; h < 6; h++) {
                for (int w = 0; w < 6; w++) {
                    boolean on = c == 0 ? h == 1 : c == 1 ? w == 4 : h >= 4 && w <= 1;
                    v[i * 36 + h * 6 + w] = Math.min(1, Math.max(0, (on ? 0.8 : 0.1) + 0.1 * rng.nextGaussian()));
                }
            }
        }
        x = Tensor.of(v, n, 1, 6, 6);
    }

    @BeforeAll
    static void train() {
        makeData();
        Rng rng = new Rng(7);
        net = Network.builder().add(new Conv2d(1, 4, 3, 1, 1, rng, DType.F64)).add(new ReLU()).add(new MaxPool2d(2, 2, 2))
                .add(new Flatten()).add(new Linear(4 * 3 * 3, CLASSES, rng, DType.F64)).inputShape(1, 6, 6).build();
        for (int it = 0; it < 300; it++) {   // plain gradient descent on the whole set
            net.loss(x, y);
            for (Parameter p : net.params().values()) {
                p.value().addScaledi(p.grad(), -0.1);
            }
        }
        int correct = 0;
        int[] pred = net.predict(x);
        for (int i = 0; i < y.length; i++) {
            correct += pred[i] == y[i] ? 1 : 0;
        }
        assertThat(correct).as("training accuracy of the test's network").isEqualTo(y.length);
    }

    @Test
    void saliencyIsTheLargestAbsoluteGradientOverChannels() {
        Rng rng = new Rng(3);
        Network twoChannels = Network.builder().add(new Conv2d(2, 3, 3, 1, 1, rng, DType.F64)).add(new ReLU())
                .add(new Flatten()).add(new Linear(3 * 5 * 4, 4, rng, DType.F64)).build();
        Tensor images = Tensor.randn(rng, DType.F64, 3, 2, 5, 4);
        int[] classes = {0, 3, 1};
        Tensor s = Saliency.maps(twoChannels, images, classes);
        assertThat(s.shape()).containsExactly(3, 5, 4);
        assertThat(s.min()).isGreaterThanOrEqualTo(0);
        Tensor g = twoChannels.scoreGradient(images, classes).gradient();
        for (int n = 0; n < 3; n++) {
            for (int h = 0; h < 5; h++) {
                for (int w = 0; w < 4; w++) {
                    double expected = Math.max(Math.abs(g.get(n, 0, h, w)), Math.abs(g.get(n, 1, h, w)));
                    assertThat(s.get(n, h, w)).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void saliencyIsZeroWhereTheScoreDoesNotLook() {
        Linear lin = new Linear(2 * 4 * 4, 3, new Rng(4), DType.F64);
        for (int c = 0; c < 2; c++) {
            for (int h = 0; h < 4; h++) {   // the last column of both channels feeds no score
                for (int k = 0; k < 3; k++) {
                    lin.weight().value().set(0, c * 16 + h * 4 + 3, k);
                }
            }
        }
        Network blind = Network.builder().add(new Flatten()).add(lin).build();
        Tensor s = Saliency.maps(blind, Tensor.randn(new Rng(5), DType.F64, 2, 2, 4, 4), new int[]{2, 0});
        for (int n = 0; n < 2; n++) {
            for (int h = 0; h < 4; h++) {
                assertThat(s.get(n, h, 3)).isZero();
                assertThat(s.get(n, h, 0)).isPositive();
            }
        }
    }

    @Test
    void saliencyOfTheTrainedNetLightsUpTheClassPattern() {
        int i = 1;   // a class-1 image: a bright column 4
        Tensor s = Saliency.maps(net, x.slice(i, i + 1), new int[]{y[i]});
        double column = 0, rest = 0;
        for (int h = 0; h < 6; h++) {
            for (int w = 0; w < 6; w++) {
                if (w == 4) {
                    column += s.get(0, h, w) / 6;
                } else {
                    rest += s.get(0, h, w) / 30;
                }
            }
        }
        assertThat(column).isGreaterThan(rest);
    }

    @Test
    void aFoolingImageFlipsThePredictionWithinTheStepLimit() {
        for (int i = 0; i < 3; i++) {
            Tensor image = x.slice(i, i + 1), before = image.copy();
            int target = (y[i] + 1) % CLASSES;
            FoolingImage f = FoolingImage.make(net, image, target);
            assertThat(f.fooled()).as("image " + i + " fooled into " + target).isTrue();
            assertThat(f.steps()).isBetween(1, FoolingImage.DEFAULT_MAX_STEPS);
            assertThat(net.predict(f.image())[0]).isEqualTo(target);
            assertThat(f.changeNorm()).isPositive().isLessThanOrEqualTo(f.steps() * FoolingImage.DEFAULT_LEARNING_RATE + 1e-9);
            assertThat(f.changeMax()).isPositive().isLessThanOrEqualTo(f.changeNorm());
            assertThat(image.toDoubleArray()).as("the input is not modified").containsExactly(before.toDoubleArray());
            System.out.printf("fooling image %d → class %d: %d steps, change L2 %.3f, max %.3f%n",
                    i, target, f.steps(), f.changeNorm(), f.changeMax());
        }
    }

    @Test
    void aFoolingImageOfTheAlreadyPredictedClassIsTheInput() {
        FoolingImage f = FoolingImage.make(net, x.slice(0, 1), y[0]);
        assertThat(f.fooled()).isTrue();
        assertThat(f.steps()).isZero();
        assertThat(f.changeNorm()).isZero();
        assertThat(f.image().toDoubleArray()).containsExactly(x.slice(0, 1).toDoubleArray());
    }

    @Test
    void aStepLimitThatIsTooSmallSaysSo() {
        FoolingImage f = FoolingImage.make(net, x.slice(0, 1), 1, 1e-3, 2);
        assertThat(f.fooled()).isFalse();
        assertThat(f.steps()).isEqualTo(2);
        assertThatThrownBy(() -> FoolingImage.make(net, x.slice(0, 2), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(2, 1, 6, 6)").hasMessageContaining("(1, …)");
        assertThatThrownBy(() -> FoolingImage.make(net, x.slice(0, 1), 1, 0, 10)).hasMessageContaining("learning rate: 0");
    }

    private static ClassVisualization smallImages(long seed) {
        return ClassVisualization.builder().learningRate(0.5).iterations(60).maxJitter(1).blurEvery(10).seed(seed).build();
    }

    @Test
    void classVisualizationRaisesTheClassScoreAndIsReproducible() {
        for (int target = 0; target < CLASSES; target++) {
            ClassVisualization.Result r = smallImages(11).generate(net, target);
            double[] s = r.scores();
            assertThat(s).hasSize(60);
            double first = (s[0] + s[1] + s[2]) / 3, last = (s[57] + s[58] + s[59]) / 3;
            System.out.printf("class visualization of %d: score %.3f → %.3f (final image %.3f)%n", target, s[0], s[59], r.finalScore());
            assertThat(last).as("class " + target).isGreaterThan(first);
            assertThat(r.finalScore()).isGreaterThan(s[0]);
            assertThat(net.predict(r.image())[0]).as("the network sees class " + target).isEqualTo(target);
            assertThat(r.image().shape()).containsExactly(1, 1, 6, 6);
            assertThat(r.image().min()).isGreaterThanOrEqualTo(0);
            assertThat(r.image().max()).isLessThanOrEqualTo(1);
        }
        assertThat(smallImages(11).generate(net, 1).image().toDoubleArray())
                .containsExactly(smallImages(11).generate(net, 1, 1, 6, 6).image().toDoubleArray());
        assertThat(smallImages(12).generate(net, 1).image().toDoubleArray())
                .isNotEqualTo(smallImages(11).generate(net, 1).image().toDoubleArray());
    }

    @Test
    void jitterRollsWithWrapAroundAndBack() {
        Tensor img = Tensor.arange(24).reshape(1, 2, 3, 4);
        Tensor rolled = ClassVisualization.jitter(img, 1, 2);
        // numpy: np.roll(np.roll(img, 1, axis=3), 2, axis=2)[0, 0] = [[4, 5, 6, 7] rolled right → 7 4 5 6], …
        assertThat(rolled.get(0, 0, 0, 0)).isEqualTo(7);    // from (row 1, col 3)
        assertThat(rolled.get(0, 0, 2, 1)).isEqualTo(0);    // from (row 0, col 0)
        assertThat(rolled.get(0, 1, 1, 0)).isEqualTo(23);   // channel 1 from (row 2, col 3)
        assertThat(ClassVisualization.jitter(rolled, -1, -2).toDoubleArray()).containsExactly(img.toDoubleArray());
    }

    /*
     * scipy 1.17: gaussian_filter1d(gaussian_filter1d(x, s, axis=2), s, axis=3) for
     * x = np.sin(np.arange(40.0)).reshape(1, 2, 4, 5), s = 0.5 and s = 1.0 (mode 'reflect', truncate 4.0).
     */
    private static final double[] BLUR_HALF = {
            -0.014298728835090146, 0.6504227633262413, 0.7950107708427413, 0.2089366402526912, -0.5390728648169527,
            -0.7502270164253823, -0.21322969341244705, 0.5015556979516703, 0.7553816003563856, 0.4011164306825393,
            -0.5018071927120986, -0.7635118300121602, -0.40965218330031916, 0.3207021614807567, 0.7869478346126311,
            0.42745190256082816, -0.3281121927623684, -0.8253376009546061, -0.5640287121410625, 0.1470288469981567,
            0.803646124562941, 0.7469255976710854, 0.08500071474907883, -0.6550448757871294, -0.8628113367932099,
            -0.030858920624881436, 0.5823014765788469, 0.729977911265647, 0.20676127006302034, -0.47724619556072656,
            -0.7835888926925958, -0.308566824206598, 0.4208245424113837, 0.7634531490732063, 0.4906716691495414,
            -0.5348901301577161, -0.8372540723732391, -0.46474887386333497, 0.33488815519980075, 0.8583811247578607,
    };
    private static final double[] BLUR_ONE = {
            -0.03773997398441692, 0.2675013040715673, 0.4536663467055777, 0.2724419463569567, -0.03042254462784326,
            -0.32171056677431786, -0.07969320534889562, 0.21294450859486944, 0.3331348612410781, 0.2897160533265389,
            -0.3321649692638077, -0.3383696695374044, -0.17667044875565976, 0.128100565274961, 0.35870937318310314,
            -0.061937740533095795, -0.3312314019213475, -0.4481366775533231, -0.20213056347789402, 0.12926943671550806,
            0.54472795225235, 0.4889494867158928, 0.18760210762703247, -0.2656697735192685, -0.5729148174357306,
            0.11622086308014194, 0.26782496912048126, 0.2932032687404085, 0.08113881695181234, -0.16027410486856994,
            -0.3712650511893825, -0.1466883256381223, 0.16101523667968026, 0.3383249565953812, 0.3470728135532086,
            -0.5836072501776686, -0.47048324489897875, -0.11836039415635902, 0.32961342634869306, 0.601390677641979,
    };

    @Test
    void blurMatchesScipysGaussianFilter() {
        Tensor img = Tensor.arange(40).map(Math::sin).reshape(1, 2, 4, 5);
        assertThat(GradientCheck.relError(ClassVisualization.blur(img, 0.5), Tensor.of(BLUR_HALF, 1, 2, 4, 5))).isLessThan(1e-12);
        assertThat(GradientCheck.relError(ClassVisualization.blur(img, 1.0), Tensor.of(BLUR_ONE, 1, 2, 4, 5))).isLessThan(1e-12);
        Tensor flat = Tensor.full(DType.F64, 0.3, 1, 1, 3, 3);
        assertThat(GradientCheck.relError(ClassVisualization.blur(flat, 2), flat)).isLessThan(1e-15);
    }

    @Test
    void refusesWhatItCannotUse() {
        assertThatThrownBy(() -> Saliency.maps(net, x.reshape(x.shape(0), 36), y))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(120, 36)").hasMessageContaining("(N, C, H, W)");
        assertThatThrownBy(() -> ClassVisualization.builder().build().generate(net, 0, 6, 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(6, 6)");
        assertThatThrownBy(() -> ClassVisualization.builder().normalization(new double[]{0.5, 0.5}, new double[]{1, 1}).build()
                .generate(net, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 channels");
        assertThatThrownBy(() -> ClassVisualization.builder().learningRate(-1)).hasMessageContaining("learning rate: -1");
        Network noShape = Network.builder().add(new Flatten()).add(new Linear(36, 3)).build();
        assertThatThrownBy(() -> ClassVisualization.builder().build().generate(noShape, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input shape");
    }
}
