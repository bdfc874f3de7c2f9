"""Hidden tests: harder cases than the public ones, checked with the public tests' own helpers.

Students never see these cases. Expected outputs come from the reference solutions (loaded from
the authored notebook), so the cases only describe inputs. They aim at what loop-written code
typically gets wrong: pad 0, strides above 1, output sizes that do not divide evenly, non-square
inputs, overlapping windows (stride < f), skipping windows (stride > f), a single example, a
single channel, several filters.
"""

from __future__ import annotations

import numpy as np

from assignments.conv_step_by_step import reference
from autograder.zoo import known_mistakes_attached
from public_tests import Cache, Case, Mask, Scalar

SEED = 20261125


def _rng(salt: int) -> np.random.Generator:
    return np.random.default_rng([SEED, salt])


def _distinct(rng: np.random.Generator, shape) -> np.ndarray:
    """Random values with no two equal, so that max pooling never meets a tie."""
    size = int(np.prod(shape))
    return (rng.permutation(size) + rng.uniform(0.1, 0.9, size)).reshape(shape) - size / 2


# Geometries of a convolution: (name, (m, n_H_prev, n_W_prev, n_C_prev), f, n_C, pad, stride).
CONV_GEOMETRIES = [
    ("pad 0, stride 1, one example, one channel, one filter", (1, 4, 4, 1), 3, 1, 0, 1),
    ("pad 0, stride 3 does not divide evenly, non-square", (2, 8, 7, 2), 2, 3, 0, 3),
    ("pad 2, stride 2, overlapping 3x3 windows, 5 filters", (3, 5, 6, 3), 3, 5, 2, 2),
    ("pad 1, stride 3 skips columns (stride > f)", (2, 7, 9, 2), 2, 2, 1, 3),
    ("1x1 filters, pad 0, stride 2, tall input", (2, 7, 3, 4), 1, 3, 0, 2),
    ("filter as large as the padded input", (1, 3, 3, 2), 5, 2, 1, 1),
    ("pad 3, stride 1, non-square, one example", (1, 2, 5, 3), 4, 2, 3, 1),
]

# Geometries of a pooling layer: (name, (m, n_H_prev, n_W_prev, n_C), f, stride).
POOL_GEOMETRIES = [
    ("stride 1, overlapping 2x2 windows", (2, 4, 5, 3), 2, 1),
    ("stride 2, 3x3 windows overlap and the size does not divide evenly", (1, 8, 7, 2), 3, 2),
    ("stride 3 skips rows and columns (stride > f)", (2, 8, 9, 1), 2, 3),
    ("1x1 windows, stride 1: the identity", (1, 3, 2, 2), 1, 1),
    ("window as large as the input", (3, 4, 4, 2), 4, 1),
    ("non-square input, stride 2, one channel", (1, 9, 4, 1), 2, 2),
]


def _conv_inputs(salt, shape, f, n_C, pad, stride):
    rng = _rng(salt)
    A_prev = rng.standard_normal(shape)
    W = rng.standard_normal((f, f, shape[3], n_C))
    b = rng.standard_normal((1, 1, 1, n_C))
    return A_prev, W, b, {"pad": pad, "stride": stride}


@known_mistakes_attached("zero_pad")
def hidden_zero_pad_cases() -> list[Case]:
    ref = reference()
    cases = []
    for salt, (name, shape, pad) in enumerate(
        [
            ("pad 0", (2, 3, 4, 2), 0),
            ("one example, one channel, pad 1", (1, 2, 3, 1), 1),
            ("non-square with 3 channels, pad 2", (3, 4, 1, 3), 2),
            ("a single pixel, pad 4", (1, 1, 1, 1), 4),
        ]
    ):
        X = _rng(salt).standard_normal(shape)
        cases.append(Case(name, (X, pad), (ref.zero_pad(X, pad),)))
    return cases


@known_mistakes_attached("conv_single_step")
def hidden_conv_single_step_cases() -> list[Case]:
    ref = reference()
    cases = []
    for salt, (name, f, channels) in enumerate(
        [
            ("1x1 window, one channel", 1, 1),
            ("3x3 window, 5 channels", 3, 5),
            ("5x5 window, 2 channels, large values", 5, 2),
        ]
    ):
        rng = _rng(100 + salt)
        scale = 1000.0 if "large" in name else 1.0
        a_slice = rng.standard_normal((f, f, channels)) * scale
        W = rng.standard_normal((f, f, channels))
        b = rng.standard_normal((1, 1, 1))
        cases.append(
            Case(
                name,
                (a_slice, W, b),
                (Scalar(float(ref.conv_single_step(a_slice, W, b)), atol=1e-6),),
            )
        )
    return cases


@known_mistakes_attached("conv_forward")
def hidden_conv_forward_cases() -> list[Case]:
    ref = reference()
    cases = []
    for salt, (name, shape, f, n_C, pad, stride) in enumerate(CONV_GEOMETRIES):
        A_prev, W, b, hp = _conv_inputs(200 + salt, shape, f, n_C, pad, stride)
        Z, _ = ref.conv_forward(A_prev, W, b, hp)
        cache = Cache(("A_prev", "W", "b", "hparameters"), (A_prev, W, b, hp))
        cases.append(Case(name, (A_prev, W, b, hp), (Z, cache)))
    return cases


@known_mistakes_attached("pool_forward")
def hidden_pool_forward_cases() -> list[Case]:
    ref = reference()
    cases = []
    for salt, (name, shape, f, stride) in enumerate(POOL_GEOMETRIES):
        A_prev = _distinct(_rng(300 + salt), shape)
        hp = {"f": f, "stride": stride}
        for mode in ("max", "average"):
            A, _ = ref.pool_forward(A_prev, hp, mode=mode)
            cache = Cache(("A_prev", "hparameters"), (A_prev, hp))
            cases.append(Case(f"{name}, {mode}", (A_prev, hp), (A, cache), {"mode": mode}))
    return cases


@known_mistakes_attached("conv_backward")
def hidden_conv_backward_cases() -> list[Case]:
    ref = reference()
    cases = []
    for salt, (name, shape, f, n_C, pad, stride) in enumerate(CONV_GEOMETRIES):
        A_prev, W, b, hp = _conv_inputs(400 + salt, shape, f, n_C, pad, stride)
        Z, cache = ref.conv_forward(A_prev, W, b, hp)
        dZ = _rng(500 + salt).standard_normal(Z.shape)
        cases.append(Case(name, (dZ, cache), ref.conv_backward(dZ, cache)))
    return cases


@known_mistakes_attached("create_mask_from_window")
def hidden_create_mask_from_window_cases() -> list[Case]:
    ref = reference()
    windows = [
        ("1x1 window", np.array([[-3.5]])),
        ("maximum in the last position", np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])),
        ("three tied maxima", np.array([[2.0, 7.0, 7.0], [7.0, -1.0, 0.0], [3.0, 2.0, 1.0]])),
        ("random 4x4 window", _rng(600).standard_normal((4, 4))),
        ("every entry equal", np.full((2, 3), 1.5)),
    ]
    return [
        Case(name, (x,), (Mask(np.asarray(ref.create_mask_from_window(x), bool)),))
        for name, x in windows
    ]


@known_mistakes_attached("distribute_value")
def hidden_distribute_value_cases() -> list[Case]:
    ref = reference()
    inputs = [
        ("1x1 window keeps the whole gradient", 7.25, (1, 1)),
        ("integer 5 over a 3x3 window", 5, (3, 3)),
        ("non-square 4x1 window", -2.0, (4, 1)),
        ("numpy scalar over a 2x5 window", np.float64(0.3), (2, 5)),
        ("zero gradient", 0.0, (3, 2)),
    ]
    return [
        Case(name, (dz, shape), (ref.distribute_value(dz, shape),)) for name, dz, shape in inputs
    ]


@known_mistakes_attached("pool_backward")
def hidden_pool_backward_cases() -> list[Case]:
    ref = reference()
    cases = []
    for salt, (name, shape, f, stride) in enumerate(POOL_GEOMETRIES):
        A_prev = _distinct(_rng(700 + salt), shape)
        hp = {"f": f, "stride": stride}
        for mode in ("max", "average"):
            A, cache = ref.pool_forward(A_prev, hp, mode=mode)
            dA = _rng(800 + salt).standard_normal(A.shape)
            expected = ref.pool_backward(dA, cache, mode=mode)
            cases.append(Case(f"{name}, {mode}", (dA, cache), (expected,), {"mode": mode}))
    return cases


HIDDEN_CASES = {
    "zero_pad": hidden_zero_pad_cases,
    "conv_single_step": hidden_conv_single_step_cases,
    "conv_forward": hidden_conv_forward_cases,
    "pool_forward": hidden_pool_forward_cases,
    "conv_backward": hidden_conv_backward_cases,
    "create_mask_from_window": hidden_create_mask_from_window_cases,
    "distribute_value": hidden_distribute_value_cases,
    "pool_backward": hidden_pool_backward_cases,
}
