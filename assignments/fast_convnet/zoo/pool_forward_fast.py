"""Zoo entries for ``pool_forward_fast(A_prev, hparameters, mode="max")``."""

import numpy as np
from numpy.lib.stride_tricks import as_strided, sliding_window_view

from autograder.zoo import correct, wrong


def _windows(A_prev, hparameters):
    f, stride = hparameters["f"], hparameters["stride"]
    return sliding_window_view(A_prev, (f, f), axis=(1, 2))[:, ::stride, ::stride]


# --- wrong -----------------------------------------------------------------------------------


@wrong(
    "every_window_kept",
    "every window is kept instead of every stride-th one, and the first n_H x n_W of them are "
    "used: slice the windows with [:, ::stride, ::stride]",
)
def every_window_kept(A_prev, hparameters, mode="max"):
    f, stride = hparameters["f"], hparameters["stride"]
    n_H = (A_prev.shape[1] - f) // stride + 1
    n_W = (A_prev.shape[2] - f) // stride + 1
    windows = sliding_window_view(A_prev, (f, f), axis=(1, 2))[:, :n_H, :n_W]
    A = windows.max(axis=(4, 5)) if mode == "max" else windows.mean(axis=(4, 5))
    return A, (A_prev, hparameters)


@wrong(
    "reduces_channels_and_one_window_axis",
    "the maximum or mean is taken over axes (3, 4), the channels and one window axis: the window "
    "is the last two axes, axis=(4, 5)",
)
def reduces_channels_and_one_window_axis(A_prev, hparameters, mode="max"):
    windows = _windows(A_prev, hparameters)
    A = windows.max(axis=(3, 4)) if mode == "max" else windows.mean(axis=(3, 4))
    return A, (A_prev, hparameters)


@wrong(
    "average_divides_by_f",
    "the window's sum is divided by f instead of by f * f: use np.mean(windows, axis=(4, 5))",
)
def average_divides_by_f(A_prev, hparameters, mode="max"):
    windows = _windows(A_prev, hparameters)
    f = hparameters["f"]
    A = windows.max(axis=(4, 5)) if mode == "max" else windows.sum(axis=(4, 5)) / f
    return A, (A_prev, hparameters)


@wrong(
    "mode_tested_as_avg",
    'the mode is tested as "avg", so average pooling computes the maximum: the mode is called '
    '"average"',
)
def mode_tested_as_avg(A_prev, hparameters, mode="max"):
    windows = _windows(A_prev, hparameters)
    A = windows.mean(axis=(4, 5)) if mode == "avg" else windows.max(axis=(4, 5))
    return A, (A_prev, hparameters)


@wrong(
    "slides_over_width_and_channels",
    "the window slides over the width and the channels (axis=(2, 3)): the height and the width are "
    "axes 1 and 2",
)
def slides_over_width_and_channels(A_prev, hparameters, mode="max"):
    f, stride = hparameters["f"], hparameters["stride"]
    windows = sliding_window_view(A_prev, (f, f), axis=(2, 3))[:, :, ::stride, ::stride]
    n_H = (A_prev.shape[1] - f) // stride + 1
    A = windows.max(axis=(4, 5)) if mode == "max" else windows.mean(axis=(4, 5))
    return A[:, :n_H], (A_prev, hparameters)


@wrong(
    "one_row_too_few",
    "the output size forgets the + 1, so the last row and column of windows are missing: "
    "n_H = 1 + (n_H_prev - f) // stride",
)
def one_row_too_few(A_prev, hparameters, mode="max"):
    f, stride = hparameters["f"], hparameters["stride"]
    n_H = (A_prev.shape[1] - f) // stride
    n_W = (A_prev.shape[2] - f) // stride
    windows = _windows(A_prev, hparameters)[:, :n_H, :n_W]
    A = windows.max(axis=(4, 5)) if mode == "max" else windows.mean(axis=(4, 5))
    return A, (A_prev, hparameters)


# --- correct ---------------------------------------------------------------------------------


@correct("reduce_over_offsets", "np.maximum / sum of the f x f shifted slices: a loop over offsets")
def reduce_over_offsets(A_prev, hparameters, mode="max"):
    f, stride = hparameters["f"], hparameters["stride"]
    n_H = (A_prev.shape[1] - f) // stride + 1
    n_W = (A_prev.shape[2] - f) // stride + 1
    slices = [
        A_prev[:, u : u + stride * n_H : stride, v : v + stride * n_W : stride, :]
        for u in range(f)
        for v in range(f)
    ]
    A = np.maximum.reduce(slices) if mode == "max" else np.add.reduce(slices) / (f * f)
    return A, (A_prev, hparameters)


@correct("as_strided_view", "the windows built by hand with as_strided")
def as_strided_view(A_prev, hparameters, mode="max"):
    f, stride = hparameters["f"], hparameters["stride"]
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    n_H, n_W = (n_H_prev - f) // stride + 1, (n_W_prev - f) // stride + 1
    s = A_prev.strides
    shape = (m, n_H, n_W, f, f, n_C)
    strides = (s[0], s[1] * stride, s[2] * stride, s[1], s[2], s[3])
    windows = as_strided(A_prev, shape=shape, strides=strides, writeable=False)
    A = np.amax(windows, axis=(3, 4)) if mode == "max" else np.average(windows, axis=(3, 4))
    return A, (A_prev, hparameters)


@correct("reshape_flat_windows", "windows flattened to f * f values, then one reduction, printing")
def reshape_flat_windows(A_prev, hparameters, mode="max"):
    windows = _windows(A_prev, hparameters)
    flat = windows.reshape(*windows.shape[:4], -1)
    print("pooling", flat.shape, mode)
    reduce = {"max": np.max, "average": np.mean}[mode]
    return reduce(flat, axis=-1), (A_prev, hparameters)
