"""Zoo entries for ``conv_forward(A_prev, W, b, hparameters)``.

In a student's notebook ``zero_pad`` and ``conv_single_step`` are the student's own; here they
are the reference ones, so that each wrong entry differs from a right answer by its mistake only.
"""

import numpy as np

from assignments.conv_step_by_step import reference
from autograder.zoo import correct, wrong


def zero_pad(X, pad):
    return reference().zero_pad(X, pad)


def conv_single_step(a_slice_prev, W, b):
    return reference().conv_single_step(a_slice_prev, W, b)


# --- wrong -----------------------------------------------------------------------------------


@wrong(
    "corner_ignores_stride",
    "the window's top-left corner ignores the stride: use vert_start = h * stride and "
    "horiz_start = w * stride",
)
def corner_ignores_stride(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, f, n_C_prev, n_C = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        for h in range(n_H):
            vert_start = h
            vert_end = vert_start + f
            for w in range(n_W):
                horiz_start = w
                horiz_end = horiz_start + f
                for c in range(n_C):
                    a_slice_prev = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]
                    Z[i, h, w, c] = conv_single_step(a_slice_prev, W[:, :, :, c], b[:, :, :, c])
    cache = (A_prev, W, b, hparameters)
    return Z, cache


@wrong(
    "output_size_rounded_up",
    "the output size is rounded up (np.ceil) instead of down: "
    "n_H = (n_H_prev + 2 * pad - f) // stride + 1",
)
def output_size_rounded_up(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, f, n_C_prev, n_C = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    n_H = int(np.ceil((n_H_prev + 2 * pad - f) / stride)) + 1
    n_W = int(np.ceil((n_W_prev + 2 * pad - f) / stride)) + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        for h in range(n_H):
            vert_start = h * stride
            vert_end = vert_start + f
            for w in range(n_W):
                horiz_start = w * stride
                horiz_end = horiz_start + f
                for c in range(n_C):
                    a_slice_prev = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]
                    Z[i, h, w, c] = conv_single_step(a_slice_prev, W[:, :, :, c], b[:, :, :, c])
    cache = (A_prev, W, b, hparameters)
    return Z, cache


@wrong(
    "padding_left_out_of_size",
    "the output size leaves the padding out: n_H = (n_H_prev + 2 * pad - f) // stride + 1",
)
def padding_left_out_of_size(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, f, n_C_prev, n_C = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    n_H = (n_H_prev - f) // stride + 1
    n_W = (n_W_prev - f) // stride + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        for h in range(n_H):
            vert_start = h * stride
            vert_end = vert_start + f
            for w in range(n_W):
                horiz_start = w * stride
                horiz_end = horiz_start + f
                for c in range(n_C):
                    a_slice_prev = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]
                    Z[i, h, w, c] = conv_single_step(a_slice_prev, W[:, :, :, c], b[:, :, :, c])
    cache = (A_prev, W, b, hparameters)
    return Z, cache


@wrong(
    "windows_from_unpadded_input",
    "the windows are cut out of A_prev instead of the padded input: slice zero_pad(A_prev, pad)",
)
def windows_from_unpadded_input(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, f, n_C_prev, n_C = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        a_prev_pad = A_prev_pad[i]  # noqa: F841 - computed, then the wrong array is sliced
        for h in range(n_H):
            vert_start = h * stride
            vert_end = vert_start + f
            for w in range(n_W):
                horiz_start = w * stride
                horiz_end = horiz_start + f
                for c in range(n_C):
                    a_slice_prev = A_prev[i, vert_start:vert_end, horiz_start:horiz_end, :]
                    Z[i, h, w, c] = conv_single_step(a_slice_prev, W[:, :, :, c], b[:, :, :, c])
    cache = (A_prev, W, b, hparameters)
    return Z, cache


@wrong(
    "window_end_uses_stride",
    "the window ends at vert_start + stride instead of vert_start + f: a window is f pixels wide",
)
def window_end_uses_stride(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, f, n_C_prev, n_C = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        for h in range(n_H):
            vert_start = h * stride
            vert_end = vert_start + stride
            for w in range(n_W):
                horiz_start = w * stride
                horiz_end = horiz_start + stride
                for c in range(n_C):
                    a_slice_prev = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]
                    Z[i, h, w, c] = conv_single_step(a_slice_prev, W[:, :, :, c], b[:, :, :, c])
    cache = (A_prev, W, b, hparameters)
    return Z, cache


@wrong(
    "rows_and_columns_swapped",
    "the rows and columns of the window are swapped in the slice: rows come first, "
    "a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]",
)
def rows_and_columns_swapped(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, f, n_C_prev, n_C = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        for h in range(n_H):
            vert_start = h * stride
            vert_end = vert_start + f
            for w in range(n_W):
                horiz_start = w * stride
                horiz_end = horiz_start + f
                for c in range(n_C):
                    a_slice_prev = a_prev_pad[horiz_start:horiz_end, vert_start:vert_end, :]
                    Z[i, h, w, c] = conv_single_step(a_slice_prev, W[:, :, :, c], b[:, :, :, c])
    cache = (A_prev, W, b, hparameters)
    return Z, cache


@wrong(
    "bias_of_first_filter",
    "every filter gets the bias of filter 0: filter c uses b[:, :, :, c]",
)
def bias_of_first_filter(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, f, n_C_prev, n_C = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        for h in range(n_H):
            vert_start = h * stride
            vert_end = vert_start + f
            for w in range(n_W):
                horiz_start = w * stride
                horiz_end = horiz_start + f
                for c in range(n_C):
                    a_slice_prev = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]
                    Z[i, h, w, c] = conv_single_step(a_slice_prev, W[:, :, :, c], b[:, :, :, 0])
    cache = (A_prev, W, b, hparameters)
    return Z, cache


# --- correct ---------------------------------------------------------------------------------


@correct("tensordot_per_position", "one np.tensordot per output position, for the whole batch")
def tensordot_per_position(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, _, _, n_C = W.shape
    s, p = hparameters["stride"], hparameters["pad"]
    n_H = (n_H_prev + 2 * p - f) // s + 1
    n_W = (n_W_prev + 2 * p - f) // s + 1
    A_pad = np.pad(A_prev, ((0, 0), (p, p), (p, p), (0, 0)))
    Z = np.empty((m, n_H, n_W, n_C))
    for h in range(n_H):
        for w in range(n_W):
            window = A_pad[:, h * s : h * s + f, w * s : w * s + f, :]
            Z[:, h, w, :] = np.tensordot(window, W, axes=([1, 2, 3], [0, 1, 2])) + b[0, 0, 0]
    return Z, (A_prev, W, b, hparameters)


@correct("sliding_window_einsum", "fully vectorized: sliding_window_view, then np.einsum")
def sliding_window_einsum(A_prev, W, b, hparameters):
    f = W.shape[0]
    s, p = hparameters["stride"], hparameters["pad"]
    A_pad = zero_pad(A_prev, p)
    windows = np.lib.stride_tricks.sliding_window_view(A_pad, (f, f), axis=(1, 2))[:, ::s, ::s]
    Z = np.einsum("mhwkuv,uvkc->mhwc", windows, W) + b.reshape(1, 1, 1, -1)
    return Z, (A_prev, W, b, hparameters)


@correct("filter_loop_outside_with_print", "loops with the filter loop outermost, and prints")
def filter_loop_outside_with_print(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, f, n_C_prev, n_C = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    n_H = int((n_H_prev + 2 * pad - f) / stride) + 1
    n_W = int((n_W_prev + 2 * pad - f) / stride) + 1
    print("output shape:", (m, n_H, n_W, n_C))
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for c in range(n_C):
        weights = W[..., c]
        bias = b[..., c]
        for i in range(m):
            for w in range(n_W):
                for h in range(n_H):
                    top, left = h * stride, w * stride
                    window = A_prev_pad[i, top : top + f, left : left + f]
                    Z[i, h, w, c] = conv_single_step(window, weights, bias)
    return Z, (A_prev, W, b, hparameters)


@correct("inline_sum", "loops with the weighted sum written inline instead of conv_single_step")
def inline_sum(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, n_C = W.shape[0], W.shape[3]
    stride, pad = hparameters["stride"], hparameters["pad"]
    n_H = 1 + (n_H_prev - f + 2 * pad) // stride
    n_W = 1 + (n_W_prev - f + 2 * pad) // stride
    Z = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        padded = np.pad(A_prev[i], ((pad, pad), (pad, pad), (0, 0)), mode="constant")
        for h in range(n_H):
            for w in range(n_W):
                rows = slice(h * stride, h * stride + f)
                cols = slice(w * stride, w * stride + f)
                for c in range(n_C):
                    Z[i, h, w, c] = np.sum(padded[rows, cols, :] * W[:, :, :, c]) + b[0, 0, 0, c]
    cache = (A_prev, W, b, hparameters)
    return Z, cache
