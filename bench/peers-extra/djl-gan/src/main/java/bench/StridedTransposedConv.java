package bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's ConvTranspose2d(C, F, kernel 4, stride 2, padding 1) for DJL, whose PyTorch engine does not implement
 * deconvolution ("Not implemented" from PtNDArrayEx.deconvolution). Written as its four output phases, each a 2×2
 * convolution of the input padded by 1 — the same multiply-adds as the transposed convolution, no zero-stuffing:
 * <pre>
 *   out[2m + a, 2n + b] = Σ_{u,v ∈ {0,1}} x_pad[m + a + u, n + b + v] · W[t_a(u), t_b(v)]     t_0 = (3, 1), t_1 = (2, 0)
 * </pre>
 * then interleaved into (N, F, 2H, 2W). Weight (C, F, 4, 4) as PyTorch's, bias (F).
 */
final class StridedTransposedConv extends AbstractBlock {
    private static final int[][] TAPS = {{3, 1}, {2, 0}};
    private final int filters;
    private final Parameter weight, bias;

    StridedTransposedConv(int inChannels, int filters) {
        this.filters = filters;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(inChannels, filters, 4, 4)).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).optShape(new Shape(filters)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training), b = ps.getValue(bias, x.getDevice(), training);
        long n = x.getShape().get(0), h = x.getShape().get(2), wd = x.getShape().get(3);
        NDArray[] rows = new NDArray[2];
        for (int a = 0; a < 2; a++) {
            NDArray[] cols = new NDArray[2];
            for (int bb = 0; bb < 2; bb++) {
                NDArray k = NDArrays.stack(new NDList(
                        NDArrays.stack(new NDList(tap(w, a, 0, bb, 0), tap(w, a, 0, bb, 1)), 2),
                        NDArrays.stack(new NDList(tap(w, a, 1, bb, 0), tap(w, a, 1, bb, 1)), 2)), 2)   // (C, F, 2, 2)
                        .transpose(1, 0, 2, 3);                                                           // (F, C, 2, 2)
                NDArray full = Conv2d.conv2d(x, k, null, new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();   // (N, F, H+1, W+1)
                cols[bb] = full.get(":, :, " + a + ":" + (a + h) + ", " + bb + ":" + (bb + wd));
            }
            rows[a] = NDArrays.stack(new NDList(cols[0], cols[1]), 4);    // (N, F, H, W, 2): b fastest
        }
        NDArray out = NDArrays.stack(new NDList(rows[0], rows[1]), 3)      // (N, F, H, 2, W, 2)
                .reshape(n, filters, 2 * h, 2 * wd);
        return new NDList(out.add(b.reshape(1, filters, 1, 1)));
    }

    /** W[:, :, t_a(u), t_b(v)], (C, F). */
    private static NDArray tap(NDArray w, int a, int u, int b, int v) {
        return w.get(":, :, " + TAPS[a][u] + ", " + TAPS[b][v]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[]{new Shape(s.get(0), filters, 2 * s.get(2), 2 * s.get(3))};
    }
}
