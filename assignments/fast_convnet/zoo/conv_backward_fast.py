"""Zoo entries for ``conv_backward_fast(dZ, cache)``."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from autograder.zoo import correct, wrong


def _parts(dZ, cache):
    """Everything but col2im, computed as the reference does, so that each entry differs from a
    right answer by its mistake only."""
    A_prev, W, b, hparameters = cache
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, _, _, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    _, n_H, n_W, _ = dZ.shape
    A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(A_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(m * n_H * n_W, f * f * n_C_prev)
    dZ_col = dZ.reshape(m * n_H * n_W, n_C)
    return A_prev, W, b, f, stride, pad, n_H, n_W, A_pad, cols, dZ_col


def _dcols(dZ_col, W, shape):
    return (dZ_col @ W.reshape(-1, W.shape[3]).T).reshape(shape)


def _col2im(dcols, A_pad, f, stride, n_H, n_W):
    dA_pad = np.zeros(A_pad.shape)
    for u in range(f):
        for v in range(f):
            dA_pad[:, u : u + stride * n_H : stride, v : v + stride * n_W : stride, :] += dcols[
                :, :, :, u, v, :
            ]
    return dA_pad


def _unpad(dA_pad, A_prev, pad):
    return dA_pad[:, pad : pad + A_prev.shape[1], pad : pad + A_prev.shape[2], :]


# --- wrong -----------------------------------------------------------------------------------


@wrong(
    "loops_as_in_notebook_1",
    "the gradients are accumulated in loops over examples, rows, columns and filters as in "
    "notebook 1, which is far too slow for a large input: use the two matrix products and col2im",
)
def loops_as_in_notebook_1(dZ, cache):
    A_prev, W, b, hparameters = cache
    f, stride, pad = W.shape[0], hparameters["stride"], hparameters["pad"]
    m, n_H, n_W, n_C = dZ.shape
    A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dA_pad = np.zeros(A_pad.shape)
    dW, db = np.zeros(W.shape), np.zeros(b.shape)
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                rows = slice(h * stride, h * stride + f)
                columns = slice(w * stride, w * stride + f)
                for c in range(n_C):
                    dA_pad[i, rows, columns, :] += W[:, :, :, c] * dZ[i, h, w, c]
                    dW[:, :, :, c] += A_pad[i, rows, columns, :] * dZ[i, h, w, c]
                    db[:, :, :, c] += dZ[i, h, w, c]
    return _unpad(dA_pad, A_prev, pad), dW, db


@wrong(
    "col2im_assigns",
    "each offset's slice overwrites (=) what the other offsets of overlapping windows put there: "
    "add it with +=",
)
def col2im_assigns(dZ, cache):
    A_prev, W, b, f, stride, pad, n_H, n_W, A_pad, cols, dZ_col = _parts(dZ, cache)
    dcols = _dcols(dZ_col, W, (dZ.shape[0], n_H, n_W, f, f, A_prev.shape[3]))
    dA_pad = np.zeros(A_pad.shape)
    for u in range(f):
        for v in range(f):
            dA_pad[:, u : u + stride * n_H : stride, v : v + stride * n_W : stride, :] = dcols[
                :, :, :, u, v, :
            ]
    dW = (cols.T @ dZ_col).reshape(W.shape)
    return _unpad(dA_pad, A_prev, pad), dW, dZ_col.sum(axis=0).reshape(b.shape)


@wrong(
    "dcols_channels_first",
    "dcols is reshaped to (m, n_H, n_W, n_C_prev, f, f), but its columns are in W's order "
    "(row, column, channel): reshape it to (m, n_H, n_W, f, f, n_C_prev)",
)
def dcols_channels_first(dZ, cache):
    A_prev, W, b, f, stride, pad, n_H, n_W, A_pad, cols, dZ_col = _parts(dZ, cache)
    dcols = _dcols(dZ_col, W, (dZ.shape[0], n_H, n_W, A_prev.shape[3], f, f))
    dA_pad = np.zeros(A_pad.shape)
    for u in range(f):
        for v in range(f):
            dA_pad[:, u : u + stride * n_H : stride, v : v + stride * n_W : stride, :] += dcols[
                :, :, :, :, u, v
            ]
    dW = (cols.T @ dZ_col).reshape(W.shape)
    return _unpad(dA_pad, A_prev, pad), dW, dZ_col.sum(axis=0).reshape(b.shape)


@wrong(
    "dW_not_transposed_back",
    "dW is computed as dZ_col.T @ cols, of shape (n_C, f * f * n_C_prev), and reshaped without "
    "transposing it back: use cols.T @ dZ_col",
)
def dW_not_transposed_back(dZ, cache):
    A_prev, W, b, f, stride, pad, n_H, n_W, A_pad, cols, dZ_col = _parts(dZ, cache)
    dcols = _dcols(dZ_col, W, (dZ.shape[0], n_H, n_W, f, f, A_prev.shape[3]))
    dA_pad = _col2im(dcols, A_pad, f, stride, n_H, n_W)
    dW = (dZ_col.T @ cols).reshape(W.shape)
    return _unpad(dA_pad, A_prev, pad), dW, dZ_col.sum(axis=0).reshape(b.shape)


@wrong(
    "unpad_with_negative_end",
    "the padding is cut off with [pad:-pad], which is empty when pad is 0: use "
    "[:, pad : pad + n_H_prev, pad : pad + n_W_prev, :]",
)
def unpad_with_negative_end(dZ, cache):
    A_prev, W, b, f, stride, pad, n_H, n_W, A_pad, cols, dZ_col = _parts(dZ, cache)
    dcols = _dcols(dZ_col, W, (dZ.shape[0], n_H, n_W, f, f, A_prev.shape[3]))
    dA_pad = _col2im(dcols, A_pad, f, stride, n_H, n_W)
    dW = (cols.T @ dZ_col).reshape(W.shape)
    return dA_pad[:, pad:-pad, pad:-pad, :], dW, dZ_col.sum(axis=0).reshape(b.shape)


@wrong(
    "db_averaged",
    "db averages dZ over the positions and examples instead of adding it up: dZ_col.sum(axis=0)",
)
def db_averaged(dZ, cache):
    A_prev, W, b, f, stride, pad, n_H, n_W, A_pad, cols, dZ_col = _parts(dZ, cache)
    dcols = _dcols(dZ_col, W, (dZ.shape[0], n_H, n_W, f, f, A_prev.shape[3]))
    dA_pad = _col2im(dcols, A_pad, f, stride, n_H, n_W)
    dW = (cols.T @ dZ_col).reshape(W.shape)
    return _unpad(dA_pad, A_prev, pad), dW, dZ_col.mean(axis=0).reshape(b.shape)


@wrong(
    "col2im_ignores_stride",
    "col2im adds offset (u, v) of the windows at consecutive pixels instead of every stride-th "
    "one: slice u : u + stride * n_H : stride",
)
def col2im_ignores_stride(dZ, cache):
    A_prev, W, b, f, stride, pad, n_H, n_W, A_pad, cols, dZ_col = _parts(dZ, cache)
    dcols = _dcols(dZ_col, W, (dZ.shape[0], n_H, n_W, f, f, A_prev.shape[3]))
    dA_pad = _col2im(dcols, A_pad, f, 1, n_H, n_W)
    dW = (cols.T @ dZ_col).reshape(W.shape)
    return _unpad(dA_pad, A_prev, pad), dW, dZ_col.sum(axis=0).reshape(b.shape)


# --- correct ---------------------------------------------------------------------------------


@correct("einsum_everywhere", "np.einsum on the window view for dW and for each offset of dA")
def einsum_everywhere(dZ, cache):
    A_prev, W, b, hparameters = cache
    f, stride, pad = W.shape[0], hparameters["stride"], hparameters["pad"]
    _, n_H, n_W, _ = dZ.shape
    A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(A_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    dW = np.einsum("mhwkuv,mhwc->uvkc", windows, dZ, optimize=True)
    dA_pad = np.zeros_like(A_pad)
    for u in range(f):
        for v in range(f):
            rows = slice(u, u + stride * n_H, stride)
            columns = slice(v, v + stride * n_W, stride)
            dA_pad[:, rows, columns, :] += np.einsum("mhwc,kc->mhwk", dZ, W[u, v], optimize=True)
    db = dZ.sum(axis=(0, 1, 2)).reshape(1, 1, 1, -1)
    n_H_prev, n_W_prev = A_prev.shape[1:3]
    return dA_pad[:, pad : pad + n_H_prev, pad : pad + n_W_prev], dW, db


@correct("add_at_col2im", "col2im with np.add.at and explicit pixel indices")
def add_at_col2im(dZ, cache):
    A_prev, W, b, f, stride, pad, n_H, n_W, A_pad, cols, dZ_col = _parts(dZ, cache)
    dcols = _dcols(dZ_col, W, (dZ.shape[0], n_H, n_W, f, f, A_prev.shape[3]))
    rows = (np.arange(n_H) * stride)[:, None, None, None] + np.arange(f)[None, None, :, None]
    columns = (np.arange(n_W) * stride)[None, :, None, None] + np.arange(f)[None, None, None, :]
    dA_pad = np.zeros(A_pad.shape)
    np.add.at(dA_pad, (slice(None), rows, columns), dcols)
    dW = np.dot(cols.T, dZ_col).reshape(W.shape)
    return _unpad(dA_pad, A_prev, pad), dW, np.sum(dZ_col, axis=0).reshape(b.shape)


@correct("products_by_offset", "dW and dA_prev one filter offset at a time, with a print")
def products_by_offset(dZ, cache):
    A_prev, W, b, hparameters = cache
    f, stride, pad = W.shape[0], hparameters["stride"], hparameters["pad"]
    m, n_H, n_W, n_C = dZ.shape
    print("backward of", A_prev.shape)
    A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dA_pad = np.zeros(A_pad.shape)
    dW = np.zeros(W.shape)
    flat_dZ = dZ.reshape(-1, n_C)
    for u in range(f):
        for v in range(f):
            rows = slice(u, u + stride * n_H, stride)
            columns = slice(v, v + stride * n_W, stride)
            pixels = A_pad[:, rows, columns, :].reshape(-1, A_prev.shape[3])
            dW[u, v] = pixels.T @ flat_dZ
            dA_pad[:, rows, columns, :] += (flat_dZ @ W[u, v].T).reshape(m, n_H, n_W, -1)
    db = flat_dZ.sum(axis=0).reshape(b.shape)
    return _unpad(dA_pad, A_prev, pad), dW, db
