package io.dendrite.nn;

import io.dendrite.tensor.Tensor;

/**
 * The direct convolution, loop for loop as in cs231n's {@code conv_forward_naive} / {@code conv_backward_naive}:
 * the yardstick the fast im2col path is tested against. Computes in double, returns tensors in x's dtype.
 */
final class ConvReference {
    private ConvReference() {
    }

    static Tensor forward(Tensor x, Tensor w, Tensor b, ConvGeometry g, int F) {
        double[] xd = x.toDoubleArray(), wd = w.toDoubleArray(), bd = b.toDoubleArray();
        int C = g.C, H = g.H, W = g.W, HH = g.HH, WW = g.WW;
        double[] out = new double[g.N * F * g.Ho * g.Wo];
        int o = 0;
        for (int n = 0; n < g.N; n++) {
            for (int f = 0; f < F; f++) {
                for (int oh = 0; oh < g.Ho; oh++) {
                    for (int ow = 0; ow < g.Wo; ow++, o++) {
                        // out[n,f,oh,ow] = b[f] + Σ_{c,i,j} x[n,c,oh·s−p+i,ow·s−p+j] · w[f,c,i,j]
                        double s = bd[f];
                        for (int c = 0; c < C; c++) {
                            for (int i = 0; i < HH; i++) {
                                int ih = oh * g.stride - g.pad + i;
                                if (ih < 0 || ih >= H) {
                                    continue;
                                }
                                for (int j = 0; j < WW; j++) {
                                    int iw = ow * g.stride - g.pad + j;
                                    if (iw >= 0 && iw < W) {
                                        s += xd[((n * C + c) * H + ih) * W + iw] * wd[((f * C + c) * HH + i) * WW + j];
                                    }
                                }
                            }
                        }
                        out[o] = s;
                    }
                }
            }
        }
        return Tensor.of(out, g.N, F, g.Ho, g.Wo).to(x.dtype());
    }

    /** Returns {dx, dw, db} for upstream gradient dout (N, F, H', W'). */
    static Tensor[] backward(Tensor dout, Tensor x, Tensor w, ConvGeometry g, int F) {
        double[] gd = dout.toDoubleArray(), xd = x.toDoubleArray(), wd = w.toDoubleArray();
        int C = g.C, H = g.H, W = g.W, HH = g.HH, WW = g.WW;
        double[] dx = new double[xd.length], dw = new double[wd.length], db = new double[F];
        int o = 0;
        for (int n = 0; n < g.N; n++) {
            for (int f = 0; f < F; f++) {
                for (int oh = 0; oh < g.Ho; oh++) {
                    for (int ow = 0; ow < g.Wo; ow++, o++) {
                        // d out / d b[f] = 1; d out / d w[f,c,i,j] = x[…]; d out / d x[…] = w[f,c,i,j]
                        double up = gd[o];
                        db[f] += up;
                        for (int c = 0; c < C; c++) {
                            for (int i = 0; i < HH; i++) {
                                int ih = oh * g.stride - g.pad + i;
                                if (ih < 0 || ih >= H) {
                                    continue;
                                }
                                for (int j = 0; j < WW; j++) {
                                    int iw = ow * g.stride - g.pad + j;
                                    if (iw >= 0 && iw < W) {
                                        int xi = ((n * C + c) * H + ih) * W + iw;
                                        int wi = ((f * C + c) * HH + i) * WW + j;
                                        dw[wi] += up * xd[xi];
                                        dx[xi] += up * wd[wi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Tensor[]{
                Tensor.of(dx, x.shape()).to(x.dtype()),
                Tensor.of(dw, w.shape()).to(x.dtype()),
                Tensor.of(db, F).to(x.dtype())};
    }
}
