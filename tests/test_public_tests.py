"""The public and hidden tests pass the reference, reject wrong code with a useful message, and
accept correct code written another way."""

from __future__ import annotations

import numpy as np
import pytest

import public_tests
from autograder.course import REPO_ROOT
from autograder.hidden import run_hidden as run_hidden_of
from autograder.reference import reference

REF = reference("conv_step_by_step")
NAMES = [name for name in public_tests.PUBLIC_TESTS if hasattr(REF, name)]


def run_hidden(name, target):
    run_hidden_of("conv_step_by_step", name, target)


@pytest.mark.parametrize("name", NAMES)
def test_reference_passes_public_and_hidden_tests(name, capsys):
    public_tests.PUBLIC_TESTS[name](getattr(REF, name))
    run_hidden(name, getattr(REF, name))
    assert "all" in capsys.readouterr().out


# --- One realistic wrong implementation per function, and the words its failure must contain ---


def pad_one_side(X, pad):
    return np.pad(X, ((0, 0), (pad, 0), (pad, 0), (0, 0)))


def bias_not_taken_out(a_slice_prev, W, b):
    return np.sum(a_slice_prev * W) + b


def corner_ignores_stride(A_prev, W, b, hparameters):
    stride, pad = hparameters["stride"], hparameters["pad"]
    f, n_C = W.shape[0], W.shape[3]
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    padded = REF.zero_pad(A_prev, pad)
    Z = np.zeros((m, n_H, n_W, n_C))
    for i, h, w, c in np.ndindex(Z.shape):
        window = padded[i, h : h + f, w : w + f, :]
        Z[i, h, w, c] = np.sum(window * W[..., c]) + b[0, 0, 0, c]
    return Z, (A_prev, W, b, hparameters)


def pool_across_channels(A_prev, hparameters, mode="max"):
    f, stride = hparameters["f"], hparameters["stride"]
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    A = np.zeros((m, (n_H_prev - f) // stride + 1, (n_W_prev - f) // stride + 1, n_C))
    summarise = np.max if mode == "max" else np.mean
    for i, h, w, c in np.ndindex(A.shape):
        A[i, h, w, c] = summarise(
            A_prev[i, h * stride : h * stride + f, w * stride : w * stride + f]
        )
    return A, (A_prev, hparameters)


def unpad_with_negative_end(dZ, cache):
    A_prev, W, b, hparameters = cache
    pad = hparameters["pad"]
    dA_prev, dW, db = REF.conv_backward(dZ, cache)
    padded = REF.zero_pad(dA_prev, pad)
    return padded[:, pad:-pad, pad:-pad, :], dW, db


def mask_of_minimum(x):
    return x == np.min(x)


def integer_division(dz, shape):
    return np.full(shape, dz // (shape[0] * shape[1]))


def assign_instead_of_add(dA, cache, mode="max"):
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    dA_prev = np.zeros(A_prev.shape)
    for i, h, w, c in np.ndindex(dA.shape):
        rows, cols = slice(h * stride, h * stride + f), slice(w * stride, w * stride + f)
        if mode == "max":
            window = A_prev[i, rows, cols, c]
            dA_prev[i, rows, cols, c] = (window == window.max()) * dA[i, h, w, c]
        else:
            dA_prev[i, rows, cols, c] = dA[i, h, w, c] / (f * f)
    return dA_prev


WRONG = {
    "zero_pad": (pad_one_side, 'case "one 2x2 image, pad 1"', "has the wrong shape"),
    "conv_single_step": (bias_not_taken_out, 'case "notebook example"', "b.item()"),
    "conv_forward": (
        corner_ignores_stride,
        '"4x4 input, 2x2 filter of ones, stride 2"',
        "first is at index (0, 0, 1, 0): expected 18, got 14",
    ),
    "pool_forward": (
        pool_across_channels,
        '"2 channels pooled separately, max"',
        "expected 4, got 8",
    ),
    "conv_backward": (
        unpad_with_negative_end,
        '"3x3 input, stride 1: windows overlap"',
        "dA_prev has the wrong shape: expected (1, 3, 3, 1), got (1, 0, 0, 1)",
    ),
    "create_mask_from_window": (
        mask_of_minimum,
        '"maximum in the bottom-left corner"',
        "expected 0, got 1",
    ),
    "distribute_value": (
        integer_division,
        '"an integer that does not divide evenly"',
        "integer dtype",
    ),
    "pool_backward": (
        assign_instead_of_add,
        '"3x3 input, stride 1: overlapping windows, average"',
        "first is at index (0, 0, 1, 0): expected 0.75, got 0.5",
    ),
}


@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_implementation_fails_with_a_message_that_names_the_problem(name):
    wrong, case_words, problem_words = WRONG[name]
    with pytest.raises(AssertionError) as failure:
        public_tests.PUBLIC_TESTS[name](wrong)
    message = str(failure.value)
    assert case_words in message
    assert problem_words in message


def test_an_unfinished_function_is_reported_as_not_implemented():
    def stub(X, pad):
        raise NotImplementedError()

    with pytest.raises(AssertionError, match="zero_pad is not implemented yet"):
        public_tests.zero_pad_test(stub)


def test_a_crash_names_the_line_that_raised():
    def crashing(X, pad):
        return X[pad, pad, pad, pad, pad]

    with pytest.raises(AssertionError, match=r"in crashing, line \d+: return X\[pad"):
        public_tests.zero_pad_test(crashing)


def test_modifying_an_input_in_place_is_reported():
    def pads_and_scribbles(X, pad):
        X[...] = 0
        return REF.zero_pad(X, pad)

    with pytest.raises(AssertionError, match="changed its argument number 1 in place"):
        public_tests.zero_pad_test(pads_and_scribbles)


# --- Correct implementations written differently from the reference must pass everything ---


def zero_pad_by_assignment(X, pad):
    m, n_H, n_W, n_C = X.shape
    out = np.zeros((m, n_H + 2 * pad, n_W + 2 * pad, n_C))
    out[:, pad : pad + n_H, pad : pad + n_W, :] = X
    return out


def conv_single_step_squeeze(a_slice_prev, W, b):
    print("debug: computing one step")
    return np.tensordot(a_slice_prev, W, axes=3) + np.squeeze(b)


def conv_forward_vectorized(A_prev, W, b, hparameters):
    stride, pad = hparameters["stride"], hparameters["pad"]
    f = W.shape[0]
    padded = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (f, f), axis=(1, 2))
    windows = windows[:, ::stride, ::stride]  # (m, n_H, n_W, n_C_prev, f, f)
    Z = np.einsum("mhwkuv,uvkc->mhwc", windows, W) + b.reshape(1, 1, 1, -1)
    return Z, (A_prev, W, b, hparameters)


def pool_forward_vectorized(A_prev, hparameters, mode="max"):
    f, stride = hparameters["f"], hparameters["stride"]
    windows = np.lib.stride_tricks.sliding_window_view(A_prev, (f, f), axis=(1, 2))
    windows = windows[:, ::stride, ::stride]
    reduce = np.max if mode == "max" else np.mean
    return reduce(windows, axis=(-2, -1)), (A_prev, hparameters)


def conv_backward_channel_first_loops(dZ, cache):
    A_prev, W, b, hparameters = cache
    stride, pad = hparameters["stride"], hparameters["pad"]
    f = W.shape[0]
    padded = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    d_padded = np.zeros_like(padded)
    dW = np.zeros_like(W)
    for c in range(dZ.shape[3]):
        for i in range(dZ.shape[0]):
            for w in range(dZ.shape[2]):
                for h in range(dZ.shape[1]):
                    rows = slice(h * stride, h * stride + f)
                    cols = slice(w * stride, w * stride + f)
                    d_padded[i, rows, cols, :] += W[..., c] * dZ[i, h, w, c]
                    dW[..., c] += padded[i, rows, cols, :] * dZ[i, h, w, c]
    db = dZ.sum(axis=(0, 1, 2)).reshape(b.shape)
    n_H_prev, n_W_prev = A_prev.shape[1:3]
    return d_padded[:, pad : pad + n_H_prev, pad : pad + n_W_prev, :], dW, db


def mask_as_integers(x):
    return (x >= x.max()).astype(int)


def distribute_value_with_ones(dz, shape):
    return np.ones(shape) * (dz / np.prod(shape))


def pool_backward_without_helpers(dA, cache, mode="max"):
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    dA_prev = np.zeros_like(A_prev, dtype=float)
    for i, h, w, c in np.ndindex(dA.shape):
        rows, cols = slice(h * stride, h * stride + f), slice(w * stride, w * stride + f)
        window = A_prev[i, rows, cols, c]
        share = (window == window.max()) if mode == "max" else np.full(window.shape, 1 / f**2)
        dA_prev[i, rows, cols, c] += share * dA[i, h, w, c]
    return dA_prev


CORRECT = {
    "zero_pad": zero_pad_by_assignment,
    "conv_single_step": conv_single_step_squeeze,
    "conv_forward": conv_forward_vectorized,
    "pool_forward": pool_forward_vectorized,
    "conv_backward": conv_backward_channel_first_loops,
    "create_mask_from_window": mask_as_integers,
    "distribute_value": distribute_value_with_ones,
    "pool_backward": pool_backward_without_helpers,
}


@pytest.mark.parametrize("name", NAMES)
def test_a_correct_implementation_written_differently_passes_public_and_hidden(name):
    public_tests.PUBLIC_TESTS[name](CORRECT[name])
    run_hidden(name, CORRECT[name])


def test_command_line_runs_the_public_tests_on_a_notebook(capsys):
    path = REPO_ROOT / "examples/submissions/partial/conv_step_by_step/conv_step_by_step.ipynb"
    assert public_tests.main([str(path)]) == 1
    out = capsys.readouterr().out
    assert out.rstrip().endswith("6 passed, 2 failed")
    assert "pool_backward is not implemented yet" in out


# --- The numerical gradient checks of the notebook ---


def crop_the_batch_with_minus_pad(dZ, cache):
    """Right gradients, then the padding cut off the tempting way, [pad:-pad], for the batch."""
    dA_prev, dW, db = REF.conv_backward(dZ, cache)
    pad = cache[3]["pad"]
    return REF.zero_pad(dA_prev, pad)[:, pad:-pad, pad:-pad, :], dW, db


def test_the_conv_gradient_check_flags_a_minus_pad_crop_that_returns_nothing(capsys):
    """[pad:-pad] is right when pad = 1 and empty when pad = 0: the unpadded layer says so."""
    public_tests.gradient_check_conv(REF.conv_forward, crop_the_batch_with_minus_pad)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 6
    assert all(line.endswith("looks right") for line in lines[:3] + lines[4:])
    assert lines[3] == "pad=0, stride=1, dA_prev: shape (2, 0, 0, 2) should be (2, 4, 5, 2)"


def test_the_conv_gradient_check_says_which_layer_a_minus_pad_crop_breaks(capsys):
    """Cropping each example with [pad:-pad] raises at pad = 0; the error names that layer."""
    from assignments.conv_step_by_step.zoo.conv_backward import unpad_with_minus_pad

    with pytest.raises(ValueError, match="could not broadcast") as raised:
        public_tests.gradient_check_conv(REF.conv_forward, unpad_with_minus_pad)
    assert raised.value.__notes__ == ["(raised in the gradient check's layer with pad=0, stride=1)"]
    printed = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in printed] == [
        "pad=1, stride=2, dA_prev",
        "pad=1, stride=2, dW     ",
        "pad=1, stride=2, db     ",
    ]


def test_the_gradient_checks_return_nothing_for_the_notebook_to_echo(capsys):
    assert public_tests.gradient_check_conv(REF.conv_forward, REF.conv_backward) is None
    assert public_tests.gradient_check_pool(REF.pool_forward, REF.pool_backward) is None
    assert capsys.readouterr().out.count("looks right") == 8
