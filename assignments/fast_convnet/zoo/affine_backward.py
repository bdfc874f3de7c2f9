"""Zoo entries for ``affine_backward(dout, cache)``."""

import numpy as np

from autograder.zoo import correct, wrong


def _flat(x):
    return x.reshape(x.shape[0], -1)


@wrong("dx_left_flat", "dx is left flat, of shape (m, D): reshape it to x.shape")
def dx_left_flat(dout, cache):
    x, w, b = cache
    return dout @ w.T, _flat(x).T @ dout, dout.sum(axis=0)


@wrong("dw_transposed", "dw is computed as dout.T @ x, of shape (M, D): use x.T @ dout")
def dw_transposed(dout, cache):
    x, w, b = cache
    return (dout @ w.T).reshape(x.shape), dout.T @ _flat(x), dout.sum(axis=0)


@wrong(
    "db_averaged",
    "db averages dout over the examples instead of adding it up: np.sum(dout, axis=0)",
)
def db_averaged(dout, cache):
    x, w, b = cache
    return (dout @ w.T).reshape(x.shape), _flat(x).T @ dout, dout.mean(axis=0)


@wrong("dx_uses_w", "dx multiplies dout by w instead of by w.T: dx = dout @ w.T")
def dx_uses_w(dout, cache):
    x, w, b = cache
    return (dout @ w).reshape(x.shape), _flat(x).T @ dout, dout.sum(axis=0)


@wrong("db_sums_outputs", "db sums over the outputs (axis=1) instead of the examples: axis=0")
def db_sums_outputs(dout, cache):
    x, w, b = cache
    return (dout @ w.T).reshape(x.shape), _flat(x).T @ dout, dout.sum(axis=1)


@wrong(
    "dw_from_fortran_order",
    'x is flattened in Fortran order (order="F") for dw: use x.reshape(x.shape[0], -1)',
)
def dw_from_fortran_order(dout, cache):
    x, w, b = cache
    flat = x.reshape(x.shape[0], -1, order="F")
    return (dout @ w.T).reshape(x.shape), flat.T @ dout, dout.sum(axis=0)


@correct("np_dot", "np.dot and np.reshape")
def np_dot(dout, cache):
    x, w, b = cache
    dx = np.reshape(np.dot(dout, w.T), x.shape)
    return dx, np.dot(_flat(x).T, dout), np.sum(dout, 0)


@correct("einsum", "np.einsum for every gradient")
def einsum(dout, cache):
    x, w, b = cache
    flat = _flat(x)
    return (
        np.einsum("mk,dk->md", dout, w).reshape(x.shape),
        np.einsum("md,mk->dk", flat, dout),
        np.einsum("mk->k", dout),
    )


@correct("tensordot", "np.tensordot without flattening x, with a print")
def tensordot(dout, cache):
    x, w, b = cache
    print("affine backward", x.shape)
    w_shaped = w.reshape(*x.shape[1:], -1)
    dx = np.tensordot(dout, w_shaped, axes=([1], [w_shaped.ndim - 1]))
    dw = np.tensordot(x, dout, axes=([0], [0])).reshape(w.shape)
    return dx, dw, dout.sum(axis=0)
