package io.dendrite.tensor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TensorTest {

    private static Tensor t(double[] v, int... shape) {
        return Tensor.of(v, shape);
    }

    @Test
    void factoriesFollowNumpy() {
        assertThat(Tensor.linspace(0, 1, 5).toDoubleArray()).containsExactly(0, 0.25, 0.5, 0.75, 1);
        assertThat(Tensor.linspace(2, 3, 1).toDoubleArray()).containsExactly(2);
        assertThat(Tensor.arange(0, 1, 0.25).toDoubleArray()).containsExactly(0, 0.25, 0.5, 0.75);
        assertThat(Tensor.full(DType.F32, 3, 2, 2).toFloatArray()).containsExactly(3, 3, 3, 3);
        assertThat(Tensor.ones(DType.F64, 3).sum()).isEqualTo(3);
        assertThat(Tensor.scalar(4).shape()).isEmpty();
        assertThat(Tensor.scalar(4).item()).isEqualTo(4);
    }

    @Test
    void randomFactoriesAreReproducible() {
        Tensor a = Tensor.randn(new Rng(7), DType.F64, 1000);
        Tensor b = Tensor.randn(new Rng(7), DType.F64, 1000);
        assertThat(a.toDoubleArray()).containsExactly(b.toDoubleArray());
        assertThat(a.mean()).isBetween(-0.15, 0.15);
        assertThat(a.var()).isBetween(0.85, 1.15);
        Tensor u = Tensor.rand(new Rng(1), DType.F32, 1000);
        assertThat(u.min()).isGreaterThanOrEqualTo(0);
        assertThat(u.max()).isLessThan(1);
    }

    @Test
    void ofRejectsWrongLength() {
        assertThatThrownBy(() -> Tensor.of(new double[5], 2, 3))
                .hasMessageContaining("5 values").hasMessageContaining("(2, 3)");
    }

    @Test
    void broadcastingEdgeCases() {
        Tensor m = Tensor.arange(6).reshape(2, 3);
        Tensor row = Tensor.vector(10, 20, 30);
        Tensor col = Tensor.vector(100, 200).reshape(2, 1);
        assertThat(m.add(row).toDoubleArray()).containsExactly(10, 21, 32, 13, 24, 35);
        assertThat(m.add(col).toDoubleArray()).containsExactly(100, 101, 102, 203, 204, 205);
        // (2,1) with (3,) -> (2,3)
        assertThat(col.add(row).shape()).containsExactly(2, 3);
        // scalar tensor broadcasts everywhere
        assertThat(m.mul(Tensor.scalar(2)).toDoubleArray()).containsExactly(0, 2, 4, 6, 8, 10);
        // zero-size dimension broadcasts with 1
        assertThat(Tensor.zeros(DType.F64, 0, 3).add(row).shape()).containsExactly(0, 3);
        // rank extension on the left
        assertThat(Tensor.zeros(DType.F64, 4, 2, 3).add(row).shape()).containsExactly(4, 2, 3);
    }

    @Test
    void broadcastErrorNamesOperationAndBothShapes() {
        Tensor a = Tensor.zeros(DType.F32, 2, 3);
        Tensor b = Tensor.zeros(DType.F32, 4);
        assertThatThrownBy(() -> a.add(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add").hasMessageContaining("(2, 3)").hasMessageContaining("(4,)");
        assertThatThrownBy(() -> a.addi(Tensor.zeros(DType.F32, 3, 2, 3)))
                .hasMessageContaining("addi").hasMessageContaining("(2, 3)");
    }

    @Test
    void mixedDtypesPromoteToF64() {
        Tensor a = Tensor.of(new float[]{1, 2}, 2);
        Tensor b = Tensor.vector(0.5, 0.25);
        assertThat(a.add(b).dtype()).isEqualTo(DType.F64);
        assertThat(a.add(1).dtype()).isEqualTo(DType.F32);
    }

    @Test
    void reshapeOfContiguousIsAViewTransposeIsAViewSliceOnAxisIsACopy() {
        Tensor a = Tensor.arange(6).reshape(2, 3);
        Tensor r = a.reshape(3, -1);
        r.set(99, 0, 0);
        assertThat(a.get(0, 0)).isEqualTo(99);
        Tensor tr = a.transpose();
        assertThat(tr.shape()).containsExactly(3, 2);
        assertThat(tr.isContiguous()).isFalse();
        assertThat(tr.get(2, 1)).isEqualTo(5);
        tr.set(-1, 2, 1);
        assertThat(a.get(1, 2)).isEqualTo(-1);
        Tensor rows = a.slice(1, 2);
        assertThat(rows.sharesStorageWith(a)).isTrue();
        Tensor cols = a.slice(1, 0, 2);
        assertThat(cols.sharesStorageWith(a)).isFalse();
        assertThat(cols.toDoubleArray()).containsExactly(99, 1, 3, 4);
        // reshape of a non-contiguous view copies
        Tensor flat = tr.reshape(-1);
        assertThat(flat.toDoubleArray()).containsExactly(99, 3, 1, 4, 2, -1);
        assertThat(flat.sharesStorageWith(a)).isFalse();
    }

    @Test
    void reshapeErrors() {
        Tensor a = Tensor.arange(6);
        assertThatThrownBy(() -> a.reshape(4, -1)).hasMessageContaining("(6,)").hasMessageContaining("(4, -1)");
        assertThatThrownBy(() -> a.reshape(-1, -1)).hasMessageContaining("only one");
        assertThatThrownBy(() -> a.reshape(5)).hasMessageContaining("(5,)");
    }

    @Test
    void permuteAndOperationsOnViews() {
        Tensor a = Tensor.arange(24).reshape(2, 3, 4);
        Tensor p = a.permute(2, 0, 1);
        assertThat(p.shape()).containsExactly(4, 2, 3);
        assertThat(p.get(3, 1, 2)).isEqualTo(a.get(1, 2, 3));
        Tensor q = p.add(1);
        assertThat(q.isContiguous()).isTrue();
        assertThat(q.get(3, 1, 2)).isEqualTo(a.get(1, 2, 3) + 1);
        assertThat(p.sum()).isEqualTo(276);
        assertThatThrownBy(() -> a.permute(0, 0, 1)).hasMessageContaining("repeated");
    }

    @Test
    void gatherConcatStack() {
        Tensor a = Tensor.arange(6).reshape(3, 2);
        assertThat(a.gatherRows(new int[]{2, 0, 2}).toDoubleArray()).containsExactly(4, 5, 0, 1, 4, 5);
        assertThatThrownBy(() -> a.gatherRows(new int[]{3})).hasMessageContaining("index 3");
        Tensor c = Tensor.concat(1, a, a.mul(10));
        assertThat(c.shape()).containsExactly(3, 4);
        assertThat(c.toDoubleArray()).containsExactly(0, 1, 0, 10, 2, 3, 20, 30, 4, 5, 40, 50);
        assertThat(Tensor.concat(0, a, a).shape()).containsExactly(6, 2);
        assertThat(Tensor.stack(a, a).shape()).containsExactly(2, 3, 2);
        assertThatThrownBy(() -> Tensor.concat(0, a, Tensor.zeros(DType.F64, 3, 3)))
                .hasMessageContaining("(3, 2)").hasMessageContaining("(3, 3)");
    }

    @Test
    void elementwiseMath() {
        Tensor x = Tensor.vector(-2, -0.5, 0, 1, 4);
        assertThat(x.abs().toDoubleArray()).containsExactly(2, 0.5, 0, 1, 4);
        assertThat(x.clamp(-1, 1).toDoubleArray()).containsExactly(-1, -0.5, 0, 1, 1);
        assertThat(x.maximum(0).toDoubleArray()).containsExactly(0, 0, 0, 1, 4);
        assertThat(x.gt(0).toDoubleArray()).containsExactly(0, 0, 0, 1, 1);
        assertThat(x.le(0).toDoubleArray()).containsExactly(1, 1, 1, 0, 0);
        assertThat(x.eq(Tensor.vector(-2, 0, 0, 0, 4)).toDoubleArray()).containsExactly(1, 0, 1, 0, 1);
        assertThat(x.square().toDoubleArray()).containsExactly(4, 0.25, 0, 1, 16);
        assertThat(x.rsub(1).toDoubleArray()).containsExactly(3, 1.5, 1, 0, -3);
        assertThat(Tensor.vector(4, 9).sqrt().toDoubleArray()).containsExactly(2, 3);
        assertThat(Tensor.vector(1000, -1000).sigmoid().toDoubleArray()).containsExactly(1, 0);
        assertThat(Tensor.where(x.gt(0), x, x.mul(0.1)).toDoubleArray())
                .containsExactly(-0.2, -0.05, 0, 1, 4);
        assertThat(Tensor.vector(2, 3).pow(Tensor.vector(3, 2)).toDoubleArray()).containsExactly(8, 9);
        assertThat(Tensor.vector(1, Double.NaN).maximum(0).getFlat(1)).isNaN();
    }

    @Test
    void inPlaceVariantsWriteThroughViews() {
        Tensor a = Tensor.zeros(DType.F32, 2, 3);
        a.addi(Tensor.vector(1, 2, 3));
        assertThat(a.toFloatArray()).containsExactly(1, 2, 3, 1, 2, 3);
        a.transpose().muli(Tensor.vector(1, 10).reshape(1, 2));
        assertThat(a.toFloatArray()).containsExactly(1, 2, 3, 10, 20, 30);
        a.slice(0, 1).fill(0);
        assertThat(a.toFloatArray()).containsExactly(0, 0, 0, 10, 20, 30);
        a.addScaledi(Tensor.ones(DType.F32, 2, 3), -2);
        assertThat(a.toFloatArray()).containsExactly(-2, -2, -2, 8, 18, 28);
        a.divi(2).subi(1);
        assertThat(a.toFloatArray()).containsExactly(-2, -2, -2, 3, 8, 13);
    }

    @Test
    void reductionsWithKeepDims() {
        Tensor a = Tensor.arange(24).reshape(2, 3, 4);
        Tensor s = a.sum(1, true);
        assertThat(s.shape()).containsExactly(2, 1, 4);
        assertThat(s.get(1, 0, 3)).isEqualTo(15 + 19 + 23);
        assertThat(a.sum(-1, false).shape()).containsExactly(2, 3);
        assertThat(a.sum(0, false).get(0, 0)).isEqualTo(12);
        assertThat(a.mean(2, false).get(1, 2)).isEqualTo(21.5);
        assertThat(a.max(0, false).get(2, 3)).isEqualTo(23);
        assertThat(a.min(1, true).get(1, 0, 0)).isEqualTo(12);
        assertThat(Tensor.vector(1, 2, 3, 4).var()).isEqualTo(1.25);
        assertThat(a.var(2, false).get(0, 0)).isEqualTo(1.25);
        assertThat(Tensor.zeros(DType.F64, 0, 3).sum(0, false).toDoubleArray()).containsExactly(0, 0, 0);
        assertThatThrownBy(() -> a.sum(3, false)).hasMessageContaining("axis 3").hasMessageContaining("(2, 3, 4)");
        assertThatThrownBy(() -> Tensor.zeros(DType.F64, 0, 3).max(0, false)).hasMessageContaining("zero-size");
    }

    @Test
    void argmaxTiesTakeTheFirst() {
        Tensor a = Tensor.of(new double[]{1, 3, 3, 0, 5, 5, 5, 2}, 2, 4);
        assertThat(a.argmax(1)).containsExactly(1, 0);
        assertThat(a.argmax(0)).containsExactly(1, 1, 1, 1);
        assertThat(a.argmax()).isEqualTo(4);
        assertThat(a.transpose().argmax(0)).containsExactly(1, 0);
    }

    @Test
    void matmulWithTransposedViewsMatchesCopies() {
        Rng rng = new Rng(3);
        for (DType dt : DType.values()) {
            Tensor a = Tensor.randn(rng, dt, 5, 7);
            Tensor b = Tensor.randn(rng, dt, 7, 4);
            Tensor ref = naive(a, b);
            TensorAssert.assertClose(a.matmul(b), ref, 1e-5, 1e-5);
            TensorAssert.assertClose(a.transpose().copy().matmulTN(b), ref, 1e-5, 1e-5);
            TensorAssert.assertClose(a.matmulNT(b.transpose().copy()), ref, 1e-5, 1e-5);
            TensorAssert.assertClose(a.transpose().copy().transpose().matmul(b.transpose().copy().transpose()), ref, 1e-5, 1e-5);
            TensorAssert.assertClose(a.slice(1, 4).matmul(b), naive(a.slice(1, 4), b), 1e-5, 1e-5);
        }
        Tensor known = Tensor.of(new double[]{1, 2, 3, 4}, 2, 2).matmul(Tensor.of(new double[]{5, 6, 7, 8}, 2, 2));
        assertThat(known.toDoubleArray()).containsExactly(19, 22, 43, 50);
    }

    @Test
    void matmulIntoAccumulatesAndChecksShapes() {
        Tensor a = Tensor.ones(DType.F32, 2, 3);
        Tensor b = Tensor.ones(DType.F32, 3, 2);
        Tensor out = Tensor.full(DType.F32, 1, 2, 2);
        Tensor.matmulInto(a, false, b, false, out, true);
        assertThat(out.toFloatArray()).containsExactly(4, 4, 4, 4);
        assertThatThrownBy(() -> a.matmul(a)).hasMessageContaining("(2, 3)").hasMessageContaining("inner dimensions 3 vs 2");
        assertThatThrownBy(() -> Tensor.matmulInto(a, false, b, false, Tensor.zeros(DType.F32, 3, 3), false))
                .hasMessageContaining("(2, 2)");
    }

    private static Tensor naive(Tensor a, Tensor b) {
        int m = a.shape(0), k = a.shape(1), n = b.shape(1);
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a.get(i, p) * b.get(p, j);
                }
                c[i * n + j] = s;
            }
        }
        return Tensor.of(c, m, n);
    }

    @Test
    void toStringLooksLikeNumpy() {
        assertThat(Tensor.arange(4).reshape(2, 2).toString()).isEqualTo("tensor([[0., 1.],\n        [2., 3.]], dtype=F64)");
        assertThat(Tensor.vector(0.5, -1.25).toString()).isEqualTo("tensor([ 0.5000, -1.2500], dtype=F64)");
        String big = Tensor.zeros(DType.F32, 100, 100).toString();
        assertThat(big).contains("...").hasSizeLessThan(2000);
    }

    @Test
    void assertCloseNamesWorstIndexValuesAndTolerance() {
        Tensor a = Tensor.vector(1, 2, 3.5);
        Tensor b = Tensor.vector(1, 2.0000001, 3);
        assertThat(a.allClose(b, 1e-5, 1e-5)).isFalse();
        assertThatThrownBy(() -> TensorAssert.assertClose(a, b, 1e-5, 1e-8))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Mismatched elements: 1 / 3")
                .hasMessageContaining("index (2,)")
                .hasMessageContaining("actual 3.5").hasMessageContaining("expected 3.0");
        TensorAssert.assertClose(b, b.copy(), 0, 0);
    }

    @Test
    void toConvertsAndCopies() {
        Tensor a = Tensor.vector(1.5, 2.5);
        Tensor f = a.to(DType.F32);
        assertThat(f.dtype()).isEqualTo(DType.F32);
        assertThat(f.toFloatArray()).containsExactly(1.5f, 2.5f);
        assertThat(a.to(DType.F64).sharesStorageWith(a)).isFalse();
        assertThatThrownBy(f::doubleData).hasMessageContaining("F32");
    }
}
