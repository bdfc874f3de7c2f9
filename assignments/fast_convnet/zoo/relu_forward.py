"""Zoo entries for ``relu_forward(Z)``."""

import numpy as np

from autograder.zoo import correct, wrong


@wrong(
    "cache_holds_A", "the cache holds the output A instead of the input Z: return Z as the cache"
)
def cache_holds_A(Z):
    A = np.maximum(Z, 0)
    return A, A


@wrong(
    "np_max_reduces",
    "np.max(Z, 0) takes the largest entry along axis 0 instead of comparing each entry with 0: "
    "use np.maximum(Z, 0)",
)
def np_max_reduces(Z):
    return np.max(Z, 0), Z


@wrong(
    "zeroed_in_place",
    "the negative entries of Z are set to 0 in place, which changes the caller's array and the "
    "cache: np.maximum(Z, 0) makes a new array",
)
def zeroed_in_place(Z):
    Z[Z < 0] = 0
    return Z, Z


@wrong(
    "absolute_value", "negative entries are flipped (np.abs) instead of set to 0: np.maximum(Z, 0)"
)
def absolute_value(Z):
    return np.abs(Z), Z


@wrong(
    "mask_instead_of_values",
    "A is the 0/1 mask of the positive entries instead of their values: np.maximum(Z, 0)",
)
def mask_instead_of_values(Z):
    return (Z > 0).astype(float), Z


@wrong("clipped_at_1", "np.clip(Z, 0, 1) also cuts the values above 1: use np.maximum(Z, 0)")
def clipped_at_1(Z):
    return np.clip(Z, 0, 1), Z


@correct("times_mask", "Z times the boolean mask Z > 0")
def times_mask(Z):
    return Z * (Z > 0), Z


@correct("where", "np.where(Z > 0, Z, 0)")
def where(Z):
    return np.where(Z > 0, Z, 0.0), Z


@correct("clip_below_only", "np.clip with no upper bound, on a copy, with a print")
def clip_below_only(Z):
    print("relu of", Z.shape)
    return np.clip(Z.copy(), 0, None), Z
