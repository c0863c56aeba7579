package io.dendrite.nn;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The elementwise nonlinearities a ready-made network can put after each hidden layer — the book's
 * {@code MultiLayerNet(activation='relu' | 'sigmoid')} and cs231n's ReLU, plus tanh and leaky ReLU. Names as on
 * the command line: "relu", "sigmoid", "tanh", "leaky-relu" (slope {@link LeakyReLU#DEFAULT_SLOPE}).
 */
public enum Activation {
    RELU("relu"), SIGMOID("sigmoid"), TANH("tanh"), LEAKY_RELU("leaky-relu");

    private final String id;

    Activation(String id) {
        this.id = id;
    }

    /** A new layer computing this activation. */
    public Layer create() {
        return switch (this) {
            case RELU -> new ReLU();
            case SIGMOID -> new Sigmoid();
            case TANH -> new Tanh();
            case LEAKY_RELU -> new LeakyReLU();
        };
    }

    /** The weight initialization the book pairs with this activation: He for the ReLU family, Xavier otherwise. */
    public WeightInit suitedInit() {
        return this == RELU || this == LEAKY_RELU ? WeightInit.he() : WeightInit.xavier();
    }

    /** The command-line name ("leaky-relu"). */
    public String id() {
        return id;
    }

    /** Reads "relu", "sigmoid", "tanh" or "leaky-relu" (any case; "leaky_relu" and "leakyrelu" too). */
    public static Activation parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Activation a : values()) {
            if (a.id.equals(n) || a.id.replace("-", "").equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "' — expected one of: "
                + Arrays.stream(values()).map(Activation::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
