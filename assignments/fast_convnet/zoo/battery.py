"""A battery of valid random inputs per graded function of notebook 2, to make the zoo's labels
facts.

Independent of the hidden tests on purpose (its own seed, its own way of drawing geometries).
Max pooling gets inputs whose values are all distinct, ReLU inputs hold exact zeros (the
notebook's rule: no gradient there), softmax gets rows far apart and probabilities that round to
0. Each convolution function also gets one large input, on which an implementation must finish
within ``LARGE_SECONDS``: that is what makes "loops over the positions" a wrong answer here.

``disagreement(function_name, implementation, args, kwargs)`` says how an implementation's
outputs differ from the reference's on one input (None when they agree): same structure (tuples,
dictionaries with the same keys), arrays of the same shape and close values, numbers where the
reference returns numbers, nothing changed in place, and no more than ``LARGE_SECONDS`` on a
large input.
"""

from __future__ import annotations

import copy

import numpy as np

from assignments.fast_convnet import reference
from public_tests import TookTooLong, call_within

SEED = 4_806_117  # not the hidden tests' seed
SIZE = 16  # inputs per function
RTOL = 1e-6
ATOL = 1e-8
LARGE = 20_000  # an input with more entries than this is a large one
LARGE_SECONDS = 1.0  # the reference needs about 0.02 s on the large inputs

Input = tuple[tuple, dict]


def _rng(salt: int, k: int) -> np.random.Generator:
    return np.random.default_rng([SEED, salt, k])


def _distinct(rng: np.random.Generator, shape) -> np.ndarray:
    size = int(np.prod(shape))
    return rng.choice(np.linspace(-3, 3, 4 * size + 1), size=size, replace=False).reshape(shape)


def _conv_layer(salt: int, k: int):
    rng = _rng(salt, k)
    pad, stride = k % 3, 1 + (k // 3) % 3
    f = int(rng.integers(1, 5))
    low = max(1, f - 2 * pad)
    shape = (
        int(rng.integers(1, 4)),
        int(rng.integers(low, low + 6)),
        int(rng.integers(low, low + 6)),
        int(rng.integers(1, 4)),
    )
    n_C = int(rng.integers(1, 5))
    A_prev = rng.standard_normal(shape)
    W = rng.standard_normal((f, f, shape[3], n_C))
    b = rng.standard_normal((1, 1, 1, n_C))
    return rng, A_prev, W, b, {"pad": pad, "stride": stride}


def _large_conv_layer(salt: int):
    rng = _rng(salt, 999)
    A_prev = rng.standard_normal((4, 72, 72, 1))  # 20,736 positions
    W = rng.standard_normal((3, 3, 1, 32))
    b = rng.standard_normal((1, 1, 1, 32))
    return rng, A_prev, W, b, {"pad": 1, "stride": 1}


def conv_forward_fast_inputs() -> list[Input]:
    inputs = [(_conv_layer(1, k)[1:], {}) for k in range(SIZE)]
    return [*inputs, (_large_conv_layer(1)[1:], {})]


def conv_backward_fast_inputs() -> list[Input]:
    inputs = []
    for k in [*range(SIZE), None]:
        rng, A_prev, W, b, hp = _conv_layer(2, k) if k is not None else _large_conv_layer(2)
        Z, cache = reference().conv_forward_fast(A_prev, W, b, hp)
        inputs.append(((rng.standard_normal(Z.shape), cache), {}))
    return inputs


def _pool_geometry(rng: np.random.Generator, k: int):
    f, stride = 1 + k % 3, 1 + (k // 3) % 3
    shape = (
        int(rng.integers(1, 4)),
        int(rng.integers(f, f + 6)),
        int(rng.integers(f, f + 6)),
        int(rng.integers(1, 4)),
    )
    return _distinct(rng, shape), {"f": f, "stride": stride}


def pool_forward_fast_inputs() -> list[Input]:
    inputs = []
    for k in range(SIZE // 2):
        A_prev, hp = _pool_geometry(_rng(3, k), k)
        inputs += [((A_prev, hp), {"mode": mode}) for mode in ("max", "average")]
    return inputs


def pool_backward_fast_inputs() -> list[Input]:
    inputs = []
    for k in range(SIZE // 2):
        rng = _rng(4, k)
        A_prev, hp = _pool_geometry(rng, k)
        for mode in ("max", "average"):
            A, cache = reference().pool_forward_fast(A_prev, hp, mode=mode)
            inputs.append(((rng.standard_normal(A.shape), cache), {"mode": mode}))
    return inputs


def _with_zeros(rng: np.random.Generator) -> np.ndarray:
    shape = tuple(int(n) for n in rng.integers(1, 5, size=int(rng.integers(1, 5))))
    Z = rng.standard_normal(shape) * 3
    Z[rng.random(shape) < 0.3] = 0.0
    return Z


def relu_forward_inputs() -> list[Input]:
    return [((_with_zeros(_rng(5, k)),), {}) for k in range(SIZE)]


def relu_backward_inputs() -> list[Input]:
    inputs = []
    for k in range(SIZE):
        rng = _rng(6, k)
        Z = _with_zeros(rng)
        inputs.append(((rng.standard_normal(Z.shape), Z), {}))
    return inputs


def _affine(rng: np.random.Generator):
    m = int(rng.integers(1, 5))
    inner = tuple(int(n) for n in rng.integers(1, 4, size=int(rng.integers(1, 4))))
    M = int(rng.integers(1, 6))
    x = rng.standard_normal((m, *inner))
    w = rng.standard_normal((int(np.prod(inner)), M))
    return x, w, rng.standard_normal(M)


def affine_forward_inputs() -> list[Input]:
    return [(_affine(_rng(7, k)), {}) for k in range(SIZE)]


def affine_backward_inputs() -> list[Input]:
    inputs = []
    for k in range(SIZE):
        rng = _rng(8, k)
        x, w, b = _affine(rng)
        inputs.append(((rng.standard_normal((x.shape[0], w.shape[1])), (x, w, b)), {}))
    return inputs


def softmax_loss_inputs() -> list[Input]:
    inputs = []
    for k in range(SIZE):
        rng = _rng(9, k)
        m, C = int(rng.integers(1, 6)), int(rng.integers(2, 7))
        scale = (1.0, 30.0, 2000.0)[k % 3]
        scores = rng.standard_normal((m, C)) * scale
        if k % 4 == 3 and m > 1:
            scores[0] += 2000.0  # one example far above the others
        inputs.append(((scores, rng.integers(0, C, m)), {}))
    return inputs


def _network(rng: np.random.Generator):
    f = int(rng.choice([1, 3, 5]))
    n_C, filters, classes = (int(n) for n in rng.integers(1, 4, size=3))
    classes += 1
    n_H, n_W = (2 * int(n) for n in rng.integers(1, 4, size=2))
    m = int(rng.integers(1, 5))
    params = {
        "W1": rng.standard_normal((f, f, n_C, filters)),
        "b1": rng.standard_normal((1, 1, 1, filters)),
        "W2": rng.standard_normal(((n_H // 2) * (n_W // 2) * filters, classes)),
        "b2": rng.standard_normal(classes),
    }
    return params, rng.standard_normal((m, n_H, n_W, n_C)), rng.integers(0, classes, m)


def loss_inputs() -> list[Input]:
    return [(_network(_rng(10, k)), {}) for k in range(SIZE)]


def sgd_momentum_inputs() -> list[Input]:
    inputs = []
    for k in range(SIZE):
        rng = _rng(11, k)
        shape = tuple(int(n) for n in rng.integers(1, 4, size=int(rng.integers(1, 4))))
        w, dw, v = (rng.standard_normal(shape) for _ in range(3))
        inputs.append(((w, dw, v, float(rng.uniform(0, 1)), float(rng.uniform(0, 1))), {}))
    return inputs


def train_inputs() -> list[Input]:
    inputs = []
    for k in range(SIZE):
        rng = _rng(12, k)
        params, X, y = _network(rng)
        args = (params, X, y, float(rng.uniform(0.01, 0.1)), float(rng.uniform(0.5, 0.9)), k % 4)
        inputs.append((args, {}))
    return inputs


INPUTS = {
    "conv_forward_fast": conv_forward_fast_inputs,
    "conv_backward_fast": conv_backward_fast_inputs,
    "pool_forward_fast": pool_forward_fast_inputs,
    "pool_backward_fast": pool_backward_fast_inputs,
    "relu_forward": relu_forward_inputs,
    "relu_backward": relu_backward_inputs,
    "affine_forward": affine_forward_inputs,
    "affine_backward": affine_backward_inputs,
    "softmax_loss": softmax_loss_inputs,
    "loss": loss_inputs,
    "sgd_momentum": sgd_momentum_inputs,
    "train": train_inputs,
}


def battery(function_name: str) -> list[Input]:
    return INPUTS[function_name]()


# ---------------------------------------------------------------------------------------------
# Agreement with the reference
# ---------------------------------------------------------------------------------------------


def _differs(got, expected) -> str | None:
    if isinstance(expected, tuple):
        if not isinstance(got, tuple) or len(got) != len(expected):
            return f"a {type(got).__name__} instead of a tuple of {len(expected)}"
        return next((p for g, e in zip(got, expected) if (p := _differs(g, e))), None)
    if isinstance(expected, dict):
        if not isinstance(got, dict) or got.keys() != expected.keys():
            return "a dictionary with other keys" if isinstance(got, dict) else "not a dictionary"
        return next((p for k in expected if (p := _differs(got[k], expected[k]))), None)
    if isinstance(expected, np.ndarray):
        if not isinstance(got, np.ndarray):
            return f"a {type(got).__name__} instead of an array"
        if got.shape != expected.shape:
            return f"shape {got.shape} instead of {expected.shape}"
        if not np.issubdtype(got.dtype, np.number) or not np.all(np.isfinite(got)):
            return "values that are not finite numbers"
        return None if np.allclose(got, expected, rtol=RTOL, atol=ATOL) else "different values"
    if isinstance(expected, (float, np.floating)):
        if isinstance(got, np.ndarray) and got.ndim > 0:
            return f"an array of shape {got.shape} instead of a number"
        if not isinstance(got, (int, float, np.number, np.ndarray)) or isinstance(got, bool):
            return f"a {type(got).__name__} instead of a number"
        return None if np.isclose(got, expected, rtol=RTOL, atol=ATOL) else "a different number"
    return None if got == expected else f"{got!r:.80} instead of {expected!r:.80}"


def _is_large(args) -> bool:
    arrays = [a for a in args if isinstance(a, np.ndarray)]
    arrays += [a for t in args if isinstance(t, tuple) for a in t if isinstance(a, np.ndarray)]
    return any(a.size > LARGE for a in arrays)


def disagreement(function_name: str, implementation, args: tuple, kwargs: dict) -> str | None:
    """How ``implementation`` differs from the reference on one input; None if it agrees."""
    expected = getattr(reference(), function_name)(*copy.deepcopy(args), **kwargs)
    given = copy.deepcopy(args)
    seconds = LARGE_SECONDS if _is_large(args) else None
    try:
        got = call_within(seconds, implementation, *given, **kwargs)
    except TookTooLong:
        return f"took more than {LARGE_SECONDS:g} s on a large input"
    except Exception as error:  # a wrong entry may crash on some inputs
        return f"raised {type(error).__name__}: {error}"
    for before, after in zip(args, given):
        if isinstance(before, np.ndarray) and not np.array_equal(before, after):
            return "changed its input in place"
    return _differs(got, expected)
