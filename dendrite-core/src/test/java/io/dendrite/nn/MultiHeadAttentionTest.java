package io.dendrite.nn;

import io.dendrite.tensor.DType;
import io.dendrite.tensor.Rng;
import io.dendrite.tensor.Tensor;
import io.dendrite.tensor.TensorAssert;
import io.dendrite.tensor.kernel.Threads;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static io.dendrite.nn.SequenceTesting.assertNumpy;
import static io.dendrite.nn.SequenceTesting.lin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MultiHeadAttention against an independent numpy implementation (the notebook's own test values come from
 * {@code torch.manual_seed(231)} and PyTorch's Linear initialization, which cannot be reproduced without torch), and
 * every gradient — dquery, dkey, dvalue, Wq … bo — against finite differences in F64 (a five-point stencil,
 * {@link AttentionTesting#numerical}), with and without a mask and
 * with dropout.
 */
class MultiHeadAttentionTest {
    static final int E = 8, H = 2;

    /**
     * The numpy recipe's weights, Dendrite layout (in, out), shifted by {@code k} so that two attentions differ:
     * Wq = 0.9·sin(linspace(k, 11+k, 64)).reshape(8, 8), Wk = 0.9·cos(linspace(k, 13+k, 64)), Wv =
     * 0.5·sin(linspace(1+k, 9+k, 64)), Wo = 0.5·cos(linspace(2+k, 17+k, 64)); bq = linspace(-0.1, 0.1, 8),
     * bk = linspace(0.2, -0.2, 8), bv = linspace(-0.3, 0.1, 8), bo = linspace(0.05, -0.05, 8).
     */
    static MultiHeadAttention recipe(int k) {
        return new MultiHeadAttention(lin(k, 11 + k, E, E).map(Math::sin).mul(0.9), lin(-0.1, 0.1, E),
                lin(k, 13 + k, E, E).map(Math::cos).mul(0.9), lin(0.2, -0.2, E),
                lin(1 + k, 9 + k, E, E).map(Math::sin).mul(0.5), lin(-0.3, 0.1, E),
                lin(2 + k, 17 + k, E, E).map(Math::cos).mul(0.5), lin(0.05, -0.05, E), H, 0.0, new Rng(0));
    }

    /** query = sin(linspace(0, 20, 48)).reshape(2, 3, 8), key = cos(linspace(0, 17, 64)).reshape(2, 4, 8), value = sin(linspace(3, 31, 64)). */
    private static Tensor query() {
        return lin(0, 20, 2, 3, E).map(Math::sin);
    }

    private static Tensor key() {
        return lin(0, 17, 2, 4, E).map(Math::cos);
    }

    private static Tensor value() {
        return lin(3, 31, 2, 4, E).map(Math::sin);
    }

    /** mask = [[1,0,0,0],[1,1,0,1],[0,1,1,1]]: query 0 sees key 0 only, query 2 all but key 0. */
    static Tensor mask() {
        return Tensor.of(new double[]{1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1}, 3, 4);
    }

    /**
     * numpy, float64, computed once with an independent implementation of the notebook's forward:
     * Q = (q@Wq+bq).reshape(N,S,H,Dh).transpose(0,2,1,3), likewise K and V; A = softmax(Q@Kᵀ/√Dh) with
     * {@code np.where(mask==0, -inf, ·)} before it; out = (A@V).transpose(0,2,1,3).reshape(N,S,E)@Wo + bo.
     */
    @Test
    void forwardMatchesNumpy() {
        assertNumpy(recipe(0).forward(query(), key(), value()), new int[]{2, 3, E},
                0.09791685814987877, 0.08914359664459581, 0.07735574435905625, 0.06241236682068386,
                0.04435057073258689, 0.023383410337628606, -0.00011213353683265509, -0.025616423506698738,
                0.11920990957714277, 0.11127555754262851, 0.09907788431920161, 0.0824990783681103, 0.06166852060167294,
                0.03695548444812002, 0.00894830069102722, -0.021578837354367733, 0.0421287019824866,
                0.030333804408907414, 0.018842484572980454, 0.007497077036053096, -0.0038683163102664064,
                -0.015418465934209896, -0.027307717977709756, -0.03967128573202437, 0.06753159213878654,
                0.04147268577122188, 0.015088878718651104, -0.010937229930923005, -0.03594322316351284,
                -0.059324240959171874, -0.08056710772893476, -0.09927928672901537, 0.09635360235295297,
                0.08773804773754026, 0.07618720628015191, 0.061546770873511174, 0.04383675560730191,
                0.023250366532376818, 0.00014310058100423795, -0.024987312295674198, 0.07240441691064611,
                0.04377755193833684, 0.01469574102728096, -0.014006189849775696, -0.04151484832699995,
                -0.06708416890301219, -0.09007750747931197, -0.11000356211980186);
    }

    @Test
    void maskedForwardAndWeightsMatchNumpy() {
        MultiHeadAttention attn = recipe(0);
        assertNumpy(attn.forward(query(), key(), value(), mask()), new int[]{2, 3, E},
                -0.0694926043601547, -0.10975954535601838, -0.14181855586808473, -0.16466683024519077,
                -0.17782125136945656, -0.1813456491101976, -0.17584719891240935, -0.1624421637188198,
                0.16135166585252647, 0.16929035018044764, 0.16969240030157723, 0.16172910256806097,
                0.14504373333298337, 0.11977168602665844, 0.0865328319829306, 0.04639654603326515, 0.06634900335139794,
                0.06639991486450929, 0.06471948054680318, 0.060596484773139586, 0.053457526221372925,
                0.042899370345349117, 0.028711700691063907, 0.010888985380288749, 0.030268925729254263,
                -0.006257747080616313, -0.04041627212872366, -0.07108538486834386, -0.09734070051763173,
                -0.11850686973582863, -0.13419568321156228, -0.1443279752245844, 0.06635517072919993,
                0.04808825135176146, 0.029123167575860184, 0.009723938979456323, -0.009820919522559618,
                -0.02921467627876915, -0.04816912510667451, -0.06642084647378872, 0.0712118299653643,
                0.04454432015489751, 0.017378601777812024, -0.009558609044956978, -0.035553489055108564,
                -0.05994538322223364, -0.08216408024913216, -0.10176198505708867);
        assertNumpy(attn.attentionWeights(), new int[]{2, H, 3, 4},
                1.0, 0.0, 0.0, 0.0, 0.31811919270755035, 0.3658101720421624, 0.0, 0.31607063525028734, 0.0,
                0.3234063062183462, 0.320232862297253, 0.3563608314844008, 1.0, 0.0, 0.0, 0.0, 0.3452309933600235,
                0.3013128893877123, 0.0, 0.35345611725226417, 0.0, 0.2817623235144706, 0.5499697961750951,
                0.16826788031043424, 1.0, 0.0, 0.0, 0.0, 0.3313827742676823, 0.3412669599387202, 0.0,
                0.3273502657935975, 0.0, 0.35259617724836784, 0.2816682631507544, 0.3657355596008778, 1.0, 0.0, 0.0,
                0.0, 0.2251926707442327, 0.49572669561785887, 0.0, 0.27908063363790836, 0.0, 0.10509013059302148,
                0.7105513796038083, 0.18435848980317013);
    }

    /** SelfAttention(causal) on x = sin(linspace(1, 23, 48)).reshape(2, 3, 8): numpy's mha(x, x, x, tril(ones(3, 3))). */
    @Test
    void causalSelfAttentionMatchesNumpy() {
        SelfAttention self = new SelfAttention(recipe(0), true);
        assertNumpy(self.forward(lin(1, 23, 2, 3, E).map(Math::sin)), new int[]{2, 3, E},
                0.2786678070093747, 0.3120881463016454, 0.3299149082573612, 0.3303362414204032, 0.3125223441543299,
                0.2766722837444666, 0.22400276461533647, 0.15667947938354443, 0.334549268879779, 0.3471331147544183,
                0.34214607464014335, 0.319063498360157, 0.27838172282394347, 0.22159006768574088, 0.15108680488971088,
                0.07004384327160096, -0.00547264418811623, -0.027257584482056216, -0.04548952332409593,
                -0.0599458066699074, -0.07061681066496125, -0.07770648464204508, -0.08162084388361489,
                -0.08294506141081497, 0.3141962876388908, 0.3389301225689214, 0.3465559010727318, 0.33583733200235955,
                0.30657314974365313, 0.2596084700330421, 0.19678710680267114, 0.12084754043483799, 0.12729144036134854,
                0.11681471031043923, 0.10176212876518154, 0.08217696394165502, 0.058358221656209075,
                0.03084377480698782, 0.00038001548713292865, -0.0321202579806116, -0.0005607300360430528,
                -0.008345163623895688, -0.013643673147870301, -0.016963335044913402, -0.018922876374218744,
                -0.020217764973631647, -0.021580969744678005, -0.023741605051034106);
    }

    /** A random F64 attention with non-zero biases, every weight drawn from {@code seed}. */
    static MultiHeadAttention random(int e, int h, double dropout, long seed) {
        Rng rng = new Rng(seed);
        MultiHeadAttention attn = new MultiHeadAttention(e, h, dropout, rng, DType.F64);
        for (Parameter p : attn.parameters()) {
            p.value().assign(Tensor.randn(rng, DType.F64, p.value().shape()).mul(0.7));
        }
        return attn;
    }

    /**
     * dquery, dkey, dvalue and all eight parameter gradients against central differences; returns the largest
     * relative error. {@code before} runs before every forward (to replay the same dropout masks).
     */
    static double checkGradients(MultiHeadAttention attn, Tensor q, Tensor k, Tensor v, Tensor mask, Runnable before) {
        Rng rng = new Rng(99);
        Supplier<Tensor> f = () -> {
            before.run();
            return attn.forward(q, k, v, mask);
        };
        Tensor dout = Tensor.randn(rng, DType.F64, f.get().shape());
        attn.parameters().forEach(Parameter::zeroGrad);
        f.get();
        MultiHeadAttention.Gradients g = attn.backward(dout);
        List<Tensor> analytic = new ArrayList<>();
        attn.parameters().forEach(p -> analytic.add(p.grad().copy()));
        double worst = 0;
        worst = Math.max(worst, AttentionTesting.assertGradient("dquery", g.dquery(), numerical(f, q, dout)));
        worst = Math.max(worst, AttentionTesting.assertGradient("dkey", g.dkey(), numerical(f, k, dout)));
        worst = Math.max(worst, AttentionTesting.assertGradient("dvalue", g.dvalue(), numerical(f, v, dout)));
        for (int i = 0; i < analytic.size(); i++) {
            Parameter p = attn.parameters().get(i);
            worst = Math.max(worst, AttentionTesting.assertGradient("d" + p.name(), analytic.get(i), numerical(f, p.value(), dout)));
        }
        return worst;
    }

    private static Tensor numerical(Supplier<Tensor> f, Tensor wrt, Tensor dout) {
        return AttentionTesting.numerical(f, wrt, dout);
    }

    private static void report(String what, double worst) {
        AttentionTesting.report(what, worst);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Rng rng = new Rng(1);
        MultiHeadAttention attn = random(6, 3, 0, 2);
        Tensor q = Tensor.randn(rng, DType.F64, 2, 3, 6), k = Tensor.randn(rng, DType.F64, 2, 5, 6);
        Tensor v = Tensor.randn(rng, DType.F64, 2, 5, 6);
        report("MultiHeadAttention", checkGradients(attn, q, k, v, null, () -> { }));
        // softmax ignores a shift of a whole row, and bk shifts row s by Q_s·bk alike for every key: dbk = 0
        assertThat(attn.parameters().get(3).grad().abs().max()).as("|dbk|").isLessThan(1e-12);
    }

    @Test
    void maskedGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(3);
        MultiHeadAttention attn = random(6, 2, 0, 4);
        Tensor q = Tensor.randn(rng, DType.F64, 2, 3, 6), k = Tensor.randn(rng, DType.F64, 2, 4, 6);
        Tensor v = Tensor.randn(rng, DType.F64, 2, 4, 6);
        report("MultiHeadAttention (mask)", checkGradients(attn, q, k, v, mask(), () -> { }));
        Tensor x = Tensor.randn(rng, DType.F64, 2, 4, 6);   // self-attention: one tensor as query, key and value
        report("MultiHeadAttention (causal, q = k = v)", checkGradients(attn, x.copy(), x.copy(), x.copy(),
                MultiHeadAttention.causalMask(4), () -> { }));
    }

    /** With dropout on the attention weights, replaying the generator's state gives the same masks each time. */
    @Test
    void dropoutGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(5);
        MultiHeadAttention attn = random(4, 2, 0.3, 6);
        long[] state = attn.generator().state();
        Tensor q = Tensor.randn(rng, DType.F64, 3, 2, 4), kv = Tensor.randn(rng, DType.F64, 3, 3, 4);
        report("MultiHeadAttention (dropout 0.3)", checkGradients(attn, q, kv, kv.copy(), null,
                () -> attn.generator().restore(state)));
    }

    /** SelfAttention's dx is the sum of the three input gradients: checked as a Layer. */
    @Test
    void selfAttentionLayerGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(7);
        SelfAttention self = new SelfAttention(random(6, 2, 0, 8), true);
        assertThat(self.parameters()).extracting(Parameter::name).containsExactly("Wq", "bq", "Wk", "bk", "Wv", "bv", "Wo", "bo");
        report("SelfAttention (causal, dx = dq + dk + dv)",
                AttentionTesting.checkLayer(self, Tensor.randn(rng, DType.F64, 2, 5, 6), 8, () -> { }));
    }

    /** Changing a later step of the input leaves every earlier output of causal self-attention unchanged. */
    @Test
    void theCausalMaskBlocksTheFuture() {
        Rng rng = new Rng(9);
        SelfAttention self = new SelfAttention(random(6, 3, 0, 10), true);
        Tensor x = Tensor.randn(rng, DType.F64, 2, 5, 6);
        Tensor before = self.forward(x);
        Tensor changed = x.copy();
        for (int d = 0; d < 6; d++) {
            changed.set(changed.get(1, 3, d) + 5, 1, 3, d);
        }
        Tensor after = self.forward(changed);
        for (int t = 0; t < 5; t++) {
            for (int d = 0; d < 6; d++) {
                assertThat(after.get(0, t, d)).isEqualTo(before.get(0, t, d));     // other examples untouched
                if (t < 3) {
                    assertThat(after.get(1, t, d)).as("step %d before the change", t).isEqualTo(before.get(1, t, d));
                }
            }
        }
        assertThat(after.get(1, 3, 0)).isNotEqualTo(before.get(1, 3, 0));
        SelfAttention open = new SelfAttention(random(6, 3, 0, 10), false);  // without the mask the past sees it
        assertThat(open.forward(changed).get(1, 0, 0)).isNotEqualTo(open.forward(x).get(1, 0, 0));
    }

    @Test
    void weightRowsSumToOneAndMaskedWeightsAreZero() {
        MultiHeadAttention attn = random(6, 2, 0, 11);
        Rng rng = new Rng(12);
        attn.forward(Tensor.randn(rng, DType.F64, 2, 3, 6), Tensor.randn(rng, DType.F64, 2, 4, 6),
                Tensor.randn(rng, DType.F64, 2, 4, 6), mask());
        Tensor a = attn.attentionWeights();
        assertThat(a.shape()).containsExactly(2, 2, 3, 4);
        TensorAssert.assertClose(a.sum(3, false), Tensor.ones(DType.F64, 2, 2, 3), 0, 1e-15);
        for (int i = 0; i < a.size(); i++) {
            if (mask().getFlat(i % 12) == 0) {
                assertThat(a.getFlat(i)).isEqualTo(0.0);
            }
        }
    }

    @Test
    void dropoutActsInTrainingOnly() {
        MultiHeadAttention attn = random(4, 2, 0.5, 13);
        Tensor x = Tensor.randn(new Rng(14), DType.F64, 2, 3, 4);
        Tensor first = attn.forward(x, x, x), second = attn.forward(x, x, x);
        assertThat(second.toDoubleArray()).isNotEqualTo(first.toDoubleArray());
        attn.setTraining(false);
        Tensor eval = attn.forward(x, x, x);
        assertThat(attn.forward(x, x, x).toDoubleArray()).containsExactly(eval.toDoubleArray());
        MultiHeadAttention none = random(4, 2, 0, 13);   // same weights without dropout: evaluation is the same layer
        assertThat(none.forward(x, x, x).toDoubleArray()).containsExactly(eval.toDoubleArray());
    }

    @Test
    void f32AgreesWithF64() {
        Rng r64 = new Rng(15), r32 = new Rng(15);
        MultiHeadAttention a64 = new MultiHeadAttention(8, 4, 0, r64, DType.F64);
        MultiHeadAttention a32 = new MultiHeadAttention(8, 4, 0, r32, DType.F32);
        Rng rng = new Rng(16);
        Tensor q = Tensor.randn(rng, DType.F64, 3, 5, 8), kv = Tensor.randn(rng, DType.F64, 3, 2, 8);
        Tensor out64 = a64.forward(q, kv, kv), out32 = a32.forward(q.to(DType.F32), kv.to(DType.F32), kv.to(DType.F32));
        assertThat(out32.dtype()).isEqualTo(DType.F32);
        TensorAssert.assertClose(out32, out64, 1e-4, 1e-5);
        Tensor dout = Tensor.randn(rng, DType.F64, 3, 5, 8);
        MultiHeadAttention.Gradients g64 = a64.backward(dout), g32 = a32.backward(dout.to(DType.F32));
        TensorAssert.assertClose(g32.dquery(), g64.dquery(), 1e-4, 1e-5);
        TensorAssert.assertClose(g32.dkey(), g64.dkey(), 1e-4, 1e-5);
        TensorAssert.assertClose(g32.dvalue(), g64.dvalue(), 1e-4, 1e-5);
        for (int i = 0; i < 8; i++) {
            TensorAssert.assertClose(a32.parameters().get(i).grad(), a64.parameters().get(i).grad(), 1e-4, 1e-5);
        }
    }

    @Test
    void sameSeedGivesBitIdenticalResultsOnOneAndTwoThreads() {
        int saved = Threads.count();
        try {
            Threads.set(1);
            float[][] one = run();
            Threads.set(2);
            float[][] two = run();
            for (int i = 0; i < one.length; i++) {
                assertThat(two[i]).as("result " + i).containsExactly(one[i]);
            }
        } finally {
            Threads.set(saved);
        }
    }

    /** Large enough (N·H = 256 heads of 17×17 scores) that the batched products and the softmax split across threads. */
    private static float[][] run() {
        MultiHeadAttention attn = new MultiHeadAttention(64, 4, 0.1, new Rng(17), DType.F32);
        Tensor x = Tensor.randn(new Rng(18), DType.F32, 64, 17, 64);
        Tensor out = attn.forward(x, x, x, MultiHeadAttention.causalMask(17));
        MultiHeadAttention.Gradients g = attn.backward(Tensor.randn(new Rng(19), DType.F32, out.shape()));
        List<float[]> r = new ArrayList<>(List.of(out.toFloatArray(), g.dquery().toFloatArray(), g.dkey().toFloatArray(),
                g.dvalue().toFloatArray()));
        attn.parameters().forEach(p -> r.add(p.grad().toFloatArray()));
        return r.toArray(new float[0][]);
    }

    @Test
    void parametersAreNamedAndShaped() {
        MultiHeadAttention attn = new MultiHeadAttention(8, 2, 0.1, new Rng(1), DType.F32);
        assertThat(attn.parameters()).extracting(Parameter::name).containsExactly("Wq", "bq", "Wk", "bk", "Wv", "bv", "Wo", "bo");
        assertThat(attn.parameters().get(0).value().shape()).containsExactly(8, 8);
        assertThat(attn.parameters().get(1).value().shape()).containsExactly(8);
        assertThat(attn).hasToString("MultiHeadAttention(E=8, heads=2, dropout=0.1)");
        assertThat(MultiHeadAttention.causalMask(3).toDoubleArray()).containsExactly(1, 0, 0, 1, 1, 0, 1, 1, 1);
    }

    @Test
    void wrongShapesAndMasksNameTheLayerAndTheShapes() {
        MultiHeadAttention attn = new MultiHeadAttention(8, 2, 0, new Rng(1), DType.F32);
        Tensor q = Tensor.zeros(DType.F32, 2, 3, 8), kv = Tensor.zeros(DType.F32, 2, 4, 8);
        assertThatThrownBy(() -> attn.forward(q, Tensor.zeros(DType.F32, 2, 4, 6), kv))
                .hasMessageContaining("MultiHeadAttention(E=8, heads=2)").hasMessageContaining("key (2, 4, 6)")
                .hasMessageContaining("(N, T, 8)");
        assertThatThrownBy(() -> attn.forward(q, kv, Tensor.zeros(DType.F32, 2, 5, 8))).hasMessageContaining("value (2, 5, 8)");
        assertThatThrownBy(() -> attn.forward(q, kv, kv, Tensor.ones(DType.F32, 4, 3)))
                .hasMessageContaining("mask (4, 3), expected (3, 4)");
        Tensor blind = Tensor.ones(DType.F32, 3, 4);
        blind.set(0, 1, 0);
        blind.set(0, 1, 1);
        blind.set(0, 1, 2);
        blind.set(0, 1, 3);
        assertThatThrownBy(() -> attn.forward(q, kv, kv, blind)).hasMessageContaining("row 1 of the mask (3, 4) blocks every key");
        assertThatThrownBy(() -> attn.forward(q.to(DType.F64), kv, kv)).hasMessageContaining("F64");
        assertThatThrownBy(() -> attn.backward(q)).hasMessage("MultiHeadAttention(E=8, heads=2): backward called before forward");
        attn.forward(q, kv, kv);
        assertThatThrownBy(() -> attn.backward(kv)).hasMessageContaining("dout has shape (2, 4, 8), expected (2, 3, 8)");
        assertThatThrownBy(() -> new MultiHeadAttention(10, 3, 0, new Rng(1), DType.F32))
                .hasMessageContaining("embedding size 10 and 3 heads");
        assertThatThrownBy(() -> new MultiHeadAttention(8, 2, 1.0, new Rng(1), DType.F32)).hasMessageContaining("dropout");
    }
}
