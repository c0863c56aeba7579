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
 * 2-D convolution (cross-correlation, as in cs231n, the book and PyTorch) with zero padding and a stride.
 *
 * <pre>
 *   x: (N, C, H, W)   W: (F, C, HH, WW)   b: (F,)   out: (N, F, H', W')
 *   H' = 1 + ⌊(H + 2·pad − HH) / stride⌋       W' = 1 + ⌊(W + 2·pad − WW) / stride⌋
 *   out[n,f,h,w] = b[f] + Σ_{c,i,j} W[f,c,i,j] · xp[n, c, h·stride + i, w·stride + j]     (xp: x zero-padded)
 *   db[f]       += Σ_{n,h,w} dout[n,f,h,w]
 *   dW[f,c,i,j] += Σ_{n,h,w} dout[n,f,h,w] · xp[n, c, h·stride + i, w·stride + j]
 *   dxp[n, c, h·stride + i, w·stride + j] += dout[n,f,h,w] · W[f,c,i,j];   dx = dxp without its padding
 * </pre>
 *
 * <p>How: per image, {@code cols = im2col(x[n])} of shape (C·HH·WW, H'·W'), then {@code out[n] = W·cols + b}
 * is one GEMM written straight into the NCHW output (in F32 by {@link ConvGemm}, which skips the general GEMM's
 * packing: with few filters and a short column the packing cost more than the arithmetic); backward is {@code dW += dout[n]·colsᵀ} and
 * {@code dx[n] = col2im(Wᵀ·dout[n])}. The batch's column matrices are kept from forward in one buffer that is
 * reused (and grown when a larger batch comes). Each image's output and dx are computed on their own; dW and db
 * are summed within fixed chunks of {@value #CHUNK} images and then over the chunks in order, so splitting the
 * loops over threads cannot change a bit. {@link #referenceForward} and
 * {@link #referenceBackward} are the direct loops the tests hold this path to.
 *
 * <p>Conventions: the weight layout is PyTorch's (out, in, kh, kw). A stride that does not divide
 * {@code H + 2·pad − HH} drops the last rows/columns (PyTorch and the book floor; cs231n's naive layer asserts).
 * The input must have the parameters' dtype (no silent conversion). Parameters are named "W" and "b".
 * Layers built from sizes draw W with He initialization (std √(2 / (C·HH·WW))) unless given another
 * {@link WeightInit}, and start b at zero.
 */
public final class Conv2d implements Layer {
    /** Seed of the generator used by the constructors that take none; pass an {@link Rng} to vary weights. */
    public static final long DEFAULT_SEED = 0;
    /** Images per backward chunk: dW and db are summed within a chunk, then over chunks in order. */
    static final int CHUNK = 16;

    private final int inChannels, outChannels, kernelH, kernelW, stride, pad;
    private final Parameter w, b;
    private ConvGeometry g;   // sizes of the last forward
    private Tensor w2d;       // (F, C·HH·WW) view of the weight the last forward used
    private Tensor cols;      // 1-D: the last batch's column matrices, image after image, (K, P) each
    private Tensor[] dwParts = new Tensor[0], dcolsParts;   // per backward chunk: (F, K) partial dW, (K, P) scratch
    private double[][] dbParts;                               // per backward chunk: partial db
    private boolean inputGradient = true;

    /** F32 layer with a square kernel, He-initialized from {@code new Rng(DEFAULT_SEED)}, zero bias. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int pad) {
        this(inChannels, outChannels, kernel, kernel, stride, pad, new Rng(DEFAULT_SEED), DType.F32);
    }

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int pad, Rng rng, DType dtype) {
        this(inChannels, outChannels, kernel, kernel, stride, pad, rng, dtype);
    }

    /** A kernelH×kernelW kernel, He-initialized from {@code rng} in {@code dtype}, zero bias. */
    public Conv2d(int inChannels, int outChannels, int kernelH, int kernelW, int stride, int pad, Rng rng, DType dtype) {
        this(inChannels, outChannels, kernelH, kernelW, stride, pad, rng, dtype, WeightInit.he());
    }

    /** A kernelH×kernelW kernel drawn by {@code init} (fan-in C·HH·WW) from {@code rng} in {@code dtype}, zero bias. */
    public Conv2d(int inChannels, int outChannels, int kernelH, int kernelW, int stride, int pad, Rng rng, DType dtype,
            WeightInit init) {
        this(weights(init, rng, dtype, outChannels, inChannels, kernelH, kernelW), Tensor.zeros(dtype, outChannels), stride,
                pad);
    }

    /** A layer holding {@code w} (F, C, HH, WW) and {@code b} (F,) themselves (not copied). */
    public Conv2d(Tensor w, Tensor b, int stride, int pad) {
        if (w.ndim() != 4 || b.ndim() != 1 || b.shape(0) != w.shape(0)) {
            throw new IllegalArgumentException("Conv2d: weight must be (F, C, HH, WW) and bias (F,), got W "
                    + Shapes.format(w.shape()) + " and b " + Shapes.format(b.shape()));
        }
        if (w.dtype() != b.dtype()) {
            throw new IllegalArgumentException("Conv2d: W is " + w.dtype() + " but b is " + b.dtype()
                    + " — convert one with to(DType)");
        }
        this.outChannels = ConvGeometry.require("number of filters", w.shape(0), 1);
        this.inChannels = ConvGeometry.require("number of input channels", w.shape(1), 1);
        this.kernelH = ConvGeometry.require("kernel height", w.shape(2), 1);
        this.kernelW = ConvGeometry.require("kernel width", w.shape(3), 1);
        this.stride = ConvGeometry.require("stride", stride, 1);
        this.pad = ConvGeometry.require("padding", pad, 0);
        this.w = new Parameter("W", w);
        this.b = new Parameter("b", b);
    }

    /** The (F, C, HH, WW) weight drawn from {@code init}, once sizes and the memory budget agree to it. */
    private static Tensor weights(WeightInit init, Rng rng, DType dtype, int F, int C, int HH, int WW) {
        ConvGeometry.require("number of filters", F, 1);
        ConvGeometry.require("number of input channels", C, 1);
        ConvGeometry.require("kernel height", HH, 1);
        ConvGeometry.require("kernel width", WW, 1);
        LayerChecks.requireWeights("Conv2d(" + C + "→" + F + ", k=" + (HH == WW ? String.valueOf(HH) : HH + "×" + WW) + ")",
                (long) F * C * HH * WW, dtype);
        return init.sample(rng, dtype, C * HH * WW, F, C, HH, WW);
    }

    @Override
    public Tensor forward(Tensor x) {
        ConvGeometry geo = ConvGeometry.of(this, x.shape(), inChannels, kernelH, kernelW, stride, pad);
        LayerChecks.requireDType(this, x, w.value().dtype());
        int N = geo.N, F = outChannels, K = geo.K(), P = geo.P();
        Tensor xc = x.contiguous(), bias = b.value().contiguous();
        w2d = w.value().contiguous().reshape(F, K);
        ensureColumns(x.dtype(), N, (long) K * P);
        Tensor out = Tensor.zeros(x.dtype(), N, F, geo.Ho, geo.Wo);
        Tensor out3 = out.reshape(N, F, P), wk = w2d;
        boolean f32 = x.dtype() == DType.F32;
        // Images are independent: each thread takes a run of images, and each image's GEMM runs on that thread.
        Parallel.forRange(N, 1, (from, to) -> {
            for (int n = from; n < to; n++) {
                Tensor colsN = colsOf(n, K, P), outN = out3.slice(n, n + 1).reshape(F, P);
                geo.im2col(xc, n, colsN);
                if (f32) {   // out[n] = b + W·cols
                    ConvGemm.mulAdd(F, P, K, wk.floatData(), wk.offset(), K, 1, colsN.floatData(), colsN.offset(), P,
                            outN.floatData(), outN.offset(), P, bias.floatData(), bias.offset());
                } else {
                    ConvGeometry.fillRows(bias, outN);
                    Tensor.matmulInto(wk, false, colsN, false, outN, true);
                }
            }
        });
        g = geo;
        return out;
    }

    @Override
    public Tensor backward(Tensor dout) {
        if (g == null) {
            throw LayerChecks.notForwarded(this);
        }
        int N = g.N, F = outChannels;
        DType dtype = w2d.dtype();
        Tensor d3 = LayerChecks.dout(this, dout, new int[]{N, F, g.Ho, g.Wo}, dtype).reshape(N, F, g.P());
        Tensor dx = inputGradient ? Tensor.zeros(dtype, N, g.C, g.H, g.W) : null;
        int chunks = (N + CHUNK - 1) / CHUNK;
        ensureChunkBuffers(chunks, dtype);
        Parallel.forRange(chunks, 1, (from, to) -> {   // chunks are independent: each writes only its own parts
            for (int c = from; c < to; c++) {
                backwardChunk(c, d3, dx);
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

    /** dx for the chunk's images, and its partial dW = Σ dout[n]·cols[n]ᵀ and db = Σ_{h,w} dout[n]. */
    private void backwardChunk(int c, Tensor d3, Tensor dx) {
        int F = outChannels, K = g.K(), P = g.P();
        Tensor dwc = dwParts[c].fill(0), dcolsC = dcolsParts[c];
        Arrays.fill(dbParts[c], 0);
        for (int n = c * CHUNK; n < Math.min(g.N, (c + 1) * CHUNK); n++) {
            Tensor doutN = d3.slice(n, n + 1).reshape(F, P), colsN = colsOf(n, K, P);
            if (doutN.dtype() == DType.F32) {
                float[] dn = doutN.floatData(), wf = w2d.floatData();
                ConvGemm.addDotsNT(F, K, P, dn, doutN.offset(), P, colsN.floatData(), colsN.offset(), P,
                        dwc.floatData(), dwc.offset(), K);                                  // dW += dout[n]·colsᵀ
                if (dx != null) {
                    ConvGemm.mulAdd(K, P, F, wf, w2d.offset(), 1, K, dn, doutN.offset(), P,
                            dcolsC.floatData(), dcolsC.offset(), P, null, 0);               // dcols = Wᵀ·dout[n]
                }
            } else {
                Tensor.matmulInto(doutN, false, colsN, true, dwc, true);
                if (dx != null) {
                    Tensor.matmulInto(w2d, true, doutN, false, dcolsC, false);
                }
            }
            ConvGeometry.addRowSums(doutN, dbParts[c]);   // db += Σ_{h,w} dout[n]
            if (dx != null) {
                g.col2im(dcolsC, n, dx);                   // dx[n] = col2im(dcols)
            }
        }
    }

    private void ensureChunkBuffers(int chunks, DType dtype) {
        int F = outChannels, K = g.K(), P = g.P();
        if (dwParts.length < chunks || chunks > 0 && (dwParts[0].dtype() != dtype || dwParts[0].shape(0) != F
                || dwParts[0].shape(1) != K || dcolsParts[0].shape(1) != P)) {
            dwParts = new Tensor[chunks];
            dcolsParts = new Tensor[chunks];
            dbParts = new double[chunks][F];
            for (int c = 0; c < chunks; c++) {
                dwParts[c] = Tensor.zeros(dtype, F, K);
                dcolsParts[c] = Tensor.zeros(dtype, K, P);
            }
        }
    }

    private Tensor colsOf(int n, int K, int P) {
        return cols.slice(n * K * P, (n + 1) * K * P).reshape(K, P);
    }

    /**
     * Makes {@code cols} a 1-D buffer for the column matrices of {@code n} images of {@code perImage} elements each:
     * kept when it is big enough, else let go and replaced once the memory budget agrees.
     */
    private void ensureColumns(DType dtype, int n, long perImage) {
        long size = n * perImage;
        if (cols != null && cols.dtype() == dtype && cols.size() >= size) {
            return;
        }
        cols = null;   // the smaller buffer is garbage before the larger one is asked for
        LayerChecks.requireBatchBuffer(this, "the im2col columns (" + perImage + " values per image)", n, size, dtype);
        cols = Tensor.zeros(dtype, (int) size);
    }
    /** The direct loops of cs231n's {@code conv_forward_naive}: x (N, C, H, W), w (F, C, HH, WW), b (F,). */
    public static Tensor referenceForward(Tensor x, Tensor w, Tensor b, int stride, int pad) {
        Conv2d layer = new Conv2d(w, b, stride, pad);
        ConvGeometry geo = ConvGeometry.of(layer, x.shape(), layer.inChannels, layer.kernelH, layer.kernelW, stride, pad);
        return ConvReference.forward(x, w, b, geo, layer.outChannels);
    }

    /** The direct loops of cs231n's {@code conv_backward_naive}: returns {dx, dw, db} in x's dtype. */
    public static Tensor[] referenceBackward(Tensor dout, Tensor x, Tensor w, int stride, int pad) {
        Conv2d layer = new Conv2d(w, Tensor.zeros(w.dtype(), w.shape(0)), stride, pad);
        ConvGeometry geo = ConvGeometry.of(layer, x.shape(), layer.inChannels, layer.kernelH, layer.kernelW, stride, pad);
        LayerChecks.dout(layer, dout, new int[]{geo.N, layer.outChannels, geo.Ho, geo.Wo}, dout.dtype());
        return ConvReference.backward(dout, x, w, geo, layer.outChannels);
    }

    /**
     * Whether backward computes dx (default: true). A network's first layer may switch it off: nobody reads the
     * gradient of the input images, and it is a third of this layer's backward work (PyTorch skips it for inputs
     * that do not require grad, the numpy peer's first convolution passes {@code need_dx=False}). When off,
     * backward still accumulates dW and db but returns null.
     */
    @Override
    public Conv2d inputGradient(boolean on) {
        this.inputGradient = on;
        return this;
    }

    /** See {@link #inputGradient(boolean)}. */
    public boolean inputGradient() {
        return inputGradient;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(w, b);
    }

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
        return "Conv2d(" + inChannels + "→" + outChannels + ", k=" + k + ", s=" + stride + ", p=" + pad + ")";
    }
}
