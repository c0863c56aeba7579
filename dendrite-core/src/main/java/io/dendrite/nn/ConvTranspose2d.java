package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.ConvGemm;
import io.dendrite.tensor.kernel.Parallel;

import java.util.Arrays;
import java.util.List;

/**
 * 2-D transposed convolution (PyTorch's {@code ConvTranspose2d}, the "deconvolution" of DCGAN's generator): the
 * adjoint of {@link Conv2d}'s map from input to output, so it upsamples by {@code stride}.
 *
 * <pre>
 *   x: (N, C, H, W)   W: (C, F, HH, WW)   b: (F,)   out: (N, F, H', W')
 *   H' = (H − 1)·stride − 2·pad + HH             W' = (W − 1)·stride − 2·pad + WW
 *   out[n, f, h·stride − pad + i, w·stride − pad + j] += W[c,f,i,j] · x[n,c,h,w]   (positions outside out dropped)
 *   out[n, f, ·, ·] += b[f]
 *   dx[n,c,h,w]  = Σ_{f,i,j} W[c,f,i,j] · doutp[n, f, h·stride − pad + i, w·stride − pad + j]   (doutp: dout zero-padded)
 *   dW[c,f,i,j] += Σ_{n,h,w} x[n,c,h,w] · doutp[n, f, h·stride − pad + i, w·stride − pad + j]
 *   db[f]       += Σ_{n,h,w} dout[n,f,h,w]
 * </pre>
 *
 * <p>How: the forward is exactly Conv2d's input-gradient path with this layer's weight viewed as (C, F·HH·WW):
 * per image {@code cols = Wᵀ·x[n]} (F·HH·WW, H·W), then {@code out[n] = b + col2im(cols)}. The backward is a
 * convolution of dout: {@code dcols = im2col(dout[n])}, {@code dx[n] = W·dcols}, {@code dW += x[n]·dcolsᵀ}. The
 * products run on {@link ConvGemm} in F32 and on the general GEMM in F64, as in Conv2d. Images are taken in fixed
 * chunks of {@value #CHUNK}, each with its own reused column buffer; dW and db are summed within a chunk and then
 * over the chunks in order, so the result does not depend on the number of threads.
 *
 * <p>Conventions: the weight layout is PyTorch's (in, out, kh, kw) — note in and out are swapped with respect to
 * Conv2d's (out, in, kh, kw), because this layer's forward is Conv2d's backward. There is no
 * {@code output_padding} (PyTorch's default 0). The input must have the parameters' dtype. Parameters are named
 * "W" and "b". Layers built from sizes draw W with a {@link WeightInit} (He by default: the layers of a DCGAN
 * generator are followed by ReLU) whose fan-in is the number of inputs one output pixel sees,
 * C·⌈HH/stride⌉·⌈WW/stride⌉, and start b at zero.
 */
public final class ConvTranspose2d implements Layer {
    /** Seed of the generator used by the constructor that takes none; pass an {@link Rng} to vary weights. */
    public static final long DEFAULT_SEED = 0;
    /** Images per chunk: each chunk has its own column buffer and partial dW and db. */
    static final int CHUNK = 16;

    private final int inChannels, outChannels, kernelH, kernelW, stride, pad;
    private final Parameter w, b;
    private ConvGeometry g;    // the adjoint convolution of the last forward: its image is this layer's output
    private Tensor input;      // the last input as (N, C, H·W), contiguous: dW needs it
    private Tensor w2d;        // (C, F·HH·WW) view of the weight the last forward used
    private Tensor[] colsParts = new Tensor[0], dwParts = new Tensor[0];   // per chunk: (K, P) columns, (C, K) dW
    private double[][] dbParts = new double[0][];                            // per chunk: partial db
    private boolean inputGradient = true;

    /** F32 layer with a square kernel, He-initialized from {@code new Rng(DEFAULT_SEED)}, zero bias. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int pad) {
        this(inChannels, outChannels, kernel, stride, pad, WeightInit.he(), new Rng(DEFAULT_SEED), DType.F32);
    }

    /** A square kernel, He-initialized from {@code rng} in {@code dtype}, zero bias. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int pad, Rng rng, DType dtype) {
        this(inChannels, outChannels, kernel, stride, pad, WeightInit.he(), rng, dtype);
    }

    /**
     * A square kernel drawn by {@code init} from {@code rng} in {@code dtype} (DCGAN draws N(0, 0.02):
     * {@code WeightInit.std(0.02)}), zero bias.
     */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int pad, WeightInit init, Rng rng,
                           DType dtype) {
        this(init.sample(rng, dtype, fanIn(inChannels, outChannels, kernel, stride),
                        inChannels, outChannels, kernel, kernel), Tensor.zeros(dtype, outChannels), stride, pad);
    }

    /** A layer holding {@code w} (C, F, HH, WW) and {@code b} (F,) themselves (not copied). */
    public ConvTranspose2d(Tensor w, Tensor b, int stride, int pad) {
        if (w.ndim() != 4 || b.ndim() != 1 || b.shape(0) != w.shape(1)) {
            throw new IllegalArgumentException("ConvTranspose2d: weight must be (in, out, kh, kw) and bias (out,), got W "
                    + Shapes.format(w.shape()) + " and b " + Shapes.format(b.shape())
                    + (w.ndim() == 4 ? " — b needs " + w.shape(1) + " entries, one per output channel (W's axis 1)" : ""));
        }
        if (w.dtype() != b.dtype()) {
            throw new IllegalArgumentException("ConvTranspose2d: W is " + w.dtype() + " but b is " + b.dtype()
                    + " — convert one with to(DType)");
        }
        this.inChannels = ConvGeometry.require("number of input channels", w.shape(0), 1);
        this.outChannels = ConvGeometry.require("number of output channels", w.shape(1), 1);
        this.kernelH = ConvGeometry.require("kernel height", w.shape(2), 1);
        this.kernelW = ConvGeometry.require("kernel width", w.shape(3), 1);
        this.stride = ConvGeometry.require("stride", stride, 1);
        this.pad = ConvGeometry.require("padding", pad, 0);
        this.w = new Parameter("W", w);
        this.b = new Parameter("b", b);
    }

    /** Inputs one output pixel sees: C input channels times the kernel taps that land on it, ⌈HH/stride⌉². */
    private static int fanIn(int C, int F, int kernel, int stride) {
        ConvGeometry.require("number of input channels", C, 1);
        ConvGeometry.require("number of output channels", F, 1);
        ConvGeometry.require("kernel size", kernel, 1);
        int taps = (kernel + ConvGeometry.require("stride", stride, 1) - 1) / stride;
        return C * taps * taps;
    }

    @Override
    public Tensor forward(Tensor x) {
        ConvGeometry geo = ConvGeometry.transposed(this, x.shape(), inChannels, outChannels, kernelH, kernelW, stride, pad);
        LayerChecks.requireDType(this, x, w.value().dtype());
        int N = geo.N, C = inChannels, F = outChannels, P = geo.P();   // P = H·W, the input's pixels
        Tensor x3 = x.contiguous().reshape(N, C, P), bias = b.value().contiguous();
        Tensor wk = w.value().contiguous().reshape(C, geo.K());
        Tensor out = Tensor.zeros(x.dtype(), N, F, geo.H, geo.W);
        Tensor out3 = out.reshape(N, F, geo.H * geo.W);
        int chunks = ensureChunkBuffers(geo, x.dtype());
        Parallel.forRange(chunks, 1, (from, to) -> {   // images are independent: each writes only its own output
            for (int c = from; c < to; c++) {
                Tensor cols = colsParts[c];
                for (int n = c * CHUNK; n < Math.min(N, (c + 1) * CHUNK); n++) {
                    columnsOf(wk, x3.slice(n, n + 1).reshape(C, P), cols);          // cols = Wᵀ·x[n]
                    ConvGeometry.fillRows(bias, out3.slice(n, n + 1).reshape(F, geo.H * geo.W));
                    geo.col2im(cols, n, out);                                      // out[n] = b + col2im(cols)
                }
            }
        });
        this.g = geo;
        this.input = x3;
        this.w2d = wk;
        return out;
    }

    @Override
    public Tensor backward(Tensor dout) {
        if (g == null) {
            throw LayerChecks.notForwarded(this);
        }
        int N = g.N, C = inChannels, F = outChannels, K = g.K(), P = g.P();
        DType dtype = w2d.dtype();
        Tensor dc = LayerChecks.dout(this, dout, new int[]{N, F, g.H, g.W}, dtype);
        Tensor dx = inputGradient ? Tensor.zeros(dtype, N, C, g.Ho, g.Wo) : null;
        Tensor dx3 = dx == null ? null : dx.reshape(N, C, P), d3 = dc.reshape(N, F, g.H * g.W);
        int chunks = ensureChunkBuffers(g, dtype);
        Parallel.forRange(chunks, 1, (from, to) -> {   // chunks are independent: each writes only its own parts
            for (int c = from; c < to; c++) {
                Tensor dcols = colsParts[c], dwc = dwParts[c].fill(0);
                Arrays.fill(dbParts[c], 0);
                for (int n = c * CHUNK; n < Math.min(N, (c + 1) * CHUNK); n++) {
                    Tensor xN = input.slice(n, n + 1).reshape(C, P);
                    g.im2col(dc, n, dcols);                                        // dcols = im2col(dout[n])
                    if (dx3 != null) {
                        inputGradientOf(dcols, dx3.slice(n, n + 1).reshape(C, P)); // dx[n] = W·dcols
                    }
                    addWeightGradient(xN, dcols, dwc);                             // dW += x[n]·dcolsᵀ
                    ConvGeometry.addRowSums(d3.slice(n, n + 1).reshape(F, g.H * g.W), dbParts[c]);   // db += Σ dout[n]
                }
            }
        });
        double[] db = new double[F];
        for (int c = 0; c < chunks; c++) {   // chunk order, whatever the thread count: bit-identical results
            w.grad().addi(dwParts[c].reshape(w.value().shape()));
            for (int f = 0; f < F; f++) {
                db[f] += dbParts[c][f];
            }
        }
        b.grad().addi(Tensor.of(db, F).to(dtype));
        return dx;
    }

    /** cols (K, P) = wkᵀ (K, C) · xN (C, P). */
    private static void columnsOf(Tensor wk, Tensor xN, Tensor cols) {
        int C = wk.shape(0), K = wk.shape(1), P = xN.shape(1);
        if (xN.dtype() == DType.F32) {
            ConvGemm.mulAdd(K, P, C, wk.floatData(), wk.offset(), 1, K, xN.floatData(), xN.offset(), P,
                    cols.floatData(), cols.offset(), P, null, 0);
        } else {
            Tensor.matmulInto(wk, true, xN, false, cols, false);
        }
    }

    /** dxN (C, P) = W (C, K) · dcols (K, P): a Conv2d forward of dout with this layer's weight. */
    private void inputGradientOf(Tensor dcols, Tensor dxN) {
        int C = w2d.shape(0), K = w2d.shape(1), P = dcols.shape(1);
        if (dcols.dtype() == DType.F32) {
            ConvGemm.mulAdd(C, P, K, w2d.floatData(), w2d.offset(), K, 1, dcols.floatData(), dcols.offset(), P,
                    dxN.floatData(), dxN.offset(), P, null, 0);
        } else {
            Tensor.matmulInto(w2d, false, dcols, false, dxN, false);
        }
    }

    /** dwc (C, K) += xN (C, P) · dcolsᵀ (P, K). */
    private static void addWeightGradient(Tensor xN, Tensor dcols, Tensor dwc) {
        int C = xN.shape(0), P = xN.shape(1), K = dcols.shape(0);
        if (xN.dtype() == DType.F32) {
            ConvGemm.addDotsNT(C, K, P, xN.floatData(), xN.offset(), P, dcols.floatData(), dcols.offset(), P,
                    dwc.floatData(), dwc.offset(), K);
        } else {
            Tensor.matmulInto(xN, false, dcols, true, dwc, true);
        }
    }

    /** Grows (or re-types) the per-chunk buffers for {@code geo}'s batch; returns the number of chunks. */
    private int ensureChunkBuffers(ConvGeometry geo, DType dtype) {
        int chunks = (geo.N + CHUNK - 1) / CHUNK, K = geo.K(), P = geo.P();
        if (colsParts.length < chunks || chunks > 0 && (colsParts[0].dtype() != dtype || colsParts[0].shape(0) != K
                || colsParts[0].shape(1) != P)) {
            colsParts = new Tensor[chunks];
            dwParts = new Tensor[chunks];
            dbParts = new double[chunks][outChannels];
            for (int c = 0; c < chunks; c++) {
                colsParts[c] = Tensor.zeros(dtype, K, P);
                dwParts[c] = Tensor.zeros(dtype, inChannels, K);
            }
        }
        return chunks;
    }

    /**
     * Whether backward computes dx (default: true). As for {@link Conv2d#inputGradient(boolean)}: a network's first
     * layer is told false, and backward then still accumulates dW and db but returns null.
     */
    @Override
    public ConvTranspose2d inputGradient(boolean on) {
        this.inputGradient = on;
        return this;
    }

    @Override
    public boolean inputGradient() {
        return inputGradient;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(w, b);
    }

    /** The weight, (in, out, kh, kw). */
    public Parameter weight() {
        return w;
    }

    public Parameter bias() {
        return b;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int kernelH() {
        return kernelH;
    }

    public int kernelW() {
        return kernelW;
    }

    public int stride() {
        return stride;
    }

    public int pad() {
        return pad;
    }

    @Override
    public String toString() {
        String k = kernelH == kernelW ? String.valueOf(kernelH) : kernelH + "×" + kernelW;
        return "ConvTranspose2d(" + inChannels + "→" + outChannels + ", k=" + k + ", s=" + stride + ", p=" + pad + ")";
    }
}
