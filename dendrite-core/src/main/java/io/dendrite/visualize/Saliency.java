package io.dendrite.visualize;

import io.dendrite.model.Network;
import io.dendrite.tensor.Shapes;
import io.dendrite.tensor.Tensor;

/**
 * Saliency maps (Simonyan et al. 2014, cs231n's {@code compute_saliency_maps}): how much each pixel can change the
 * score of a chosen class, {@code saliency[n, h, w] = max_c |∂ scores[n, classes[n]] / ∂ x[n, c, h, w]|}, computed
 * at test time. A pixel the score does not depend on gets exactly 0.
 */
public final class Saliency {
    private Saliency() {
    }

    /**
     * @param net     a network scoring images
     * @param x       images (N, C, H, W) in the network's dtype (not modified)
     * @param classes the class whose score each map explains, usually the true label, one per image
     * @return the maps, (N, H, W), non-negative, in the network's dtype
     */
    public static Tensor maps(Network net, Tensor x, int[] classes) {
        if (x.ndim() != 4) {
            throw new IllegalArgumentException("Saliency.maps: x must be images (N, C, H, W), got " + Shapes.format(x.shape())
                    + " — a map per pixel needs the image layout; reshape flat rows with x.reshape(N, C, H, W)");
        }
        return net.scoreGradient(x, classes).gradient().abs().max(1, false);
    }
}
