package io.dendrite.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API bodies of {@link VecMath}: the same float operations as its scalar methods, in the same order,
 * lane by lane, so both agree bit for bit. Each method handles the whole vectors of the range and returns how many
 * elements it did; {@link VecMath} does the tail.
 */
final class VecMathVector {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();

    private VecMathVector() {
    }

    static int sigmoid(float[] x, int xOff, float[] out, int outOff, int len) {
        int i = 0;
        for (int bound = FS.loopBound(len); i < bound; i += FL) {
            FloatVector v = FloatVector.fromArray(FS, x, xOff + i);
            FloatVector one = FloatVector.broadcast(FS, 1f);
            one.div(one.add(exp(v.neg()))).intoArray(out, outOff + i);
        }
        return i;
    }

    static int tanh(float[] x, int xOff, float[] out, int outOff, int len) {
        int i = 0;
        for (int bound = FS.loopBound(len); i < bound; i += FL) {
            FloatVector v = FloatVector.fromArray(FS, x, xOff + i);
            FloatVector one = FloatVector.broadcast(FS, 1f);
            FloatVector e = exp(v.abs().mul(2f));
            FloatVector t = one.sub(FloatVector.broadcast(FS, 2f).div(e.add(one)));
            VectorMask<Float> negative = v.compare(VectorOperators.LT, 0f);
            VectorMask<Float> keep = v.compare(VectorOperators.EQ, 0f).or(v.test(VectorOperators.IS_NAN));
            t.blend(t.neg(), negative).blend(v, keep).intoArray(out, outOff + i);
        }
        return i;
    }

    /** {@link VecMath#exp(float)} on every lane. */
    private static FloatVector exp(FloatVector x) {
        VectorMask<Float> nan = x.test(VectorOperators.IS_NAN);
        FloatVector c = x.max(VecMath.MIN_X).min(VecMath.MAX_X);
        FloatVector fx = c.mul(VecMath.LOG2E).add(0.5f);
        FloatVector n = ((IntVector) fx.convert(VectorOperators.F2I, 0)).convert(VectorOperators.I2F, 0)
                .reinterpretAsFloats();
        n = n.sub(1f, n.compare(VectorOperators.GT, fx));
        FloatVector r = c.sub(n.mul(VecMath.LN2_HI)).sub(n.mul(VecMath.LN2_LO));
        FloatVector p = r.mul(VecMath.P0).add(VecMath.P1).mul(r).add(VecMath.P2).mul(r).add(VecMath.P3).mul(r)
                .add(VecMath.P4).mul(r).add(VecMath.P5);
        FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return y.mul(bits.reinterpretAsFloats()).blend(x, nan);
    }
}
