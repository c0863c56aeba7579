package io.dendrite.tensor.kernel;

/**
 * A batch of independent matrix products over matrices at regular places in one array each:
 * {@code C_i = op(A_i) · op(B_i)} (or {@code +=}) for i in [0, count), every product with the sizes and
 * transposes of {@link Gemm}.
 *
 * <p>Where matrix i of an operand starts is given by its {@link Layout}: {@code offset + (i / group)·outerStride
 * + (i % group)·innerStride}, with rows {@code ld} apart. The two-level index is what multi-head attention needs:
 * head h of example n of a projected (N, S, E) array is the (S, E/H) matrix at {@code n·S·E + h·E/H} with rows E
 * apart — {@code Layout(0, H, S·E, E/H, E)} — so the per-head products read and write the projections in place,
 * with no (N, H, S, E/H) copies. A plain batch of contiguous matrices is {@link Layout#of(int, int, int)}.
 *
 * <p>Small products are spread over threads by batch item (each then runs its GEMM inline); a product large
 * enough to be threaded by {@link Gemm} itself runs one after the other. Either way every {@code C_i} is
 * computed by one call of {@link Gemm#gemm}, so results are bit-identical for any thread count. The C matrices
 * must not overlap one another, nor A or B.
 */
public final class BatchedGemm {
    /** Least work per thread chunk, in multiply-adds: below it the hand-off costs more than it saves. */
    static final long MIN_CHUNK_WORK = 1L << 19;
    /** Products at least this large are threaded inside {@link Gemm}; the batch then runs in order. */
    static final long LARGE_PRODUCT = 1L << 22;

    private BatchedGemm() {
    }

    /**
     * Where the matrices of one batched operand lie in its array.
     *
     * @param offset      where matrix 0 starts
     * @param group       how many consecutive matrices share an outer index (1 for a plain batch)
     * @param outerStride the distance between matrices i and i + group
     * @param innerStride the distance between matrices i and i + 1 of one group
     * @param ld          the row stride of every matrix as stored
     */
    public record Layout(int offset, int group, int outerStride, int innerStride, int ld) {
        public Layout {
            if (offset < 0 || group < 1 || outerStride < 0 || innerStride < 0 || ld < 0) {
                throw new IllegalArgumentException("BatchedGemm.Layout: offset " + offset + ", group " + group
                        + ", strides " + outerStride + "/" + innerStride + ", ld " + ld
                        + " — offset, strides and ld must be ≥ 0 and group ≥ 1");
            }
        }

        /** Matrices one after the other, {@code stride} elements apart, rows {@code ld} apart. */
        public static Layout of(int offset, int stride, int ld) {
            return new Layout(offset, 1, stride, 0, ld);
        }

        /** This layout moved by {@code delta} elements (a tensor's storage offset). */
        public Layout shift(int delta) {
            return new Layout(offset + delta, group, outerStride, innerStride, ld);
        }

        /** Where matrix {@code i} starts. */
        public int start(int i) {
            long at = offset + (long) (i / group) * outerStride + (long) (i % group) * innerStride;
            if (at > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("BatchedGemm: matrix " + i + " of " + this + " would start at " + at
                        + ", beyond any array");
            }
            return (int) at;
        }
    }

    public static void gemm(int count, boolean transA, boolean transB, int m, int n, int k,
                            float[] a, Layout la, float[] b, Layout lb, float[] c, Layout lc, boolean accumulate) {
        checkCount(count);
        run(count, m, n, k, (from, to) -> {
            for (int i = from; i < to; i++) {
                Gemm.gemm(transA, transB, m, n, k, a, la.start(i), la.ld(), b, lb.start(i), lb.ld(),
                        c, lc.start(i), lc.ld(), accumulate);
            }
        });
    }

    public static void gemm(int count, boolean transA, boolean transB, int m, int n, int k,
                            double[] a, Layout la, double[] b, Layout lb, double[] c, Layout lc, boolean accumulate) {
        checkCount(count);
        run(count, m, n, k, (from, to) -> {
            for (int i = from; i < to; i++) {
                Gemm.gemm(transA, transB, m, n, k, a, la.start(i), la.ld(), b, lb.start(i), lb.ld(),
                        c, lc.start(i), lc.ld(), accumulate);
            }
        });
    }

    private static void checkCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("BatchedGemm: negative batch count " + count);
        }
    }

    private static void run(int count, int m, int n, int k, Parallel.RangeBody body) {
        long work = Math.max(1L, (long) m * n * k);
        if (work >= LARGE_PRODUCT) {
            body.run(0, count);
        } else {
            Parallel.forRange(count, (int) Math.max(1, MIN_CHUNK_WORK / work), body);
        }
    }
}
