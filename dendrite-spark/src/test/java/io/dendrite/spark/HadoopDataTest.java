package io.dendrite.spark;

import io.dendrite.data.CsvDataset;
import io.dendrite.data.Dataset;
import io.dendrite.data.Datasets;
import io.dendrite.data.Idx;
import io.dendrite.data.TrainTest;
import io.dendrite.io.Npz;
import io.dendrite.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files read through Hadoop's file systems (file: here, as hdfs: or s3a: on a cluster) by the ordinary loaders. */
class HadoopDataTest {
    @Test
    void aCsvFileReadThroughHadoopIsTheCsvFileReadLocally(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("iris.csv");
        Files.writeString(csv, "a,b,label\n1.5,2,0\n3,4.25,1\n-1,0,2\n");
        Dataset through = HadoopData.csv(TestSpark.session(), csv.toUri().toString(), -1, true);
        Dataset direct = CsvDataset.load(csv, -1, true);
        assertThat(through.data()).containsExactly(direct.data());
        assertThat(through.labels()).containsExactly(direct.labels());
    }

    @Test
    void anIdxFolderReadThroughHadoopIsMnistReadLocally(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("digits"));
        byte[] pixels = {0, (byte) 255, 51, 102, 1, 2, 3, 4, 5, 6, 7, 8};   // three 2×2 images
        for (String set : new String[]{"train", "t10k"}) {
            Idx.writeImages(folder.resolve(set + "-images-idx3-ubyte"), pixels, 3, 2, 2, set.equals("t10k"));
            Idx.writeLabels(folder.resolve(set + "-labels-idx1-ubyte"), new int[]{7, 0, 9}, false);
        }
        TrainTest through = HadoopData.load(TestSpark.session(), "mnist", folder.toUri().toString());
        TrainTest direct = Datasets.load("mnist", folder);
        assertThat(through.train().data()).containsExactly(direct.train().data());
        assertThat(through.test().labels()).containsExactly(7, 0, 9);
        assertThat(through.train().sampleShape()).containsExactly(1, 2, 2);
        assertThat(through.train().data()[1]).isEqualTo(1f);
    }

    @Test
    void anNpzArchiveGivesSamplesAndLabels(@TempDir Path dir) throws Exception {
        Path npz = dir.resolve("d.npz");
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("x", Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 3, 2));
        arrays.put("y", Tensor.of(new double[]{0, 2, 1}, 3));
        Npz.write(npz, arrays);
        Dataset d = HadoopData.npz(TestSpark.session(), npz.toUri().toString(), "x", "y");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.numClasses()).isEqualTo(3);
        assertThat(d.labels()).containsExactly(0, 2, 1);
        assertThat(d.data()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThatThrownBy(() -> HadoopData.npz(TestSpark.session(), npz.toUri().toString(), "x", "labels"))
                .hasMessageEndingWith("has no array 'labels' (it holds [x, y])");
    }

    @Test
    void aFolderIsCopiedWholeToTheSameLocalPlaceEveryTime(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("mnist"));
        Files.writeString(folder.resolve("a.txt"), "one");
        String uri = folder.toUri().toString();
        Path first = HadoopData.toLocal(HadoopData.configuration(TestSpark.session()), uri);
        Files.writeString(folder.resolve("a.txt"), "two");
        Path second = HadoopData.toLocal(HadoopData.configuration(TestSpark.session()), uri);
        assertThat(second).isEqualTo(first);
        assertThat(Files.readString(second.resolve("a.txt"))).isEqualTo("two");
        assertThat(second.getFileName().toString()).isEqualTo("mnist");
        assertThatThrownBy(() -> HadoopData.toLocal(HadoopData.configuration(TestSpark.session()),
                dir.resolve("absent").toUri().toString())).hasMessageContaining("no such file or folder");
    }

    @Test
    void sparkMainReadsADataUriThroughHadoopAndLeavesLocalPathsAlone(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("x.csv");
        Files.writeString(csv, "1,0\n");
        String[] plain = {"train", "--data", csv.toString(), "--dataset", "csv"};
        assertThat(SparkMain.localData(plain)).containsExactly(plain);
        String[] uri = SparkMain.localData(new String[]{"train", "--data", csv.toUri().toString()});
        assertThat(uri[2]).doesNotStartWith("file:").endsWith("x.csv");
        assertThat(Files.readString(Path.of(uri[2]))).isEqualTo("1,0\n");
        String[] joined = SparkMain.localData(new String[]{"train", "--data=" + csv.toUri()});
        assertThat(joined[1]).isEqualTo("--data=" + uri[2]);
        assertThat(HadoopData.isUri("hdfs://nn:8020/data")).isTrue();
        assertThat(HadoopData.isUri("s3a://bucket/mnist")).isTrue();
        assertThat(HadoopData.isUri("data/mnist")).isFalse();
    }
}
