package io.dendrite.tensor;

/** Element type of a {@link Tensor}: F32 is the training default, F64 is for gradient checks. */
public enum DType {
    F32(4),
    F64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** The wider of two types: mixing F32 and F64 gives F64, as numpy promotes float32 with float64. */
    public static DType promote(DType a, DType b) {
        return a == F64 || b == F64 ? F64 : F32;
    }
}
