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
                .hasMessage(ragged + ": line 2, column 3: missing value — the row has 2 of the 3 columns of line 1");
        Path long_ = Files.writeString(dir.resolve("long.csv"), "1,2,0\n3,1,1,1\n");
        assertThatThrownBy(() -> CsvDataset.load(long_, -1, false)).isInstanceOf(DataFileException.class)
                .hasMessage(long_ + ": line 2 has 4 columns, expected 3 like line 1");
        Path headerOnly = Files.writeString(dir.resolve("h.csv"), "a,b\n");
        assertThatThrownBy(() -> CsvDataset.load(headerOnly, -1, true)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("no data rows");
        assertThatThrownBy(() -> CsvDataset.load(bad, 5, false)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("label column 5");
        assertThatThrownBy(() -> CsvDataset.load(dir.resolve("none.csv"), 0, false))
                .isInstanceOf(DataFileException.class).hasMessageContaining("not found");
    }

    @Test
    void quotedFieldsHoldSeparatorsDoubledQuotesAndLineBreaks() throws IOException {
        Path f = Files.writeString(dir.resolve("quoted.csv"), "\"width, cm\",\"height\",\"kind\"\n"
                + "1.5,\"2\",\"say \"\"hi\"\"\"\n"
                + "  \"3\" , 4 ,\"two\nlines, and a comma\"\n"
                + "5,6,\"say \"\"hi\"\"\"\n");
        Dataset ds = CsvDataset.load(f, -1, true);
        assertThat(ds.data()).containsExactly(1.5f, 2f, 3f, 4f, 5f, 6f);
        assertThat(ds.classNames()).containsExactly("say \"hi\"", "two\nlines, and a comma");
        assertThat(ds.labels()).containsExactly(0, 1, 0);
    }

    @Test
    void crlfLineEndsInsideAndOutsideQuotesAndAByteOrderMark() throws IOException {
        Path f = Files.writeString(dir.resolve("excel.csv"),
                "\uFEFFa;b;label\r\n1;2;\"x\r\ny\"\r\n\r\n3;4;z\r\n");
        Dataset ds = CsvDataset.load(f, -1, true);
        assertThat(ds.data()).containsExactly(1f, 2f, 3f, 4f);
        assertThat(ds.classNames()).containsExactly("x\r\ny", "z");
        Path bad = Files.writeString(dir.resolve("bad-crlf.csv"), "a,b,label\r\n1,2,\"x\r\ny\"\r\n\r\n3,oops,z\r\n");
        assertThatThrownBy(() -> CsvDataset.load(bad, -1, true))
                .hasMessage(bad + ": line 5, column 2 ('b'): 'oops' is not a number (features must be numeric)");
    }

    @Test
    void aCommaInsideQuotesOnTheFirstLineDoesNotChooseTheSeparator() throws IOException {
        Path f = Files.writeString(dir.resolve("semi.csv"), "\"a,b\";label\n1,5;0\n");
        assertThatThrownBy(() -> CsvDataset.load(f, -1, true))
                .hasMessage(f + ": line 2, column 1 ('a,b'): '1,5' is not a number (features must be numeric)");
        Path g = Files.writeString(dir.resolve("semi2.csv"), "\"a,b\";label\n1.5;0\n");
        assertThat(CsvDataset.load(g, -1, true).data()).containsExactly(1.5f);
    }

    @Test
    void missingValuesNameTheLineWhereTheRecordStartsAndTheColumn() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "x1,x2,y\n1,\"multi\nline\",0\n1,,1\n");
        assertThatThrownBy(() -> CsvDataset.load(empty, -1, true)).isInstanceOf(DataFileException.class)
                .hasMessage(empty + ": line 2, column 2 ('x2'): 'multi\nline' is not a number (features must be numeric)");
        Path hole = Files.writeString(dir.resolve("hole.csv"), "x1,x2,y\n1,\"2\",\"a\nb\"\n3, ,1\n");
        assertThatThrownBy(() -> CsvDataset.load(hole, -1, true)).isInstanceOf(DataFileException.class)
                .hasMessage(hole + ": line 4, column 2 ('x2'): missing value (empty field)");
        Path quotedEmpty = Files.writeString(dir.resolve("qe.csv"), "1,\"\",0\n");
        assertThatThrownBy(() -> CsvDataset.load(quotedEmpty, -1, false))
                .hasMessage(quotedEmpty + ": line 1, column 2: missing value (empty field)");
        Path noLabel = Files.writeString(dir.resolve("nolabel.csv"), "x1,x2,y\n1,2,\n");
        assertThatThrownBy(() -> CsvDataset.load(noLabel, -1, true))
                .hasMessage(noLabel + ": line 2, column 3 ('y'): missing value (empty field)");
        Path short_ = Files.writeString(dir.resolve("short.csv"), "x1,x2,y\n\n1,2,0\n\n3\n");
        assertThatThrownBy(() -> CsvDataset.load(short_, -1, true))
                .hasMessage(short_ + ": line 5, column 2 ('x2'): missing value — the row has 1 of the 3 columns of the header");
    }

    @Test
    void brokenQuotingIsReportedWhereItIs() throws IOException {
        Path open = Files.writeString(dir.resolve("open.csv"), "1,2,0\n3,\"4,1\n5,6,1\n");
        assertThatThrownBy(() -> CsvDataset.load(open, -1, false)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(open + ": line 2, column 2: the quoted field opened there is never closed");
        Path stray = Files.writeString(dir.resolve("stray.csv"), "1,2,0\n3,\"4\"x,1\n");
        assertThatThrownBy(() -> CsvDataset.load(stray, -1, false)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(stray + ": line 2, column 2: 'x' after the closing quote of a quoted field");
    }
}
