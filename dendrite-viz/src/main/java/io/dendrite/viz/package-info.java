/**
 * Plots and images to PNG and SVG: loss and accuracy curves, filter grids, image grids (saliency maps, fooling
 * images, class visualizations, style transfer), histograms, confusion matrices, decision boundaries, optimizer
 * paths, images beside their captions (CaptionSamples), and the HTML training report. Depends on {@code train}
 * (histories, the confusion matrix), {@code model}, {@code nn} and {@code tensor}.
 */
package io.dendrite.viz;
