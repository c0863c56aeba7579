# Golden values for ImageFeaturesTest (io.dendrite.data.features): cs231n assignment 1's hog_feature and
# color_histogram_hsv, reimplemented here in numpy (float64) from cs231n/features.py, on small float32 images.
#
# Regenerate from the repository root with:
#   python3 dendrite-core/src/test/resources/io/dendrite/data/features/features.py > dendrite-core/src/test/resources/io/dendrite/data/features/features.txt
#
# Needs numpy; uses scipy.ndimage.uniform_filter as cs231n does when scipy is installed, else the same filter by hand.
# matplotlib.colors.rgb_to_hsv is reproduced below (matplotlib is not needed).
# Images are emitted in Dendrite's (C, H, W) layout and given to the cs231n functions as (H, W, C).
# Output format, one tensor per line:  name|shape (comma separated)|values (row-major, repr)
import numpy as np

try:
    from scipy.ndimage import uniform_filter
except ImportError:  # the same filter: mode 'reflect', window [i - size//2, i + size - size//2 - 1] on each axis
    def uniform_filter(a, size):
        out = np.asarray(a, dtype=np.float64)
        for axis, s in enumerate(size):
            lo, hi = s // 2, s - s // 2 - 1
            pad = [(0, 0)] * out.ndim
            pad[axis] = (lo, hi)
            p = np.pad(out, pad, mode="symmetric")
            c = np.cumsum(np.insert(p, 0, 0, axis=axis), axis=axis)
            n = out.shape[axis]
            out = (np.take(c, range(s, s + n), axis=axis) - np.take(c, range(0, n), axis=axis)) / s
        return out


def rgb2gray(rgb):
    return np.dot(rgb[..., :3], [0.299, 0.587, 0.144])  # cs231n's weights, 0.144 included


def hog_feature(im):
    # cs231n's hog_feature; its grey branch calls np.at_least_2d, which does not exist: np.atleast_2d here
    if im.ndim == 3:
        image = rgb2gray(im)
    else:
        image = np.atleast_2d(im)
    sx, sy = image.shape
    orientations = 9
    cx, cy = (8, 8)
    gx = np.zeros(image.shape)
    gy = np.zeros(image.shape)
    gx[:, :-1] = np.diff(image, n=1, axis=1)
    gy[:-1, :] = np.diff(image, n=1, axis=0)
    grad_mag = np.sqrt(gx ** 2 + gy ** 2)
    grad_ori = np.arctan2(gy, (gx + 1e-15)) * (180 / np.pi) + 90
    n_cellsx = int(np.floor(sx / cx))
    n_cellsy = int(np.floor(sy / cy))
    orientation_histogram = np.zeros((n_cellsx, n_cellsy, orientations))
    for i in range(orientations):
        temp_ori = np.where(grad_ori < 180 / orientations * (i + 1), grad_ori, 0)
        temp_ori = np.where(grad_ori >= 180 / orientations * i, temp_ori, 0)
        cond2 = temp_ori > 0
        temp_mag = np.where(cond2, grad_mag, 0)
        orientation_histogram[:, :, i] = uniform_filter(temp_mag, size=(cx, cy))[int(cx / 2)::cx, int(cy / 2)::cy].T
    return orientation_histogram.ravel()


def rgb_to_hsv(arr):
    # matplotlib.colors.rgb_to_hsv
    arr = np.asarray(arr)
    assert arr.shape[-1] == 3 and arr.min() >= 0 and arr.max() <= 1
    in_shape = arr.shape
    arr = np.array(arr, dtype=np.promote_types(arr.dtype, np.float32), ndmin=2)
    out = np.zeros_like(arr)
    arr_max = arr.max(-1)
    ipos = arr_max > 0
    delta = np.ptp(arr, -1)
    s = np.zeros_like(delta)
    s[ipos] = delta[ipos] / arr_max[ipos]
    ipos = delta > 0
    idx = (arr[..., 0] == arr_max) & ipos
    out[idx, 0] = (arr[idx, 1] - arr[idx, 2]) / delta[idx]
    idx = (arr[..., 1] == arr_max) & ipos
    out[idx, 0] = 2. + (arr[idx, 2] - arr[idx, 0]) / delta[idx]
    idx = (arr[..., 2] == arr_max) & ipos
    out[idx, 0] = 4. + (arr[idx, 0] - arr[idx, 1]) / delta[idx]
    out[..., 0] = (out[..., 0] / 6.0) % 1.0
    out[..., 1] = s
    out[..., 2] = arr_max
    return out.reshape(in_shape)


def color_histogram_hsv(im, nbin=10, xmin=0, xmax=255, normalized=True):
    bins = np.linspace(xmin, xmax, nbin + 1)
    hsv = rgb_to_hsv(im / xmax) * xmax
    imhist, bin_edges = np.histogram(hsv[:, :, 0], bins=bins, density=normalized)
    imhist = imhist * np.diff(bin_edges)
    return imhist


out = []


def emit(name, a):
    a = np.asarray(a, dtype=np.float64)
    out.append(name + "|" + ",".join(str(d) for d in a.shape) + "|" + " ".join(repr(float(v)) for v in a.ravel()))


def hwc(chw):
    return np.transpose(chw, (1, 2, 0)).astype(np.float64)


rng = np.random.default_rng(231)

# grey 16x16, uniform in [0, 1): 2x2 cells
grey = rng.random((1, 16, 16)).astype(np.float32)
emit("grey16.image", grey)
emit("grey16.hog", hog_feature(grey[0].astype(np.float64)))

# grey 28x28 with byte values (MNIST's size; exact zero and vertical gradients, as in real images): 3x3 cells
bytes28 = rng.integers(0, 256, size=(1, 28, 28)).astype(np.float32)
bytes28[0, :, :10] = 0  # a flat region
emit("bytes28.image", bytes28)
emit("bytes28.hog", hog_feature(bytes28[0].astype(np.float64)))

# RGB 32x32 (CIFAR-10's size), uniform in [0, 1): HOG through rgb2gray, hue histograms with xmax 1
rgb = rng.random((3, 32, 32)).astype(np.float32)
emit("rgb32.image", rgb)
emit("rgb32.hog", hog_feature(hwc(rgb)))
emit("rgb32.hsv_unit", color_histogram_hsv(hwc(rgb), nbin=10, xmin=0, xmax=1))
emit("rgb32.hsv_unit_7_counts", color_histogram_hsv(hwc(rgb), nbin=7, xmin=0, xmax=1, normalized=False))

# RGB 20x20 with byte values and cs231n's defaults (xmax 255); a grey patch and pure colours included
rgb_bytes = rng.integers(0, 256, size=(3, 20, 20)).astype(np.float32)
rgb_bytes[:, :4, :4] = 77               # grey: hue 0
rgb_bytes[:, 4, :] = [[255], [0], [0]]  # red row
rgb_bytes[:, 5, :] = [[0], [0], [255]]  # blue row
rgb_bytes[:, 6, :] = [[255], [0], [255]]  # magenta row: red and blue tie, blue wins
emit("rgb20bytes.image", rgb_bytes)
emit("rgb20bytes.hog", hog_feature(hwc(rgb_bytes)))
emit("rgb20bytes.hsv", color_histogram_hsv(hwc(rgb_bytes)))

print("\n".join(out))
