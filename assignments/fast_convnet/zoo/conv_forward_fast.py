"""Zoo entries for ``conv_forward_fast(A_prev, W, b, hparameters)``."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from autograder.zoo import correct, wrong


def _sizes(A_prev, W, hparameters):
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, _, _, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    return m, n_C_prev, f, n_C, stride, pad, n_H, n_W


def _pad(A_prev, pad):
    return np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))


# --- wrong -----------------------------------------------------------------------------------


@wrong(
    "loops_as_in_notebook_1",
    "the layer loops over examples, rows, columns and filters as in notebook 1, which is far too "
    "slow for a large input: build cols with sliding_window_view and use one matrix product",
)
def loops_as_in_notebook_1(A_prev, W, b, hparameters):
    m, n_C_prev, f, n_C, stride, pad, n_H, n_W = _sizes(A_prev, W, hparameters)
    A_pad = _pad(A_prev, pad)
    Z = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                window = A_pad[i, h * stride : h * stride + f, w * stride : w * stride + f, :]
                for c in range(n_C):
                    Z[i, h, w, c] = np.sum(window * W[:, :, :, c]) + b[0, 0, 0, c]
    return Z, (A_prev, W, b, hparameters)


@wrong(
    "channels_not_moved_last",
    "each window is flattened in the order (channel, row, column) of sliding_window_view, while "
    "W.reshape uses (row, column, channel): move the channel axis after the window axes first",
)
def channels_not_moved_last(A_prev, W, b, hparameters):
    m, n_C_prev, f, n_C, stride, pad, n_H, n_W = _sizes(A_prev, W, hparameters)
    windows = sliding_window_view(_pad(A_prev, pad), (f, f), axis=(1, 2))[:, ::stride, ::stride]
    cols = windows.reshape(m * n_H * n_W, f * f * n_C_prev)
    Z = cols @ W.reshape(f * f * n_C_prev, n_C) + b.reshape(1, n_C)
    return Z.reshape(m, n_H, n_W, n_C), (A_prev, W, b, hparameters)


@wrong(
    "every_window_kept",
    "every window is kept instead of every stride-th one, and the first n_H x n_W of them are "
    "used: slice the windows with [:, ::stride, ::stride]",
)
def every_window_kept(A_prev, W, b, hparameters):
    m, n_C_prev, f, n_C, stride, pad, n_H, n_W = _sizes(A_prev, W, hparameters)
    windows = sliding_window_view(_pad(A_prev, pad), (f, f), axis=(1, 2))[:, :n_H, :n_W]
    cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(m * n_H * n_W, f * f * n_C_prev)
    Z = cols @ W.reshape(f * f * n_C_prev, n_C) + b.reshape(1, n_C)
    return Z.reshape(m, n_H, n_W, n_C), (A_prev, W, b, hparameters)


@wrong(
    "filters_reshaped_by_rows",
    "the filters are reshaped with W.reshape(n_C, -1).T, which mixes the numbers of different "
    "filters: W.reshape(f * f * n_C_prev, n_C) keeps each filter in its own column",
)
def filters_reshaped_by_rows(A_prev, W, b, hparameters):
    m, n_C_prev, f, n_C, stride, pad, n_H, n_W = _sizes(A_prev, W, hparameters)
    windows = sliding_window_view(_pad(A_prev, pad), (f, f), axis=(1, 2))[:, ::stride, ::stride]
    cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(m * n_H * n_W, f * f * n_C_prev)
    Z = cols @ W.reshape(n_C, -1).T + b.reshape(1, n_C)
    return Z.reshape(m, n_H, n_W, n_C), (A_prev, W, b, hparameters)


@wrong(
    "product_transposed_before_reshape",
    "the product is transposed before the reshape, so filters and positions are mixed: reshape "
    "cols @ W_col, of shape (m * n_H * n_W, n_C), directly",
)
def product_transposed_before_reshape(A_prev, W, b, hparameters):
    m, n_C_prev, f, n_C, stride, pad, n_H, n_W = _sizes(A_prev, W, hparameters)
    windows = sliding_window_view(_pad(A_prev, pad), (f, f), axis=(1, 2))[:, ::stride, ::stride]
    cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(m * n_H * n_W, f * f * n_C_prev)
    Z = (cols @ W.reshape(f * f * n_C_prev, n_C)).T.reshape(m, n_H, n_W, n_C)
    return Z + b, (A_prev, W, b, hparameters)


@wrong(
    "padding_left_out_of_size",
    "the output size leaves the padding out, so the last rows and columns are missing: "
    "n_H = 1 + (n_H_prev + 2 * pad - f) // stride",
)
def padding_left_out_of_size(A_prev, W, b, hparameters):
    m, n_C_prev, f, n_C, stride, pad, _, _ = _sizes(A_prev, W, hparameters)
    n_H = (A_prev.shape[1] - f) // stride + 1
    n_W = (A_prev.shape[2] - f) // stride + 1
    windows = sliding_window_view(_pad(A_prev, pad), (f, f), axis=(1, 2))[:, ::stride, ::stride]
    windows = windows[:, :n_H, :n_W]
    cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(m * n_H * n_W, f * f * n_C_prev)
    Z = cols @ W.reshape(f * f * n_C_prev, n_C) + b.reshape(1, n_C)
    return Z.reshape(m, n_H, n_W, n_C), (A_prev, W, b, hparameters)


# --- correct ---------------------------------------------------------------------------------


@correct("einsum_on_windows", "np.einsum straight on the window view, no explicit cols")
def einsum_on_windows(A_prev, W, b, hparameters):
    m, n_C_prev, f, n_C, stride, pad, n_H, n_W = _sizes(A_prev, W, hparameters)
    windows = sliding_window_view(_pad(A_prev, pad), (f, f), axis=(1, 2))[:, ::stride, ::stride]
    Z = np.einsum("mhwkuv,uvkc->mhwc", windows, W, optimize=True) + b.reshape(1, 1, 1, n_C)
    return Z, (A_prev, W, b, hparameters)


@correct("tensordot_on_windows", "np.tensordot over the window axes, with a print")
def tensordot_on_windows(A_prev, W, b, hparameters):
    m, n_C_prev, f, n_C, stride, pad, n_H, n_W = _sizes(A_prev, W, hparameters)
    windows = sliding_window_view(_pad(A_prev, pad), (f, f), axis=(1, 2))[:, ::stride, ::stride]
    print("windows:", windows.shape)
    Z = np.tensordot(windows, W, axes=([3, 4, 5], [2, 0, 1])) + b[0, 0]
    return Z, (A_prev, W, b, hparameters)


@correct("shifted_products", "one product per filter offset, added up: a loop over f x f only")
def shifted_products(A_prev, W, b, hparameters):
    m, n_C_prev, f, n_C, stride, pad, n_H, n_W = _sizes(A_prev, W, hparameters)
    A_pad = _pad(A_prev, pad)
    Z = np.zeros((m, n_H, n_W, n_C)) + b
    for u in range(f):
        for v in range(f):
            pixels = A_pad[:, u : u + stride * n_H : stride, v : v + stride * n_W : stride, :]
            Z += pixels @ W[u, v]
    return Z, (A_prev, W, b, hparameters)


@correct("cols_filled_by_offsets", "cols filled one offset at a time, then one product")
def cols_filled_by_offsets(A_prev, W, b, hparameters):
    m, n_C_prev, f, n_C, stride, pad, n_H, n_W = _sizes(A_prev, W, hparameters)
    A_pad = _pad(A_prev, pad)
    cols = np.empty((m, n_H, n_W, f, f, n_C_prev))
    for u in range(f):
        for v in range(f):
            cols[:, :, :, u, v, :] = A_pad[
                :, u : u + stride * n_H : stride, v : v + stride * n_W : stride, :
            ]
    Z = np.dot(cols.reshape(-1, f * f * n_C_prev), W.reshape(-1, n_C)) + b.ravel()
    return Z.reshape(m, n_H, n_W, n_C), (A_prev, W, b, hparameters)
