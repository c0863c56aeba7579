/**
 * Training: {@code Solver} (mini-batch descent drawing its batches from {@code data.Batches}, per-epoch
 * accuracies, best-validation parameters), {@code History}, checkpoints and exact resume, hyperparameter search,
 * progress listeners, {@code ConfusionMatrix} (the counting metric) and {@code SlotEncoders} (the digit classifier
 * behind a captioner's image features); {@code GradientSource}, through which the Solver's loop trains on rows held
 * elsewhere (dendrite-spark's cluster partitions); {@code GanTrainer} (two networks, alternating
 * steps, its own checkpoints on the same machinery), {@code SampleQuality} and {@code FrechetDistance} (how good
 * generated images are, judged by a classifier). Depends on {@code model}, {@code optim},
 * {@code data}, {@code nn}, {@code io} and {@code tensor}; never on {@code viz} or {@code cli}.
 */
package io.dendrite.train;
