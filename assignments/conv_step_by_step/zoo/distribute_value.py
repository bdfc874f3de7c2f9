"""Zoo entries for ``distribute_value(dz, shape)``. The result must hold floats."""

import numpy as np

from autograder.zoo import correct, wrong

# --- wrong -----------------------------------------------------------------------------------


@wrong(
    "integer_division",
    "the share is computed with integer division (//), which drops the fraction: use /",
)
def integer_division(dz, shape):
    n_H, n_W = shape
    average = dz // (n_H * n_W)
    a = np.ones(shape) * average
    return a


@wrong("not_divided", "every entry receives the whole gradient dz: divide it by rows * columns")
def not_divided(dz, shape):
    a = np.full(shape, dz, dtype=float)
    return a


@wrong(
    "divided_by_n_H_only",
    "dz is divided by the number of rows only: divide it by rows * columns",
)
def divided_by_n_H_only(dz, shape):
    n_H, n_W = shape
    a = np.full(shape, dz / n_H)
    return a


@wrong("divided_by_n_H_plus_n_W", "dz is divided by rows + columns: divide it by rows * columns")
def divided_by_n_H_plus_n_W(dz, shape):
    n_H, n_W = shape
    a = np.full(shape, dz / (n_H + n_W))
    return a


@wrong(
    "assumes_square_window",
    "the window is assumed square, dz / rows ** 2: divide by rows * columns",
)
def assumes_square_window(dz, shape):
    n_H, n_W = shape
    a = np.ones(shape) * dz / n_H**2
    return a


@wrong(
    "integer_array",
    "the array is created with an integer dtype, so the shares are truncated: "
    "create it with dtype=float",
)
def integer_array(dz, shape):
    n_H, n_W = shape
    a = np.zeros(shape, dtype=int)
    a[:, :] = dz / (n_H * n_W)
    return a


@wrong(
    "returns_a_number",
    "a single number is returned instead of an array of shape (rows, columns): "
    "fill one with np.full(shape, dz / (rows * columns))",
)
def returns_a_number(dz, shape):
    n_H, n_W = shape
    average = dz / (n_H * n_W)
    return average


# --- correct ---------------------------------------------------------------------------------


@correct("ones_times_share", "np.ones(shape) times dz / (rows * columns)")
def ones_times_share(dz, shape):
    n_H, n_W = shape
    return np.ones(shape) * (dz / (n_H * n_W))


@correct("full_over_prod", "np.full with dz / np.prod(shape) and dtype=float")
def full_over_prod(dz, shape):
    return np.full(shape, dz / np.prod(shape), dtype=float)


@correct("loops_with_print", "loops filling an array of zeros, with a print")
def loops_with_print(dz, shape):
    n_H, n_W = shape
    share = float(dz) / (n_H * n_W)
    print("each cell gets", share)
    a = np.zeros((n_H, n_W))
    for r in range(n_H):
        for c in range(n_W):
            a[r, c] = share
    return a


@correct("full_then_divide", "np.full of dz as floats, then divided by the window's size")
def full_then_divide(dz, shape):
    a = np.full(shape, dz, dtype=np.float64)
    return a / a.size
