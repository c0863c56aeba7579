"""Makes the numpy-written test resources that NumpyInteropTest reads.

Command used (from the repository root, numpy 2.4.6, Python 3.11.7):
    python3 dendrite-core/src/test/resources/io/dendrite/io/make_npz.py dendrite-core/src/test/resources/io/dendrite/io

Writes:
    numpy_savez.npz             np.savez            (entries stored)
    numpy_savez_compressed.npz  np.savez_compressed (entries deflated)
    numpy_fortran.npy           a Fortran-ordered float64 (2, 3, 4) array
    numpy_big_endian.npy        a big-endian float32 (2, 2) array
    numpy_int32.npy             an int32 (3,) array
    numpy_v2.npy, numpy_v3.npy  a float32 (2,) array [0.5, -1.25] in .npy format versions 2.0 and 3.0
each holding the arrays below. Values are chosen to test bit-exactness: 1/7 is not a short binary
fraction, and the specials (NaN, infinities, -0.0, the smallest subnormal) must survive unchanged.
"""
import os
import sys

import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "."
w = np.arange(6, dtype=np.float32).reshape(2, 3) / np.float32(7)
b = np.array([np.nan, np.inf, -0.0, 5e-324], dtype=np.float64)
s = np.float64(2.5)
np.savez(os.path.join(out, "numpy_savez.npz"), w=w, b=b, s=s)
np.savez_compressed(os.path.join(out, "numpy_savez_compressed.npz"), w=w, b=b, s=s)
np.save(os.path.join(out, "numpy_fortran.npy"), np.asfortranarray(np.arange(24, dtype=np.float64).reshape(2, 3, 4)))
np.save(os.path.join(out, "numpy_big_endian.npy"), np.array([[1.5, -2.0], [np.float32(1) / 3, 1e-40]], dtype=">f4"))
np.save(os.path.join(out, "numpy_int32.npy"), np.array([-7, 0, 2147483647], dtype=np.int32))
for version in (2, 3):
    with open(os.path.join(out, "numpy_v%d.npy" % version), "wb") as f:
        np.lib.format.write_array(f, np.array([0.5, -1.25], dtype=np.float32), version=(version, 0))
print("numpy", np.__version__, "wrote", out)
