package io.dendrite.optim;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam's F32 loop on the Vector API. C2 does not auto-vectorize the scalar loop (the float square root goes
 * through a double cast), which left Adam compute-bound at several times the memory-bound time. Same
 * arithmetic as the scalar loop in {@link Adam#step}, lane by lane; returns the first index it did not do,
 * for the scalar tail. Called only when {@link io.dendrite.tensor.kernel.Simd#AVAILABLE}; otherwise the scalar loop
 * does every element (with the same result).
 */
final class AdamF32Vector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private AdamF32Vector() {
    }

    static int step(float[] w, int wo, float[] g, int go, float[] m, int mo, float[] v, int vo, int n,
                    float b1, float ob1, float b2, float ob2, float c1, float c2, float lr, float eps, float keep) {
        int len = S.length();
        int bound = n - n % len;
        int i = 0;
        for (; i < bound; i += len) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector mv = FloatVector.fromArray(S, m, mo + i).mul(b1).add(gv.mul(ob1));
            FloatVector vv = FloatVector.fromArray(S, v, vo + i).mul(b2).add(gv.mul(gv).mul(ob2));
            mv.intoArray(m, mo + i);
            vv.intoArray(v, vo + i);
            FloatVector denom = vv.mul(c2).lanewise(VectorOperators.SQRT).add(eps);
            FloatVector wv = FloatVector.fromArray(S, w, wo + i).mul(keep);
            wv.sub(mv.mul(c1).mul(lr).div(denom)).intoArray(w, wo + i);
        }
        return i;
    }
}
