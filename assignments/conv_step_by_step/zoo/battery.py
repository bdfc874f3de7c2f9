"""A battery of valid random inputs per graded function, to establish the zoo's labels as facts.

Independent of the hidden tests on purpose (its own seed and its own way of drawing
geometries): an entry's label must not depend on the cases that are later used to score the
tests. Every geometry is valid (the window fits in the padded input); max pooling gets inputs
whose values are all distinct, so that no window has a tie; ``create_mask_from_window`` gets ties
too, because the notebook states the rule for them (every tied maximum is marked).

``disagreement(function_name, implementation, args, kwargs)`` says how an implementation's
outputs differ from the reference's on one input (None when they agree), with the grading rules
of the notebook: ``conv_single_step`` returns a number, masks may be boolean or 0/1,
``distribute_value`` returns floats, caches hold exactly the inputs, and nothing is changed in
place.
"""

from __future__ import annotations

import copy

import numpy as np

from assignments.conv_step_by_step import reference

SEED = 7_319_004  # not the hidden tests' seed
SIZE = 24  # inputs per function (both pooling modes count separately)
RTOL = 1e-6
ATOL = 1e-8

Input = tuple[tuple, dict]  # (args, kwargs)


def _rng(function_salt: int, k: int) -> np.random.Generator:
    return np.random.default_rng([SEED, function_salt, k])


def _distinct(rng: np.random.Generator, shape) -> np.ndarray:
    size = int(np.prod(shape))
    return rng.choice(np.linspace(-3, 3, 4 * size + 1), size=size, replace=False).reshape(shape)


def _conv_geometry(rng: np.random.Generator, k: int) -> dict:
    pad = k % 4
    stride = 1 + (k // 4) % 3
    f = int(rng.integers(1, 5))
    low = max(1, f - 2 * pad)
    return {
        "shape": (
            int(rng.integers(1, 4)),
            int(rng.integers(low, low + 6)),
            int(rng.integers(low, low + 6)),
            int(rng.integers(1, 5)),
        ),
        "f": f,
        "n_C": int(rng.integers(1, 5)),
        "pad": pad,
        "stride": stride,
    }


def _pool_geometry(rng: np.random.Generator, k: int) -> tuple[tuple, dict]:
    f = 1 + k % 4
    stride = 1 + (k // 4) % 3
    shape = (
        int(rng.integers(1, 4)),
        int(rng.integers(f, f + 6)),
        int(rng.integers(f, f + 6)),
        int(rng.integers(1, 5)),
    )
    return shape, {"f": f, "stride": stride}


def zero_pad_inputs() -> list[Input]:
    inputs = []
    for k in range(SIZE):
        rng = _rng(1, k)
        shape = tuple(int(n) for n in rng.integers(1, [4, 6, 6, 5]))
        inputs.append(((rng.standard_normal(shape), k % 4), {}))
    return inputs


def conv_single_step_inputs() -> list[Input]:
    inputs = []
    for k in range(SIZE):
        rng = _rng(2, k)
        f, channels = 1 + k % 4, int(rng.integers(1, 5))
        a_slice = rng.standard_normal((f, f, channels)) * (100.0 if k % 5 == 0 else 1.0)
        W = rng.standard_normal((f, f, channels))
        b = rng.standard_normal((1, 1, 1))
        inputs.append(((a_slice, W, b), {}))
    return inputs


def _conv_layer(salt: int, k: int):
    rng = _rng(salt, k)
    g = _conv_geometry(rng, k)
    A_prev = rng.standard_normal(g["shape"])
    W = rng.standard_normal((g["f"], g["f"], g["shape"][3], g["n_C"]))
    b = rng.standard_normal((1, 1, 1, g["n_C"]))
    return rng, A_prev, W, b, {"pad": g["pad"], "stride": g["stride"]}


def conv_forward_inputs() -> list[Input]:
    return [(_conv_layer(3, k)[1:], {}) for k in range(SIZE)]


def conv_backward_inputs() -> list[Input]:
    inputs = []
    for k in range(SIZE):
        rng, A_prev, W, b, hp = _conv_layer(5, k)
        Z, cache = reference().conv_forward(A_prev, W, b, hp)
        inputs.append(((rng.standard_normal(Z.shape), cache), {}))
    return inputs


def pool_forward_inputs() -> list[Input]:
    inputs = []
    for k in range(SIZE // 2):
        rng = _rng(4, k)
        shape, hp = _pool_geometry(rng, k)
        A_prev = _distinct(rng, shape)
        inputs += [((A_prev, hp), {"mode": mode}) for mode in ("max", "average")]
    return inputs


def pool_backward_inputs() -> list[Input]:
    inputs = []
    for k in range(SIZE // 2):
        rng = _rng(8, k)
        shape, hp = _pool_geometry(rng, k)
        A_prev = _distinct(rng, shape)
        for mode in ("max", "average"):
            A, cache = reference().pool_forward(A_prev, hp, mode=mode)
            inputs.append(((rng.standard_normal(A.shape), cache), {"mode": mode}))
    return inputs


def create_mask_from_window_inputs() -> list[Input]:
    inputs = []
    for k in range(SIZE):
        rng = _rng(6, k)
        shape = (int(rng.integers(1, 5)), int(rng.integers(1, 5)))
        x = rng.standard_normal(shape)
        if k % 3 == 1 and x.size > 1:  # ties at the maximum
            ties = rng.choice(x.size, size=int(rng.integers(2, x.size + 1)), replace=False)
            x.flat[ties] = x.max()
        elif k % 3 == 2:  # small integers: ties anywhere, negative windows
            x = rng.integers(-4, 2, size=shape).astype(float)
        inputs.append(((x,), {}))
    inputs.append(((np.full((2, 2), -1.5),), {}))
    return inputs


def distribute_value_inputs() -> list[Input]:
    inputs = []
    for k in range(SIZE):
        rng = _rng(7, k)
        shape = (int(rng.integers(1, 5)), int(rng.integers(1, 6)))
        kind = k % 4
        if kind == 0:
            dz = int(rng.integers(-9, 10))  # a Python int, often not divisible
        elif kind == 1:
            dz = float(rng.standard_normal())
        elif kind == 2:
            dz = np.float64(rng.uniform(-5, 5))
        else:
            dz = float(rng.integers(-20, 21))
        inputs.append(((dz, shape), {}))
    inputs.append(((0.0, (2, 3)), {}))
    return inputs


INPUTS = {
    "zero_pad": zero_pad_inputs,
    "conv_single_step": conv_single_step_inputs,
    "conv_forward": conv_forward_inputs,
    "pool_forward": pool_forward_inputs,
    "conv_backward": conv_backward_inputs,
    "create_mask_from_window": create_mask_from_window_inputs,
    "distribute_value": distribute_value_inputs,
    "pool_backward": pool_backward_inputs,
}


def battery(function_name: str) -> list[Input]:
    return INPUTS[function_name]()


# ---------------------------------------------------------------------------------------------
# Agreement with the reference
# ---------------------------------------------------------------------------------------------


def _differs(function_name: str, got, expected) -> str | None:
    if isinstance(expected, tuple):  # a cache: exactly the inputs
        if not isinstance(got, tuple) or len(got) != len(expected):
            return "the cache is not the right tuple"
        for g, e in zip(got, expected):
            same = (
                isinstance(g, np.ndarray) and g.shape == e.shape and np.array_equal(g, e)
                if isinstance(e, np.ndarray)
                else g == e
            )
            if not same:
                return "the cache does not hold the inputs"
        return None
    if function_name == "conv_single_step":
        if isinstance(got, np.ndarray) and got.ndim > 0:
            return f"an array of shape {got.shape} instead of a number"
        if isinstance(got, bool) or not isinstance(got, (int, float, np.number, np.ndarray)):
            return f"a {type(got).__name__} instead of a number"
        return None if np.isclose(got, expected, rtol=RTOL, atol=ATOL) else "a different number"
    if not isinstance(got, np.ndarray):
        return f"a {type(got).__name__} instead of an array"
    if got.shape != np.shape(expected):
        return f"shape {got.shape} instead of {np.shape(expected)}"
    if function_name == "create_mask_from_window":
        if got.dtype != bool and not np.isin(got, (0, 1)).all():
            return "a mask holding values other than 0 and 1"
        return None if np.array_equal(got.astype(bool), expected) else "a different mask"
    if function_name == "distribute_value" and not np.issubdtype(got.dtype, np.floating):
        return f"dtype {got.dtype} instead of floats"
    if not np.issubdtype(got.dtype, np.number) or not np.all(np.isfinite(got)):
        return "values that are not finite numbers"
    return None if np.allclose(got, expected, rtol=RTOL, atol=ATOL) else "different values"


def disagreement(function_name: str, implementation, args: tuple, kwargs: dict) -> str | None:
    """How ``implementation`` differs from the reference on one input; None if it agrees."""
    expected = getattr(reference(), function_name)(*copy.deepcopy(args), **kwargs)
    given = copy.deepcopy(args)
    try:
        got = implementation(*given, **kwargs)
    except Exception as error:  # a wrong entry may crash on some inputs
        return f"raised {type(error).__name__}: {error}"
    for before, after in zip(args, given):
        if isinstance(before, np.ndarray) and not np.array_equal(before, after):
            return "changed its input in place"
    if isinstance(expected, tuple) and function_name != "conv_single_step":
        if not isinstance(got, tuple) or len(got) != len(expected):
            return f"returned {type(got).__name__} instead of {len(expected)} values"
        pairs = list(zip(got, expected))
    else:
        pairs = [(got, expected)]
    for g, e in pairs:
        if (problem := _differs(function_name, g, e)) is not None:
            return problem
    return None
