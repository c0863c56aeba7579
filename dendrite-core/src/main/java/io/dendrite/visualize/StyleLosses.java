package io.dendrite.visualize;

import io.dendrite.nn.LossResult;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * The three losses of neural style transfer (Gatys et al. 2016; cs231n's StyleTransfer notebook), each returning its
 * value and its gradient. Features are a convnet layer's output for one or more images, (N, C, H, W).
 *
 * <pre>
 *   content   L_c = w · Σ (F − P)²                        F: features of the image, P: of the content image
 *   Gram      G[n] = F[n] · F[n]ᵀ / (H·W·C)               F[n] read as (C, H·W); the notebook's normalize=True
 *   style     L_s = w · Σ (G − A)²                        A: the Gram matrix of the style image, one layer
 *   TV        L_tv = w · (Σ (x[h+1, w] − x[h, w])² + Σ (x[h, w+1] − x[h, w])²)   over every image and channel
 * </pre>
 * Their local derivatives, written beside each computation: ∂L_c/∂F = 2w(F − P); ∂L_s/∂G = 2w(G − A), and through
 * the Gram matrix (G − A is symmetric) ∂L_s/∂F[n] = 4w(G[n] − A[n])·F[n] / (H·W·C); the TV gradient gathers ±2w·d
 * from each difference d a pixel takes part in. The style loss of several layers, Σ_l w_l·Σ(G_l − A_l)², is a sum of
 * {@link #style} terms. Sums run in double; gradients come back in the dtype of the features (or image).
 */
public final class StyleLosses {
    private StyleLosses() {
    }

    /**
     * The content loss {@code w · Σ (F − P)²} and its gradient {@code 2w(F − P)} with respect to {@code features}.
     *
     * @param weight   w, ≥ 0
     * @param features F, any shape
     * @param target   P, the content image's features, of F's shape
     */
    public static LossResult content(double weight, Tensor features, Tensor target) {
        checkWeight("content", weight);
        if (!Shapes.same(features.shape(), target.shape())) {
            throw new IllegalArgumentException("StyleLosses.content: features " + Shapes.format(features.shape())
                    + " and target features " + Shapes.format(target.shape()) + " differ — compute both at the same layer"
                    + " for images of the same size");
        }
        Tensor d = features.sub(target.dtype() == features.dtype() ? target : target.to(features.dtype()));   // F − P
        double loss = weight * d.square().sum();                 // w·Σ(F − P)²
        return new LossResult(loss, d.muli(2 * weight));         // ∂/∂F = 2w(F − P)
    }

    /**
     * Gram matrices of features (N, C, H, W): {@code G[n] = F[n]·F[n]ᵀ / (H·W·C)} with F[n] read as (C, H·W), shape
     * (N, C, C), in the features' dtype.
     */
    public static Tensor gram(Tensor features) {
        requireFeatures("gram", features);
        int N = features.shape(0), C = features.shape(1), HW = features.shape(2) * features.shape(3);
        double norm = 1.0 / ((double) HW * C);
        Tensor[] grams = new Tensor[N];
        for (int n = 0; n < N; n++) {
            Tensor f = features.slice(n, n + 1).contiguous().reshape(C, HW);
            grams[n] = f.matmulNT(f).muli(norm);                 // F·Fᵀ / (H·W·C)
        }
        return Tensor.stack(grams);
    }

    /**
     * The style loss of one layer, {@code w · Σ (G − A)²} with G = {@link #gram}(features), and its gradient with
     * respect to {@code features}: {@code 4w(G[n] − A[n])·F[n] / (H·W·C)}.
     *
     * @param weight     w, ≥ 0
     * @param features   F, (N, C, H, W)
     * @param targetGram A, the style image's Gram matrices at this layer, (N, C, C) or (1, C, C) for every image
     */
    public static LossResult style(double weight, Tensor features, Tensor targetGram) {
        checkWeight("style", weight);
        requireFeatures("style", features);
        int N = features.shape(0), C = features.shape(1), HW = features.shape(2) * features.shape(3);
        if (targetGram.ndim() != 3 || targetGram.shape(1) != C || targetGram.shape(2) != C
                || targetGram.shape(0) != N && targetGram.shape(0) != 1) {
            throw new IllegalArgumentException("StyleLosses.style: target Gram matrices " + Shapes.format(targetGram.shape())
                    + " do not fit features " + Shapes.format(features.shape()) + " (expected (" + N + " or 1, " + C + ", "
                    + C + ")) — compute them with gram() at the same layer");
        }
        double norm = 1.0 / ((double) HW * C);
        Tensor a = targetGram.dtype() == features.dtype() ? targetGram : targetGram.to(features.dtype());
        double loss = 0;
        Tensor[] grads = new Tensor[N];
        for (int n = 0; n < N; n++) {
            Tensor f = features.slice(n, n + 1).contiguous().reshape(C, HW);
            Tensor diff = f.matmulNT(f).muli(norm).subi(a.slice(a.shape(0) == 1 ? 0 : n, (a.shape(0) == 1 ? 0 : n) + 1)
                    .reshape(C, C));                                          // G − A
            loss += weight * diff.square().sum();                            // w·Σ(G − A)²
            grads[n] = diff.matmul(f).muli(4 * weight * norm).reshape(1, C, features.shape(2), features.shape(3));
        }                                                                    // ∂/∂F = 4w(G − A)·F/(HWC)
        return new LossResult(loss, Tensor.concat(0, grads));
    }

    /**
     * The total-variation loss {@code w · (Σ (x[h+1, w] − x[h, w])² + Σ (x[h, w+1] − x[h, w])²)} of images
     * (N, C, H, W), summed over images and channels, and its gradient with respect to the images.
     */
    public static LossResult totalVariation(double weight, Tensor images) {
        checkWeight("totalVariation", weight);
        requireFeatures("totalVariation", images);
        int planes = images.shape(0) * images.shape(1), H = images.shape(2), W = images.shape(3);
        double[] x = images.toDoubleArray(), g = new double[x.length];
        double sum = 0;
        for (int p = 0; p < planes; p++) {
            int base = p * H * W;
            for (int h = 0; h < H; h++) {
                for (int w = 0; w < W; w++) {
                    int i = base + h * W + w;
                    if (h + 1 < H) {
                        double d = x[i + W] - x[i];                  // vertical neighbour difference
                        sum += d * d;
                        g[i + W] += 2 * weight * d;                  // ∂(w·d²)/∂x[h+1, w] = 2w·d
                        g[i] -= 2 * weight * d;                      // ∂(w·d²)/∂x[h, w] = −2w·d
                    }
                    if (w + 1 < W) {
                        double d = x[i + 1] - x[i];                  // horizontal neighbour difference
                        sum += d * d;
                        g[i + 1] += 2 * weight * d;
                        g[i] -= 2 * weight * d;
                    }
                }
            }
        }
        return new LossResult(weight * sum, Tensor.of(g, images.shape()).to(images.dtype()));
    }

    private static void checkWeight(String loss, double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("invalid " + loss + " weight: " + weight + " (must be finite and ≥ 0)");
        }
    }

    private static void requireFeatures(String op, Tensor t) {
        if (t.ndim() != 4) {
            throw new IllegalArgumentException("StyleLosses." + op + ": expected (N, C, H, W), got " + Shapes.format(t.shape())
                    + " — take features from a convolutional layer, before any Flatten or Linear");
        }
    }
}
