package io.dendrite.nn;

import io.dendrite.tensor.Tensor;

/**
 * Reference: BatchNorm's training forward and backward through its computational graph, one node at a time
 * (the book's {@code BatchNormalization}, cs231n's {@code batchnorm_backward}). Slow and allocation-heavy on
 * purpose — every local derivative stands next to the node it comes from, so the closed form that
 * {@link BatchNorm} uses can be checked against it. x: (N, D); γ: (D,).
 */
final class BatchNormGraph {
    private BatchNormGraph() {
    }

    /** {dx, dgamma, dbeta} for upstream {@code dout}, recomputing the forward graph of x. */
    static Tensor[] backward(Tensor x, Tensor gamma, double eps, Tensor dout) {
        int n = x.shape(0);
        // forward, node by node
        Tensor mu = x.mean(0, true);             // 1. μ = Σx/N
        Tensor xmu = x.sub(mu);                  // 2. xμ = x − μ
        Tensor sq = xmu.square();                // 3. sq = xμ²
        Tensor var = sq.mean(0, true);           // 4. σ² = Σsq/N
        Tensor sqrtvar = var.add(eps).sqrt();    // 5. s = √(σ² + eps)
        Tensor ivar = sqrtvar.rdiv(1);           // 6. iv = 1/s
        Tensor xhat = xmu.mul(ivar);             // 7. x̂ = xμ·iv
        //                                          8. gx = γ·x̂;  9. out = gx + β

        // backward, node by node, in reverse
        Tensor dbeta = dout.sum(0, false);                       // 9. d(out)/dβ = 1, summed over the batch
        Tensor dgx = dout;                                       //    d(out)/d(gx) = 1
        Tensor dgamma = dgx.mul(xhat).sum(0, false);             // 8. d(gx)/dγ = x̂
        Tensor dxhat = dgx.mul(gamma);                           //    d(gx)/dx̂ = γ
        Tensor divar = dxhat.mul(xmu).sum(0, true);              // 7. dx̂/d(iv) = xμ (iv is shared by the batch)
        Tensor dxmu1 = dxhat.mul(ivar);                          //    dx̂/d(xμ) = iv
        Tensor dsqrtvar = divar.neg().div(sqrtvar.square());     // 6. d(1/s)/ds = −1/s²
        Tensor dvar = dsqrtvar.mul(0.5).div(sqrtvar);            // 5. d√(σ²+eps)/dσ² = 1/(2s)
        Tensor dsq = Tensor.ones(x.dtype(), x.shape()).mul(dvar).div(n);   // 4. dσ²/d(sq) = 1/N for every row
        Tensor dxmu2 = xmu.mul(2).mul(dsq);                      // 3. d(sq)/d(xμ) = 2xμ
        Tensor dx1 = dxmu1.add(dxmu2);                           // 2. d(xμ)/dx = 1
        Tensor dmu = dx1.sum(0, true).neg();                     //    d(xμ)/dμ = −1
        Tensor dx2 = Tensor.ones(x.dtype(), x.shape()).mul(dmu).div(n);    // 1. dμ/dx = 1/N
        return new Tensor[]{dx1.add(dx2), dgamma, dbeta};
    }
}
