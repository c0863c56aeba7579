# Golden values for CaptioningRnnTest (io.dendrite.model): cs231n's CaptioningRNN loss check and greedy sampling,
# written out in numpy float64 from cs231n's formulas (rnn_layers.py and classifiers/rnn.py), plus a GRU in
# PyTorch's formulation (gates r, z, n; the hidden bias bh inside the reset gate's product).
#
# Regenerate from the repository root with:
#   python3 dendrite-core/src/test/resources/io/dendrite/model/golden/captioning.py
# and copy the printed numbers into CaptioningRnnTest.
#
# The recipe is the notebooks': N=10, D=20, W=30, H=40, T=13, every parameter np.linspace(-1.4, 1.3, size) in its
# shape, captions arange(N*T) % V, features linspace(-1.5, 0.3) in RNN_Captioning and linspace(-0.5, 1.7) in
# LSTM_Captioning. The notebooks' word_to_idx has V = 3 entries ({'<NULL>': 0, 'cat': 2, 'dog': 3}); they print
# 9.83235591003 (rnn, first features) and 9.82445935443 (lstm, second features).
import numpy as np

np.set_printoptions(precision=17)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def params(cell, V, D, W, H):
    G = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    shapes = {"W_embed": (V, W), "W_proj": (D, H), "b_proj": (H,), "Wx": (W, G * H), "Wh": (H, G * H),
              "b": (G * H,), "W_vocab": (H, V), "b_vocab": (V,)}
    if cell == "gru":
        shapes["bh"] = (G * H,)
    return {k: np.linspace(-1.4, 1.3, num=int(np.prod(s))).reshape(s) for k, s in shapes.items()}


def step(cell, p, x, h, c):
    H = h.shape[1]
    if cell == "rnn":
        return np.tanh(x.dot(p["Wx"]) + h.dot(p["Wh"]) + p["b"]), None
    if cell == "lstm":
        a = x.dot(p["Wx"]) + h.dot(p["Wh"]) + p["b"]
        i, f, o, g = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 2 * H:3 * H]), np.tanh(a[:, 3 * H:])
        c = f * c + i * g
        return o * np.tanh(c), c
    xa = x.dot(p["Wx"]) + p["b"]
    ha = h.dot(p["Wh"]) + p["bh"]
    r = sigmoid(xa[:, :H] + ha[:, :H])
    z = sigmoid(xa[:, H:2 * H] + ha[:, H:2 * H])
    n = np.tanh(xa[:, 2 * H:] + r * ha[:, 2 * H:])
    return (1 - z) * n + z * h, None


def loss(cell, p, features, captions, null=0):
    cin, cout = captions[:, :-1], captions[:, 1:]
    mask = cout != null
    h = features.dot(p["W_proj"]) + p["b_proj"]
    c = np.zeros_like(h)
    x = p["W_embed"][cin]
    N, T = cin.shape
    total = 0.0
    for t in range(T):
        h, c = step(cell, p, x[:, t], h, c)
        s = h.dot(p["W_vocab"]) + p["b_vocab"]
        s = s - s.max(axis=1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
        total -= (logp[np.arange(N), cout[:, t]] * mask[:, t]).sum()
    return total / N


def greedy(cell, p, features, max_length, start=1):
    h = features.dot(p["W_proj"]) + p["b_proj"]
    c = np.zeros_like(h)
    word = np.full(features.shape[0], start)
    out = []
    for _ in range(max_length):
        h, c = step(cell, p, p["W_embed"][word], h, c)
        word = (h.dot(p["W_vocab"]) + p["b_vocab"]).argmax(axis=1)
        out.append(word)
    return np.stack(out, axis=1)


N, D, W, H, T = 10, 20, 30, 40, 13
for lo, hi in ((-1.5, 0.3), (-0.5, 1.7)):
    features = np.linspace(lo, hi, num=N * D).reshape(N, D)
    for V in (3, 15):
        captions = (np.arange(N * T) % V).reshape(N, T)
        for cell in ("rnn", "lstm", "gru"):
            print("loss features=linspace(%g, %g) V=%d %s %r"
                  % (lo, hi, V, cell, float(loss(cell, params(cell, V, D, W, H), features, captions))))

# Decoding: V = 15 words, parameters p_j = 0.5 sin(0.7 k + j) for element k of the j-th parameter in the order of
# params() (W_embed, W_proj, b_proj, Wx, Wh, b, W_vocab, b_vocab, then bh), features 1.5 cos(1.1 k), N = 4 images,
# 6 steps. Beam search keeps the beams with the largest sums of log-probabilities; an ended beam (<END> = 2) keeps
# its score; ties go to the earlier beam, then the smaller word id (Python's stable sort).
def sine_params(cell, V, D, W, H):
    p = params(cell, V, D, W, H)
    return {k: 0.5 * np.sin(0.7 * np.arange(v.size) + j).reshape(v.shape) for j, (k, v) in enumerate(p.items())}


def log_softmax(s):
    s = s - s.max(axis=1, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


def beam(cell, p, feature, width, max_length, start=1, end=2):
    h = feature[None, :].dot(p["W_proj"]) + p["b_proj"]
    beams = [(0.0, [], h, np.zeros_like(h), start, False)]   # score, words, h, c, last word, ended
    for _ in range(max_length):
        cands = []
        for score, words, h, c, last, ended in beams:
            if ended:
                cands.append((score, words + [0], h, c, 0, True))
                continue
            h2, c2 = step(cell, p, p["W_embed"][[last]], h, c)
            logp = log_softmax(h2.dot(p["W_vocab"]) + p["b_vocab"])[0]
            for w in range(logp.size):
                cands.append((score + logp[w], words + [w], h2, c2, w, w == end))
        beams = sorted(cands, key=lambda b: -b[0])[:width]
        if all(b[5] for b in beams):
            break
    words = beams[0][1]
    return words + [0] * (max_length - len(words))


small = 1.5 * np.cos(1.1 * np.arange(4 * D)).reshape(4, D)
for cell in ("rnn", "lstm", "gru"):
    p = sine_params(cell, 15, D, W, H)
    g = greedy(cell, p, small, 6)
    for row in g:   # after <END>, Dendrite pads with <NULL>
        hit = np.where(row == 2)[0]
        if hit.size:
            row[hit[0] + 1:] = 0
    print("greedy %s %s" % (cell, g.tolist()))
    for width in (1, 3):
        print("beam%d %s %s" % (width, cell, [beam(cell, p, f, width, 6) for f in small]))
