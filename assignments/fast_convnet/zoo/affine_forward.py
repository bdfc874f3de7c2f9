"""Zoo entries for ``affine_forward(x, w, b)``."""

import numpy as np

from autograder.zoo import correct, wrong


@wrong(
    "flattened_in_fortran_order",
    'each example is flattened in Fortran order (order="F"): use x.reshape(x.shape[0], -1), '
    "NumPy's default order",
)
def flattened_in_fortran_order(x, w, b):
    flat = x.reshape(x.shape[0], -1, order="F")
    return flat @ w + b, (x, w, b)


@wrong("bias_left_out", "the bias is left out: add b to the product")
def bias_left_out(x, w, b):
    return x.reshape(x.shape[0], -1) @ w, (x, w, b)


@wrong(
    "cache_holds_flat_x",
    "the cache holds x flattened instead of x as it was given: keep (x, w, b)",
)
def cache_holds_flat_x(x, w, b):
    flat = x.reshape(x.shape[0], -1)
    return flat @ w + b, (flat, w, b)


@wrong(
    "not_flattened",
    "x is not flattened, so an input of more than two dimensions fails or is multiplied along "
    "its last axis only: x.reshape(x.shape[0], -1) first",
)
def not_flattened(x, w, b):
    return np.dot(x, w) + b, (x, w, b)


@wrong(
    "output_transposed",
    "out is computed as w.T @ x.T, of shape (M, m): compute x @ w, of shape (m, M)",
)
def output_transposed(x, w, b):
    return w.T @ x.reshape(x.shape[0], -1).T + b[:, None], (x, w, b)


@correct("np_dot", "np.dot with reshape(len(x), -1)")
def np_dot(x, w, b):
    return np.dot(x.reshape(len(x), -1), w) + b, (x, w, b)


@correct("einsum", "np.einsum on the flattened input")
def einsum(x, w, b):
    return np.einsum("md,dk->mk", x.reshape(x.shape[0], -1), w) + b[None, :], (x, w, b)


@correct("tensordot", "np.tensordot over the example's axes, with a print")
def tensordot(x, w, b):
    print("affine", x.shape, "->", w.shape[1])
    out = np.tensordot(x, w.reshape(*x.shape[1:], -1), axes=x.ndim - 1)
    return out + b, (x, w, b)
