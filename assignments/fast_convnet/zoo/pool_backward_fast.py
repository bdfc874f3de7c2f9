"""Zoo entries for ``pool_backward_fast(dA, cache, mode="max")``."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from autograder.zoo import correct, wrong


def _pooled_max(A_prev, f, stride):
    return sliding_window_view(A_prev, (f, f), axis=(1, 2))[:, ::stride, ::stride].max(axis=(4, 5))


def _backward(dA, cache, mode, step=None, assign=False, average_share=None, mask_of=None):
    """The reference's loop over offsets, with one thing changed by each wrong entry."""
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    _, n_H, n_W, _ = dA.shape
    step = stride if step is None else step
    dA_prev = np.zeros(A_prev.shape)
    A = _pooled_max(A_prev, f, stride) if mask_of is None else mask_of(A_prev)
    for u in range(f):
        for v in range(f):
            rows, columns = slice(u, u + step * n_H, step), slice(v, v + step * n_W, step)
            if mode == "max":
                share = (A_prev[:, rows, columns, :] == A) * dA
            else:
                share = dA / (f * f if average_share is None else average_share(f))
            if assign:
                dA_prev[:, rows, columns, :] = share
            else:
                dA_prev[:, rows, columns, :] += share
    return dA_prev


# --- wrong -----------------------------------------------------------------------------------


@wrong(
    "offsets_assign",
    "each offset's slice overwrites (=) what the other offsets of overlapping windows put there: "
    "add it with +=",
)
def offsets_assign(dA, cache, mode="max"):
    return _backward(dA, cache, mode, assign=True)


@wrong(
    "average_divides_by_f",
    "an average window's gradient is divided by f instead of f * f: add dA / (f * f)",
)
def average_divides_by_f(dA, cache, mode="max"):
    return _backward(dA, cache, mode, average_share=lambda f: f)


@wrong(
    "mask_from_the_whole_input",
    "the mask compares each pixel with the largest value of the whole input instead of its "
    "window's maximum: compare with the pooled maxima A",
)
def mask_from_the_whole_input(dA, cache, mode="max"):
    return _backward(dA, cache, mode, mask_of=lambda A_prev: A_prev.max())


@wrong(
    "offsets_ignore_stride",
    "offset (u, v) of the windows is added at consecutive pixels instead of every stride-th one: "
    "slice u : u + stride * n_H : stride",
)
def offsets_ignore_stride(dA, cache, mode="max"):
    return _backward(dA, cache, mode, step=1)


@wrong(
    "mode_ignored",
    "every window is treated as max pooling, whatever the mode: add dA / (f * f) when mode == "
    '"average"',
)
def mode_ignored(dA, cache, mode="max"):
    return _backward(dA, cache, "max")


# --- correct ---------------------------------------------------------------------------------


@correct("add_at_indices", "np.add.at with explicit indices of every window's pixels")
def add_at_indices(dA, cache, mode="max"):
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    _, n_H, n_W, _ = dA.shape
    rows = (np.arange(n_H) * stride)[:, None, None, None] + np.arange(f)[None, None, :, None]
    columns = (np.arange(n_W) * stride)[None, :, None, None] + np.arange(f)[None, None, None, :]
    windows = A_prev[:, rows, columns, :]  # (m, n_H, n_W, f, f, n_C)
    if mode == "max":
        share = (windows == windows.max(axis=(3, 4), keepdims=True)) * dA[:, :, :, None, None, :]
    else:
        share = np.broadcast_to(dA[:, :, :, None, None, :] / f**2, windows.shape)
    dA_prev = np.zeros_like(A_prev, dtype=float)
    np.add.at(dA_prev, (slice(None), rows, columns), share)
    return dA_prev


@correct("where_per_offset", "np.where for the mask, offsets looped in the other order")
def where_per_offset(dA, cache, mode="max"):
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    _, n_H, n_W, _ = dA.shape
    pooled = _pooled_max(A_prev, f, stride)
    dA_prev = np.zeros(A_prev.shape)
    for v in range(f):
        for u in range(f):
            window = (slice(None), slice(u, u + stride * n_H, stride))
            window += (slice(v, v + stride * n_W, stride),)
            if mode == "average":
                dA_prev[window] += dA / f / f
            else:
                dA_prev[window] += np.where(A_prev[window] == pooled, dA, 0.0)
    return dA_prev


@correct("upsampled_masks", "the pooled maxima and dA repeated over each window, with a print")
def upsampled_masks(dA, cache, mode="max"):
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    print("pool backward, mode", mode)
    _, n_H, n_W, _ = dA.shape
    pooled = _pooled_max(A_prev, f, stride)
    dA_prev = np.zeros(A_prev.shape)
    for u in range(f):
        for v in range(f):
            pixels = A_prev[:, u : u + stride * n_H : stride, v : v + stride * n_W : stride]
            weight = (pixels == pooled).astype(float) if mode == "max" else 1.0 / (f * f)
            dA_prev[:, u : u + stride * n_H : stride, v : v + stride * n_W : stride] += weight * dA
    return dA_prev
