package io.dendrite.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {
    @TempDir
    Path dir;

    @Test
    void numericFeaturesAndIntegerLabels() throws IOException {
        Path f = Files.writeString(dir.resolve("a.csv"), "x1,x2,y\n1.5, 2,0\n\n-3,4e1,2\n");
        Dataset ds = CsvDataset.load(f, -1, true);
        assertThat(ds.size()).isEqualTo(2);
        assertThat(ds.sampleShape()).containsExactly(2);
        assertThat(ds.data()).containsExactly(1.5f, 2f, -3f, 40f);
        assertThat(ds.labels()).containsExactly(0, 2);
        assertThat(ds.numClasses()).isEqualTo(3);
    }

    @Test
    void stringLabelsAreSortedIntoClassesAndLabelColumnMayComeFirst() throws IOException {
        Path f = Files.writeString(dir.resolve("iris.csv"),
                "\"virginica\",1,2\nsetosa,3,4\nversicolor,5,6\nsetosa,7,8\n");
        Dataset ds = CsvDataset.load(f, 0, false);
        assertThat(ds.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(ds.labels()).containsExactly(2, 0, 1, 0);
        assertThat(ds.data()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void negativeIntegerLabelsAreSortedNumerically() throws IOException {
        Path f = Files.writeString(dir.resolve("svm.csv"), "1;1\n2;-1\n3;10\n");
        Dataset ds = CsvDataset.load(f, 1, false);
        assertThat(ds.classNames()).containsExactly("-1", "1", "10");
        assertThat(ds.labels()).containsExactly(1, 0, 2);
    }

    @Test
    void roundTripThroughAWrittenFile() throws IOException {
        Dataset src = Synthetic.spiral(5, 3, new io.dendrite.tensor.Rng(1));
        StringBuilder sb = new StringBuilder("a,b,label\n");
        for (int i = 0; i < src.size(); i++) {
            sb.append(src.data()[2 * i]).append(',').append(src.data()[2 * i + 1]).append(',')
                    .append(src.label(i)).append('\n');
        }
        Dataset back = CsvDataset.load(Files.writeString(dir.resolve("s.csv"), sb), 2, true);
        assertThat(back.data()).containsExactly(src.data());
        assertThat(back.labels()).containsExactly(src.labels());
    }

    @Test
    void badInputNamesLineAndColumn() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "1,2,0\n3,oops,1\n");
        assertThatThrownBy(() -> CsvDataset.load(bad, -1, false)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("bad.csv").hasMessageContaining("line 2, column 2")
                .hasMessageContaining("'oops'");
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "1,2,0\n3,1\n");
        assertThatThrownBy(() -> CsvDataset.load(ragged, -1, false)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("line 2 has 2 columns, expected 3");
        Path headerOnly = Files.writeString(dir.resolve("h.csv"), "a,b\n");
        assertThatThrownBy(() -> CsvDataset.load(headerOnly, -1, true)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("no data rows");
        assertThatThrownBy(() -> CsvDataset.load(bad, 5, false)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("label column 5");
        assertThatThrownBy(() -> CsvDataset.load(dir.resolve("none.csv"), 0, false))
                .isInstanceOf(DataFileException.class).hasMessageContaining("not found");
    }
}
