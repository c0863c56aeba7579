package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.kernel.Parallel;
import io.dendrite.tensor.kernel.VecMath;
import io.dendrite.tensor.kernel.VecOps;

/**
 * The fused elementwise loops of one time step of {@link Rnn}, {@link Lstm} and {@link Gru}: everything a step does
 * besides its one matrix product {@code h_prev·Wh}, in one pass over the batch instead of a temporary tensor per
 * operation. Each method names the formula it computes; the layers call them in the order of the math.
 *
 * <p>Every tensor is a contiguous (N, ·) block of one dtype — one step of the batch, with the gate blocks of a
 * row side by side ({@code [i | f | o | g]} for the LSTM, {@code [r | z | n]} for the GRU, each H wide). Rows are
 * split over threads; each output element is written by exactly one row, so results are the same for any thread
 * count. F32 values are widened, computed in double and rounded once when stored — except in the forward steps, whose
 * σ and tanh dominated their time: there the F32 step computes in float with {@link VecMath}
 * (vectorized, within 4·10⁻⁷ of the exact values, the same bits on every path). The float and double loops are
 * twins kept side by side; the layer contract test's F32-against-F64 check fails when one drifts from the other.
 */
final class RecurrentKernels {
    /** Elements per thread chunk below which splitting costs more than it saves. */
    private static final int GRAIN_ELEMENTS = 1 << 14;

    private RecurrentKernels() {
    }

    /** σ(v) = 1 / (1 + e^−v), written so that neither branch overflows for large |v|. */
    static double sigmoid(double v) {
        if (v >= 0) {
            return 1 / (1 + Math.exp(-v));
        }
        double e = Math.exp(v);
        return e / (1 + e);
    }

    private static void forRows(int rows, int width, Parallel.RangeBody body) {
        Parallel.forRange(rows, Math.max(1, GRAIN_ELEMENTS / Math.max(1, width)), body);
    }

    /** RNN step: {@code h = tanh(xw + hw)}, all (N, H) (xw = x·Wx + b, hw = h_prev·Wh). */
    static void rnnForward(Tensor xw, Tensor hw, Tensor h) {
        int width = h.shape(1);
        int xo = xw.offset(), po = hw.offset(), ho = h.offset();
        if (h.dtype() == DType.F32) {
            float[] x = xw.floatData(), p = hw.floatData(), out = h.floatData();
            forRows(h.shape(0), width, (from, to) -> {
                int k = from * width, len = (to - from) * width;
                VecOps.add(x, xo + k, p, po + k, out, ho + k, len);
                VecMath.tanh(out, ho + k, out, ho + k, len);
            });
        } else {
            double[] x = xw.doubleData(), p = hw.doubleData(), out = h.doubleData();
            forRows(h.shape(0), width, (from, to) -> {
                for (int k = from * width; k < to * width; k++) {
                    out[ho + k] = Math.tanh(x[xo + k] + p[po + k]);
                }
            });
        }
    }

    /**
     * RNN step backward: {@code da = (dout + dh)·(1 − h²)}, all (N, H): the gradient at the tanh's input, from the
     * loss's gradient at this step's output plus the one that came back from the next step.
     */
    static void rnnBackward(Tensor dout, Tensor dh, Tensor h, Tensor da) {
        int width = h.shape(1);
        int go = dout.offset(), dho = dh.offset(), ho = h.offset(), ao = da.offset();
        if (h.dtype() == DType.F32) {
            float[] g = dout.floatData(), d = dh.floatData(), y = h.floatData(), out = da.floatData();
            forRows(h.shape(0), width, (from, to) -> {
                for (int k = from * width; k < to * width; k++) {
                    double hv = y[ho + k];
                    out[ao + k] = (float) (((double) g[go + k] + d[dho + k]) * (1 - hv * hv));
                }
            });
        } else {
            double[] g = dout.doubleData(), d = dh.doubleData(), y = h.doubleData(), out = da.doubleData();
            forRows(h.shape(0), width, (from, to) -> {
                for (int k = from * width; k < to * width; k++) {
                    double hv = y[ho + k];
                    out[ao + k] = (g[go + k] + d[dho + k]) * (1 - hv * hv);
                }
            });
        }
    }

    /**
     * LSTM step (cs231n's gate order i, f, o, g): with a = xw + hw (N, 4H),
     * <pre>
     *   i = σ(a_i)  f = σ(a_f)  o = σ(a_o)  g = tanh(a_g)      → gates (N, 4H)
     *   c = f⊙c_prev + i⊙g                                     → c (N, H)
     *   h = o⊙tanh(c)                                          → tanhC, h (N, H)
     * </pre>
     */
    static void lstmForward(Tensor xw, Tensor hw, Tensor cPrev, Tensor gates, Tensor c, Tensor tanhC, Tensor h) {
        int hs = h.shape(1), gw = 4 * hs;
        int xo = xw.offset(), po = hw.offset(), cpo = cPrev.offset(), go = gates.offset(), co = c.offset(),
                to0 = tanhC.offset(), ho = h.offset();
        if (h.dtype() == DType.F32) {
            float[] x = xw.floatData(), p = hw.floatData(), cp = cPrev.floatData(), gt = gates.floatData(),
                    cc = c.floatData(), tc = tanhC.floatData(), out = h.floatData();
            forRows(h.shape(0), gw, (from, to) -> {
                for (int n = from; n < to; n++) {
                    int a = go + n * gw, s = n * hs;
                    VecOps.add(x, xo + n * gw, p, po + n * gw, gt, a, gw);    // a = xw + hw, in the gates' row
                    VecMath.sigmoid(gt, a, gt, a, 3 * hs);                  // i, f, o = σ(a_i), σ(a_f), σ(a_o)
                    VecMath.tanh(gt, a + 3 * hs, gt, a + 3 * hs, hs);       // g = tanh(a_g)
                    for (int j = 0; j < hs; j++) {                          // c = f⊙c_prev + i⊙g
                        cc[co + s + j] = gt[a + hs + j] * cp[cpo + s + j] + gt[a + j] * gt[a + 3 * hs + j];
                    }
                    VecMath.tanh(cc, co + s, tc, to0 + s, hs);              // tanh(c)
                    VecOps.mul(gt, a + 2 * hs, tc, to0 + s, out, ho + s, hs);   // h = o⊙tanh(c)
                }
            });
        } else {
            double[] x = xw.doubleData(), p = hw.doubleData(), cp = cPrev.doubleData(), gt = gates.doubleData(),
                    cc = c.doubleData(), tc = tanhC.doubleData(), out = h.doubleData();
            forRows(h.shape(0), gw, (from, to) -> {
                for (int n = from; n < to; n++) {
                    for (int j = 0; j < hs; j++) {
                        int a = n * gw + j, s = n * hs + j;
                        double i = sigmoid(x[xo + a] + p[po + a]);
                        double f = sigmoid(x[xo + a + hs] + p[po + a + hs]);
                        double o = sigmoid(x[xo + a + 2 * hs] + p[po + a + 2 * hs]);
                        double g = Math.tanh(x[xo + a + 3 * hs] + p[po + a + 3 * hs]);
                        double cn = f * cp[cpo + s] + i * g;
                        double t = Math.tanh(cn);
                        gt[go + a] = i;
                        gt[go + a + hs] = f;
                        gt[go + a + 2 * hs] = o;
                        gt[go + a + 3 * hs] = g;
                        cc[co + s] = cn;
                        tc[to0 + s] = t;
                        out[ho + s] = o * t;
                    }
                }
            });
        }
    }

    /**
     * LSTM step backward. With dh = dout + dh_next (this step's output gradient plus the one from step t+1) and
     * dc = dc_next + dh⊙o⊙(1 − tanh²c):
     * <pre>
     *   da_i = dc⊙g⊙i(1−i)   da_f = dc⊙c_prev⊙f(1−f)   da_o = dh⊙tanh(c)⊙o(1−o)   da_g = dc⊙i⊙(1−g²)
     *   dc_prev = dc⊙f       (written back into {@code dc})
     * </pre>
     * {@code dh} is read only; {@code dc} holds dc_next on entry and dc_prev on return.
     */
    static void lstmBackward(Tensor dout, Tensor dh, Tensor dc, Tensor gates, Tensor cPrev, Tensor tanhC, Tensor da) {
        int hs = dh.shape(1), gw = 4 * hs;
        int oo = dout.offset(), dho = dh.offset(), dco = dc.offset(), go = gates.offset(), cpo = cPrev.offset(),
                to0 = tanhC.offset(), ao = da.offset();
        if (dh.dtype() == DType.F32) {
            float[] g0 = dout.floatData(), dhv = dh.floatData(), dcv = dc.floatData(), gt = gates.floatData(),
                    cp = cPrev.floatData(), tc = tanhC.floatData(), out = da.floatData();
            forRows(dh.shape(0), gw, (from, to) -> {
                for (int n = from; n < to; n++) {
                    for (int j = 0; j < hs; j++) {
                        int a = n * gw + j, s = n * hs + j;
                        double i = gt[go + a], f = gt[go + a + hs], o = gt[go + a + 2 * hs], g = gt[go + a + 3 * hs];
                        double t = tc[to0 + s];
                        double dhT = (double) g0[oo + s] + dhv[dho + s];
                        double dcT = dcv[dco + s] + dhT * o * (1 - t * t);
                        out[ao + a] = (float) (dcT * g * i * (1 - i));
                        out[ao + a + hs] = (float) (dcT * cp[cpo + s] * f * (1 - f));
                        out[ao + a + 2 * hs] = (float) (dhT * t * o * (1 - o));
                        out[ao + a + 3 * hs] = (float) (dcT * i * (1 - g * g));
                        dcv[dco + s] = (float) (dcT * f);
                    }
                }
            });
        } else {
            double[] g0 = dout.doubleData(), dhv = dh.doubleData(), dcv = dc.doubleData(), gt = gates.doubleData(),
                    cp = cPrev.doubleData(), tc = tanhC.doubleData(), out = da.doubleData();
            forRows(dh.shape(0), gw, (from, to) -> {
                for (int n = from; n < to; n++) {
                    for (int j = 0; j < hs; j++) {
                        int a = n * gw + j, s = n * hs + j;
                        double i = gt[go + a], f = gt[go + a + hs], o = gt[go + a + 2 * hs], g = gt[go + a + 3 * hs];
                        double t = tc[to0 + s];
                        double dhT = g0[oo + s] + dhv[dho + s];
                        double dcT = dcv[dco + s] + dhT * o * (1 - t * t);
                        out[ao + a] = dcT * g * i * (1 - i);
                        out[ao + a + hs] = dcT * cp[cpo + s] * f * (1 - f);
                        out[ao + a + 2 * hs] = dhT * t * o * (1 - o);
                        out[ao + a + 3 * hs] = dcT * i * (1 - g * g);
                        dcv[dco + s] = dcT * f;
                    }
                }
            });
        }
    }

    /**
     * GRU step (PyTorch's formulation, gate order r, z, n), with xw = x·Wx + b and hw = h_prev·Wh (N, 3H), bh (3H):
     * <pre>
     *   r = σ(xw_r + hw_r + bh_r)    z = σ(xw_z + hw_z + bh_z)
     *   hn = hw_n + bh_n             n = tanh(xw_n + r⊙hn)        → gates [r | z | n] (N, 3H), hn (N, H)
     *   h = (1 − z)⊙n + z⊙h_prev                                  → h (N, H)
     * </pre>
     */
    static void gruForward(Tensor xw, Tensor hw, Tensor bh, Tensor hPrev, Tensor gates, Tensor hn, Tensor h) {
        int hs = h.shape(1), gw = 3 * hs;
        int xo = xw.offset(), po = hw.offset(), bo = bh.offset(), hpo = hPrev.offset(), go = gates.offset(),
                no = hn.offset(), ho = h.offset();
        if (h.dtype() == DType.F32) {
            float[] x = xw.floatData(), p = hw.floatData(), bb = bh.floatData(), hp = hPrev.floatData(),
                    gt = gates.floatData(), hnv = hn.floatData(), out = h.floatData();
            forRows(h.shape(0), gw, (from, to) -> {
                for (int n = from; n < to; n++) {
                    int a = go + n * gw, xa = xo + n * gw, pa = po + n * gw, s = n * hs;
                    for (int j = 0; j < 2 * hs; j++) {                      // a_r, a_z = xw + hw + bh
                        gt[a + j] = x[xa + j] + p[pa + j] + bb[bo + j];
                    }
                    VecMath.sigmoid(gt, a, gt, a, 2 * hs);                  // r, z = σ(a_r), σ(a_z)
                    for (int j = 0; j < hs; j++) {                          // hh = (h_prev·Wh)_n + bh_n
                        float hh = p[pa + 2 * hs + j] + bb[bo + 2 * hs + j];
                        hnv[no + s + j] = hh;
                        gt[a + 2 * hs + j] = x[xa + 2 * hs + j] + gt[a + j] * hh;
                    }
                    VecMath.tanh(gt, a + 2 * hs, gt, a + 2 * hs, hs);       // n = tanh(xw_n + r⊙hh)
                    for (int j = 0; j < hs; j++) {                          // h = (1 − z)⊙n + z⊙h_prev
                        float z = gt[a + hs + j];
                        out[ho + s + j] = (1 - z) * gt[a + 2 * hs + j] + z * hp[hpo + s + j];
                    }
                }
            });
        } else {
            double[] x = xw.doubleData(), p = hw.doubleData(), bb = bh.doubleData(), hp = hPrev.doubleData(),
                    gt = gates.doubleData(), hnv = hn.doubleData(), out = h.doubleData();
            forRows(h.shape(0), gw, (from, to) -> {
                for (int n = from; n < to; n++) {
                    for (int j = 0; j < hs; j++) {
                        int a = n * gw + j, s = n * hs + j;
                        double r = sigmoid(x[xo + a] + p[po + a] + bb[bo + j]);
                        double z = sigmoid(x[xo + a + hs] + p[po + a + hs] + bb[bo + j + hs]);
                        double hh = p[po + a + 2 * hs] + bb[bo + j + 2 * hs];
                        double nn = Math.tanh(x[xo + a + 2 * hs] + r * hh);
                        gt[go + a] = r;
                        gt[go + a + hs] = z;
                        gt[go + a + 2 * hs] = nn;
                        hnv[no + s] = hh;
                        out[ho + s] = (1 - z) * nn + z * hp[hpo + s];
                    }
                }
            });
        }
    }

    /**
     * GRU step backward. With dh = dout + dh_next:
     * <pre>
     *   dn_pre = dh⊙(1−z)⊙(1−n²)     dr_pre = dn_pre⊙hn⊙r(1−r)     dz_pre = dh⊙(h_prev − n)⊙z(1−z)
     *   dxw = [dr_pre | dz_pre | dn_pre]           (the input side: dWx, db, dx)
     *   dhw = [dr_pre | dz_pre | dn_pre⊙r]         (the hidden side: dWh, dbh, and dh_prev through Whᵀ)
     *   dh_prev = dh⊙z + dhw·Whᵀ                   ({@code dh} is overwritten with dh⊙z; the caller adds the product)
     * </pre>
     */
    static void gruBackward(Tensor dout, Tensor dh, Tensor gates, Tensor hn, Tensor hPrev, Tensor dxw, Tensor dhw) {
        int hs = dh.shape(1), gw = 3 * hs;
        int oo = dout.offset(), dho = dh.offset(), go = gates.offset(), no = hn.offset(), hpo = hPrev.offset(),
                xo = dxw.offset(), wo = dhw.offset();
        if (dh.dtype() == DType.F32) {
            float[] g0 = dout.floatData(), dhv = dh.floatData(), gt = gates.floatData(), hnv = hn.floatData(),
                    hp = hPrev.floatData(), dx = dxw.floatData(), dw = dhw.floatData();
            forRows(dh.shape(0), gw, (from, to) -> {
                for (int n = from; n < to; n++) {
                    for (int j = 0; j < hs; j++) {
                        int a = n * gw + j, s = n * hs + j;
                        double r = gt[go + a], z = gt[go + a + hs], nn = gt[go + a + 2 * hs];
                        double dhT = (double) g0[oo + s] + dhv[dho + s];
                        double dn = dhT * (1 - z) * (1 - nn * nn);
                        double dr = dn * hnv[no + s] * r * (1 - r);
                        double dz = dhT * (hp[hpo + s] - nn) * z * (1 - z);
                        dx[xo + a] = (float) dr;
                        dx[xo + a + hs] = (float) dz;
                        dx[xo + a + 2 * hs] = (float) dn;
                        dw[wo + a] = (float) dr;
                        dw[wo + a + hs] = (float) dz;
                        dw[wo + a + 2 * hs] = (float) (dn * r);
                        dhv[dho + s] = (float) (dhT * z);
                    }
                }
            });
        } else {
            double[] g0 = dout.doubleData(), dhv = dh.doubleData(), gt = gates.doubleData(), hnv = hn.doubleData(),
                    hp = hPrev.doubleData(), dx = dxw.doubleData(), dw = dhw.doubleData();
            forRows(dh.shape(0), gw, (from, to) -> {
                for (int n = from; n < to; n++) {
                    for (int j = 0; j < hs; j++) {
                        int a = n * gw + j, s = n * hs + j;
                        double r = gt[go + a], z = gt[go + a + hs], nn = gt[go + a + 2 * hs];
                        double dhT = g0[oo + s] + dhv[dho + s];
                        double dn = dhT * (1 - z) * (1 - nn * nn);
                        double dr = dn * hnv[no + s] * r * (1 - r);
                        double dz = dhT * (hp[hpo + s] - nn) * z * (1 - z);
                        dx[xo + a] = dr;
                        dx[xo + a + hs] = dz;
                        dx[xo + a + 2 * hs] = dn;
                        dw[wo + a] = dr;
                        dw[wo + a + hs] = dz;
                        dw[wo + a + 2 * hs] = dn * r;
                        dhv[dho + s] = dhT * z;
                    }
                }
            });
        }
    }
}
