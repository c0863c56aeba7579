package io.dendrite.tensor.kernel;

/**
 * Blocked, packed, threaded F32 GEMM (see {@link Gemm} for the contract). The MR×NR micro-kernel runs on the
 * Vector API ({@link GemmF32Vector}) or, when the module is not enabled, in plain Java ({@link GemmF32Scalar});
 * both compute each element as the same FMA chain, so they agree bit for bit. Everything else here is the same
 * for both.
 *
 * <p>Goto/BLIS layout. B is packed, for a whole column block (up to NC columns, all of K, at most
 * {@link #B_BUDGET} elements), into zero-padded panels NR wide (2 vectors), k-major inside a panel, one
 * KC-deep slice after another. Then C is split across threads by MR-row tiles (or by panels when C has
 * more panels than row tiles); each thread walks the K slices in order, packs each MC×KC block of its A
 * rows into MR-row micro-panels (its own reused buffer), and sweeps the block with an MR×NR register
 * tile (2·MR vector accumulators, one FMA chain per element). So threads meet twice per column block:
 * once after packing B, once at the end. MR is 6 on JDK 21+ and 4 on older JDKs, whose C2 spills a
 * 6-row tile's accumulators (measured in bench/limit); {@code -Ddendrite.gemm.mr=4|6} overrides it.
 * Transposed operands are handled while packing. Full tiles are stored straight into C when C is
 * overwritten; tiles that add to C, and edge tiles, go through a small buffer, because a kernel that
 * branches on "add" makes C2 box its accumulators (measured: 5x slower).
 *
 * <p>Summation order: every C element is {@code c = c + Σ_slice}, where each K slice is one FMA chain in
 * increasing k, and the slices come from K alone ({@link #kSlice}). MR, MC, NC, the thread count and the
 * chunking never change which products are summed in which order, so results are bit-identical for any
 * thread count (and for either micro-tile).
 */
final class GemmF32 {
    /** Panel width: the micro-kernel's. */
    static final int NR = Simd.AVAILABLE ? GemmF32Vector.NR : GemmF32Scalar.NR;
    static final int KC = 256;
    /** Multiple of both micro-tile heights (4 and 6). */
    static final int MC = 72;
    static final int NC = 4096;
    /** Most packed B elements per column block (all of K is packed at once, so threads meet twice per block). */
    static final long B_BUDGET = 1L << 22;
    static final int MR_DEFAULT = Integer.getInteger("dendrite.gemm.mr",
            Runtime.version().feature() >= 21 ? 6 : 4);
    /** Products with m·n·k at most this go to the simple loop (packing costs more than it saves). */
    static final long SMALL = 2048;
    /** A chunk with at most this many B panels reads full A tiles in place instead of packing them. */
    static final int DIRECT_PANELS = 2;
    /**
     * Minimum flops per chunk before a block is split across threads. In training, each product meets fresh
     * operands that sit in the calling core's cache, so a second core pays for moving them as well as for the
     * hand-off: the MLP's 100×784×50 products (7.8 Mflop) ran slower on 2 threads than on 1 with a 0.5 Mflop
     * minimum (W1: 0.31–0.38 against 0.26 s/epoch), and as fast as on 1 with this one (0.28).
     */
    private static final long MIN_CHUNK_FLOPS = 1L << 23;
    /** Minimum packed elements per chunk before packing B is split across threads (packing is memory-bound). */
    private static final long MIN_CHUNK_PACK = 1L << 18;

    private static final ThreadLocal<Context> CONTEXT = ThreadLocal.withInitial(Context::new);
    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private GemmF32() {
    }

    /** Depth of the K slices for a given k: the same for every slice (last may be shorter), at most KC. */
    static int kSlice(int k) {
        int slices = (k + KC - 1) / KC;
        return (k + slices - 1) / slices;
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0);
                }
            }
            return;
        }
        if ((long) m * n * k <= SMALL) {
            small(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else {
            blocked(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, MR_DEFAULT);
        }
    }

    /** Simple loop for tiny products: one dot product per element, accumulated in double. */
    static void small(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        int as = transA ? lda : 1;
        int bs = transB ? 1 : ldb;
        for (int i = 0; i < m; i++) {
            int ai = aOff + (transA ? i : i * lda);
            for (int j = 0; j < n; j++) {
                int bi = bOff + (transB ? j * ldb : j);
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[ai + p * as] * b[bi + p * bs];
                }
                int ci = cOff + i * ldc + j;
                c[ci] = accumulate ? (float) (c[ci] + s) : (float) s;
            }
        }
    }

    /** The blocked SIMD path with micro-tile height {@code mr} (4 or 6); requires m, n, k ≥ 1. */
    static void blocked(boolean transA, boolean transB, int m, int n, int k,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc, boolean accumulate, int mr) {
        if (mr != 4 && mr != 6) {
            throw new IllegalArgumentException("micro-tile height must be 4 or 6, got " + mr);
        }
        Context x = CONTEXT.get();
        x.transA = transA;
        x.transB = transB;
        x.m = m;
        x.n = n;
        x.k = k;
        x.a = a;
        x.aOff = aOff;
        x.lda = lda;
        x.b = b;
        x.bOff = bOff;
        x.ldb = ldb;
        x.c = c;
        x.cOff = cOff;
        x.ldc = ldc;
        x.mr = mr;
        try {
            x.run(accumulate);
        } finally {
            x.a = null;
            x.b = null;
            x.c = null;
        }
    }

    /** Per calling thread: the call's operands, the shared packed B, and the loop bodies (made once). */
    private static final class Context {
        boolean transA;
        boolean transB;
        int m;
        int n;
        int k;
        float[] a;
        int aOff;
        int lda;
        float[] b;
        int bOff;
        int ldb;
        float[] c;
        int cOff;
        int ldc;
        int mr;
        boolean accumulate;
        int slice;
        // current column block
        int jc;
        int nc;
        int panels;
        float[] bPack = new float[0];
        final Parallel.RangeBody packB = this::packB;
        final Parallel.RangeBody byRows = this::computeRows;
        final Parallel.RangeBody byPanels = this::computePanels;

        /**
         * Per column block: pack B for every K slice, then compute; two parallel loops per block, so
         * threads meet twice per call (a block holds at most {@link #B_BUDGET} packed elements).
         */
        void run(boolean accumulate) {
            this.accumulate = accumulate;
            slice = kSlice(k);
            int ncMax = (int) Math.max(NR, Math.min(NC, B_BUDGET / k / NR * NR));
            int firstPanels = (Math.min(ncMax, n) + NR - 1) / NR;
            int need = firstPanels * NR * k;
            if (bPack.length < need) {
                bPack = new float[need];
            }
            for (jc = 0; jc < n; jc += ncMax) {
                nc = Math.min(ncMax, n - jc);
                panels = (nc + NR - 1) / NR;
                long perPanel = (long) k * NR;
                Parallel.forRange(panels, (int) Math.min(Integer.MAX_VALUE,
                        (MIN_CHUNK_PACK + perPanel - 1) / perPanel), packB);
                int tiles = (m + mr - 1) / mr;
                if (tiles >= panels) {
                    long perTile = 2L * mr * nc * k;
                    Parallel.forRange(tiles, (int) Math.min(Integer.MAX_VALUE,
                            (MIN_CHUNK_FLOPS + perTile - 1) / perTile), byRows);
                } else {
                    long perPanelFlops = 2L * m * NR * k;
                    Parallel.forRange(panels, (int) Math.min(Integer.MAX_VALUE,
                            (MIN_CHUNK_FLOPS + perPanelFlops - 1) / perPanelFlops), byPanels);
                }
            }
        }

        /**
         * Packs B panels [from, to) of the current column block, slice by slice: slice pc starts at
         * pc·panels·NR, and its panel j holds kc rows of NR columns.
         */
        private void packB(int from, int to) {
            for (int pc = 0; pc < k; pc += slice) {
                packB(from, to, pc, Math.min(slice, k - pc));
            }
        }

        private void packB(int from, int to, int pc, int kc) {
            float[] bp = bPack;
            for (int j = from; j < to; j++) {
                int j0 = jc + j * NR;
                int cols = Math.min(NR, n - j0);
                int base = pc * panels * NR + j * kc * NR;
                if (!transB) {
                    int src = bOff + pc * ldb + j0;
                    for (int p = 0; p < kc; p++, src += ldb) {
                        int dst = base + p * NR;
                        System.arraycopy(b, src, bp, dst, cols);
                        for (int q = cols; q < NR; q++) {
                            bp[dst + q] = 0;
                        }
                    }
                } else {
                    for (int q = 0; q < cols; q++) {
                        int src = bOff + (j0 + q) * ldb + pc;
                        for (int p = 0, dst = base + q; p < kc; p++, dst += NR) {
                            bp[dst] = b[src + p];
                        }
                    }
                    for (int q = cols; q < NR; q++) {
                        for (int p = 0, dst = base + q; p < kc; p++, dst += NR) {
                            bp[dst] = 0;
                        }
                    }
                }
            }
        }

        private void computeRows(int fromTile, int toTile) {
            compute(fromTile * mr, Math.min(m, toTile * mr), 0, panels);
        }

        private void computePanels(int fromPanel, int toPanel) {
            compute(0, m, fromPanel, toPanel);
        }

        /** C rows [row0, row1) × panels [p0, p1) of the current block, slice by slice in order of k. */
        private void compute(int row0, int row1, int p0, int p1) {
            for (int pc = 0; pc < k; pc += slice) {
                compute(row0, row1, p0, p1, pc, Math.min(slice, k - pc), accumulate || pc > 0);
            }
        }

        private void compute(int row0, int row1, int p0, int p1, int pc, int kc, boolean add) {
            Workspace w = WORKSPACE.get();
            float[] ap = w.aPack;
            float[] bp = bPack;
            int r = mr;
            // With one or two panels each A element feeds only a few FMAs, so copying A would cost as much
            // as using it: full tiles then read A where it lies (the same FMA chain, so the same result).
            boolean direct = p1 - p0 <= DIRECT_PANELS;
            int rowStride = direct ? (transA ? 1 : lda) : 1;
            int kStep = direct ? (transA ? lda : 1) : r;
            for (int ic = row0; ic < row1; ic += MC) {
                int mc = Math.min(MC, row1 - ic);
                int tiles = (mc + r - 1) / r;
                int fullTiles = mc / r;
                if (!direct) {
                    packA(ap, ic, mc, pc, kc);
                } else if (fullTiles < tiles) {
                    packA(ap, ic + fullTiles * r, mc - fullTiles * r, pc, kc);
                }
                for (int j = p0; j < p1; j++) {
                    int j0 = jc + j * NR;
                    int cols = Math.min(NR, n - j0);
                    int bi = pc * panels * NR + j * kc * NR;
                    for (int t = 0; t < tiles; t++) {
                        int i0 = ic + t * r;
                        int rows = Math.min(r, ic + mc - i0);
                        float[] as = ap;
                        int ai;
                        int rs = rowStride;
                        int ks = kStep;
                        if (!direct) {
                            ai = t * r * kc;
                        } else if (t < fullTiles) {
                            as = a;
                            ai = aOff + (transA ? pc * lda + i0 : i0 * lda + pc);
                        } else {
                            ai = 0;
                            rs = 1;
                            ks = r;
                        }
                        if (rows == r && cols == NR && !add) {
                            kernel(r, kc, as, ai, rs, ks, bp, bi, c, cOff + i0 * ldc + j0, ldc);
                        } else {
                            // C2 boxes the accumulators if the kernel branches on add, so adding goes via a tile
                            float[] tile = w.tile;
                            kernel(r, kc, as, ai, rs, ks, bp, bi, tile, 0, NR);
                            merge(tile, rows, cols, c, cOff + i0 * ldc + j0, ldc, add);
                        }
                    }
                }
            }
        }

        /** Packs A rows [ic, ic+mc) × K slice into mr-row micro-panels (k-major), zero-padding the last. */
        private void packA(float[] ap, int ic, int mc, int pc, int kc) {
            int r = mr;
            for (int t = 0, i0 = ic; i0 < ic + mc; t++, i0 += r) {
                int rows = Math.min(r, ic + mc - i0);
                int base = t * r * kc;
                if (!transA) {
                    for (int ii = 0; ii < rows; ii++) {
                        int src = aOff + (i0 + ii) * lda + pc;
                        for (int p = 0, dst = base + ii; p < kc; p++, dst += r) {
                            ap[dst] = a[src + p];
                        }
                    }
                    for (int ii = rows; ii < r; ii++) {
                        for (int p = 0, dst = base + ii; p < kc; p++, dst += r) {
                            ap[dst] = 0;
                        }
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        int src = aOff + (pc + p) * lda + i0;
                        int dst = base + p * r;
                        for (int ii = 0; ii < rows; ii++) {
                            ap[dst + ii] = a[src + ii];
                        }
                        for (int ii = rows; ii < r; ii++) {
                            ap[dst + ii] = 0;
                        }
                    }
                }
            }
        }
    }

    /** Per executing thread (caller and pool threads): packed A block and an edge tile. */
    private static final class Workspace {
        final float[] aPack = new float[MC * KC];
        final float[] tile = new float[6 * NR];
    }

    /** The micro-kernel of this path (see {@link GemmF32Vector#kernel}): a tile stored into C. */
    private static void kernel(int mr, int kc, float[] a, int ai, int rs, int ks, float[] bp, int bi,
                               float[] c, int ci, int ldc) {
        if (Simd.AVAILABLE) {
            GemmF32Vector.kernel(mr, kc, a, ai, rs, ks, bp, bi, c, ci, ldc);
        } else {
            GemmF32Scalar.kernel(mr, kc, a, ai, rs, ks, bp, bi, c, ci, ldc);
        }
    }

    /** C rows [.., +rows) × columns [.., +cols) += (or =) the tile. */
    private static void merge(float[] tile, int rows, int cols, float[] c, int ci, int ldc, boolean add) {
        for (int ii = 0, ti = 0; ii < rows; ii++, ti += NR, ci += ldc) {
            if (add) {
                for (int q = 0; q < cols; q++) {
                    c[ci + q] += tile[ti + q];
                }
            } else {
                System.arraycopy(tile, ti, c, ci, cols);
            }
        }
    }
}
