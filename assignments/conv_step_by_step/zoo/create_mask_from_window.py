"""Zoo entries for ``create_mask_from_window(x)``.

The notebook's rule: the mask marks every tied maximum (``x == np.max(x)``); 0/1 masks are
accepted as well as booleans.
"""

import numpy as np

from autograder.zoo import correct, wrong

# --- wrong -----------------------------------------------------------------------------------


@wrong(
    "argmax_marks_first_tie_only",
    "only the first of several tied maxima is marked (np.argmax): "
    "mark every tied maximum with x == np.max(x)",
)
def argmax_marks_first_tie_only(x):
    mask = np.zeros(x.shape, dtype=bool)
    mask[np.unravel_index(np.argmax(x), x.shape)] = True
    return mask


@wrong(
    "argmax_flat_index_as_row",
    "np.argmax's flat index is used as a row number, which marks a whole row: use x == np.max(x)",
)
def argmax_flat_index_as_row(x):
    mask = np.zeros(x.shape, dtype=bool)
    mask[np.argmax(x)] = True
    return mask


@wrong("marks_the_minimum", "the mask marks the minimum (np.min): use np.max")
def marks_the_minimum(x):
    mask = x == np.min(x)
    return mask


@wrong(
    "max_per_column",
    "the maximum is taken per column (axis=0) instead of over the whole window: "
    "np.max(x) with no axis",
)
def max_per_column(x):
    mask = x == np.max(x, axis=0)
    return mask


@wrong(
    "max_per_row",
    "the maximum is taken per row (axis=1) instead of over the whole window: "
    "np.max(x) with no axis",
)
def max_per_row(x):
    mask = x == np.max(x, axis=1, keepdims=True)
    return mask


@wrong(
    "returns_masked_values",
    "the window's values are returned where the maximum is (x * mask) instead of True/False: "
    "return the mask itself, x == np.max(x)",
)
def returns_masked_values(x):
    mask = x == np.max(x)
    return x * mask


@wrong(
    "mask_inverted",
    "the mask is inverted, True everywhere except at the maximum (!=): use x == np.max(x)",
)
def mask_inverted(x):
    mask = x != np.max(x)
    return mask


# --- correct ---------------------------------------------------------------------------------


@correct("greater_or_equal", "x >= x.max()")
def greater_or_equal(x):
    return x >= x.max()


@correct("where_ones_zeros", "a 0/1 mask from np.where and np.amax")
def where_ones_zeros(x):
    return np.where(x == np.amax(x), 1, 0)


@correct("loops_with_print", "loops that find the maximum and then mark it, with a print")
def loops_with_print(x):
    n_rows, n_cols = x.shape
    biggest = x[0, 0]
    for r in range(n_rows):
        for c in range(n_cols):
            if x[r, c] > biggest:
                biggest = x[r, c]
    print("window maximum:", biggest)
    mask = np.zeros((n_rows, n_cols), dtype=int)
    for r in range(n_rows):
        for c in range(n_cols):
            if x[r, c] == biggest:
                mask[r, c] = 1
    return mask


@correct("isin_of_max", "np.isin against the maximum, reshaped back to the window")
def isin_of_max(x):
    return np.isin(x.ravel(), [x.max()]).reshape(x.shape)
