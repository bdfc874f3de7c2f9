"""Zoo entries for ``pool_backward(dA, cache, mode="max")``.

``create_mask_from_window`` and ``distribute_value`` are the reference ones, standing for the
student's own.
"""

import numpy as np

from assignments.conv_step_by_step import reference
from autograder.zoo import correct, wrong


def create_mask_from_window(x):
    return reference().create_mask_from_window(x)


def distribute_value(dz, shape):
    return reference().distribute_value(dz, shape)


# --- wrong -----------------------------------------------------------------------------------


@wrong(
    "overwrites_overlapping_windows",
    "each window's gradient overwrites (=) what overlapping windows already put into dA_prev: "
    "add it with +=",
)
def overwrites_overlapping_windows(dA, cache, mode="max"):
    A_prev, hparameters = cache
    stride = hparameters["stride"]
    f = hparameters["f"]
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    for i in range(m):
        a_prev = A_prev[i]
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vert_start = h * stride
                    vert_end = vert_start + f
                    horiz_start = w * stride
                    horiz_end = horiz_start + f
                    if mode == "max":
                        a_prev_slice = a_prev[vert_start:vert_end, horiz_start:horiz_end, c]
                        mask = create_mask_from_window(a_prev_slice)
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] = (
                            mask * dA[i, h, w, c]
                        )
                    elif mode == "average":
                        da = dA[i, h, w, c]
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] = (
                            distribute_value(da, (f, f))
                        )
    return dA_prev


@wrong(
    "corner_ignores_stride",
    "the window's top-left corner ignores the stride: use vert_start = h * stride and "
    "horiz_start = w * stride",
)
def corner_ignores_stride(dA, cache, mode="max"):
    A_prev, hparameters = cache
    f = hparameters["f"]
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    for i in range(m):
        a_prev = A_prev[i]
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vert_start = h
                    vert_end = vert_start + f
                    horiz_start = w
                    horiz_end = horiz_start + f
                    if mode == "max":
                        a_prev_slice = a_prev[vert_start:vert_end, horiz_start:horiz_end, c]
                        mask = create_mask_from_window(a_prev_slice)
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += (
                            mask * dA[i, h, w, c]
                        )
                    elif mode == "average":
                        da = dA[i, h, w, c]
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += (
                            distribute_value(da, (f, f))
                        )
    return dA_prev


@wrong(
    "mask_from_whole_input",
    "the mask is built from the whole input of the example instead of the window: "
    "cut a_prev[vert_start:vert_end, horiz_start:horiz_end, c] first",
)
def mask_from_whole_input(dA, cache, mode="max"):
    A_prev, hparameters = cache
    stride = hparameters["stride"]
    f = hparameters["f"]
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    for i in range(m):
        a_prev = A_prev[i]
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vert_start = h * stride
                    vert_end = vert_start + f
                    horiz_start = w * stride
                    horiz_end = horiz_start + f
                    if mode == "max":
                        mask = create_mask_from_window(a_prev[:, :, c])
                        dA_prev[i, :, :, c] += mask * dA[i, h, w, c]
                    elif mode == "average":
                        da = dA[i, h, w, c]
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += (
                            distribute_value(da, (f, f))
                        )
    return dA_prev


@wrong(
    "average_not_divided",
    "each pixel of an average window receives the whole gradient instead of dA / (f * f): "
    "use distribute_value(dA[i, h, w, c], (f, f))",
)
def average_not_divided(dA, cache, mode="max"):
    A_prev, hparameters = cache
    stride = hparameters["stride"]
    f = hparameters["f"]
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    for i in range(m):
        a_prev = A_prev[i]
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vert_start = h * stride
                    vert_end = vert_start + f
                    horiz_start = w * stride
                    horiz_end = horiz_start + f
                    if mode == "max":
                        a_prev_slice = a_prev[vert_start:vert_end, horiz_start:horiz_end, c]
                        mask = create_mask_from_window(a_prev_slice)
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += (
                            mask * dA[i, h, w, c]
                        )
                    elif mode == "average":
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += dA[i, h, w, c]
    return dA_prev


@wrong(
    "average_divided_by_f",
    "an average window's gradient is divided by f instead of f * f: "
    "use distribute_value(dA[i, h, w, c], (f, f))",
)
def average_divided_by_f(dA, cache, mode="max"):
    A_prev, hparameters = cache
    stride = hparameters["stride"]
    f = hparameters["f"]
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    for i in range(m):
        a_prev = A_prev[i]
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vert_start = h * stride
                    vert_end = vert_start + f
                    horiz_start = w * stride
                    horiz_end = horiz_start + f
                    if mode == "max":
                        a_prev_slice = a_prev[vert_start:vert_end, horiz_start:horiz_end, c]
                        mask = create_mask_from_window(a_prev_slice)
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += (
                            mask * dA[i, h, w, c]
                        )
                    elif mode == "average":
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += (
                            dA[i, h, w, c] / f
                        )
    return dA_prev


@wrong(
    "mask_across_channels",
    "the mask is taken over every channel of the window at once: "
    "take one channel, a_prev[vert_start:vert_end, horiz_start:horiz_end, c]",
)
def mask_across_channels(dA, cache, mode="max"):
    A_prev, hparameters = cache
    stride = hparameters["stride"]
    f = hparameters["f"]
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    for i in range(m):
        a_prev = A_prev[i]
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vert_start = h * stride
                    vert_end = vert_start + f
                    horiz_start = w * stride
                    horiz_end = horiz_start + f
                    if mode == "max":
                        a_prev_slice = a_prev[vert_start:vert_end, horiz_start:horiz_end, :]
                        mask = a_prev_slice == np.max(a_prev_slice)
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, :] += (
                            mask * dA[i, h, w, c]
                        )
                    elif mode == "average":
                        da = dA[i, h, w, c]
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += (
                            distribute_value(da, (f, f))
                        )
    return dA_prev


@wrong(
    "mode_ignored",
    "the mode is ignored and every window is treated as max pooling: "
    'use distribute_value when mode == "average"',
)
def mode_ignored(dA, cache, mode="max"):
    A_prev, hparameters = cache
    stride = hparameters["stride"]
    f = hparameters["f"]
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    for i in range(m):
        a_prev = A_prev[i]
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    vert_start = h * stride
                    vert_end = vert_start + f
                    horiz_start = w * stride
                    horiz_end = horiz_start + f
                    a_prev_slice = a_prev[vert_start:vert_end, horiz_start:horiz_end, c]
                    mask = create_mask_from_window(a_prev_slice)
                    dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += (
                        mask * dA[i, h, w, c]
                    )
    return dA_prev


# --- correct ---------------------------------------------------------------------------------


@correct("vectorized_over_batch", "loops over positions only, whole batch and channels at once")
def vectorized_over_batch(dA, cache, mode="max"):
    A_prev, hparameters = cache
    f, s = hparameters["f"], hparameters["stride"]
    _, n_H, n_W, _ = dA.shape
    dA_prev = np.zeros_like(A_prev, dtype=float)
    for h in range(n_H):
        for w in range(n_W):
            rows, cols = slice(h * s, h * s + f), slice(w * s, w * s + f)
            g = dA[:, h, w, :][:, None, None, :]
            if mode == "max":
                window = A_prev[:, rows, cols, :]
                mask = window == window.max(axis=(1, 2), keepdims=True)
                dA_prev[:, rows, cols, :] += mask * g
            else:
                dA_prev[:, rows, cols, :] += g / (f * f)
    return dA_prev


@correct("channel_loop_outside_with_print", "loops with the channel loop outermost, and prints")
def channel_loop_outside_with_print(dA, cache, mode="max"):
    A_prev, hparameters = cache
    stride = hparameters["stride"]
    f = hparameters["f"]
    m, n_H, n_W, n_C = dA.shape
    print("mode:", mode, "dA:", dA.shape)
    dA_prev = np.zeros(A_prev.shape)
    for c in range(n_C):
        for i in range(m):
            for w in range(n_W):
                for h in range(n_H):
                    top, left = h * stride, w * stride
                    if mode == "max":
                        window = A_prev[i, top : top + f, left : left + f, c]
                        dA_prev[i, top : top + f, left : left + f, c] += (
                            create_mask_from_window(window) * dA[i, h, w, c]
                        )
                    else:
                        dA_prev[i, top : top + f, left : left + f, c] += distribute_value(
                            dA[i, h, w, c], (f, f)
                        )
    return dA_prev


@correct("argmax_when_no_tie", "unravel_index of the argmax for max, np.full for average")
def argmax_when_no_tie(dA, cache, mode="max"):
    A_prev, hparameters = cache
    stride = hparameters["stride"]
    f = hparameters["f"]
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                vs, hs = h * stride, w * stride
                for c in range(n_C):
                    if mode == "max":
                        window = A_prev[i, vs : vs + f, hs : hs + f, c]
                        r, k = np.unravel_index(np.argmax(window), window.shape)
                        dA_prev[i, vs + r, hs + k, c] += dA[i, h, w, c]
                    elif mode == "average":
                        dA_prev[i, vs : vs + f, hs : hs + f, c] += np.full(
                            (f, f), dA[i, h, w, c] / f**2
                        )
    return dA_prev
