"""Makes the pickled CIFAR-10 batches that Cifar10PickleTest and PickleTest read: the structure of
cs231n's cifar-10-batches-py files, written by Python 3's pickle with numpy (4 images instead of 10 000).

Command used (from the repository root, numpy 2.4.6, Python 3.11.7):
    python3 dendrite-core/src/test/resources/io/dendrite/data/cifar/make_pickles.py dendrite-core/src/test/resources/io/dendrite/data/cifar

Writes:
    py3_protocol2_batch   protocol 2, bytes keys as pickle.load(f, encoding='bytes') returns them: Python 3
                          writes bytes through _codecs.encode(text, 'latin1') in protocol 2
    py3_protocol4_batch   protocol 4, str keys as pickle.load(f, encoding='latin1') returns them: SHORT_BINBYTES,
                          STACK_GLOBAL, MEMOIZE and FRAME
    py3_batches.meta      protocol 2, {b'num_cases_per_batch': 4, b'label_names': [...], b'num_vis': 3072}
Each batch holds 'data', a uint8 array (4, 3072) with data[i, j] = (7 * i + j) % 256, and 'labels' [3, 8, 0, 9].
"""
import os
import pickle
import sys

import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "."
i, j = np.meshgrid(np.arange(4), np.arange(3072), indexing="ij")
data = ((7 * i + j) % 256).astype(np.uint8)
labels = [3, 8, 0, 9]
names = [b"a.png", b"b.png", b"c.png", b"d.png"]
with open(os.path.join(out, "py3_protocol2_batch"), "wb") as f:
    pickle.dump({b"batch_label": b"training batch 1 of 5", b"labels": labels, b"data": data, b"filenames": names},
                f, protocol=2)
with open(os.path.join(out, "py3_protocol4_batch"), "wb") as f:
    pickle.dump({"batch_label": "testing batch 1 of 1", "labels": labels, "data": data,
                 "filenames": [n.decode() for n in names]}, f, protocol=4)
label_names = [b"airplane", b"automobile", b"bird", b"cat", b"deer", b"dog", b"frog", b"horse", b"ship", b"truck"]
with open(os.path.join(out, "py3_batches.meta"), "wb") as f:
    pickle.dump({b"num_cases_per_batch": 4, b"label_names": label_names, b"num_vis": 3072}, f, protocol=2)
