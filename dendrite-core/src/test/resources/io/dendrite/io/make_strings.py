"""Makes the numpy-written string arrays that NumpyInteropTest checks Dendrite refuses clearly.

Command used (from the repository root, numpy 2.4.6, Python 3.11.7):
    python3 dendrite-core/src/test/resources/io/dendrite/io/make_strings.py dendrite-core/src/test/resources/io/dendrite/io

Writes:
    numpy_unicode.npy   np.save of ['ab', 'c'] as <U2: unicode, 2 characters of 4 bytes (UCS-4) each
    numpy_bytes.npy     np.save of [b'cat', b'dog'] as |S3: byte strings of 3 bytes
    numpy_names.npz     np.savez with w (float32 (2,)) and names (<U2, ['ab', 'c']), the way class names
                        are often kept beside weights
"""
import os
import sys

import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "."
names = np.array(["ab", "c"])
assert names.dtype.str == "<U2"
np.save(os.path.join(out, "numpy_unicode.npy"), names)
np.save(os.path.join(out, "numpy_bytes.npy"), np.array([b"cat", b"dog"], dtype="S3"))
np.savez(os.path.join(out, "numpy_names.npz"), w=np.array([0.5, -1.5], dtype=np.float32), names=names)
print("numpy", np.__version__, "wrote", out)
