/**
 * Image features for classifiers that do not look at pixels (cs231n assignment 1): {@link io.dendrite.data.features.Hog}
 * (histogram of oriented gradients), {@link io.dendrite.data.features.ColorHistogramHsv} (hue histogram) and
 * {@link io.dendrite.data.features.ImageFeatures}, which extracts them from every image of a dataset in parallel and
 * standardizes them with the training set's statistics.
 */
package io.dendrite.data.features;
