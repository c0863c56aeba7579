package io.dendrite.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.dendrite.tensor.MemoryBudget;
import io.dendrite.tensor.SmallHeap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {
    @TempDir
    Path dir;

    @Test
    void numericFeaturesAndIntegerLabels() throws IOException {
        Path f = Files.writeString(dir.resolve("a.csv"), "x1,x2,y\n1.5, 2,0\n\n-3,4e1,2\n5,6,1.0\n");
        Dataset ds = CsvDataset.load(f, -1, true);
        assertThat(ds.size()).isEqualTo(3);
        assertThat(ds.sampleShape()).containsExactly(2);
        assertThat(ds.data()).containsExactly(1.5f, 2f, -3f, 40f, 5f, 6f);
        assertThat(ds.labels()).containsExactly(0, 2, 1);
        assertThat(ds.numClasses()).isEqualTo(3);
        assertThat(ds.classNames()).isEmpty();
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
    void mappedNegativeIntegerLabelsAreSortedNumerically() throws IOException {
        Path f = Files.writeString(dir.resolve("svm.csv"), "1;1\n2;-1\n3;10\n");
        Dataset ds = CsvDataset.load(f, 1, false, true);
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

    @Test
    void nonFiniteAndOutOfRangeFeaturesAreRefusedWithLineAndColumn() throws IOException {
        for (String v : new String[] {"NaN", "Infinity", "-Infinity"}) {
            Path f = Files.writeString(dir.resolve("nf.csv"), "x1,x2,y\n1,2,0\n3," + v + ",1\n");
            assertThatThrownBy(() -> CsvDataset.load(f, -1, true)).isInstanceOf(DataFileException.class)
                    .hasMessage(f + ": line 3, column 2 ('x2'): '" + v + "' is not a finite number"
                            + " — features must be finite; fix or remove the row");
        }
        Path big = Files.writeString(dir.resolve("big.csv"), "1,2,0\n3,4,1\n1e39,5,0\n");
        assertThatThrownBy(() -> CsvDataset.load(big, -1, false)).isInstanceOf(DataFileException.class)
                .hasMessage(big + ": line 3, column 1: '1e39' is beyond the float range (±3.4e38) and would become"
                        + " infinite — features must be finite; fix or remove the row");
        Path small = Files.writeString(dir.resolve("small.csv"), "-3.4e38,1e-50,0\n");
        assertThat(CsvDataset.load(small, -1, false).data()).containsExactly(-3.4e38f, 0f);
    }

    @Test
    void labelsMustBeIntegers() throws IOException {
        Path f = Files.writeString(dir.resolve("half.csv"), "a,b,class\n1,2,0\n3,4,1.5\n");
        assertThatThrownBy(() -> CsvDataset.load(f, -1, true)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(f + ": line 3, column 3 ('class'): label '1.5' is not an integer");
        Path g = Files.writeString(dir.resolve("huge.csv"), "1,0\n2,1\n3,12345678901234567890\n");
        assertThatThrownBy(() -> CsvDataset.load(g, -1, false, true)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(g + ": line 3, column 2: label '12345678901234567890' is out of range");
        Path e = Files.writeString(dir.resolve("exp.csv"), "1,0\n2,1e999999999\n");
        assertThatThrownBy(() -> CsvDataset.load(e, -1, false, true))
                .hasMessageStartingWith(e + ": line 2, column 2: label '1e999999999' is out of range");
        Path w = Files.writeString(dir.resolve("word.csv"), "1,0\n2,NaN\n3,x\n");
        assertThatThrownBy(() -> CsvDataset.load(w, -1, false))
                .hasMessageStartingWith(w + ": line 2, column 2: label 'NaN' is not an integer");
        Path n = Files.writeString(dir.resolve("neg.csv"), "x,y\n1,0\n2,1\n3,-1\n");
        assertThatThrownBy(() -> CsvDataset.load(n, -1, true)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(n + ": line 4, column 2 ('y'): label '-1' is negative")
                .hasMessageContaining("--map-labels");
    }

    @Test
    void aLabelSetThatIsNotZeroToCMinusOneIsRefusedUnlessMapped() throws IOException {
        Path f = Files.writeString(dir.resolve("123.csv"), "x,y\n1,1\n2,2\n3,3\n4,1\n");
        assertThatThrownBy(() -> CsvDataset.load(f, -1, true)).isInstanceOf(DataFileException.class)
                .hasMessage(f + ": label column 2 ('y'): found 3 distinct labels from 1 to 3, but labels must be the"
                        + " class indices 0..2, each used at least once — renumber them, or ask for mapping"
                        + " (--map-labels) to map the sorted labels to 0..2 and save the originals with the model");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            sb.append(i).append(',').append(i).append('\n');
        }
        Path stray = Files.writeString(dir.resolve("stray.csv"), sb + "5,999999\n");
        assertThatThrownBy(() -> CsvDataset.load(stray, -1, false)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("found 11 distinct labels from 0 to 999999").hasMessageContaining("0..10");

        Dataset mapped = CsvDataset.load(f, -1, true, true);
        assertThat(mapped.numClasses()).isEqualTo(3);
        assertThat(mapped.labels()).containsExactly(0, 1, 2, 0);
        assertThat(mapped.classNames()).containsExactly("1", "2", "3");
        Dataset wide = CsvDataset.load(stray, -1, false, true);
        assertThat(wide.numClasses()).isEqualTo(11);
        assertThat(wide.labels()[10]).isEqualTo(10);
        assertThat(wide.classNames().get(10)).isEqualTo("999999");
        Path dotted = Files.writeString(dir.resolve("dotted.csv"), "1,1.0\n2,3\n");
        assertThat(CsvDataset.load(dotted, -1, false, true).classNames()).containsExactly("1", "3");
        // Already 0..C−1: mapping changes nothing and records no names.
        Path dense = Files.writeString(dir.resolve("dense.csv"), "1,1\n2,0\n");
        assertThat(CsvDataset.load(dense, -1, false, true).classNames()).isEmpty();
    }

    @Test
    void aDirectoryIsNamedAndACsvFileAsked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertThatThrownBy(() -> CsvDataset.load(dir, -1, false)).isInstanceOf(DataFileException.class)
                .hasMessage(dir + ": is a directory; expected a CSV file");
    }

    @Test
    void aLimitReadsOnlyTheFirstRowsAndTheRestIsNeverParsed() throws IOException {
        Path f = Files.writeString(dir.resolve("ten.csv"), "1,0\n2,1\n3,0\nnot,even,a,row\n");
        Dataset d = CsvDataset.load(f, -1, false, false, 3);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.data()).containsExactly(1f, 2f, 3f);
        assertThatThrownBy(() -> CsvDataset.load(f, -1, false, false, 4)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("line 4 has 4 columns");
    }

    /** Rows × feature columns past one array's length: named with line and counts, never a negative index. */
    @Test
    void moreValuesThanOneArrayHoldsAreRefusedNamingTheLineAndTheCounts() throws IOException {
        Path f = Files.writeString(dir.resolve("wide.csv"), "1,2,3,4,0\n5,6,7,8,1\n9,10,11,12,0\n");
        assertThatThrownBy(() -> CsvDataset.load(f, -1, false, false, 0, 10)).isInstanceOf(DataFileException.class)
                .hasMessage(f + ": line 3: 3 rows of 4 feature columns make 12 values, more than one Java array holds (10)"
                        + " — read fewer rows (--limit 2) or use fewer columns");
        assertThat(CsvDataset.load(f, -1, false, false, 0, 12).size()).isEqualTo(3);
        assertThat(CsvDataset.load(f, -1, false, false, 2, 10).size()).isEqualTo(2);
    }

    @Test
    void rowsThatDoNotFitInTheHeapAreRefusedBeforeTheyAreAllocated() throws Exception {
        // 200 000 feature columns: 0.8 MB a row. The file holds 3 rows (its size allows 4); the heap has room for one.
        String row = "0,".repeat(200_000);
        Path f = Files.writeString(dir.resolve("wide.csv"), row + "0\n" + row + "1\n" + row + "0\n");
        SmallHeap.run(1 << 20, () -> assertThatThrownBy(() -> CsvDataset.load(f, -1, false, false))
                .isInstanceOf(MemoryBudget.Exceeded.class)
                .hasMessageStartingWith(f + ": line 1: 4 rows of 200000 features needs 3.1 MiB, but the JVM may use ")
                .hasMessageEndingWith("or read fewer rows (--limit N)"));
        assertThat(CsvDataset.load(f, -1, false, false).size()).isEqualTo(3);
    }
}
