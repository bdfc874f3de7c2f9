"""Hidden tests of notebook 2: other geometries, a fixed batch, a small batch to overfit, speed.

Expected outputs come from the reference solutions (the notebook's solution cells), so the cases
only describe inputs. They aim at what vectorized code typically gets wrong: the order of the
window's axes, non-square inputs, stride > 1, pad 0, windows that do not tile the input, a batch
of one, one channel; the loss and every gradient of the ConvNet on a fixed batch; and a training
loop that must take a small random batch to 100 % training accuracy in 25 steps.

"Fast" is graded by one large case per convolution exercise (``SPEED_*``), whose time budget
(``Case.seconds``, enforced by ``public_tests.check_case`` in notebooks and in the mutation
score) is far above what a vectorized answer needs and far below what notebook 1's loops need;
the batch grader's own limit, 5 s for all of an exercise's cases, rejects the loops too.
Measured on the 2-core development machine (CPU seconds of one call; the machine was shared with
other jobs, so wall-clock times were longer):

- ``conv_forward_fast``, 8 x 96 x 96 x 1 -> 24 filters (1.77 million outputs, 14 MB): reference
  0.023 s; the zoo's loop entry (notebook 1's four loops) 6.8 s.
- ``conv_backward_fast``, 8 x 64 x 64 x 1 -> 32 filters (dZ of 1.05 million entries, 8.4 MB):
  reference 0.014 s; the loop entry 7.8 s.

Through the batch grader (``python -m autograder grade``, default limits), a submission with the
reference solution passes both exercises, and one with the loop entries gets "did not finish
within 5 seconds: it was still running on case "speed: ..."" for both. The forward case's output
is about 19 MB on the wire, which is why the sandbox's output cap is 32 MB.

Pooling has no such case: a loop over windows costs about 3 microseconds per output number, so
outlasting 5 s would take inputs of tens of MB; its loops are not graded by time (the speed
section of the notebook shows them their cost instead).

The large cases carry no known mistakes: running the zoo's loop entries on them would take
seconds every time the cases are built.
"""

from __future__ import annotations

import numpy as np

from assignments.fast_convnet import reference
from autograder.zoo import known_mistakes_attached
from public_tests import Cache, Case, Scalar

SEED = 20261203
SPEED_SECONDS = 2.0  # the large cases' budget in notebooks; the reference needs about 0.03 s
SPEED_FORWARD = ((8, 96, 96, 1), 24)  # (A_prev shape, filters), f = 3, pad 1, stride 1
SPEED_BACKWARD = ((8, 64, 64, 1), 32)


def _rng(salt: int) -> np.random.Generator:
    return np.random.default_rng([SEED, salt])


def _distinct(rng: np.random.Generator, shape) -> np.ndarray:
    """Random values with no two equal, so that max pooling never meets a tie."""
    size = int(np.prod(shape))
    return (rng.permutation(size) + rng.uniform(0.1, 0.9, size)).reshape(shape) - size / 2


# (name, (m, n_H_prev, n_W_prev, n_C_prev), f, n_C, pad, stride)
CONV_GEOMETRIES = [
    ("one example, one channel, one filter, pad 0", (1, 5, 5, 1), 3, 1, 0, 1),
    ("non-square 7x4, stride 2, pad 1, 3 channels", (2, 7, 4, 3), 3, 4, 1, 2),
    ("stride 3 does not tile a 8x10 input, pad 0", (2, 8, 10, 2), 2, 3, 0, 3),
    ("5x5 filters, pad 2, wide 3x9 input", (1, 3, 9, 2), 5, 2, 2, 1),
    ("1x1 filters, stride 2, 5 channels", (3, 5, 6, 5), 1, 3, 0, 2),
    ("stride 2 larger than f = 1 would skip, f = 2 with pad 1", (2, 5, 5, 2), 2, 2, 1, 2),
    ("filter as large as the padded input", (1, 3, 4, 2), 5, 2, 1, 1),
]

# (name, (m, n_H_prev, n_W_prev, n_C), f, stride)
POOL_GEOMETRIES = [
    ("stride 1, overlapping 2x2 windows, non-square", (2, 4, 6, 3), 2, 1),
    ("3x3 windows, stride 2 does not tile a 8x7 input", (1, 8, 7, 2), 3, 2),
    ("stride 3 skips rows and columns (stride > f)", (2, 8, 9, 1), 2, 3),
    ("window as large as the input, one example", (1, 4, 5, 2), 4, 1),
    ("1x1 windows, stride 2", (2, 5, 4, 3), 1, 2),
    ("tall 9x4 input, one channel, 2x2 stride 2", (1, 9, 4, 1), 2, 2),
]


def _conv_inputs(salt, shape, f, n_C, pad, stride):
    rng = _rng(salt)
    A_prev = rng.standard_normal(shape)
    W = rng.standard_normal((f, f, shape[3], n_C))
    b = rng.standard_normal((1, 1, 1, n_C))
    return A_prev, W, b, {"pad": pad, "stride": stride}


def _conv_cache(A_prev, W, b, hp) -> Cache:
    return Cache(("A_prev", "W", "b", "hparameters"), (A_prev, W, b, hp))


@known_mistakes_attached("conv_forward_fast")
def _conv_forward_fast_cases() -> list[Case]:
    ref = reference()
    cases = []
    for salt, (name, shape, f, n_C, pad, stride) in enumerate(CONV_GEOMETRIES):
        A_prev, W, b, hp = _conv_inputs(100 + salt, shape, f, n_C, pad, stride)
        Z, _ = ref.conv_forward_fast(A_prev, W, b, hp)
        cases.append(Case(name, (A_prev, W, b, hp), (Z, _conv_cache(A_prev, W, b, hp))))
    return cases


def speed_forward_case() -> Case:
    (shape, n_C) = SPEED_FORWARD
    A_prev, W, b, hp = _conv_inputs(150, shape, 3, n_C, 1, 1)
    Z, _ = reference().conv_forward_fast(A_prev, W, b, hp)
    name = (
        "speed: 8 images of 96x96, 24 filters (vectorized: a few hundredths of a second; "
        "notebook 1's loops: about 7 s)"
    )
    return Case(name, (A_prev, W, b, hp), (Z, _conv_cache(A_prev, W, b, hp)), seconds=SPEED_SECONDS)


def hidden_conv_forward_fast_cases() -> list[Case]:
    return [*_conv_forward_fast_cases(), speed_forward_case()]


@known_mistakes_attached("conv_backward_fast")
def _conv_backward_fast_cases() -> list[Case]:
    ref = reference()
    cases = []
    for salt, (name, shape, f, n_C, pad, stride) in enumerate(CONV_GEOMETRIES):
        A_prev, W, b, hp = _conv_inputs(200 + salt, shape, f, n_C, pad, stride)
        Z, cache = ref.conv_forward_fast(A_prev, W, b, hp)
        dZ = _rng(250 + salt).standard_normal(Z.shape)
        cases.append(Case(name, (dZ, cache), ref.conv_backward_fast(dZ, cache)))
    return cases


def speed_backward_case() -> Case:
    (shape, n_C) = SPEED_BACKWARD
    A_prev, W, b, hp = _conv_inputs(260, shape, 3, n_C, 1, 1)
    dZ = _rng(261).standard_normal((*shape[:3], n_C))
    expected = reference().conv_backward_fast(dZ, (A_prev, W, b, hp))
    name = (
        "speed: 8 images of 64x64, 32 filters (vectorized: a few hundredths of a second; "
        "notebook 1's loops: about 8 s)"
    )
    return Case(name, (dZ, (A_prev, W, b, hp)), expected, seconds=SPEED_SECONDS)


def hidden_conv_backward_fast_cases() -> list[Case]:
    return [*_conv_backward_fast_cases(), speed_backward_case()]


@known_mistakes_attached("pool_forward_fast")
def hidden_pool_forward_fast_cases() -> list[Case]:
    ref = reference()
    cases = []
    for salt, (name, shape, f, stride) in enumerate(POOL_GEOMETRIES):
        A_prev = _distinct(_rng(300 + salt), shape)
        hp = {"f": f, "stride": stride}
        for mode in ("max", "average"):
            A, _ = ref.pool_forward_fast(A_prev, hp, mode=mode)
            cache = Cache(("A_prev", "hparameters"), (A_prev, hp))
            cases.append(Case(f"{name}, {mode}", (A_prev, hp), (A, cache), {"mode": mode}))
    return cases


@known_mistakes_attached("pool_backward_fast")
def hidden_pool_backward_fast_cases() -> list[Case]:
    ref = reference()
    cases = []
    for salt, (name, shape, f, stride) in enumerate(POOL_GEOMETRIES):
        A_prev = _distinct(_rng(400 + salt), shape)
        hp = {"f": f, "stride": stride}
        for mode in ("max", "average"):
            A, cache = ref.pool_forward_fast(A_prev, hp, mode=mode)
            dA = _rng(450 + salt).standard_normal(A.shape)
            expected = ref.pool_backward_fast(dA, cache, mode=mode)
            cases.append(Case(f"{name}, {mode}", (dA, cache), (expected,), {"mode": mode}))
    return cases


def _with_zeros(rng: np.random.Generator, shape) -> np.ndarray:
    """Random values, a quarter of them exactly 0: the ReLU's derivative there is 0."""
    Z = rng.standard_normal(shape)
    Z[rng.random(shape) < 0.25] = 0.0
    return Z


RELU_SHAPES = [("a vector", (7,)), ("a 4-D volume", (2, 3, 4, 2)), ("one example", (1, 5))]


@known_mistakes_attached("relu_forward")
def hidden_relu_forward_cases() -> list[Case]:
    ref = reference()
    cases = []
    for salt, (name, shape) in enumerate(RELU_SHAPES):
        Z = _with_zeros(_rng(500 + salt), shape)
        cases.append(Case(f"{name}, some entries exactly 0", (Z,), ref.relu_forward(Z)))
    return cases


@known_mistakes_attached("relu_backward")
def hidden_relu_backward_cases() -> list[Case]:
    ref = reference()
    cases = []
    for salt, (name, shape) in enumerate(RELU_SHAPES):
        rng = _rng(550 + salt)
        Z = _with_zeros(rng, shape)
        dA = rng.standard_normal(shape)
        cases.append(Case(f"{name}, some entries exactly 0", (dA, Z), (ref.relu_backward(dA, Z),)))
    return cases


AFFINE_SHAPES = [
    ("a 4-D input (a pooled volume)", (3, 2, 2, 4), 5),
    ("one example, one output", (1, 6), 1),
    ("a 3-D input, more outputs than inputs", (2, 3, 2), 9),
]


def _affine_inputs(salt, shape, M):
    rng = _rng(salt)
    D = int(np.prod(shape[1:]))
    return rng.standard_normal(shape), rng.standard_normal((D, M)), rng.standard_normal(M)


@known_mistakes_attached("affine_forward")
def hidden_affine_forward_cases() -> list[Case]:
    ref = reference()
    cases = []
    for salt, (name, shape, M) in enumerate(AFFINE_SHAPES):
        x, w, b = _affine_inputs(600 + salt, shape, M)
        out, _ = ref.affine_forward(x, w, b)
        cases.append(Case(name, (x, w, b), (out, Cache(("x", "w", "b"), (x, w, b)))))
    return cases


@known_mistakes_attached("affine_backward")
def hidden_affine_backward_cases() -> list[Case]:
    ref = reference()
    cases = []
    for salt, (name, shape, M) in enumerate(AFFINE_SHAPES):
        x, w, b = _affine_inputs(650 + salt, shape, M)
        dout = _rng(660 + salt).standard_normal((shape[0], M))
        cases.append(Case(name, (dout, (x, w, b)), ref.affine_backward(dout, (x, w, b))))
    return cases


@known_mistakes_attached("softmax_loss")
def hidden_softmax_loss_cases() -> list[Case]:
    ref = reference()
    rng = _rng(700)
    inputs = [
        (
            "random scores, 6 examples, 10 classes",
            rng.standard_normal((6, 10)),
            rng.integers(0, 10, 6),
        ),
        ("one example, 3 classes", np.array([[0.5, -1.0, 2.0]]), np.array([2])),
        (
            "one batch, scores near +1000 and near -1000",
            np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1002.0, -999.0]]),
            np.array([1, 0]),
        ),
        ("the right class's probability rounds to 0", np.array([[0.0, 1000.0]]), np.array([0])),
        ("scores of 1e4 in every class", np.full((2, 4), 1e4) + np.arange(4), np.array([3, 0])),
    ]
    cases = []
    for name, scores, y in inputs:
        value, dscores = ref.softmax_loss(scores, y)
        cases.append(Case(name, (scores, y), (Scalar(value, atol=1e-8), dscores)))
    return cases


def _network(salt, image_shape, filters, f, classes, m):
    rng = _rng(salt)
    n_H, n_W, n_C = image_shape
    params = {
        "W1": rng.standard_normal((f, f, n_C, filters)) * np.sqrt(2 / (f * f * n_C)),
        "b1": 0.1 * rng.standard_normal((1, 1, 1, filters)),
        "W2": rng.standard_normal(((n_H // 2) * (n_W // 2) * filters, classes)) * 0.3,
        "b2": 0.1 * rng.standard_normal(classes),
    }
    X = rng.uniform(0.0, 1.0, (m, *image_shape))
    y = rng.integers(0, classes, m)
    return params, X, y


NETWORKS = [
    ("a fixed batch of 16 digit-sized images, 6 filters", (8, 8, 1), 6, 3, 10, 16),
    ("non-square 6x4 images with 2 channels, 5x5 filters", (6, 4, 2), 3, 5, 4, 5),
    ("one image, one filter, 1x1", (4, 4, 1), 1, 1, 3, 1),
]


@known_mistakes_attached("loss")
def hidden_loss_cases() -> list[Case]:
    ref = reference()
    cases = []
    for salt, (name, *network) in enumerate(NETWORKS):
        params, X, y = _network(800 + salt, *network)
        value, grads = ref.loss(params, X, y)
        cases.append(Case(name, (params, X, y), (Scalar(value, atol=1e-8), grads)))
    return cases


@known_mistakes_attached("sgd_momentum")
def hidden_sgd_momentum_cases() -> list[Case]:
    ref = reference()
    cases = []
    for salt, (name, shape, learning_rate, momentum) in enumerate(
        [
            ("a 4-D filter bank", (2, 2, 1, 3), 0.01, 0.9),
            ("momentum 0 is plain gradient descent", (5,), 0.5, 0.0),
            ("a learning rate of 0 keeps only the velocity", (2, 3), 0.0, 0.8),
        ]
    ):
        rng = _rng(900 + salt)
        w, dw, v = (rng.standard_normal(shape) for _ in range(3))
        args = (w, dw, v, learning_rate, momentum)
        cases.append(Case(name, args, ref.sgd_momentum(*args)))
    return cases


OVERFIT = (
    "overfit 8 random 6x6 images with random labels: 100 % in 25 steps",
    (6, 6, 1),
    8,
    3,
    5,
    8,
)


@known_mistakes_attached("train")
def hidden_train_cases() -> list[Case]:
    ref = reference()
    name, *network = OVERFIT
    params, X, y = _network(1000, *network)
    cases = [Case(name, (params, X, y, 0.1, 0.9, 25), ref.train(params, X, y, 0.1, 0.9, 25))]
    params, X, y = _network(1001, (4, 4, 2), 2, 3, 3, 4)
    args = (params, X, y, 0.05, 0.5, 4)
    cases.append(Case("4 steps on 2-channel images", args, ref.train(*args)))
    return cases


HIDDEN_CASES = {
    "conv_forward_fast": hidden_conv_forward_fast_cases,
    "conv_backward_fast": hidden_conv_backward_fast_cases,
    "pool_forward_fast": hidden_pool_forward_fast_cases,
    "pool_backward_fast": hidden_pool_backward_fast_cases,
    "relu_forward": hidden_relu_forward_cases,
    "relu_backward": hidden_relu_backward_cases,
    "affine_forward": hidden_affine_forward_cases,
    "affine_backward": hidden_affine_backward_cases,
    "softmax_loss": hidden_softmax_loss_cases,
    "loss": hidden_loss_cases,
    "sgd_momentum": hidden_sgd_momentum_cases,
    "train": hidden_train_cases,
}
