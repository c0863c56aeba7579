package io.dendrite.data.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dendrite.data.Dataset;
import io.dendrite.data.TrainValTest;
import io.dendrite.nn.Golden;
import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import io.dendrite.tensor.kernel.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

class ImageFeaturesTest {
    private static final Golden GOLDEN = Golden.load("/io/dendrite/data/features/features.txt");

    private static Tensor image(String name) {
        return GOLDEN.get(name + ".image");
    }

    // ---- HOG by hand

    /** An 8×8 grey image (one cell) whose left half is {@code left} and right half {@code right}. */
    private static Tensor verticalEdge(double left, double right) {
        double[] v = new double[64];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                v[y * 8 + x] = x < 4 ? left : right;
            }
        }
        return Tensor.of(v, 1, 8, 8);
    }

    @Test
    void aVerticalEdgeGettingBrighterFillsTheHorizontalGradientBin() {
        // gx = 1 on the 8 pixels of column 3, gy = 0: orientation atan2(0, 1)·180/π + 90 = 90° → bin 4 ([80°, 100°));
        // the cell mean is 8 · 1 / 64
        double[] hog = new Hog().apply(verticalEdge(0, 1)).toDoubleArray();
        double[] expected = new double[9];
        expected[4] = 8.0 / 64;
        assertThat(hog).containsExactly(expected, within(1e-15));
    }

    @Test
    void aVerticalEdgeGettingDarkerCountsNothingAsInCs231n() {
        // gx = −1: orientation atan2(0, −1)·180/π + 90 = 270°, outside every bin of [0°, 180°)
        assertThat(new Hog().apply(verticalEdge(1, 0)).toDoubleArray()).containsOnly(0.0);
    }

    @Test
    void aHorizontalEdgeGettingBrighterDownwardsFillsTheLastBin() {
        // gy = 1 on row 3, gx = 0: atan2(1, 1e-15) is just under 90°, the orientation just under 180° → bin 8
        Tensor t = verticalEdge(0, 1).permute(0, 2, 1).contiguous();
        double[] hog = new Hog().apply(t).toDoubleArray();
        double[] expected = new double[9];
        expected[8] = 8.0 / 64;
        assertThat(hog).containsExactly(expected, within(1e-15));
    }

    @Test
    void aUniformImageHasNoGradientsAndRgbUsesCs231nsGreyWeights() {
        assertThat(new Hog().apply(Tensor.full(DType.F64, 0.7, 3, 16, 16)).toDoubleArray()).hasSize(36).containsOnly(0.0);
        // an edge only in blue: grey steps by 0.144 (cs231n's blue weight), still bin 4
        double[] v = new double[3 * 64];
        for (int y = 0; y < 8; y++) {
            for (int x = 4; x < 8; x++) {
                v[2 * 64 + y * 8 + x] = 1;
            }
        }
        double[] hog = new Hog().apply(Tensor.of(v, 3, 8, 8)).toDoubleArray();
        assertThat(hog[4]).isCloseTo(8 * 0.144 / 64, within(1e-15));
    }

    @Test
    void cellsAreOrderedColumnFirstAsCs231nsTransposedGrid() {
        // a 16×16 grey image with one brightening vertical edge in the top-right cell (cell row 0, column 1) only
        double[] v = new double[256];
        for (int y = 0; y < 8; y++) {
            for (int x = 12; x < 16; x++) {
                v[y * 16 + x] = 1;
            }
        }
        double[] hog = new Hog().apply(Tensor.of(v, 1, 16, 16)).toDoubleArray();
        // cs231n's order: (cell column, cell row, bin) → column 1, row 0 is block 2 of 4. Its left side brightens
        // (8 pixels with gx = 1 → bin 4); its bottom side darkens downwards (gy = −1, gx = 0 on 4 pixels): orientation
        // atan2(−1, 1e-15)·180/π + 90 is a hair above 0°, so cs231n's +1e-15 puts it in bin 0
        assertThat(hog[2 * 9 + 4]).isEqualTo(8.0 / 64);
        assertThat(hog[2 * 9]).isEqualTo(4.0 / 64);
        assertThat(Arrays.stream(hog).sum()).isEqualTo(12.0 / 64);
    }

    @Test
    void partialCellsAreDroppedAndNonSquareImagesWork() {
        Hog hog = new Hog();
        assertThat(hog.size(1, 28, 28)).isEqualTo(81);           // MNIST
        assertThat(hog.size(3, 32, 32)).isEqualTo(144);          // CIFAR-10
        assertThat(hog.size(1, 13, 30)).isEqualTo(1 * 3 * 9);
        assertThat(hog.apply(Tensor.rand(new Rng(1), DType.F32, 1, 13, 30)).size()).isEqualTo(27);
        assertThatThrownBy(() -> hog.size(1, 7, 30)).hasMessageContaining("7×30").hasMessageContaining("8×8");
        assertThatThrownBy(() -> hog.size(2, 8, 8)).hasMessageContaining("2 channels");
    }

    @ParameterizedTest(name = "orientation {0} → bin {1}")
    @CsvSource({"0, -1", "1e-300, 0", "19.999999999999996, 0", "20, 1", "90, 4", "179.99999999999997, 8", "180, -1",
            "-5, -1", "270, -1", "NaN, -1"})
    void binsAreCs231nsHalfOpenRanges(double orientation, int bin) {
        assertThat(Hog.bin(orientation)).isEqualTo(bin);
    }

    // ---- colour histogram by hand

    @ParameterizedTest(name = "({0}, {1}, {2}) → bin {3}")
    @CsvSource({
        "255, 0, 0, 0",        // red: hue 0
        "0, 255, 0, 3",        // green: hue 1/3 · 255 = 85 in [76.5, 102)
        "0, 0, 255, 6",        // blue: hue 2/3 · 255 = 170 in [153, 178.5)
        "255, 0, 255, 8",      // magenta: red and blue tie, blue wins: (4 + 1)/6 · 255 = 212.5 in [204, 229.5)
        "128, 128, 128, 0",    // grey: no hue, 0
        "0, 0, 0, 0",          // black
        "255, 128, 0, 0",      // orange: hue 0.0837 · 255 = 21.3
    })
    void aUniformColourPutsEveryPixelInOneBin(int r, int g, int b, int bin) {
        float[] v = new float[3 * 16];
        Arrays.fill(v, 0, 16, r);
        Arrays.fill(v, 16, 32, g);
        Arrays.fill(v, 32, 48, b);
        double[] hist = ColorHistogramHsv.cs231n().apply(Tensor.of(v, 3, 4, 4)).toDoubleArray();
        double[] expected = new double[10];
        expected[bin] = 1;
        assertThat(hist).containsExactly(expected, within(1e-15));
        double[] unit = ColorHistogramHsv.forUnitRange().apply(Tensor.of(v, 3, 4, 4).div(255)).toDoubleArray();
        assertThat(unit).containsExactly(expected, within(1e-15));
    }

    @Test
    void hsvNeedsThreeChannelsAndPixelsInRange() {
        assertThatThrownBy(() -> ColorHistogramHsv.forUnitRange().size(1, 28, 28))
                .hasMessageContaining("RGB images (3 channels), got 1").hasMessageContaining("hog alone");
        assertThatThrownBy(() -> ColorHistogramHsv.forUnitRange().apply(Tensor.full(DType.F32, 2, 3, 4, 4)))
                .hasMessageContaining("pixel value 2.0 is outside [0, 1.0]").hasMessageContaining("cs231n()");
        assertThatThrownBy(() -> new ColorHistogramHsv(0, 0, 1, true)).hasMessageContaining("bins 0");
    }

    // ---- golden values from cs231n's functions in numpy

    @ParameterizedTest(name = "{0}")
    @CsvSource({"grey16", "bytes28", "rgb32", "rgb20bytes"})
    void hogMatchesCs231nsNumpy(String name) {
        Tensor expected = GOLDEN.get(name + ".hog");
        TensorAssert.assertClose(new Hog().apply(image(name)), expected, 1e-12, 1e-13);
    }

    @Test
    void hsvMatchesCs231nsNumpy() {
        TensorAssert.assertClose(ColorHistogramHsv.forUnitRange().apply(image("rgb32")), GOLDEN.get("rgb32.hsv_unit"), 1e-13, 0);
        TensorAssert.assertClose(new ColorHistogramHsv(7, 0, 1, false).apply(image("rgb32")),
                GOLDEN.get("rgb32.hsv_unit_7_counts"), 1e-13, 0);
        TensorAssert.assertClose(ColorHistogramHsv.cs231n().apply(image("rgb20bytes")), GOLDEN.get("rgb20bytes.hsv"), 1e-13, 0);
    }

    // ---- extraction over a dataset

    private static Dataset rgbImages(int n, long seed) {
        Tensor x = Tensor.rand(new Rng(seed), DType.F32, n, 3, 16, 16);
        int[] y = new int[n];
        Arrays.setAll(y, i -> i % 3);
        return new Dataset(x.toFloatArray(), new int[]{3, 16, 16}, y, 3, List.of("a", "b", "c"));
    }

    @Test
    void extractConcatenatesEveryFunctionForEveryImage() {
        Dataset images = rgbImages(150, 1);
        List<FeatureFunction> fns = ImageFeatures.parse("hog,hsv");
        Dataset f = ImageFeatures.extract(images, fns);
        assertThat(f.sampleShape()).containsExactly(36 + 10);
        assertThat(f.labels()).containsExactly(images.labels());
        assertThat(f.classNames()).containsExactly("a", "b", "c");
        for (int i : new int[]{0, 77, 149}) {
            Tensor img = Tensor.of(images.sample(i), 3, 16, 16);
            double[] expected = Tensor.concat(0, new Hog().apply(img), ColorHistogramHsv.forUnitRange().apply(img))
                    .toDoubleArray();
            float[] got = f.sample(i);
            for (int j = 0; j < expected.length; j++) {
                assertThat((double) got[j]).isEqualTo((double) (float) expected[j]);
            }
        }
    }

    @Test
    void theSameFeaturesOnOneThreadOrMany() {
        Dataset images = rgbImages(300, 2);
        List<FeatureFunction> fns = ImageFeatures.parse("hog, hsv");
        int before = Threads.count();
        try {
            Threads.set(1);
            float[] one = ImageFeatures.extract(images, fns).data();
            Threads.set(4);
            float[] many = ImageFeatures.extract(images, fns).data();
            assertThat(many).containsExactly(one);
        } finally {
            Threads.set(before);
        }
    }

    @Test
    void standardizedWithTheTrainingStatistics() {
        TrainValTest split = new TrainValTest(rgbImages(200, 3), rgbImages(50, 4), rgbImages(50, 5));
        ImageFeatures.Standardized s = ImageFeatures.extractStandardized(split, List.of(new Hog()));
        Tensor train = s.data().train().x(DType.F64);
        Tensor mean = train.mean(0, false), var = train.var(0, false);
        for (int j = 0; j < 36; j++) {
            assertThat(mean.get(j)).isCloseTo(0, within(1e-5));
            assertThat(var.get(j)).isCloseTo(1, within(1e-4));
        }
        // validation features use the training mean and std, not their own
        Dataset rawVal = ImageFeatures.extract(split.val(), List.of(new Hog()));
        assertThat(s.data().val().data()).containsExactly(s.normalizer().apply(rawVal).data());
        assertThat(ImageFeatures.extract(split, List.of(new Hog()), s.normalizer()).test().data())
                .containsExactly(s.data().test().data());
    }

    @Test
    void greyImagesTakeHogButNotHsvAndFlatSamplesNeither() {
        Dataset grey = new Dataset(new float[4 * 28 * 28], new int[]{1, 28, 28}, new int[4], 2);
        assertThat(ImageFeatures.extract(grey, ImageFeatures.parse("hog")).sampleShape()).containsExactly(81);
        assertThatThrownBy(() -> ImageFeatures.extract(grey, ImageFeatures.parse("hog,hsv")))
                .hasMessageContaining("hsv: the colour histogram needs RGB images (3 channels), got 1");
        assertThatThrownBy(() -> ImageFeatures.extract(grey.flatten(), ImageFeatures.parse("hog")))
                .hasMessageContaining("(C, H, W)").hasMessageContaining("(784,)");
        assertThatThrownBy(() -> ImageFeatures.parse("hog,sift")).hasMessageContaining("'sift'").hasMessageContaining("hog or hsv");
        assertThat(ImageFeatures.describe(ImageFeatures.parse(" HOG ,hsv"))).isEqualTo("hog,hsv");
    }
}
