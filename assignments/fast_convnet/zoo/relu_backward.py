"""Zoo entries for ``relu_backward(dA, cache)``."""

import numpy as np

from autograder.zoo import correct, wrong


@wrong(
    "passes_at_zero",
    "the gradient also passes where Z is exactly 0 (Z >= 0): the rule is Z > 0",
)
def passes_at_zero(dA, cache):
    return dA * (cache >= 0)


@wrong("mask_without_dA", "dZ is the mask Z > 0 without the upstream gradient: multiply it by dA")
def mask_without_dA(dA, cache):
    return (cache > 0).astype(float)


@wrong(
    "relu_of_dA",
    "the ReLU is applied to dA instead of using the sign of Z: dA * (Z > 0)",
)
def relu_of_dA(dA, cache):
    return np.maximum(dA, 0)


@wrong(
    "dA_zeroed_in_place",
    "dA is changed in place (dA[Z <= 0] = 0), which changes the caller's array: work on a copy or "
    "use dA * (Z > 0)",
)
def dA_zeroed_in_place(dA, cache):
    dA[cache <= 0] = 0
    return dA


@wrong("times_Z", "dA is multiplied by Z instead of by the mask Z > 0: dA * (Z > 0)")
def times_Z(dA, cache):
    return dA * cache


@wrong("mask_inverted", "the gradient passes where Z is negative (Z < 0): use Z > 0")
def mask_inverted(dA, cache):
    return dA * (cache < 0)


@correct("where", "np.where(Z > 0, dA, 0)")
def where(dA, cache):
    return np.where(cache > 0, dA, 0.0)


@correct("heaviside", "np.heaviside(Z, 0), which is 0 at exactly 0")
def heaviside(dA, cache):
    return dA * np.heaviside(cache, 0.0)


@correct("copy_then_zero", "a copy of dA with the entries at Z <= 0 set to 0, with a print")
def copy_then_zero(dA, cache):
    dZ = np.array(dA, dtype=float, copy=True)
    dZ[cache <= 0] = 0.0
    print("relu backward", dZ.shape)
    return dZ
