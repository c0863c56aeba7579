package io.dendrite.data;

/** Training, validation and test sets. */
public record TrainValTest(Dataset train, Dataset val, Dataset test) {}
