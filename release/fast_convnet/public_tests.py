"""Tests for the exercises of the notebook series: notebook 1, "Convolutional networks, step by
step", and notebook 2, "Fast layers and a trained ConvNet". The same file ships with every
notebook; each notebook's test cells use its own functions' tests.

Each ``<function>_test`` runs your function on several small named cases and, when something is
wrong, tells you which case, what was expected and what came back: the shape, the type, or the
first entry that differs. The same checking helpers are used by the grader's hidden tests, on
other cases, so a message you see here reads the same as one you get in your feedback.

From a terminal, ``python public_tests.py`` runs every public test on the functions of the
notebook saved beside this file (``python public_tests.py NOTEBOOK.ipynb`` names one), and prints
one line per function.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import functools
import io
import itertools
import json
import linecache
import os
import re
import signal
import sys
import sysconfig
import textwrap
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

RTOL = 1e-6
ATOL = 1e-8
PRINTED_ATOL = 5e-8  # values copied from printed output carry 8 decimals
SHOW_FULL_ARRAY = 30  # arrays up to this many entries are printed in full in a message
SIDE_BY_SIDE = 90  # expected and got are printed next to each other when both fit in this width
GUTTER = 4

OUTPUT_NAMES = {
    "zero_pad": ("X_pad",),
    "conv_single_step": ("Z",),
    "conv_forward": ("Z", "cache"),
    "pool_forward": ("A", "cache"),
    "conv_backward": ("dA_prev", "dW", "db"),
    "create_mask_from_window": ("mask",),
    "distribute_value": ("a",),
    "pool_backward": ("dA_prev",),
    # notebook 2, fast_convnet
    "conv_forward_fast": ("Z", "cache"),
    "conv_backward_fast": ("dA_prev", "dW", "db"),
    "pool_forward_fast": ("A", "cache"),
    "pool_backward_fast": ("dA_prev",),
    "relu_forward": ("A", "cache"),
    "relu_backward": ("dZ",),
    "affine_forward": ("out", "cache"),
    "affine_backward": ("dx", "dw", "db"),
    "softmax_loss": ("loss", "dscores"),
    "loss": ("loss", "grads"),
    "sgd_momentum": ("next_w", "next_v"),
    "train": ("params", "losses"),
}


# ---------------------------------------------------------------------------------------------
# What a case expects
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """Expect an array only through its shape and a few probes, for outputs too big to write out.

    ``probes`` maps a label such as ``"Z[0, 2, 1]"`` or ``"mean of Z"`` to a pair
    (function of the output, expected value).
    """

    shape: tuple[int, ...]
    probes: dict[str, tuple[Callable[[np.ndarray], Any], Any]] = field(default_factory=dict)
    atol: float = PRINTED_ATOL


@dataclass(frozen=True)
class Scalar:
    """Expect a single real number (not an array of shape (1, 1, 1))."""

    value: float
    atol: float = ATOL


@dataclass(frozen=True)
class Mask:
    """Expect a boolean array; 0/1 numbers are accepted too."""

    value: np.ndarray


@dataclass(frozen=True)
class Cache:
    """Expect the forward pass's cache: a tuple holding exactly the given inputs, in order."""

    names: tuple[str, ...]
    values: tuple


SHAPE = re.compile(r"\(\s*\d+(?:\s*,\s*\d+)*\s*,?\s*\)")


def _error_signature(error_type: str, message: str) -> tuple:
    """What identifies an error: the array shapes its message names, or else its words.

    NumPy words the same mistake differently from one operation or version to the next
    (``x[...] = y`` and ``x[...] += y`` describe one shape clash in two sentences), but the shapes
    stay those of the case, so they are what is compared when the message has any.
    """
    first, _, rest = message[:4000].strip().partition("\n")
    first = re.sub(rf"^[\w.]*{re.escape(error_type)}: ?", "", first)
    text = " ".join(f"{first}\n{rest}".split())
    shapes = sorted({tuple(int(n) for n in re.findall(r"\d+", s)) for s in SHAPE.findall(text)})
    return (error_type, "shapes", tuple(shapes)) if shapes else (error_type, "text", text)


@dataclass(frozen=True)
class Raises:
    """A known mistake that raises on a case instead of returning: its error's type and message.

    A student's error matches when it has the same type and the same signature (the shapes its
    message names, or its words when it names none), so a broadcast error is recognised whether
    the student wrote ``=`` or ``+=``, and whatever NumPy version words it.
    """

    error_type: str
    message: str

    def matches(self, error_type: str, message: str) -> bool:
        return _error_signature(error_type, message) == _error_signature(
            self.error_type, self.message
        )


@dataclass
class Case:
    """One call of a student's function and what each of its outputs should be."""

    name: str
    args: tuple
    expected: tuple
    kwargs: dict = field(default_factory=dict)
    # Known wrong implementations on this case: description -> their outputs, or ``Raises`` for
    # one that raises an error here instead of returning.
    known_mistakes: dict[str, tuple | Raises] = field(default_factory=dict)
    # A time budget in seconds, for a case that is large on purpose: see call_within.
    seconds: float | None = None

    def describe_inputs(self) -> str:
        parts = [_describe(value) for value in self.args]
        parts += [f"{key}={value!r}" for key, value in self.kwargs.items()]
        return ", ".join(parts)


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, (float, np.floating)) else repr(value.item())


def _nested(array: np.ndarray) -> str:
    """An array's values as nested lists, each number as short as it can be: [[1, 2], [3, 4]]."""
    if array.ndim == 0:
        return _number(array[()])
    return "[" + ", ".join(_nested(part) for part in array) + "]"


DESCRIBE_CHARACTERS = 300  # a description is a few words, never a whole returned value


def _describe(value) -> str:
    """A value in a few words: small arrays by their values, a single picture as its grid."""
    try:
        text = _describe_unsafe(value)
    except Exception:  # a student's array subclass may break comparisons or printing
        return f"a {type(value).__name__}"
    if len(text) > DESCRIBE_CHARACTERS:
        return f"{text[:DESCRIBE_CHARACTERS]}... ({len(text):,} characters in all)"
    return text


def _describe_unsafe(value) -> str:
    if isinstance(value, np.ndarray):
        if value.size > 1 and value.dtype != object and np.all(value == value.flat[0]):
            return f"array of shape {value.shape}, all {_number(value.flat[0])}"
        if value.size == 1:
            return f"array of shape {value.shape} holding {_number(value.flat[0])}"
        whole = value.dtype != object and np.all(np.mod(value, 1) == 0)
        small = value.size <= 6 or (value.size <= 16 and whole)
        if value.ndim >= 3 and sum(n > 1 for n in value.shape) <= 2 and small:
            index = ", ".join(":" if n > 1 else "0" for n in value.shape)
            return f"array of shape {value.shape}, [{index}] = {_nested(np.squeeze(value))}"
        if value.size <= 6:
            return " ".join(np.array2string(value, separator=", ").split())
        return f"array of shape {value.shape}"
    if isinstance(value, tuple) and any(isinstance(v, np.ndarray) for v in value):
        return "cache (" + ", ".join(_describe(v) for v in value) + ")"
    if isinstance(value, dict) and any(isinstance(v, np.ndarray) for v in value.values()):
        return "{" + ", ".join(f"{key!r}: {_describe(v)}" for key, v in value.items()) + "}"
    if isinstance(value, (str, bytes)) and len(value) > DESCRIBE_CHARACTERS:
        return repr(value[:DESCRIBE_CHARACTERS])  # no repr of the whole thing, however long
    return repr(value)


# ---------------------------------------------------------------------------------------------
# Comparing one output with what was expected
# ---------------------------------------------------------------------------------------------


def _grid(array) -> str:
    return np.array2string(np.asarray(array), precision=8)


def pictures(label: str, array) -> list[tuple[str, str]]:
    """A small array as (title, grid) pairs: a 4-D batch as one 2-D picture per example and
    channel, titled with its index (``Z[0, :, :, 1] =``), because that is how a student draws an
    image on paper; a batch of 1x1 pictures as one vector of channels per example."""
    array = np.asarray(array)
    if array.ndim == 4 and array.size > 0:
        m, n_H, n_W, n_C = array.shape
        if n_H == n_W == 1:
            return [(f"{label}[{i}, 0, 0, :] =", _grid(array[i, 0, 0, :])) for i in range(m)]
        return [
            (f"{label}[{i}, :, :, {c}] =", _grid(array[i, :, :, c]))
            for i in range(m)
            for c in range(n_C)
        ]
    return [(f"{label} =", _grid(array))]


def _lines(pairs: list[tuple[str, str]]) -> list[str]:
    lines = []
    for title, grid in pairs:
        lines += [title, *textwrap.indent(grid, "  ").splitlines()]
    return lines


def show(label: str, array) -> str:
    """A small array as its pictures; a big one by its shape only."""
    array = np.asarray(array)
    if array.size <= SHOW_FULL_ARRAY:
        return "\n".join(_lines(pictures(label, array)))
    return f"{label}: array of shape {array.shape}, not shown"


def expected_and_got(label: str, expected, got) -> str:
    """The expected and the returned array, picture by picture, side by side when they fit in
    ``SIDE_BY_SIDE`` columns (so the entry that differs is on the same line), else one above the
    other."""
    left = [_lines([pair]) for pair in pictures(f"expected {label}", expected)]
    right = [_lines([pair]) for pair in pictures(f"got {label}", got)]
    width = max(len(line) for block in left for line in block)
    widest = max(len(line) for block in right for line in block)
    if width + GUTTER + widest > SIDE_BY_SIDE:
        return "\n".join(line for block in left + right for line in block)
    lines = []
    for left_block, right_block in itertools.zip_longest(left, right, fillvalue=[]):
        for a, b in itertools.zip_longest(left_block, right_block, fillvalue=""):
            lines.append(f"{a:<{width + GUTTER}}{b}".rstrip())
    return "\n".join(lines)


def compare_array(label: str, got, expected, rtol: float = RTOL, atol: float = ATOL) -> list[str]:
    """Say in words how ``got`` differs from ``expected``; an empty list means they agree."""
    expected = np.asarray(expected)
    if not isinstance(got, np.ndarray):
        if np.isscalar(got) or isinstance(got, (list, tuple)):
            return [
                f"{label} should be a numpy array of shape {expected.shape}, "
                f"but it is a {type(got).__name__}: {got!r:.200}"
            ]
        return [f"{label} should be a numpy array, but it is a {type(got).__name__}."]
    numeric = np.issubdtype(got.dtype, np.number) or got.dtype == bool
    if got.shape != expected.shape:
        problem = f"{label} has the wrong shape: expected {expected.shape}, got {got.shape}."
        small = 0 < got.size <= SHOW_FULL_ARRAY and expected.size <= SHOW_FULL_ARRAY
        return [problem, expected_and_got(label, expected, got)] if small and numeric else [problem]
    if not numeric:
        return [f"{label} should hold numbers, but its dtype is {got.dtype}."]
    if np.iscomplexobj(got) and not np.iscomplexobj(expected):
        return [_complex_problem(label, got.dtype)]
    got_f = got.astype(float)
    expected_f = expected.astype(float)
    if not np.all(np.isfinite(got_f)):
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(got_f))[0])
        return [
            f"{label} contains {got_f[index]} at index {index}: check for a division by zero, "
            f"an overflow (np.exp of a large number is inf, and inf / inf is nan), or a value "
            f"used before it was set."
        ]
    close = np.isclose(got_f, expected_f, rtol=rtol, atol=atol)
    if close.all():
        return []
    if expected_f.size == 1:
        return [f"{label} is wrong: expected {expected_f.item():.10g}, got {got_f.item():.10g}."]
    wrong = np.argwhere(~close)
    first = tuple(int(i) for i in wrong[0])
    lines = [
        f"{label} differs at {len(wrong)} of {got.size} entries; the first is at index {first}: "
        f"expected {expected_f[first]:.10g}, got {got_f[first]:.10g}."
    ]
    if np.issubdtype(got.dtype, np.integer) and not np.issubdtype(expected.dtype, np.integer):
        lines.append(
            f"{label} has the integer dtype {got.dtype}: values were rounded to whole "
            f"numbers somewhere (integer division `//`, or an integer array filled with "
            f"fractions)."
        )
    if got.size <= SHOW_FULL_ARRAY:
        lines.append(expected_and_got(label, expected, got))
    return lines


def _complex_problem(label: str, dtype) -> str:
    """Comparing only the real part would let ``X + 1e9j`` pass as ``X``."""
    return (
        f"{label} holds complex numbers (dtype {dtype}), but the values of this exercise are "
        f"real: look for a square root of a negative number or a complex constant such as 1j."
    )


def compare_scalar(label: str, got, expected: Scalar) -> list[str]:
    if isinstance(got, np.ndarray) and got.ndim > 0:
        return [
            f"{label} should be a single number, but it is an array of shape {got.shape}. "
            f"If it comes from adding the bias, take the number out of b first: b.item() or "
            f"b[0, 0, 0]."
        ]
    if isinstance(got, bool) or not isinstance(got, (int, float, np.number, np.ndarray)):
        return [f"{label} should be a number, but it is a {type(got).__name__}: {got!r:.200}"]
    if np.iscomplexobj(got):
        return [_complex_problem(label, np.asarray(got).dtype)]
    value = float(np.asarray(got))
    if not np.isclose(value, expected.value, rtol=RTOL, atol=expected.atol):
        return [f"{label} is wrong: expected {expected.value!r}, got {value!r}."]
    return []


def compare_mask(label: str, got, expected: Mask) -> list[str]:
    if isinstance(got, np.ndarray) and got.dtype != bool and got.shape == expected.value.shape:
        if not np.isin(got, (0, 1)).all():
            return [
                f"{label} should hold only True and False (or 1 and 0), but it holds:\n"
                + show(label, got)
            ]
        got = got.astype(bool)
    return compare_array(label, got, expected.value)


def compare_summary(label: str, got, expected: Summary) -> list[str]:
    if not isinstance(got, np.ndarray):
        return [f"{label} should be a numpy array, but it is a {type(got).__name__}."]
    if got.shape != expected.shape:
        return [f"{label} has the wrong shape: expected {expected.shape}, got {got.shape}."]
    problems = []
    for probe_label, (probe, value) in expected.probes.items():
        problems += compare_array(probe_label, np.asarray(probe(got)), value, atol=expected.atol)
    return problems


def compare_cache(label: str, got, expected: Cache) -> list[str]:
    layout = "(" + ", ".join(expected.names) + ")"
    if not isinstance(got, tuple) or len(got) != len(expected.values):
        return [f"{label} should be the tuple {layout}, but it is {_describe(got)}."]
    problems = []
    for name, got_item, expected_item in zip(expected.names, got, expected.values):
        if isinstance(expected_item, np.ndarray):
            found = compare_array(f"{label} entry {name}", got_item, expected_item, rtol=0, atol=0)
        else:
            same = got_item == expected_item
            found = (
                []
                if same
                else [f"{label} entry {name} should be {expected_item!r}, got {got_item!r:.200}."]
            )
        problems += found
    return problems


def compare_dict(label: str, got, expected: dict) -> list[str]:
    """A dictionary of outputs (the gradients of every parameter, say), compared key by key."""
    keys = ", ".join(repr(key) for key in expected)
    if not isinstance(got, dict):
        return [f"{label} should be a dictionary with the keys {keys}, but it is {_describe(got)}."]
    missing = [key for key in expected if key not in got]
    extra = [key for key in got if key not in expected]
    if missing or extra:
        return [
            f"{label} should have exactly the keys {keys}"
            + (f"; it has no {', '.join(map(repr, missing))}" if missing else "")
            + (f"; it has an unexpected {', '.join(map(repr, extra))}" if extra else "")
            + "."
        ]
    problems = []
    for key, value in expected.items():
        problems += compare_output(f"{label}[{key!r}]", got[key], value)
    return problems


def compare_output(label: str, got, expected) -> list[str]:
    """Dispatch on the kind of expectation: one place decides how each kind is compared."""
    if isinstance(expected, dict):
        return compare_dict(label, got, expected)
    if isinstance(expected, Summary):
        return compare_summary(label, got, expected)
    if isinstance(expected, Scalar):
        return compare_scalar(label, got, expected)
    if isinstance(expected, Mask):
        return compare_mask(label, got, expected)
    if isinstance(expected, Cache):
        return compare_cache(label, got, expected)
    return compare_array(label, got, expected)


def outputs_match(got: tuple, expected: tuple) -> bool:
    return len(got) == len(expected) and not any(
        compare_output("output", g, e) for g, e in zip(got, expected)
    )


# ---------------------------------------------------------------------------------------------
# Running a case
# ---------------------------------------------------------------------------------------------


HINT = "Hint: "
MAX_QUOTED_LINES = 4  # of a statement that raised, in an error message


@functools.cache
def _in_library(filename: str) -> bool:
    """Python's own modules and installed packages (NumPy's, say): not where a student's
    mistake is, even when the error is raised there."""
    if filename.startswith("<frozen "):
        return True
    paths = sysconfig.get_paths()
    folders = {paths[key] for key in ("stdlib", "platstdlib", "purelib", "platlib") if key in paths}
    folders.add(os.path.dirname(np.__file__))
    real = os.path.realpath(filename)
    return any(real.startswith(os.path.realpath(folder) + os.sep) for folder in folders)


@dataclass(frozen=True)
class _Frame:
    function: str
    line_number: int
    line: str


def _shown_frames(error: BaseException) -> list[_Frame]:
    """The frames of an error that a student can act on, outermost first: their own code, and
    the graded functions it calls (their source may be out of sight, as in the grader). This
    file's frames, libraries' and frames that set ``__tracebackhide__`` (the convention of
    IPython and pytest) are left out, and so is code whose source is nowhere to be seen."""
    walked = traceback.walk_tb(error.__traceback__)
    summaries = traceback.extract_tb(error.__traceback__)  # the same frames, with positions
    frames = []
    for (frame, line_number), summary in zip(walked, summaries):
        code = frame.f_code
        if code.co_filename == __file__ or _in_library(code.co_filename):
            continue
        if frame.f_locals.get("__tracebackhide__"):
            continue
        last = min(summary.end_lineno or line_number, line_number + MAX_QUOTED_LINES - 1)
        quoted = (
            linecache.getline(code.co_filename, n, frame.f_globals).strip()
            for n in range(line_number, last + 1)
        )
        line = " ".join(part for part in quoted if part)  # a statement over several lines, whole
        if line or code.co_name in OUTPUT_NAMES:
            frames.append(_Frame(code.co_name, line_number, line))
    return frames


def _unwritten(function_name: str, error: BaseException) -> str | None:
    """The graded function whose unwritten stub raised ``error``: ``function_name`` itself, or
    one it calls (a student's conv_forward calling their own unfinished zero_pad)."""
    if not isinstance(error, NotImplementedError):
        return None
    frames = _shown_frames(error)
    raiser = frames[-1].function if frames else function_name
    return raiser if raiser in OUTPUT_NAMES else function_name


def error_message(function_name: str, error: BaseException) -> str:
    """An error raised while running ``function_name``, in words: which function's code raised
    it (the student's own helper, or a graded function it calls), at which line, and what."""
    missing = _unwritten(function_name, error)
    if missing == function_name:
        return (
            f"{function_name} is not implemented yet: its cell still raises "
            f"NotImplementedError; replace that raise with your code."
        )
    if missing:
        return (
            f"{function_name} calls {missing}, which is not implemented yet: "
            f"write {missing} first (its own test cell checks it)."
        )
    detail = _exception_text(error)
    frames = _shown_frames(error)
    if not frames:
        return f"{function_name} raised an error:\n    {detail}"
    raiser = frames[-1]
    caller = next((f for f in reversed(frames[:-1]) if f.function == function_name), None)
    if raiser.function == function_name or caller is None:
        where = f"in {raiser.function}, line {raiser.line_number}: {raiser.line}"
        where = where if raiser.line else f"in {raiser.function}"
        return f"{function_name} raised an error ({where}):\n    {detail}"
    lines = [f"{function_name} raised an error in {raiser.function}, which it calls:"]
    if raiser.line:
        lines.append(f"in {raiser.function}, line {raiser.line_number}: {raiser.line}")
    lines += [f"called from {function_name}, line {caller.line_number}: {caller.line}", detail]
    return "\n    ".join(lines)


def _exception_text(error: BaseException) -> str:
    """``ValueError: ...``, as the last line of a traceback says it."""
    return "".join(traceback.format_exception_only(type(error), error)).strip()


def as_outputs(function_name: str, result) -> tuple[tuple | None, str | None]:
    names = OUTPUT_NAMES[function_name]
    if len(names) == 1:
        return (result,), None
    if not isinstance(result, tuple) or len(result) != len(names):
        return None, (
            f"{function_name} should return {len(names)} values, "
            f"({', '.join(names)}), but it returned {_describe(result)}."
        )
    return result, None


def judge(function_name: str, case: Case, result, args_after_call: tuple) -> list[str]:
    """Compare what one call returned with what the case expects.

    Kept apart from the call itself so that a grader which runs the student's function in
    another process judges its outputs with exactly the same rules and messages.
    """
    outputs, problem = as_outputs(function_name, result)
    if problem:
        return [problem]
    problems = []
    for name, got, expected in zip(OUTPUT_NAMES[function_name], outputs, case.expected):
        problems += compare_output(name, got, expected)
    for position, (before, after) in enumerate(zip(case.args, args_after_call)):
        if isinstance(before, np.ndarray) and not np.array_equal(before, after):
            problems.append(
                f"{function_name} changed its argument number {position + 1} in "
                f"place; work on a copy or on new arrays instead."
            )
    if problems:
        problems += mistake_hints(case, outputs)
    return problems


def judge_error(
    function_name: str, case: Case, raised: str, error_type: str, error_message: str
) -> list[str]:
    """What a call that raised amounts to: the error in words, then the hint of the known
    mistake that raises the same error on this case, if one does.

    ``raised`` is ``error_message(...)`` of the error, ``error_type`` its class name and
    ``error_message`` its last traceback line (``ValueError: could not broadcast ...``): plain
    text, so that a grader whose student code ran in another process judges it here, like
    ``judge`` does a returned value. Anything else in those places is read as no match.
    """
    problems = [str(raised)]
    description = matched_error(case, error_type, error_message)
    if description:
        problems.append(f"{HINT}this error is what happens when {description}.")
    return problems


def matched_mistake(case: Case, outputs: tuple) -> str | None:
    """The description of the known mistake whose outputs these are, if any."""
    if outputs is None:
        return None
    for description, mistake_outputs in case.known_mistakes.items():
        if isinstance(mistake_outputs, Raises):
            continue
        if outputs_match(outputs, mistake_outputs):
            return description
    return None


def matched_error(case: Case, error_type, error_message) -> str | None:
    """The description of the known mistake that raises this error on this case, if any."""
    if not isinstance(error_type, str) or not isinstance(error_message, str):
        return None
    for description, known in case.known_mistakes.items():
        if isinstance(known, Raises) and known.matches(error_type, error_message):
            return description
    return None


def mistake_hints(case: Case, outputs: tuple) -> list[str]:
    """Name the known mistake whose outputs these are, if any."""
    description = matched_mistake(case, outputs)
    return [f"{HINT}your output matches what happens when {description}."] if description else []


class TookTooLong(BaseException):
    """A call ran past its case's time budget. Not an Exception, so that a student's
    ``except Exception:`` inside the function cannot swallow it."""


def call_within(seconds: float | None, target: Callable, *args, **kwargs):
    """Call ``target``; raise ``TookTooLong`` if it runs for more than ``seconds``.

    A large case measures what its name says (that the function is vectorized), so it must not
    wait for a slow answer to finish: in the main thread of a Unix process an interval timer
    interrupts the call; elsewhere the call runs to its end and is judged by its duration.
    """
    if seconds is None:
        return target(*args, **kwargs)
    in_main_thread = threading.current_thread() is threading.main_thread()
    interrupt = hasattr(signal, "setitimer") and in_main_thread
    if interrupt:

        def stop(signum, frame):
            raise TookTooLong(seconds)

        previous = signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.perf_counter()
    try:
        result = target(*args, **kwargs)
    finally:
        if interrupt:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
    if time.perf_counter() - started > seconds:
        raise TookTooLong(seconds)
    return result


def too_slow_message(function_name: str, seconds: float) -> str:
    return (
        f"{function_name} did not finish this case within {seconds:g} s. The case is large on "
        f"purpose: a vectorized answer needs a small fraction of that, while Python loops over "
        f"the examples, rows and columns take far longer. Replace them with array operations."
    )


@dataclass
class _Outcome:
    problems: list[str]
    unimplemented: bool = False  # the function itself still raises its NotImplementedError


def _attempt(function_name: str, target: Callable, case: Case) -> _Outcome:
    args = copy.deepcopy(case.args)
    kwargs = copy.deepcopy(case.kwargs)
    try:
        result = call_within(case.seconds, target, *args, **kwargs)
    except TookTooLong:
        return _Outcome([too_slow_message(function_name, case.seconds)])
    except Exception as error:  # the student's code may raise anything
        raised = error_message(function_name, error)
        problems = judge_error(
            function_name, case, raised, type(error).__name__, _exception_text(error)
        )
        return _Outcome(problems, _unwritten(function_name, error) == function_name)
    return _Outcome(judge(function_name, case, result, args))


def check_case(function_name: str, target: Callable, case: Case) -> list[str]:
    """Run one case and return the problems found, each a sentence for the student; the hint of
    a known mistake, if one matches, comes last."""
    return _attempt(function_name, target, case).problems


REPORT_WIDTH = 100


def wrap(text: str, width: int = REPORT_WIDTH) -> str:
    """Break the long lines of a report between words, each continuation indented under its
    line (a notebook or a terminal would break them in the middle of a word). Pictures of
    arrays are narrower than ``width`` and keep their layout."""
    lines = []
    for line in text.split("\n"):
        if len(line) <= width:
            lines.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        lines += textwrap.wrap(
            line,
            width,
            subsequent_indent=indent + "  ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    return "\n".join(lines)


class CaseFailures(AssertionError):
    """Raised with every failing case of one function, so a student sees them all at once.

    The report starts with what to do: "not implemented yet" alone when the function is still
    its stub, else the number of failing cases and the hint of each known mistake recognised
    (once, however many cases show it); then each failing case with its facts. Cases that fail
    in exactly the same words are listed together.
    """

    def __init__(
        self,
        function_name: str,
        failures: list[tuple[Case, list[str]]],
        total: int,
        unimplemented: bool = False,
    ):
        self.function_name = function_name
        self.failures = failures
        self.total = total
        self.unimplemented = unimplemented
        super().__init__(self.report())

    @property
    def hints(self) -> list[str]:
        found = (p for _, problems in self.failures for p in problems if p.startswith(HINT))
        return list(dict.fromkeys(found))

    @property
    def header(self) -> str:
        if self.unimplemented:
            return self.failures[0][1][0]
        return f"{self.function_name} failed {len(self.failures)} of {self.total} cases."

    def blocks(self, width: int | None = None, first: str = "") -> list[str]:
        """One block per distinct list of facts (hints left out: they lead the report), its
        title broken at ``width`` if given (facts are not: they quote code) and prefixed with
        ``first`` when the block is a single case."""
        grouped: dict[tuple[str, ...], list[Case]] = {}
        for case, problems in self.failures:
            facts = tuple(p for p in problems if not p.startswith(HINT))
            grouped.setdefault(facts, []).append(case)
        blocks = []
        for facts, cases in grouped.items():
            if len(cases) == 1:
                title = f'{first}case "{cases[0].name}":\n  inputs: {cases[0].describe_inputs()}'
            elif len(cases) == self.total:
                title = f"all {self.total} cases:"
            else:
                names = [f'"{case.name}"' for case in cases]
                title = f"cases {', '.join(names[:-1])} and {names[-1]}:"
            title = wrap(title, width) if width else title
            blocks.append(title + "\n" + textwrap.indent("\n".join(facts), "  "))
        return blocks

    def report(self, color: bool = False, width: int | None = None) -> str:
        """The report; for a notebook, in colour and with its prose broken at ``width``
        (the exception's own text keeps each sentence on one line, to be searched)."""

        def paint(text: str, code: str) -> str:
            lines = (wrap(text, width) if width else text).splitlines()
            return "\n".join(f"\x1b[{code}m{line}\x1b[0m" if color else line for line in lines)

        if self.unimplemented:
            return paint(self.header, "1;31")
        lead = [paint(self.header, "1;31"), *(paint(hint, "1;34") for hint in self.hints)]
        return "\n".join(lead) + "\n\n" + "\n\n".join(self.blocks(width))

    def _render_traceback_(self) -> list[str]:
        """IPython's hook for an exception that draws its own traceback: the report alone.

        The frames would show only the test cell's one line and this file's code. Marking them
        ``__tracebackhide__`` is not enough: IPython 9 still shows the frame that raised (this
        file's) and a "skipping hidden frames" line for the others.
        """
        return self.report(color=True, width=REPORT_WIDTH).splitlines()


def run_cases(function_name: str, target: Callable, cases: list[Case], quiet: bool = False):
    """Check every case; raise ``CaseFailures`` listing each failing one, else print a summary."""
    outcomes = [(case, _attempt(function_name, target, case)) for case in cases]
    failures = [(case, outcome.problems) for case, outcome in outcomes if outcome.problems]
    if failures:
        unwritten = len(failures) == len(cases) and all(o.unimplemented for _, o in outcomes)
        raise CaseFailures(function_name, failures, len(cases), unimplemented=unwritten)
    if not quiet:
        print(f"{function_name}: all {len(cases)} cases passed.")


# ---------------------------------------------------------------------------------------------
# The public cases
# ---------------------------------------------------------------------------------------------


def _with_public_hints(cases_function: Callable[[], list[Case]]) -> Callable[[], list[Case]]:
    """Give each case the known mistakes that PUBLIC_HINTS (generated, below) lists for it."""
    function_name = cases_function.__name__.removesuffix("_cases")

    @functools.wraps(cases_function)
    def with_hints() -> list[Case]:
        cases = cases_function()
        for case in cases:
            for description, outputs in PUBLIC_HINTS.get((function_name, case.name), []):
                case.known_mistakes[description] = hint_outputs(case, outputs)
        return cases

    return with_hints


def hint_outputs(case: Case, outputs: tuple | dict) -> tuple | Raises:
    """A known mistake's outputs, written as literals, in the form ``outputs_match`` compares;
    ``{"raises": type, "message": text}`` for a mistake that raises on the case."""
    if isinstance(outputs, dict):
        return Raises(outputs["raises"], outputs["message"])
    converted = []
    for value, expected in zip(outputs, case.expected):
        if isinstance(value, str):  # "expected": the same as the case expects (a cache, say)
            converted.append(expected)
        elif isinstance(expected, dict) and isinstance(value, dict):  # one literal per key
            entry = {key: Case("", (), (expected[key],)) for key in value}
            converted.append({key: hint_outputs(entry[key], (v,))[0] for key, v in value.items()})
        elif isinstance(expected, Scalar) and not isinstance(value, list):
            converted.append(Scalar(value, expected.atol))
        else:
            array = np.array(value)
            is_mask = isinstance(expected, Mask) and array.dtype == bool
            converted.append(Mask(array) if is_mask else array)
    return tuple(converted)


def _images(*channels) -> np.ndarray:
    """A batch of one image from 2-D lists, one per channel: shape (1, n_H, n_W, n_C)."""
    return np.stack([np.array(c, dtype=float) for c in channels], axis=-1)[np.newaxis]


def _seeded(*shapes):
    np.random.seed(1)
    return [np.random.randn(*shape) for shape in shapes]


@_with_public_hints
def zero_pad_cases() -> list[Case]:
    (x,) = _seeded((4, 3, 3, 2))
    x_1_1 = [[0.90085595, -0.68372786], [-0.12289023, -0.93576943], [-0.26788808, 0.53035547]]
    image = _images([[1, 2], [3, 4]])
    wide = np.arange(1.0, 13.0).reshape(2, 1, 3, 2)
    return [
        Case(
            "notebook example, pad 3",
            (x, 3),
            (
                Summary(
                    (4, 9, 9, 2),
                    {
                        "X_pad[1, 1]": (lambda out: out[1, 1], np.zeros((9, 2))),
                        "X_pad[1, 4, 3:6]": (lambda out: out[1, 4, 3:6], x_1_1),
                    },
                ),
            ),
        ),
        Case(
            "one 2x2 image, pad 1",
            (image, 1),
            (_images([[0, 0, 0, 0], [0, 1, 2, 0], [0, 3, 4, 0], [0, 0, 0, 0]]),),
        ),
        Case("pad 0 leaves the batch unchanged", (image, 0), (_images([[1, 2], [3, 4]]),)),
        Case(
            "two 1x3 images with 2 channels, pad 2",
            (wide, 2),
            (
                Summary(
                    (2, 5, 7, 2),
                    {
                        "X_pad[1, 2, 2:5]": (
                            lambda out: out[1, 2, 2:5],
                            [[7, 8], [9, 10], [11, 12]],
                        ),
                        "sum of X_pad": (np.sum, 78.0),
                        "X_pad[:, :2] (the top border)": (
                            lambda out: out[:, :2],
                            np.zeros((2, 2, 7, 2)),
                        ),
                    },
                    atol=ATOL,
                ),
            ),
        ),
    ]


@_with_public_hints
def conv_single_step_cases() -> list[Case]:
    a_slice, W, b = _seeded((4, 4, 3), (4, 4, 3), (1, 1, 1))
    return [
        Case("notebook example", (a_slice, W, b), (Scalar(-6.999089450680221),)),
        Case(
            "2x2 window of ones, bias 0.5",
            (
                np.ones((2, 2, 1)),
                np.array([[[1.0], [2.0]], [[3.0], [4.0]]]),
                np.full((1, 1, 1), 0.5),
            ),
            (Scalar(10.5),),
        ),
        Case(
            "1x1 window with 3 channels, bias -2",
            (
                np.array([[[1.0, 2.0, 3.0]]]),
                np.array([[[4.0, 5.0, 6.0]]]),
                np.full((1, 1, 1), -2.0),
            ),
            (Scalar(30.0),),
        ),
    ]


def _conv_cache(A_prev, W, b, hparameters) -> Cache:
    return Cache(("A_prev", "W", "b", "hparameters"), (A_prev, W, b, hparameters))


@_with_public_hints
def conv_forward_cases() -> list[Case]:
    A_prev, W, b = _seeded((2, 5, 7, 4), (3, 3, 4, 8), (1, 1, 1, 8))
    example_hp = {"pad": 1, "stride": 2}
    z_0_2_1 = [
        -2.17796037,
        8.07171329,
        -0.5772704,
        3.36286738,
        4.48113645,
        -2.89198428,
        10.99288867,
        3.03171932,
    ]
    cases = [
        Case(
            "notebook example, pad 1, stride 2",
            (A_prev, W, b, example_hp),
            (
                Summary(
                    (2, 3, 4, 8),
                    {
                        "mean of Z": (np.mean, 0.5511276474566768),
                        "Z[0, 2, 1]": (lambda out: out[0, 2, 1], z_0_2_1),
                    },
                ),
                _conv_cache(A_prev, W, b, example_hp),
            ),
        ),
    ]
    grid4 = _images(np.arange(16).reshape(4, 4))
    ones22 = np.ones((2, 2, 1, 1))
    no_bias = np.zeros((1, 1, 1, 1))
    hp = {"pad": 0, "stride": 2}
    cases.append(
        Case(
            "4x4 input, 2x2 filter of ones, stride 2",
            (grid4, ones22, no_bias, hp),
            (_images([[10, 18], [42, 50]]), _conv_cache(grid4, ones22, no_bias, hp)),
        )
    )
    small = _images([[1, 2], [3, 4]])
    bias1 = np.ones((1, 1, 1, 1))
    hp = {"pad": 1, "stride": 1}
    cases.append(
        Case(
            "2x2 input, pad 1, stride 1, bias 1",
            (small, ones22, bias1, hp),
            (_images([[2, 4, 3], [5, 11, 7], [4, 8, 5]]), _conv_cache(small, ones22, bias1, hp)),
        )
    )
    grid6 = _images(np.arange(36).reshape(6, 6))
    ones33 = np.ones((3, 3, 1, 1))
    hp = {"pad": 0, "stride": 2}
    cases.append(
        Case(
            "6x6 input, 3x3 filter, stride 2 does not divide evenly",
            (grid6, ones33, no_bias, hp),
            (_images([[63, 81], [171, 189]]), _conv_cache(grid6, ones33, no_bias, hp)),
        )
    )
    two_channels = _images([[1, 2], [3, 4]], [[5, 6], [7, 8]])
    filters = np.zeros((2, 2, 2, 2))
    filters[:, :, 0, 0] = 1.0  # filter 0 adds up channel 0
    filters[:, :, 1, 1] = 2.0  # filter 1 doubles channel 1
    biases = np.array([0.5, -1.0]).reshape(1, 1, 1, 2)
    hp = {"pad": 0, "stride": 1}
    cases.append(
        Case(
            "2 channels, 2 filters with their own biases",
            (two_channels, filters, biases, hp),
            (
                np.array([10.5, 51.0]).reshape(1, 1, 1, 2),
                _conv_cache(two_channels, filters, biases, hp),
            ),
        )
    )
    return cases


def _pool_cache(A_prev, hparameters) -> Cache:
    return Cache(("A_prev", "hparameters"), (A_prev, hparameters))


@_with_public_hints
def pool_forward_cases() -> list[Case]:
    (A_prev,) = _seeded((2, 5, 5, 3))
    hp1 = {"stride": 1, "f": 3}
    hp2 = {"stride": 2, "f": 3}
    cases = [
        Case(
            "notebook example, stride 1, max",
            (A_prev, hp1),
            (
                Summary(
                    (2, 3, 3, 3),
                    {
                        "A[1, 1]": (
                            lambda out: out[1, 1],
                            [
                                [1.96710175, 0.84616065, 1.27375593],
                                [1.96710175, 0.84616065, 1.23616403],
                                [1.62765075, 1.12141771, 1.2245077],
                            ],
                        ),
                    },
                ),
                _pool_cache(A_prev, hp1),
            ),
            {"mode": "max"},
        ),
        Case(
            "notebook example, stride 1, average",
            (A_prev, hp1),
            (
                Summary(
                    (2, 3, 3, 3),
                    {
                        "A[1, 1]": (
                            lambda out: out[1, 1],
                            [
                                [0.44497696, -0.00261695, -0.31040307],
                                [0.50811474, -0.23493734, -0.23961183],
                                [0.11872677, 0.17255229, -0.22112197],
                            ],
                        ),
                    },
                ),
                _pool_cache(A_prev, hp1),
            ),
            {"mode": "average"},
        ),
        Case(
            "notebook example, stride 2, max",
            (A_prev, hp2),
            (
                Summary(
                    (2, 2, 2, 3),
                    {
                        "A[0]": (
                            lambda out: out[0],
                            [
                                [
                                    [1.74481176, 0.90159072, 1.65980218],
                                    [1.74481176, 1.6924546, 1.65980218],
                                ],
                                [
                                    [1.13162939, 1.51981682, 2.18557541],
                                    [1.13162939, 1.6924546, 2.18557541],
                                ],
                            ],
                        ),
                    },
                ),
                _pool_cache(A_prev, hp2),
            ),
            {"mode": "max"},
        ),
        Case(
            "notebook example, stride 2, average",
            (A_prev, hp2),
            (
                Summary(
                    (2, 2, 2, 3),
                    {
                        "A[1]": (
                            lambda out: out[1],
                            [
                                [
                                    [-0.17313416, 0.32377198, -0.34317572],
                                    [0.02030094, 0.14141479, -0.01231585],
                                ],
                                [
                                    [0.42944926, 0.08446996, -0.27290905],
                                    [0.15077452, 0.28911175, 0.00123239],
                                ],
                            ],
                        ),
                    },
                ),
                _pool_cache(A_prev, hp2),
            ),
            {"mode": "average"},
        ),
    ]
    grid4 = _images(np.arange(16).reshape(4, 4))
    grid5 = _images(np.arange(25).reshape(5, 5))
    two_channels = _images([[1, 2], [3, 4]], [[8, 7], [6, 5]])
    hp22 = {"stride": 2, "f": 2}
    hp21 = {"stride": 1, "f": 2}
    for mode, expected4, expected5, expected_channels in (
        ("max", [[5, 7], [13, 15]], [[6, 8], [16, 18]], [4, 8]),
        ("average", [[2.5, 4.5], [10.5, 12.5]], [[3, 5], [13, 15]], [2.5, 6.5]),
    ):
        cases += [
            Case(
                f"4x4 input, 2x2 windows, stride 2, {mode}",
                (grid4, hp22),
                (_images(expected4), _pool_cache(grid4, hp22)),
                {"mode": mode},
            ),
            Case(
                f"5x5 input, 2x2 windows, stride 2 leaves the last row out, {mode}",
                (grid5, hp22),
                (_images(expected5), _pool_cache(grid5, hp22)),
                {"mode": mode},
            ),
            Case(
                f"2 channels pooled separately, {mode}",
                (two_channels, hp21),
                (
                    np.array(expected_channels, dtype=float).reshape(1, 1, 1, 2),
                    _pool_cache(two_channels, hp21),
                ),
                {"mode": mode},
            ),
        ]
    return cases


@_with_public_hints
def conv_backward_cases() -> list[Case]:
    A_prev, W, b, dZ = _seeded((10, 4, 4, 3), (2, 2, 3, 8), (1, 1, 1, 8), (10, 4, 4, 8))
    hp = {"pad": 2, "stride": 2}
    cases = [
        Case(
            "inputs of the notebook example, random dZ, pad 2, stride 2",
            (dZ, (A_prev, W, b, hp)),
            (
                Summary(
                    (10, 4, 4, 3),
                    {
                        "mean of dA_prev": (np.mean, 0.08579797347926071),
                        "dA_prev[1, 1, 0]": (
                            lambda out: out[1, 1, 0],
                            [1.7776168344278451, 0.5081299891091099, -3.2259340880421044],
                        ),
                    },
                    ATOL,
                ),
                Summary((2, 2, 3, 8), {"mean of dW": (np.mean, 0.0705958098325458)}, ATOL),
                Summary((1, 1, 1, 8), {"mean of db": (np.mean, 6.141360247054005)}, ATOL),
            ),
        ),
    ]
    grid3 = _images(np.arange(9).reshape(3, 3))
    W_2x2 = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(2, 2, 1, 1)
    no_bias = np.zeros((1, 1, 1, 1))
    cases.append(
        Case(
            "3x3 input, stride 1: windows overlap",
            (np.ones((1, 2, 2, 1)), (grid3, W_2x2, no_bias, {"pad": 0, "stride": 1})),
            (
                _images([[1, 3, 2], [4, 10, 6], [3, 7, 4]]),
                np.array([[8.0, 12.0], [20.0, 24.0]]).reshape(2, 2, 1, 1),
                np.full((1, 1, 1, 1), 4.0),
            ),
        )
    )
    small = _images([[1, 2], [3, 4]])
    W_2x2b = np.array([[1.0, 2.0], [3.0, 5.0]]).reshape(2, 2, 1, 1)
    cases.append(
        Case(
            "2x2 input, pad 1, stride 2",
            (_images([[1, 2], [4, 8]]), (small, W_2x2b, no_bias, {"pad": 1, "stride": 2})),
            (
                _images([[5, 6], [8, 8]]),
                np.array([[32.0, 12.0], [4.0, 1.0]]).reshape(2, 2, 1, 1),
                np.full((1, 1, 1, 1), 15.0),
            ),
        )
    )
    return cases


@_with_public_hints
def create_mask_from_window_cases() -> list[Case]:
    (x,) = _seeded((2, 3))
    return [
        Case(
            "notebook example",
            (x,),
            (Mask(np.array([[True, False, False], [False, False, False]])),),
        ),
        Case(
            "maximum in the bottom-left corner",
            (np.array([[1.0, 3.0], [4.0, 2.0]]),),
            (Mask(np.array([[False, False], [True, False]])),),
        ),
        Case(
            "all values negative",
            (np.array([[-5.0, -2.0], [-3.0, -4.0]]),),
            (Mask(np.array([[False, True], [False, False]])),),
        ),
        Case(
            "a tie marks every tied maximum",
            (np.array([[4.0, 1.0], [4.0, 2.0]]),),
            (Mask(np.array([[True, False], [True, False]])),),
        ),
    ]


@_with_public_hints
def distribute_value_cases() -> list[Case]:
    return [
        Case("notebook example", (2, (2, 2)), (np.full((2, 2), 0.5),)),
        Case("100 over a 10x10 window", (100, (10, 10)), (np.ones((10, 10)),)),
        Case("an integer that does not divide evenly", (3, (2, 2)), (np.full((2, 2), 0.75),)),
        Case("a non-square 2x3 window", (6.0, (2, 3)), (np.ones((2, 3)),)),
        Case("a negative gradient", (-4.0, (2, 2)), (np.full((2, 2), -1.0),)),
    ]


@_with_public_hints
def pool_backward_cases() -> list[Case]:
    np.random.seed(1)
    A_prev = np.random.randn(5, 5, 3, 2)
    dA = np.random.randn(5, 4, 2, 2)
    hp = {"stride": 1, "f": 2}
    cases = [
        Case(
            "notebook example, max",
            (dA, (A_prev, hp)),
            (
                Summary(
                    (5, 5, 3, 2),
                    {
                        "dA_prev[1, 1]": (
                            lambda out: out[1, 1],
                            [[0, 0], [5.05844394, -1.68282702], [0, 0]],
                        ),
                    },
                ),
            ),
            {"mode": "max"},
        ),
        Case(
            "notebook example, average",
            (dA, (A_prev, hp)),
            (
                Summary(
                    (5, 5, 3, 2),
                    {
                        "dA_prev[1, 1]": (
                            lambda out: out[1, 1],
                            [
                                [0.08485462, 0.2787552],
                                [1.26461098, -0.25749373],
                                [1.17975636, -0.53624893],
                            ],
                        ),
                    },
                ),
            ),
            {"mode": "average"},
        ),
    ]
    peak = _images([[1, 2, 3], [4, 9, 5], [6, 7, 8]])
    upstream = _images([[1, 2], [3, 4]])
    cases += [
        Case(
            "3x3 input, stride 1: the centre is the max of all four windows, max",
            (upstream, (peak, hp)),
            (_images([[0, 0, 0], [0, 10, 0], [0, 0, 0]]),),
            {"mode": "max"},
        ),
        Case(
            "3x3 input, stride 1: overlapping windows, average",
            (upstream, (peak, hp)),
            (_images([[0.25, 0.75, 0.5], [1, 2.5, 1.5], [0.75, 1.75, 1]]),),
            {"mode": "average"},
        ),
    ]
    grid5 = _images(np.arange(25).reshape(5, 5))
    skip = {"stride": 3, "f": 2}
    expected_max = np.zeros((5, 5))
    expected_max[[1, 1, 4, 4], [1, 4, 1, 4]] = [1, 2, 3, 4]
    expected_avg = np.zeros((5, 5))
    for (h, w), value in np.ndenumerate(np.array([[1, 2], [3, 4]])):
        expected_avg[3 * h : 3 * h + 2, 3 * w : 3 * w + 2] = value / 4
    cases += [
        Case(
            "5x5 input, stride 3 skips a row and a column, max",
            (upstream, (grid5, skip)),
            (_images(expected_max),),
            {"mode": "max"},
        ),
        Case(
            "5x5 input, stride 3 skips a row and a column, average",
            (upstream, (grid5, skip)),
            (_images(expected_avg),),
            {"mode": "average"},
        ),
    ]
    return cases


# =============================================================================================
# Notebook 2, "From loops to a trained ConvNet" (fast_convnet): the public cases
# =============================================================================================
#
# The fast layers compute exactly what notebook 1's loop layers compute, so their small
# hand-checked cases are reused (without notebook 1's hints); each function adds its notebook
# example and cases aimed at what a vectorized version gets wrong: the order of the window's
# axes, non-square inputs, strides that do not tile the input.


def _unhinted(cases_function: Callable[[], list[Case]], skip: int = 0) -> list[Case]:
    """A notebook 1 function's public cases without its hints, from its ``skip``-th case on."""
    return cases_function.__wrapped__()[skip:]


SPEED_SECONDS = 2.0  # a vectorized layer needs a few hundredths of a second here, loops seconds


def _speed_case(layer: str) -> Case:
    """A large input, checked for its time (and shape) only: four loops over examples, rows,
    columns and filters take 3 to 4 s on it, a vectorized layer well under a tenth."""
    rng = np.random.default_rng(5)
    if layer == "forward":
        A_prev = rng.standard_normal((4, 96, 96, 1))
        W, b = rng.standard_normal((3, 3, 1, 24)), rng.standard_normal((1, 1, 1, 24))
        hp = {"pad": 1, "stride": 1}
        expected = (Summary((4, 96, 96, 24)), _conv_cache(A_prev, W, b, hp))
        return Case(
            "speed: 4 images of 96x96, 24 filters (checked for time, not values)",
            (A_prev, W, b, hp),
            expected,
            seconds=SPEED_SECONDS,
        )
    A_prev = rng.standard_normal((4, 64, 64, 1))
    W, b = rng.standard_normal((3, 3, 1, 32)), rng.standard_normal((1, 1, 1, 32))
    dZ = rng.standard_normal((4, 64, 64, 32))
    expected = (Summary((4, 64, 64, 1)), Summary((3, 3, 1, 32)), Summary((1, 1, 1, 32)))
    return Case(
        "speed: 4 images of 64x64, 32 filters (checked for time, not values)",
        (dZ, (A_prev, W, b, {"pad": 1, "stride": 1})),
        expected,
        seconds=SPEED_SECONDS,
    )


@_with_public_hints
def conv_forward_fast_cases() -> list[Case]:
    rng = np.random.default_rng(2)
    A_prev = rng.standard_normal((3, 5, 6, 2))
    W = rng.standard_normal((3, 3, 2, 4))
    b = rng.standard_normal((1, 1, 1, 4))
    hp = {"pad": 1, "stride": 2}
    z_1_2_0 = [0.33291200427428747, 2.455416031833654, -3.6675417703892994, 0.7227347562671742]
    probes = {
        "mean of Z": (np.mean, -1.2610221259124945),
        "Z[1, 2, 0]": (lambda Z: Z[1, 2, 0], z_1_2_0),
    }
    cases = [
        Case(
            "notebook example, pad 1, stride 2",
            (A_prev, W, b, hp),
            (Summary((3, 3, 3, 4), probes, ATOL), _conv_cache(A_prev, W, b, hp)),
        )
    ]
    cases += _unhinted(conv_forward_cases, skip=1)
    # Every weight different, two channels: a window flattened in another order than W's
    # (u, v, k) meets the wrong weights.
    A_prev = np.arange(1.0, 13.0).reshape(1, 2, 3, 2)
    W = np.arange(1.0, 9.0).reshape(2, 2, 2, 1)
    b = np.full((1, 1, 1, 1), -1.0)
    hp = {"pad": 0, "stride": 1}
    cases.append(
        Case(
            "2x3 input with 2 channels, every weight different",
            (A_prev, W, b, hp),
            (np.array([255.0, 327.0]).reshape(1, 1, 2, 1), _conv_cache(A_prev, W, b, hp)),
        )
    )
    A_prev = _images(np.arange(15.0).reshape(5, 3))
    W = np.stack([np.ones((2, 2, 1)), np.array([[[1.0], [0.0]], [[0.0], [-1.0]]])], axis=-1)
    b = np.array([0.0, 0.5]).reshape(1, 1, 1, 2)
    hp = {"pad": 1, "stride": 2}
    expected = [[[0, 0.5], [3, -1.5]], [[9, -5.5], [24, -3.5]], [[21, -11.5], [48, -3.5]]]
    cases.append(
        Case(
            "tall 5x3 input, pad 1, stride 2, 2 filters",
            (A_prev, W, b, hp),
            (np.array([expected], dtype=float), _conv_cache(A_prev, W, b, hp)),
        )
    )
    cases.append(_speed_case("forward"))
    return cases


@_with_public_hints
def conv_backward_fast_cases() -> list[Case]:
    rng = np.random.default_rng(2)
    A_prev = rng.standard_normal((3, 5, 6, 2))
    W = rng.standard_normal((3, 3, 2, 4))
    b = rng.standard_normal((1, 1, 1, 4))
    dZ = rng.standard_normal((3, 3, 3, 4))
    dW_1_1_0 = [-4.817210926260055, -7.236984704065699, 2.878395884456567, 18.380605986062232]
    db = [1.0975603402253096, 0.012091309627952462, 2.9557311068208256, -7.876300910976444]
    cases = [
        Case(
            "notebook example, pad 1, stride 2",
            (dZ, (A_prev, W, b, {"pad": 1, "stride": 2})),
            (
                Summary((3, 5, 6, 2), {"mean of dA_prev": (np.mean, 0.2767071268583684)}, ATOL),
                Summary((3, 3, 2, 4), {"dW[1, 1, 0]": (lambda dW: dW[1, 1, 0], dW_1_1_0)}, ATOL),
                np.array(db).reshape(1, 1, 1, 4),
            ),
        )
    ]
    cases += _unhinted(conv_backward_cases, skip=1)
    A_prev = np.arange(1.0, 13.0).reshape(1, 2, 3, 2)
    W = np.arange(1.0, 9.0).reshape(2, 2, 2, 1)
    b = np.full((1, 1, 1, 1), -1.0)
    dA_prev = [[[1, 2], [1, 0], [-6, -8]], [[5, 6], [-3, -4], [-14, -16]]]
    cases.append(
        Case(
            "2x3 input with 2 channels, every weight different",
            (np.array([1.0, -2.0]).reshape(1, 1, 2, 1), (A_prev, W, b, {"pad": 0, "stride": 1})),
            (
                np.array([dA_prev], dtype=float),
                np.array([-5.0, -6, -7, -8, -11, -12, -13, -14]).reshape(2, 2, 2, 1),
                np.full((1, 1, 1, 1), -1.0),
            ),
        )
    )
    A_prev = _images(np.arange(15.0).reshape(5, 3))
    W = np.stack([np.ones((2, 2, 1)), np.array([[[1.0], [0.0]], [[0.0], [-1.0]]])], axis=-1)
    b = np.array([0.0, 0.5]).reshape(1, 1, 1, 2)
    cases.append(
        Case(
            "tall 5x3 input, pad 1, stride 2, 2 filters",
            (np.arange(1.0, 13.0).reshape(1, 3, 2, 2), (A_prev, W, b, {"pad": 1, "stride": 2})),
            (
                _images([[-1, 3, -1], [5, 15, 7], [-1, 7, -1], [9, 23, 11], [-1, 11, -1]]),
                np.array([138.0, 152, 252, 280, 195, 216, 354, 396]).reshape(2, 2, 1, 2),
                np.array([36.0, 42.0]).reshape(1, 1, 1, 2),
            ),
        )
    )
    cases.append(_speed_case("backward"))
    return cases


@_with_public_hints
def pool_forward_fast_cases() -> list[Case]:
    A_prev = np.random.default_rng(3).standard_normal((2, 5, 7, 3))
    hp = {"f": 3, "stride": 2}
    example = {
        "max": [
            [1.4967371655185107, 1.4967371655185107, 1.6952075589596332],
            [1.6156817605764437, 1.6096626830183138, 1.6952075589596332],
        ],
        "average": [
            [0.27827061283345017, 0.041096310196479746, 0.272759445480668],
            [0.147073809532039, 0.0032837104214945103, 0.06344345903719863],
        ],
    }
    cases = [
        Case(
            f"notebook example, 3x3 windows, stride 2, {mode}",
            (A_prev, hp),
            (
                Summary((2, 2, 3, 3), {"A[1, :, :, 0]": (lambda A: A[1, :, :, 0], values)}, ATOL),
                _pool_cache(A_prev, hp),
            ),
            {"mode": mode},
        )
        for mode, values in example.items()
    ]
    cases += _unhinted(pool_forward_cases, skip=4)
    tall = _images([[1, 5], [4, 2], [3, 6]])
    hp = {"f": 2, "stride": 1}
    for mode, expected in (("max", [[5], [6]]), ("average", [[3], [3.75]])):
        cases.append(
            Case(
                f"tall 3x2 input, one window per row, {mode}",
                (tall, hp),
                (_images(expected), _pool_cache(tall, hp)),
                {"mode": mode},
            )
        )
    return cases


@_with_public_hints
def pool_backward_fast_cases() -> list[Case]:
    A_prev = np.random.default_rng(4).standard_normal((2, 4, 3, 2))
    hp = {"f": 2, "stride": 1}
    dA = np.arange(1.0, 25.0).reshape(2, 3, 2, 2)  # the example's: 1, 2, ... in order
    example = {
        "max": [[0, 2, 0], [0, 0, 4], [0, 36, 0], [0, 0, 0]],
        "average": [[0.5, 1.5, 1], [2, 5, 3], [4, 9, 5], [2.5, 5.5, 3]],
    }
    cases = [
        Case(
            f"notebook example, 2x2 windows, stride 1, {mode}",
            (dA, (A_prev, hp)),
            (
                Summary(
                    (2, 4, 3, 2),
                    {
                        "sum of dA_prev": (np.sum, 300.0),
                        "dA_prev[0, :, :, 1]": (lambda d: d[0, :, :, 1], values),
                    },
                    ATOL,
                ),
            ),
            {"mode": mode},
        )
        for mode, values in example.items()
    ]
    cases += _unhinted(pool_backward_cases, skip=2)
    tall = _images([[1, 5], [4, 2], [3, 6]])
    upstream = _images([[1], [2]])
    for mode, expected in (
        ("max", [[0, 1], [0, 0], [0, 2]]),
        ("average", [[0.25, 0.25], [0.75, 0.75], [0.5, 0.5]]),
    ):
        cases.append(
            Case(
                f"tall 3x2 input, one window per row, {mode}",
                (upstream, (tall, hp)),
                (_images(expected),),
                {"mode": mode},
            )
        )
    return cases


@_with_public_hints
def relu_forward_cases() -> list[Case]:
    Z = np.array([[-1.5, 0.0, 2.0], [3.0, -0.5, 0.25]])
    volume = np.array([-2.0, 1.0, 0.5, -0.25, 3.0, -1.0, 0.0, 4.0]).reshape(1, 2, 2, 2)
    return [
        Case("notebook example", (Z,), (np.array([[0, 0, 2], [3, 0, 0.25]]), Z)),
        Case(
            "a 4-D volume",
            (volume,),
            (np.array([0, 1, 0.5, 0, 3, 0, 0, 4.0]).reshape(1, 2, 2, 2), volume),
        ),
        Case("all negative", (np.array([-3.0, -1e-3]),), (np.zeros(2), np.array([-3.0, -1e-3]))),
    ]


@_with_public_hints
def relu_backward_cases() -> list[Case]:
    Z = np.array([[-1.5, 0.0, 2.0], [3.0, -0.5, 0.25]])
    dA = np.array([[1.0, 2.0, 3.0], [-4.0, 5.0, -6.0]])
    return [
        Case("notebook example", (np.ones((2, 3)), Z), (np.array([[0, 0, 1], [1, 0, 1.0]]),)),
        Case("a varied upstream gradient", (dA, Z), (np.array([[0, 0, 3], [-4, 0, -6.0]]),)),
        Case(
            "a 4-D volume",
            (np.full((1, 2, 1, 2), 2.0), np.array([1.0, -1.0, -2.0, 0.5]).reshape(1, 2, 1, 2)),
            (np.array([2.0, 0, 0, 2]).reshape(1, 2, 1, 2),),
        ),
    ]


def _affine_cache(x, w, b) -> Cache:
    return Cache(("x", "w", "b"), (x, w, b))


@_with_public_hints
def affine_forward_cases() -> list[Case]:
    x = np.arange(8.0).reshape(2, 2, 2)
    w = np.linspace(-1.0, 1.0, 12).reshape(4, 3)
    b = np.array([0.5, 0.0, -0.5])
    out = [
        [2.1363636363636367, 2.7272727272727275, 3.3181818181818183],
        [-0.7727272727272732, 2.727272727272729, 6.227272727272728],
    ]
    x2 = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 3.0]])
    w2 = np.array([[1.0, -1.0], [2.0, 0.5]])
    b2 = np.array([0.25, -0.25])
    x3 = np.arange(1.0, 9.0).reshape(1, 2, 2, 2)
    w3 = np.eye(8)[:, [7, 0]]  # output 0 reads the last input, output 1 the first one
    return [
        Case("notebook example", (x, w, b), (np.array(out), _affine_cache(x, w, b))),
        Case(
            "a 2-D input, 2 outputs",
            (x2, w2, b2),
            (np.array([[5.25, -0.25], [0.25, 1.0], [6.25, 1.25]]), _affine_cache(x2, w2, b2)),
        ),
        Case(
            "a 4-D input is flattened in NumPy's order",
            (x3, w3, np.zeros(2)),
            (np.array([[8.0, 1.0]]), _affine_cache(x3, w3, np.zeros(2))),
        ),
    ]


@_with_public_hints
def affine_backward_cases() -> list[Case]:
    x = np.arange(8.0).reshape(2, 2, 2)
    w = np.linspace(-1.0, 1.0, 12).reshape(4, 3)
    b = np.array([0.5, 0.0, -0.5])
    dx_row = [[-2.4545454545454546, -0.8181818181818181], [0.8181818181818181, 2.454545454545455]]
    x2 = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 3.0]])
    w2 = np.array([[1.0, -1.0], [2.0, 0.5]])
    b2 = np.array([0.25, -0.25])
    dout2 = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, -1.0]])
    return [
        Case(
            "notebook example",
            (np.ones((2, 3)), (x, w, b)),
            (
                np.array([dx_row, dx_row]),
                np.array([4.0, 6, 8, 10]).reshape(4, 1).repeat(3, axis=1),
                np.full(3, 2.0),
            ),
        ),
        Case(
            "a 2-D input, 2 outputs",
            (dout2, (x2, w2, b2)),
            (
                np.array([[1.0, 2.0], [-1.0, 0.5], [3.0, 3.5]]),
                np.array([[1.0, -1.0], [8.0, -2.5]]),
                np.array([3.0, 0.0]),
            ),
        ),
    ]


@_with_public_hints
def softmax_loss_cases() -> list[Case]:
    scores = np.array([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0], [1000.0, 998.0, 0.0, -1000.0]])
    dscores = [
        [0.010686201093361663, 0.02904810624734419, 0.07896093936330338, -0.11869524670400922],
        [0.08333333333333333, -0.25, 0.08333333333333333, 0.08333333333333333],
        [-0.0397343073407059, 0.03973430734070584, 0.0, 0.0],
    ]
    return [
        Case(
            "notebook example, with scores of 1000",
            (scores, np.array([3, 1, 0])),
            (Scalar(0.6511373569080195), np.array(dscores)),
        ),
        Case(
            "equal scores: the loss is log(5)",
            (np.zeros((2, 5)), np.array([0, 4])),
            (
                Scalar(1.6094379124341003),
                np.array([[-0.4, 0.1, 0.1, 0.1, 0.1], [0.1, 0.1, 0.1, 0.1, -0.4]]),
            ),
        ),
        Case(
            "one example, the wrong class scores higher",
            (np.array([[2.0, 0.0]]), np.array([1])),
            (Scalar(2.1269280110429727), np.array([[0.8807970779778823, -0.8807970779778824]])),
        ),
    ]


def _tiny_network():
    """A ConvNet small enough to check by hand: 1x1 filter, 2x2 images, 2 classes."""
    X = np.array([[[1.0, -2.0], [3.0, 0.5]], [[-1.0, 2.5], [0.25, -3.0]]]).reshape(2, 2, 2, 1)
    params = {
        "W1": np.full((1, 1, 1, 1), 2.0),
        "b1": np.full((1, 1, 1, 1), -1.0),
        "W2": np.array([[1.0, -1.0]]),
        "b2": np.array([0.0, 0.5]),
    }
    return params, X, np.array([0, 1])


@_with_public_hints
def loss_cases() -> list[Case]:
    rng = np.random.default_rng(6)
    params = {
        "W1": rng.standard_normal((3, 3, 1, 4)) * np.sqrt(2 / 9),
        "b1": np.zeros((1, 1, 1, 4)),
        "W2": rng.standard_normal((64, 10)) * np.sqrt(2 / 64),
        "b2": np.zeros(10),
    }
    X = np.random.default_rng(16).standard_normal((5, 8, 8, 1))
    y = np.array([0, 3, 9, 3, 1])
    norms = {
        "W1": ((3, 3, 1, 4), 2.6170647881089044),
        "b1": ((1, 1, 1, 4), 1.0521338578370585),
        "W2": ((64, 10), 9.345736533923361),
        "b2": ((10,), 0.7118924599409172),
    }
    grads = {
        name: Summary(shape, {f"norm of grads[{name!r}]": (np.linalg.norm, norm)}, ATOL)
        for name, (shape, norm) in norms.items()
    }
    cases = [Case("notebook example", (params, X, y), (Scalar(4.719764927451105), grads))]
    params, X, y = _tiny_network()
    cases.append(
        Case(
            "1x1 filter, 2x2 images, 2 classes",
            (params, X, y),
            (
                Scalar(3.750313890251995),
                {
                    "W1": np.full((1, 1, 1, 1), 2.4983935147251595),
                    "b1": np.full((1, 1, 1, 1), 0.9993723751355659),
                    "W2": np.array([[1.9987073271573765, -1.9987073271573763]]),
                    "b2": np.array([0.49968618756778294, -0.4996861875677829]),
                },
            ),
        )
    )
    X = np.array([[0.5, -1.0], [2.0, 1.5]]).reshape(1, 2, 2, 1)
    params = {
        "W1": np.arange(-4.0, 14.0).reshape(3, 3, 1, 2) / 10,
        "b1": np.array([0.1, -0.2]).reshape(1, 1, 1, 2),
        "W2": np.array([[0.5, -0.5, 1.0], [1.0, 0.0, -1.0]]),
        "b2": np.array([0.0, 0.1, -0.1]),
    }
    dW1 = np.zeros((3, 3, 1, 2))
    dW1[1:, 1:, 0, :] = [
        [[-0.24932076460045113, 0.994778013707196], [0.49864152920090227, -1.989556027414392]],
        [[-0.9972830584018045, 3.979112054828784], [-0.7479622938013534, 2.984334041121588]],
    ]
    dW2_row = [3.47996951668896, 0.0035070625724521213, -3.4834765792614117]
    cases.append(
        Case(
            "3x3 filters with padding 1, 2 filters, 3 classes",
            (params, X, np.array([2])),
            (
                Scalar(5.355739434319488),
                {
                    "W1": dW1,
                    "b1": np.array([-0.49864152920090227, 1.989556027414392]).reshape(1, 1, 1, 2),
                    "W2": np.array([dW2_row, dW2_row]),
                    "b2": np.array(
                        [0.9942770047682743, 0.0010020178778434633, -0.9952790226461177]
                    ),
                },
            ),
        )
    )
    return cases


@_with_public_hints
def sgd_momentum_cases() -> list[Case]:
    w, dw = np.array([1.0, -2.0]), np.array([0.5, -1.0])
    return [
        Case(
            "notebook example, first step",
            (w, dw, np.zeros(2), 0.1, 0.9),
            (np.array([0.95, -1.9]), np.array([-0.05, 0.1])),
        ),
        Case(
            "notebook example, second step",
            (np.array([0.95, -1.9]), dw, np.array([-0.05, 0.1]), 0.1, 0.9),
            (np.array([0.855, -1.71]), np.array([-0.095, 0.19])),
        ),
        Case(
            "a velocity that points the other way",
            (np.array([[1.0, 2.0]]), np.array([[0.5, -0.5]]), np.array([[0.1, 0.2]]), 0.5, 0.5),
            (np.array([[0.8, 2.35]]), np.array([[-0.2, 0.35]])),
        ),
    ]


@_with_public_hints
def train_cases() -> list[Case]:
    params, X, y = _tiny_network()
    trained = {
        "W1": np.full((1, 1, 1, 1), -0.18535766238161583),
        "b1": np.full((1, 1, 1, 1), -1.8742270149737816),
        "W2": np.array([[-0.5806598371901976, 0.5806598371901975]]),
        "b2": np.array([-0.1467281805749815, 0.6467281805749815]),
    }
    losses = np.array([3.750313890251995, 0.8128992108210966, 0.8176111406383265])
    return [
        Case("1x1 filter, 2x2 images, 3 steps", (params, X, y, 0.5, 0.5, 3), (trained, losses)),
        Case("no step at all", (params, X, y, 0.5, 0.5, 0), (params, np.zeros(0))),
    ]


def zero_pad_test(target):
    run_cases("zero_pad", target, zero_pad_cases())


def conv_single_step_test(target):
    run_cases("conv_single_step", target, conv_single_step_cases())


def conv_forward_test(target):
    run_cases("conv_forward", target, conv_forward_cases())


def pool_forward_test(target):
    run_cases("pool_forward", target, pool_forward_cases())


def conv_backward_test(target):
    run_cases("conv_backward", target, conv_backward_cases())


def create_mask_from_window_test(target):
    run_cases("create_mask_from_window", target, create_mask_from_window_cases())


def distribute_value_test(target):
    run_cases("distribute_value", target, distribute_value_cases())


def pool_backward_test(target):
    run_cases("pool_backward", target, pool_backward_cases())


# notebook 2, fast_convnet


def conv_forward_fast_test(target):
    run_cases("conv_forward_fast", target, conv_forward_fast_cases())


def conv_backward_fast_test(target):
    run_cases("conv_backward_fast", target, conv_backward_fast_cases())


def pool_forward_fast_test(target):
    run_cases("pool_forward_fast", target, pool_forward_fast_cases())


def pool_backward_fast_test(target):
    run_cases("pool_backward_fast", target, pool_backward_fast_cases())


def relu_forward_test(target):
    run_cases("relu_forward", target, relu_forward_cases())


def relu_backward_test(target):
    run_cases("relu_backward", target, relu_backward_cases())


def affine_forward_test(target):
    run_cases("affine_forward", target, affine_forward_cases())


def affine_backward_test(target):
    run_cases("affine_backward", target, affine_backward_cases())


def softmax_loss_test(target):
    run_cases("softmax_loss", target, softmax_loss_cases())


def loss_test(target):
    run_cases("loss", target, loss_cases())


def sgd_momentum_test(target):
    run_cases("sgd_momentum", target, sgd_momentum_cases())


def train_test(target):
    run_cases("train", target, train_cases())


PUBLIC_TESTS = {
    "zero_pad": zero_pad_test,
    "conv_single_step": conv_single_step_test,
    "conv_forward": conv_forward_test,
    "pool_forward": pool_forward_test,
    "conv_backward": conv_backward_test,
    "create_mask_from_window": create_mask_from_window_test,
    "distribute_value": distribute_value_test,
    "pool_backward": pool_backward_test,
    "conv_forward_fast": conv_forward_fast_test,
    "conv_backward_fast": conv_backward_fast_test,
    "pool_forward_fast": pool_forward_fast_test,
    "pool_backward_fast": pool_backward_fast_test,
    "relu_forward": relu_forward_test,
    "relu_backward": relu_backward_test,
    "affine_forward": affine_forward_test,
    "affine_backward": affine_backward_test,
    "softmax_loss": softmax_loss_test,
    "loss": loss_test,
    "sgd_momentum": sgd_momentum_test,
    "train": train_test,
}


# ---------------------------------------------------------------------------------------------
# Numerical gradient checks
# ---------------------------------------------------------------------------------------------

GRADIENT_TARGET = 1e-7


def numerical_gradient(cost: Callable[[], float], x: np.ndarray, epsilon: float = 1e-6):
    """Centred differences of ``cost`` with respect to every entry of ``x`` (changed in place)."""
    gradient = np.zeros_like(x, dtype=float)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + epsilon
        plus = cost()
        x[index] = original - epsilon
        minus = cost()
        x[index] = original
        gradient[index] = (plus - minus) / (2 * epsilon)
    return gradient


def relative_error(analytic, numerical) -> float:
    analytic = np.asarray(analytic, dtype=float)
    numerical = np.asarray(numerical, dtype=float)
    scale = np.linalg.norm(analytic) + np.linalg.norm(numerical)
    return 0.0 if scale == 0 else float(np.linalg.norm(analytic - numerical) / scale)


def _report(label: str, analytic, numerical) -> float:
    try:
        error = relative_error(analytic, numerical)
    except ValueError:
        print(f"{label}: shape {np.shape(analytic)} should be {np.shape(numerical)}")
        return float("inf")
    verdict = "looks right" if error < GRADIENT_TARGET else "something is wrong"
    print(f"{label}: relative error {error:.1e} (target: below {GRADIENT_TARGET:.0e}): {verdict}")
    return error


def gradient_check_conv(conv_forward, conv_backward, seed: int = 3) -> None:
    """Compare conv_backward with centred differences of conv_forward on two tiny layers.

    The first layer is padded and strided; the second has no padding and overlapping windows, so
    a crop of the padding that only works when pad > 0 (``[pad:-pad]``) is caught here too. The
    report is printed, one line per gradient and layer, and nothing is returned, so that the
    notebook cell does not echo the numbers a second time.
    """
    rng = np.random.default_rng(seed)
    for f, hparameters in ((3, {"pad": 1, "stride": 2}), (2, {"pad": 0, "stride": 1})):
        A_prev = rng.standard_normal((2, 4, 5, 2))
        W = rng.standard_normal((f, f, 2, 3))
        b = rng.standard_normal((1, 1, 1, 3))
        layer = f"pad={hparameters['pad']}, stride={hparameters['stride']}"
        try:
            Z, cache = conv_forward(A_prev, W, b, hparameters)
            G = rng.standard_normal(np.shape(Z))

            def cost():
                return float(np.sum(conv_forward(A_prev, W, b, hparameters)[0] * G))  # noqa: B023

            dA_prev, dW, db = conv_backward(G, cache)
        except Exception as error:
            error.add_note(f"(raised in the gradient check's layer with {layer})")
            raise
        for name, analytic, x in (("dA_prev", dA_prev, A_prev), ("dW", dW, W), ("db", db, b)):
            _report(f"{layer}, {name:<7}", analytic, numerical_gradient(cost, x))


def gradient_check_pool(pool_forward, pool_backward, seed: int = 3) -> None:
    """Compare pool_backward with centred differences of pool_forward, in both modes.

    Prints one line per mode and returns nothing, like gradient_check_conv.
    """
    rng = np.random.default_rng(seed)
    # Distinct values spaced far more than epsilon apart: no window has a tie.
    A_prev = rng.permutation(np.arange(2 * 5 * 5 * 2)).reshape(2, 5, 5, 2) / 10.0
    for mode, hparameters in (("max", {"f": 2, "stride": 1}), ("average", {"f": 3, "stride": 2})):
        A, cache = pool_forward(A_prev, hparameters, mode=mode)
        G = rng.standard_normal(np.shape(A))

        def cost():
            return float(np.sum(pool_forward(A_prev, hparameters, mode=mode)[0] * G))  # noqa: B023

        dA_prev = pool_backward(G, cache, mode=mode)
        label = f"dA_prev, mode={mode!r}".ljust(26)
        _report(label, dA_prev, numerical_gradient(cost, A_prev))


# notebook 2, fast_convnet: each check prints one line per gradient and returns nothing, so that a
# notebook cell shows its result once.


def check_gradients(
    cost: Callable[[], float], gradients: list[tuple[str, Any, np.ndarray]]
) -> None:
    """Print how far each analytic gradient is from centred differences of ``cost``.

    ``gradients`` holds (label, your gradient, the array it is the gradient with respect to).
    ``cost`` must read those very arrays each time it is called: each entry is nudged in place.
    """
    width = max(len(label) for label, _, _ in gradients)
    for label, analytic, variable in gradients:
        _report(label.ljust(width), analytic, numerical_gradient(cost, variable))


def gradient_check_conv_fast(conv_forward_fast, conv_backward_fast, seed: int = 4) -> None:
    gradient_check_conv(conv_forward_fast, conv_backward_fast, seed)


def gradient_check_pool_fast(pool_forward_fast, pool_backward_fast, seed: int = 4) -> None:
    gradient_check_pool(pool_forward_fast, pool_backward_fast, seed)


def gradient_check_relu(relu_forward, relu_backward, seed: int = 4) -> None:
    rng = np.random.default_rng(seed)
    # Values at least 0.1 away from 0, where a ReLU has no derivative.
    Z = rng.uniform(0.1, 1.0, (3, 4, 5)) * rng.choice([-1.0, 1.0], (3, 4, 5))
    G = rng.standard_normal(Z.shape)
    dZ = relu_backward(G, relu_forward(Z)[1])
    check_gradients(lambda: float(np.sum(relu_forward(Z)[0] * G)), [("dZ", dZ, Z)])


def gradient_check_affine(affine_forward, affine_backward, seed: int = 4) -> None:
    rng = np.random.default_rng(seed)
    x, w, b = rng.standard_normal((2, 3, 2)), rng.standard_normal((6, 4)), rng.standard_normal(4)
    out, cache = affine_forward(x, w, b)
    G = rng.standard_normal(np.shape(out))
    dx, dw, db = affine_backward(G, cache)

    def cost():
        return float(np.sum(affine_forward(x, w, b)[0] * G))

    check_gradients(cost, [("dx", dx, x), ("dw", dw, w), ("db", db, b)])


def gradient_check_softmax(softmax_loss, seed: int = 4) -> None:
    rng = np.random.default_rng(seed)
    scores = 3 * rng.standard_normal((4, 5))
    y = np.array([0, 4, 2, 2])
    dscores = softmax_loss(scores, y)[1]
    check_gradients(lambda: float(softmax_loss(scores, y)[0]), [("dscores", dscores, scores)])


def gradient_check_loss(loss, seed: int = 4) -> None:
    """Every parameter of a tiny ConvNet: 2 examples of 4x4x2, 3 filters, 4 classes."""
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.standard_normal((3, 3, 2, 3)),
        "b1": rng.standard_normal((1, 1, 1, 3)),
        "W2": rng.standard_normal((12, 4)),
        "b2": rng.standard_normal(4),
    }
    X = rng.standard_normal((2, 4, 4, 2))
    y = np.array([1, 3])
    grads = loss(params, X, y)[1]
    pairs = [(f"grads[{name!r}]", grads.get(name), params[name]) for name in params]
    check_gradients(lambda: float(loss(params, X, y)[0]), pairs)


# ---------------------------------------------------------------------------------------------
# Command line: run every public test on a saved notebook
# ---------------------------------------------------------------------------------------------


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _without_magics(source: str) -> str:
    """IPython magics (``%matplotlib inline``, ``!pip``) are not Python; keep line numbers."""
    return "\n".join(
        "pass  # " + line if line.lstrip().startswith(("%", "!")) else line
        for line in source.split("\n")
    )


def _defines(source: str) -> set[str]:
    """Names of the functions a cell defines at its top level."""
    try:
        tree = ast.parse(_without_magics(source))
    except SyntaxError:  # the cell will fail to run; say which function it meant to define
        return set(re.findall(r"^def\s+(\w+)\s*\(", source, flags=re.MULTILINE))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def _grade_id(cell: dict) -> str | None:
    return (cell.get("metadata") or {}).get("nbgrader", {}).get("grade_id")


def _is_solution(cell: dict) -> bool:
    return bool((cell.get("metadata") or {}).get("nbgrader", {}).get("solution"))


def notebook_functions(notebook: dict) -> list[str]:
    """The graded functions of a notebook, in its order: the grade ids of its nbgrader solution
    cells that have public tests, or, in a notebook without that metadata (cells copied into a
    new notebook, say), the functions with public tests that its code cells define."""
    code = [cell for cell in notebook.get("cells", []) if cell.get("cell_type") == "code"]
    by_metadata = [_grade_id(c) for c in code if _is_solution(c) and _grade_id(c) in PUBLIC_TESTS]
    if by_metadata:
        return list(dict.fromkeys(by_metadata))
    defined = [name for cell in code for name in sorted(_defines(_source(cell)))]
    return [name for name in dict.fromkeys(defined) if name in PUBLIC_TESTS]


@dataclass
class LoadedNotebook:
    """The graded functions of a notebook, defined by running only the cells that define them."""

    functions: list[str]
    namespace: dict[str, Any]
    cell_errors: dict[str, str]  # function -> why its cell could not run


def load_notebook(notebook: dict) -> LoadedNotebook:
    """Run the cells that define the notebook's graded functions, each under a file name of its
    own (``<cell conv_forward>``) registered with ``linecache``, so that an error keeps its line
    number and line; a cell that fails is reported for its functions, and the others still run.

    With nbgrader metadata these are the solution cells, as the grader runs them (a scratch cell
    redefining ``zero_pad`` is not used, unless the solution cell no longer defines it), after
    the notebook's setup cells, whose imports the functions use (``sliding_window_view``).
    """
    functions = notebook_functions(notebook)
    code = [cell for cell in notebook.get("cells", []) if cell.get("cell_type") == "code"]
    chosen = {i for i, c in enumerate(code) if _is_solution(c) and _grade_id(c) in functions}
    covered = set().union(*(_defines(_source(code[i])) for i in chosen))
    for name in functions:
        if name not in covered:
            defining = [i for i, c in enumerate(code) if name in _defines(_source(c))]
            chosen.update(defining[-1:])
    namespace: dict[str, Any] = {"np": np, "__name__": "__student__"}
    cell_errors: dict[str, str] = {}
    printed = io.StringIO()  # what the cells print as they run is not the test's to show
    for cell in code:
        if str(_grade_id(cell) or "").startswith("setup"):
            try:
                with contextlib.redirect_stdout(printed):
                    exec(compile(_without_magics(_source(cell)), "<setup>", "exec"), namespace)  # noqa: S102
            except Exception:  # a missing optional import: the functions may not need it
                pass
    for index in sorted(chosen):
        source = _source(code[index])
        filename = f"<cell {_grade_id(code[index]) or index + 1}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        try:
            with contextlib.redirect_stdout(printed):
                exec(compile(_without_magics(source), filename, "exec"), namespace)  # noqa: S102
        except Exception as error:  # the student's cell may raise anything
            message = f"its cell could not run{_cell_line(error, filename)}: " + (
                f"SyntaxError: {error.msg}"
                if isinstance(error, SyntaxError)
                else f"{type(error).__name__}: {error}"
            )
            owners = _defines(source) & set(functions) or {_grade_id(code[index])} & set(functions)
            cell_errors.update(dict.fromkeys(owners, message))
    return LoadedNotebook(functions, namespace, cell_errors)


def _cell_line(error: BaseException, filename: str) -> str:
    """`` (line N)``: the line of the cell where ``error`` was raised, if it was in the cell."""
    if isinstance(error, SyntaxError) and error.filename == filename:
        return f" (line {error.lineno})" if error.lineno else ""
    lines = [
        n
        for frame, n in traceback.walk_tb(error.__traceback__)
        if frame.f_code.co_filename == filename
    ]
    return f" (line {lines[-1]})" if lines else ""


def load_functions(notebook_path: str) -> dict[str, Any]:
    """The namespace in which the graded functions of a saved notebook are defined."""
    with open(notebook_path, encoding="utf-8") as handle:
        return load_notebook(json.load(handle)).namespace


@dataclass
class FunctionResult:
    """One function's public tests, as the command line reports them."""

    name: str
    status: str  # passed, not implemented, failed, missing, error
    summary: str
    details: str = ""


def _cases_of(name: str) -> list[Case] | None:
    maker = globals().get(f"{name}_cases")
    return maker() if callable(maker) else None


def check_function(name: str, target) -> FunctionResult:
    """Run one function's public cases quietly (its prints are counted, not shown) and say in
    one line how it went; a failure also gives its hints and first failing case."""
    cases = _cases_of(name)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            if cases is None:
                PUBLIC_TESTS[name](target)
            else:
                run_cases(name, target, cases, quiet=True)
    except CaseFailures as failure:
        if failure.unimplemented:
            return FunctionResult(name, "not implemented", "not implemented yet")
        summary = f"failed {len(failure.failures)} of {failure.total} cases"
        width = REPORT_WIDTH - 4  # printed indented by 4
        hints = [wrap(hint, width) for hint in failure.hints]
        details = "\n".join([*hints, failure.blocks(width, first="first failing ")[0]])
        return FunctionResult(name, "failed", summary + _printed(printed), details)
    except AssertionError as failure:
        return FunctionResult(name, "failed", "failed", str(failure))
    count = f" ({len(cases)} cases)" if cases is not None else ""
    return FunctionResult(name, "passed", f"passed{count}" + _printed(printed))


def _printed(stream: io.StringIO) -> str:
    lines = len(stream.getvalue().splitlines())
    return f" (it printed {lines} lines, not shown here)" if lines else ""


def check_notebook(notebook: dict) -> list[FunctionResult]:
    """Every graded function of a notebook through its public tests, in notebook order."""
    loaded = load_notebook(notebook)
    results = []
    for number, name in enumerate(loaded.functions, start=1):
        target = loaded.namespace.get(name)
        if name in loaded.cell_errors:
            results.append(FunctionResult(name, "error", loaded.cell_errors[name]))
        elif not callable(target):
            results.append(FunctionResult(name, "missing", f"no cell defines {name}"))
        else:
            results.append(check_function(name, target))
        if results[-1].status == "not implemented":
            results[-1].summary += f" (exercise {number})"
    return results


def _notebook_beside_this_file() -> tuple[Path | None, str]:
    """The one notebook in this file's folder, as a release has it, or why there is none."""
    folder = Path(__file__).resolve().parent
    found = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if len(found) == 1:
        return found[0], ""
    if not found:
        return None, (
            f"There is no notebook beside public_tests.py (in {folder}). Name the one to test:\n"
            f"    python public_tests.py NOTEBOOK.ipynb"
        )
    names = ", ".join(p.name for p in found)
    return None, (
        f"There are {len(found)} notebooks beside public_tests.py ({names}). Name the one to "
        f"test:\n    python public_tests.py {found[0].name}"
    )


def main(argv: list[str]) -> int:
    """``python public_tests.py [NOTEBOOK.ipynb]``: one line per graded function of the saved
    notebook; exit 0 when every one passes, 1 when one does not, 2 when there is nothing to
    test."""
    if len(argv) > 1 or any(arg in ("-h", "--help") for arg in argv):
        print("usage: python public_tests.py [NOTEBOOK.ipynb]")
        print("Runs the public tests on the functions of a saved notebook (by default, the one")
        print("notebook in the folder of public_tests.py).")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    if argv:
        path = Path(argv[0])
    else:
        path, problem = _notebook_beside_this_file()
        if path is None:
            print(problem)
            return 2
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(notebook, dict):
            raise ValueError("not a notebook")
    except OSError as error:
        print(f"Cannot read {path}: {error.strerror or error}.")
        return 2
    except ValueError:
        print(f"{path} is not a notebook that Jupyter saved (it is not valid notebook JSON).")
        return 2
    print(
        f"Testing the functions of {path.name} as it was last saved: save the notebook first "
        f"(File > Save Notebook, or Ctrl+S) so that your latest changes are tested.\n"
    )
    results = check_notebook(notebook)
    if not results:
        print(f"{path.name} defines none of the functions these tests check.")
        return 1
    width = max(len(r.name) for r in results) + 2
    for result in results:
        print(f"{result.name:<{width}}{result.summary}")
        if result.details:
            print(textwrap.indent(result.details, "    "))
    counts = {s: sum(r.status == s for r in results) for s in ("passed", "not implemented")}
    failed = len(results) - counts["passed"] - counts["not implemented"]
    todo = f", {counts['not implemented']} not implemented yet" if counts["not implemented"] else ""
    print(f"\n{counts['passed']} passed, {failed} failed{todo}.")
    if failed:
        print("The test cell of a function, in the notebook, lists every case it fails.")
    return 0 if counts["passed"] == len(results) else 1


# --- generated by python -m autograder.zoo.public_hints: do not edit ---
# What known mistakes (autograder/zoo) output on the small public cases, so that a
# failing case can say which mistake its output looks like. Regenerate it after
# changing a public case or the zoo.
# fmt: off
PUBLIC_HINTS: dict[tuple[str, str], list[tuple[str, tuple | dict]]] = {
    ("zero_pad", "one 2x2 image, pad 1"): [
        (
            "zeros are added after the image only, (0, pad): add pad zeros on both sides, (pad, "
            "pad)",
            ([[[[1.0], [2.0], [0.0]], [[3.0], [4.0], [0.0]], [[0.0], [0.0], [0.0]]]],),
        ),
        (
            "only the height is padded: pad the width too, with (pad, pad) for axis 2",
            ([[[[0.0], [0.0]], [[1.0], [2.0]], [[3.0], [4.0]], [[0.0], [0.0]]]],),
        ),
        (
            "the axes are read as (m, n_C, n_H, n_W), so the width and the channels are padded: "
            "pad axes 1 and 2, ((0, 0), (pad, pad), (pad, pad), (0, 0))",
            ([[[[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 0.0]], [[0.0, 0.0,
            0.0], [0.0, 3.0, 0.0], [0.0, 4.0, 0.0], [0.0, 0.0, 0.0]]]],),
        ),
        (
            "the batch axis is padded instead of the width: the pad widths go to axes 1 and 2 "
            "(height and width), ((0, 0), (pad, pad), (pad, pad), (0, 0))",
            ([[[[0.0], [0.0]], [[0.0], [0.0]], [[0.0], [0.0]], [[0.0], [0.0]]], [[[0.0], [0.0]],
            [[1.0], [2.0]], [[3.0], [4.0]], [[0.0], [0.0]]], [[[0.0], [0.0]], [[0.0], [0.0]],
            [[0.0], [0.0]], [[0.0], [0.0]]]],),
        ),
        (
            "constant_values is given the pad width, so the border is filled with pad instead of "
            "0: use constant_values=0",
            ([[[[1.0], [1.0], [1.0], [1.0]], [[1.0], [1.0], [2.0], [1.0]], [[1.0], [3.0], [4.0],
            [1.0]], [[1.0], [1.0], [1.0], [1.0]]]],),
        ),
        (
            "the border copies the edge pixels (mode=\"edge\") instead of being zeros: use "
            "mode=\"constant\"",
            ([[[[1.0], [1.0], [2.0], [2.0]], [[1.0], [1.0], [2.0], [2.0]], [[3.0], [3.0], [4.0],
            [4.0]], [[3.0], [3.0], [4.0], [4.0]]]],),
        ),
    ],
    ("conv_single_step", "notebook example"): [
        (
            "the bias is added as an array, so Z is an array of shape (1, 1, 1): take the number "
            "out of b first, with b.item()",
            ([[[-6.999089450680221]]],),
        ),
        (
            "the bias is left out: add b.item() to the sum",
            (-6.655235775109145,),
        ),
        (
            "the bias is added to every product before the sum, so it counts f * f * n_C_prev "
            "times: add it once, after the sum",
            (-23.16021220252078,),
        ),
        (
            "only the height and width are summed, not the channels (axis=(0, 1)): sum over every "
            "axis, np.sum(a_slice_prev * W)",
            ([0.26958954763005727, -3.2666323775048207, -4.689753971947609],),
        ),
        (
            "the products are averaged (np.mean) instead of added up: use np.sum",
            (-0.48250442088584944,),
        ),
        (
            "the two sums are multiplied, np.sum(a_slice_prev) * np.sum(W), instead of summing "
            "the products: np.sum(a_slice_prev * W)",
            (-17.039767644344877,),
        ),
        (
            "Z is converted with int(), which drops the decimals: return the float itself",
            (-6.0,),
        ),
    ],
    ("conv_forward", "4x4 input, 2x2 filter of ones, stride 2"): [
        (
            "the window's top-left corner ignores the stride: use vert_start = h * stride and "
            "horiz_start = w * stride",
            ([[[[10.0], [14.0]], [[26.0], [30.0]]]], "expected"),
        ),
        (
            "the rows and columns of the window are swapped in the slice: rows come first, "
            "a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]",
            ([[[[10.0], [42.0]], [[18.0], [50.0]]]], "expected"),
        ),
    ],
    ("conv_forward", "2x2 input, pad 1, stride 1, bias 1"): [
        (
            "the output size leaves the padding out: n_H = (n_H_prev + 2 * pad - f) // stride + 1",
            ([[[[2.0]]]], "expected"),
        ),
        (
            "the windows are cut out of A_prev instead of the padded input: slice "
            "zero_pad(A_prev, pad)",
            {
                "raises": "ValueError",
                "message": "operands could not be broadcast together with shapes (2,0,1) (2,2,1) ",
            },
        ),
    ],
    ("conv_forward", "6x6 input, 3x3 filter, stride 2 does not divide evenly"): [
        (
            "the output size is rounded up (np.ceil) instead of down: n_H = (n_H_prev + 2 * pad - "
            "f) // stride + 1",
            {
                "raises": "ValueError",
                "message": "operands could not be broadcast together with shapes (3,2,1) (3,3,1) ",
            },
        ),
    ],
    ("conv_forward", "2 channels, 2 filters with their own biases"): [
        (
            "the window ends at vert_start + stride instead of vert_start + f: a window is f "
            "pixels wide",
            ([[[[4.5, 39.0]]]], "expected"),
        ),
        (
            "every filter gets the bias of filter 0: filter c uses b[:, :, :, c]",
            ([[[[10.5, 52.5]]]], "expected"),
        ),
    ],
    ("pool_forward", "4x4 input, 2x2 windows, stride 2, max"): [
        (
            "the window's top-left corner ignores the stride: use vert_start = h * stride and "
            "horiz_start = w * stride",
            ([[[[5.0], [6.0]], [[9.0], [10.0]]]], "expected"),
        ),
        (
            "the rows and columns of the window are swapped in the slice: rows come first, "
            "A_prev[i, vert_start:vert_end, horiz_start:horiz_end, c]",
            ([[[[5.0], [13.0]], [[7.0], [15.0]]]], "expected"),
        ),
    ],
    ("pool_forward", "2 channels pooled separately, max"): [
        (
            "each window spans every channel, so the channels are pooled together: take one "
            "channel at a time, A_prev[i, vert_start:vert_end, horiz_start:horiz_end, c]",
            ([[[[8.0, 8.0]]]], "expected"),
        ),
        (
            "the window ends at vert_start + stride instead of vert_start + f: a window is f "
            "pixels wide",
            ([[[[1.0, 8.0]]]], "expected"),
        ),
    ],
    ("pool_forward", "2 channels pooled separately, average"): [
        (
            "the window's sum is divided by f instead of by f * f: use np.mean(window)",
            ([[[[5.0, 13.0]]]], "expected"),
        ),
        (
            "the mode is tested as \"avg\", so average pooling never runs and A stays 0: the mode "
            "is called \"average\"",
            ([[[[0.0, 0.0]]]], "expected"),
        ),
    ],
    ("conv_backward", "3x3 input, stride 1: windows overlap"): [
        (
            "the padding is cut off with [pad:-pad], which is empty when pad == 0: use [pad:pad + "
            "n_H_prev, pad:pad + n_W_prev, :]",
            {
                "raises": "ValueError",
                "message": "could not broadcast input array from shape (0,0,1) into shape (3,3,1)",
            },
        ),
        (
            "each window's gradient overwrites (=) what overlapping windows already put into "
            "dA_prev: add it with +=",
            ([[[[1.0], [1.0], [2.0]], [[1.0], [1.0], [2.0]], [[3.0], [3.0], [4.0]]]], [[[[8.0]],
            [[12.0]]], [[[20.0]], [[24.0]]]], [[[[4.0]]]]),
        ),
    ],
    ("conv_backward", "2x2 input, pad 1, stride 2"): [
        (
            "dW and db are overwritten (=) at each position instead of summed over every position "
            "and example: use +=",
            ([[[[5.0], [6.0]], [[8.0], [8.0]]]], [[[[32.0]], [[0.0]]], [[[0.0]], [[0.0]]]],
            [[[[8.0]]]]),
        ),
        (
            "dA_prev receives the input window times dZ instead of the filter: add W[:, :, :, c] "
            "* dZ[i, h, w, c]",
            ([[[[1.0], [4.0]], [[12.0], [32.0]]]], [[[[32.0]], [[12.0]]], [[[4.0]], [[1.0]]]],
            [[[[15.0]]]]),
        ),
        (
            "the top-left corner of the padded gradient is kept instead of its centre: start the "
            "slice at pad, [pad:pad + n_H_prev, pad:pad + n_W_prev, :]",
            ([[[[1.0], [2.0]], [[3.0], [5.0]]]], [[[[32.0]], [[12.0]]], [[[4.0]], [[1.0]]]],
            [[[[15.0]]]]),
        ),
        (
            "the window's top-left corner ignores the stride: use vert_start = h * stride and "
            "horiz_start = w * stride",
            ([[[[27.0], [26.0]], [[44.0], [40.0]]]], [[[[8.0]], [[20.0]]], [[[26.0]], [[49.0]]]],
            [[[[15.0]]]]),
        ),
    ],
    ("create_mask_from_window", "notebook example"): [
        (
            "the maximum is taken per row (axis=1) instead of over the whole window: np.max(x) "
            "with no axis",
            ([[True, False, False], [False, True, False]],),
        ),
    ],
    ("create_mask_from_window", "maximum in the bottom-left corner"): [
        (
            "the mask marks the minimum (np.min): use np.max",
            ([[True, False], [False, False]],),
        ),
        (
            "the window's values are returned where the maximum is (x * mask) instead of "
            "True/False: return the mask itself, x == np.max(x)",
            ([[0.0, 0.0], [4.0, 0.0]],),
        ),
        (
            "the mask is inverted, True everywhere except at the maximum (!=): use x == np.max(x)",
            ([[True, True], [False, True]],),
        ),
    ],
    ("create_mask_from_window", "all values negative"): [
        (
            "np.argmax's flat index is used as a row number, which marks a whole row: use x == "
            "np.max(x)",
            ([[False, False], [True, True]],),
        ),
    ],
    ("create_mask_from_window", "a tie marks every tied maximum"): [
        (
            "the maximum is taken per column (axis=0) instead of over the whole window: np.max(x) "
            "with no axis",
            ([[True, False], [True, True]],),
        ),
        (
            "only the first of several tied maxima is marked (np.argmax): mark every tied maximum "
            "with x == np.max(x)",
            ([[True, False], [False, False]],),
        ),
    ],
    ("distribute_value", "notebook example"): [
        (
            "every entry receives the whole gradient dz: divide it by rows * columns",
            ([[2.0, 2.0], [2.0, 2.0]],),
        ),
        (
            "dz is divided by the number of rows only: divide it by rows * columns",
            ([[1.0, 1.0], [1.0, 1.0]],),
        ),
    ],
    ("distribute_value", "a non-square 2x3 window"): [
        (
            "dz is divided by rows + columns: divide it by rows * columns",
            ([[1.2, 1.2, 1.2], [1.2, 1.2, 1.2]],),
        ),
        (
            "the window is assumed square, dz / rows ** 2: divide by rows * columns",
            ([[1.5, 1.5, 1.5], [1.5, 1.5, 1.5]],),
        ),
    ],
    ("pool_backward", "3x3 input, stride 1: the centre is the max of all four windows, max"): [
        (
            "each window's gradient overwrites (=) what overlapping windows already put into "
            "dA_prev: add it with +=",
            ([[[[0.0], [0.0], [0.0]], [[0.0], [4.0], [0.0]], [[0.0], [0.0], [0.0]]]],),
        ),
    ],
    ("pool_backward", "3x3 input, stride 1: overlapping windows, average"): [
        (
            "each pixel of an average window receives the whole gradient instead of dA / (f * f): "
            "use distribute_value(dA[i, h, w, c], (f, f))",
            ([[[[1.0], [3.0], [2.0]], [[4.0], [10.0], [6.0]], [[3.0], [7.0], [4.0]]]],),
        ),
        (
            "an average window's gradient is divided by f instead of f * f: use "
            "distribute_value(dA[i, h, w, c], (f, f))",
            ([[[[0.5], [1.5], [1.0]], [[2.0], [5.0], [3.0]], [[1.5], [3.5], [2.0]]]],),
        ),
        (
            "the mode is ignored and every window is treated as max pooling: use distribute_value "
            "when mode == \"average\"",
            ([[[[0.0], [0.0], [0.0]], [[0.0], [10.0], [0.0]], [[0.0], [0.0], [0.0]]]],),
        ),
    ],
    ("pool_backward", "5x5 input, stride 3 skips a row and a column, max"): [
        (
            "the window's top-left corner ignores the stride: use vert_start = h * stride and "
            "horiz_start = w * stride",
            ([[[[0.0], [0.0], [0.0], [0.0], [0.0]], [[0.0], [1.0], [2.0], [0.0], [0.0]], [[0.0],
            [3.0], [4.0], [0.0], [0.0]], [[0.0], [0.0], [0.0], [0.0], [0.0]], [[0.0], [0.0], [0.0],
            [0.0], [0.0]]]],),
        ),
        (
            "the mask is built from the whole input of the example instead of the window: cut "
            "a_prev[vert_start:vert_end, horiz_start:horiz_end, c] first",
            ([[[[0.0], [0.0], [0.0], [0.0], [0.0]], [[0.0], [0.0], [0.0], [0.0], [0.0]], [[0.0],
            [0.0], [0.0], [0.0], [0.0]], [[0.0], [0.0], [0.0], [0.0], [0.0]], [[0.0], [0.0], [0.0],
            [0.0], [10.0]]]],),
        ),
    ],
    ("conv_forward_fast", "4x4 input, 2x2 filter of ones, stride 2"): [
        (
            "every window is kept instead of every stride-th one, and the first n_H x n_W of them "
            "are used: slice the windows with [:, ::stride, ::stride]",
            ([[[[10.0], [14.0]], [[26.0], [30.0]]]], "expected"),
        ),
    ],
    ("conv_forward_fast", "2x2 input, pad 1, stride 1, bias 1"): [
        (
            "the output size leaves the padding out, so the last rows and columns are missing: "
            "n_H = 1 + (n_H_prev + 2 * pad - f) // stride",
            ([[[[2.0]]]], "expected"),
        ),
    ],
    ("conv_forward_fast", "2 channels, 2 filters with their own biases"): [
        (
            "each window is flattened in the order (channel, row, column) of sliding_window_view, "
            "while W.reshape uses (row, column, channel): move the channel axis after the window "
            "axes first",
            ([[[[16.5, 39.0]]]], "expected"),
        ),
        (
            "the filters are reshaped with W.reshape(n_C, -1).T, which mixes the numbers of "
            "different filters: W.reshape(f * f * n_C_prev, n_C) keeps each filter in its own "
            "column",
            ([[[[32.5, 31.0]]]], "expected"),
        ),
    ],
    ("conv_forward_fast", "tall 5x3 input, pad 1, stride 2, 2 filters"): [
        (
            "the product is transposed before the reshape, so filters and positions are mixed: "
            "reshape cols @ W_col, of shape (m * n_H * n_W, n_C), directly",
            ([[[[0.0, 3.5], [9.0, 24.5]], [[21.0, 48.5], [0.0, -1.5]], [[-6.0, -3.5], [-12.0,
            -3.5]]]], "expected"),
        ),
    ],
    ("conv_backward_fast", "3x3 input, stride 1: windows overlap"): [
        (
            "each offset's slice overwrites (=) what the other offsets of overlapping windows put "
            "there: add it with +=",
            ([[[[1.0], [2.0], [2.0]], [[3.0], [4.0], [4.0]], [[3.0], [4.0], [4.0]]]], [[[[8.0]],
            [[12.0]]], [[[20.0]], [[24.0]]]], [[[[4.0]]]]),
        ),
    ],
    ("conv_backward_fast", "2x2 input, pad 1, stride 2"): [
        (
            "db averages dZ over the positions and examples instead of adding it up: "
            "dZ_col.sum(axis=0)",
            ([[[[5.0], [6.0]], [[8.0], [8.0]]]], [[[[32.0]], [[12.0]]], [[[4.0]], [[1.0]]]],
            [[[[3.75]]]]),
        ),
        (
            "col2im adds offset (u, v) of the windows at consecutive pixels instead of every "
            "stride-th one: slice u : u + stride * n_H : stride",
            ([[[[27.0], [26.0]], [[44.0], [40.0]]]], [[[[32.0]], [[12.0]]], [[[4.0]], [[1.0]]]],
            [[[[15.0]]]]),
        ),
    ],
    ("conv_backward_fast", "2x3 input with 2 channels, every weight different"): [
        (
            "dcols is reshaped to (m, n_H, n_W, n_C_prev, f, f), but its columns are in W's order "
            "(row, column, channel): reshape it to (m, n_H, n_W, f, f, n_C_prev)",
            ([[[[1.0, 5.0], [0.0, -4.0], [-4.0, -12.0]], [[3.0, 7.0], [-2.0, -6.0], [-8.0,
            -16.0]]]], [[[[-5.0], [-6.0]], [[-7.0], [-8.0]]], [[[-11.0], [-12.0]], [[-13.0],
            [-14.0]]]], [[[[-1.0]]]]),
        ),
    ],
    ("conv_backward_fast", "tall 5x3 input, pad 1, stride 2, 2 filters"): [
        (
            "dW is computed as dZ_col.T @ cols, of shape (n_C, f * f * n_C_prev), and reshaped "
            "without transposing it back: use cols.T @ dZ_col",
            ([[[[-1.0], [3.0], [-1.0]], [[5.0], [15.0], [7.0]], [[-1.0], [7.0], [-1.0]], [[9.0],
            [23.0], [11.0]], [[-1.0], [11.0], [-1.0]]]], [[[[138.0, 252.0]], [[195.0, 354.0]]],
            [[[152.0, 280.0]], [[216.0, 396.0]]]], [[[[36.0, 42.0]]]]),
        ),
    ],
    ("pool_forward_fast", "4x4 input, 2x2 windows, stride 2, max"): [
        (
            "every window is kept instead of every stride-th one, and the first n_H x n_W of them "
            "are used: slice the windows with [:, ::stride, ::stride]",
            ([[[[5.0], [6.0]], [[9.0], [10.0]]]], "expected"),
        ),
        (
            "the output size forgets the + 1, so the last row and column of windows are missing: "
            "n_H = 1 + (n_H_prev - f) // stride",
            ([[[[5.0]]]], "expected"),
        ),
    ],
    ("pool_forward_fast", "2 channels pooled separately, max"): [
        (
            "the maximum or mean is taken over axes (3, 4), the channels and one window axis: the "
            "window is the last two axes, axis=(4, 5)",
            ([[[[8.0, 7.0]]]], "expected"),
        ),
        (
            "the window slides over the width and the channels (axis=(2, 3)): the height and the "
            "width are axes 1 and 2",
            ([[[[8.0]]]], "expected"),
        ),
    ],
    ("pool_forward_fast", "2 channels pooled separately, average"): [
        (
            "the window's sum is divided by f instead of by f * f: use np.mean(windows, axis=(4, "
            "5))",
            ([[[[5.0, 13.0]]]], "expected"),
        ),
        (
            "the mode is tested as \"avg\", so average pooling computes the maximum: the mode is "
            "called \"average\"",
            ([[[[4.0, 8.0]]]], "expected"),
        ),
    ],
    ("pool_backward_fast", "5x5 input, stride 3 skips a row and a column, max"): [
        (
            "offset (u, v) of the windows is added at consecutive pixels instead of every "
            "stride-th one: slice u : u + stride * n_H : stride",
            ([[[[0.0], [0.0], [0.0], [0.0], [0.0]], [[0.0], [1.0], [0.0], [0.0], [0.0]], [[0.0],
            [0.0], [0.0], [0.0], [0.0]], [[0.0], [0.0], [0.0], [0.0], [0.0]], [[0.0], [0.0], [0.0],
            [0.0], [0.0]]]],),
        ),
    ],
    ("pool_backward_fast", "tall 3x2 input, one window per row, max"): [
        (
            "the mask compares each pixel with the largest value of the whole input instead of "
            "its window's maximum: compare with the pooled maxima A",
            ([[[[0.0], [0.0]], [[0.0], [0.0]], [[0.0], [2.0]]]],),
        ),
    ],
    ("pool_backward_fast", "tall 3x2 input, one window per row, average"): [
        (
            "each offset's slice overwrites (=) what the other offsets of overlapping windows put "
            "there: add it with +=",
            ([[[[0.25], [0.25]], [[0.25], [0.25]], [[0.5], [0.5]]]],),
        ),
        (
            "an average window's gradient is divided by f instead of f * f: add dA / (f * f)",
            ([[[[0.5], [0.5]], [[1.5], [1.5]], [[1.0], [1.0]]]],),
        ),
        (
            "every window is treated as max pooling, whatever the mode: add dA / (f * f) when "
            "mode == \"average\"",
            ([[[[0.0], [1.0]], [[0.0], [0.0]], [[0.0], [2.0]]]],),
        ),
    ],
    ("relu_forward", "notebook example"): [
        (
            "np.max(Z, 0) takes the largest entry along axis 0 instead of comparing each entry "
            "with 0: use np.maximum(Z, 0)",
            ([3.0, 0.0, 2.0], [[-1.5, 0.0, 2.0], [3.0, -0.5, 0.25]]),
        ),
        (
            "A is the 0/1 mask of the positive entries instead of their values: np.maximum(Z, 0)",
            ([[0.0, 0.0, 1.0], [1.0, 0.0, 1.0]], [[-1.5, 0.0, 2.0], [3.0, -0.5, 0.25]]),
        ),
        (
            "np.clip(Z, 0, 1) also cuts the values above 1: use np.maximum(Z, 0)",
            ([[0.0, 0.0, 1.0], [1.0, 0.0, 0.25]], [[-1.5, 0.0, 2.0], [3.0, -0.5, 0.25]]),
        ),
    ],
    ("relu_forward", "all negative"): [
        (
            "negative entries are flipped (np.abs) instead of set to 0: np.maximum(Z, 0)",
            ([3.0, 0.001], [-3.0, -0.001]),
        ),
    ],
    ("relu_backward", "notebook example"): [
        (
            "the gradient also passes where Z is exactly 0 (Z >= 0): the rule is Z > 0",
            ([[0.0, 1.0, 1.0], [1.0, 0.0, 1.0]],),
        ),
    ],
    ("relu_backward", "a 4-D volume"): [
        (
            "the ReLU is applied to dA instead of using the sign of Z: dA * (Z > 0)",
            ([[[[2.0, 2.0]], [[2.0, 2.0]]]],),
        ),
        (
            "dA is multiplied by Z instead of by the mask Z > 0: dA * (Z > 0)",
            ([[[[2.0, -2.0]], [[-4.0, 1.0]]]],),
        ),
        (
            "the gradient passes where Z is negative (Z < 0): use Z > 0",
            ([[[[0.0, 2.0]], [[2.0, 0.0]]]],),
        ),
        (
            "dZ is the mask Z > 0 without the upstream gradient: multiply it by dA",
            ([[[[1.0, 0.0]], [[0.0, 1.0]]]],),
        ),
    ],
    ("affine_forward", "notebook example"): [
        (
            "each example is flattened in Fortran order (order=\"F\"): use x.reshape(x.shape[0], "
            "-1), NumPy's default order",
            ([[1.590909090909091, 2.1818181818181825, 2.772727272727273], [-1.3181818181818181,
            2.1818181818181834, 5.6818181818181825]], "expected"),
        ),
        (
            "the bias is left out: add b to the product",
            ([[1.6363636363636365, 2.7272727272727275, 3.8181818181818183], [-1.2727272727272732,
            2.727272727272729, 6.727272727272728]], "expected"),
        ),
    ],
    ("affine_forward", "a 4-D input is flattened in NumPy's order"): [
        (
            "x is not flattened, so an input of more than two dimensions fails or is multiplied "
            "along its last axis only: x.reshape(x.shape[0], -1) first",
            {
                "raises": "ValueError",
                "message": "shapes (1,2,2,2) and (8,2) not aligned: 2 (dim 3) != 8 (dim 0)",
            },
        ),
        (
            "out is computed as w.T @ x.T, of shape (M, m): compute x @ w, of shape (m, M)",
            ([[8.0], [1.0]], "expected"),
        ),
    ],
    ("affine_backward", "notebook example"): [
        (
            "dx is left flat, of shape (m, D): reshape it to x.shape",
            ([[-2.4545454545454546, -0.8181818181818181, 0.8181818181818181, 2.454545454545455],
            [-2.4545454545454546, -0.8181818181818181, 0.8181818181818181, 2.454545454545455]],
            [[4.0, 4.0, 4.0], [6.0, 6.0, 6.0], [8.0, 8.0, 8.0], [10.0, 10.0, 10.0]], [2.0, 2.0,
            2.0]),
        ),
        (
            "x is flattened in Fortran order (order=\"F\") for dw: use x.reshape(x.shape[0], -1)",
            ([[[-2.4545454545454546, -0.8181818181818181], [0.8181818181818181, 2.454545454545455]],
            [[-2.4545454545454546, -0.8181818181818181], [0.8181818181818181, 2.454545454545455]]],
            [[4.0, 4.0, 4.0], [8.0, 8.0, 8.0], [6.0, 6.0, 6.0], [10.0, 10.0, 10.0]], [2.0, 2.0,
            2.0]),
        ),
    ],
    ("affine_backward", "a 2-D input, 2 outputs"): [
        (
            "dw is computed as dout.T @ x, of shape (M, D): use x.T @ dout",
            ([[1.0, 2.0], [-1.0, 0.5], [3.0, 3.5]], [[1.0, 8.0], [-1.0, -2.5]], [3.0, 0.0]),
        ),
        (
            "db averages dout over the examples instead of adding it up: np.sum(dout, axis=0)",
            ([[1.0, 2.0], [-1.0, 0.5], [3.0, 3.5]], [[1.0, -1.0], [8.0, -2.5]], [1.0, 0.0]),
        ),
        (
            "dx multiplies dout by w instead of by w.T: dx = dout @ w.T",
            ([[1.0, -1.0], [2.0, 0.5], [0.0, -2.5]], [[1.0, -1.0], [8.0, -2.5]], [3.0, 0.0]),
        ),
        (
            "db sums over the outputs (axis=1) instead of the examples: axis=0",
            ([[1.0, 2.0], [-1.0, 0.5], [3.0, 3.5]], [[1.0, -1.0], [8.0, -2.5]], [1.0, 1.0, 1.0]),
        ),
    ],
    ("softmax_loss", "equal scores: the loss is log(5)"): [
        (
            "dscores is not divided by the number of examples, while the loss is their mean: "
            "divide dscores by m",
            (1.6094379124341003, [[-0.8, 0.2, 0.2, 0.2, 0.2], [0.2, 0.2, 0.2, 0.2, -0.8]]),
        ),
        (
            "the loss adds up the examples instead of averaging them: use the mean",
            (3.2188758248682006, [[-0.4, 0.1, 0.1, 0.1, 0.1], [0.1, 0.1, 0.1, 0.1, -0.4]]),
        ),
        (
            "scores[:, y] picks the score of every label for every example: index with "
            "[np.arange(m), y]",
            (1.6094379124341003, [[-0.4, 0.1, 0.1, 0.1, -0.4], [-0.4, 0.1, 0.1, 0.1, -0.4]]),
        ),
    ],
    ("softmax_loss", "one example, the wrong class scores higher"): [
        (
            "dscores is the softmax without subtracting 1 at the right class: "
            "dscores[np.arange(m), y] -= 1",
            (2.1269280110429727, [[0.8807970779778823, 0.11920292202211753]]),
        ),
    ],
    ("loss", "1x1 filter, 2x2 images, 2 classes"): [
        (
            "the gradient goes back through the pooling layer in mode \"average\" while the "
            "forward pass used \"max\": use the same mode in both directions",
            (3.750313890251995, {'W1': [[[[0.6245796671244123]]]], 'b1': [[[[0.2498243822270138]]]],
            'W2': [[1.9987073271573765, -1.9987073271573763]], 'b2': [0.49968618756778294,
            -0.4996861875677829]}),
        ),
        (
            "the outputs of conv_backward_fast are unpacked in the wrong order: it returns "
            "dA_prev, dW, db",
            (3.750313890251995, {'W1': [[[[0.0], [0.0]], [[-0.00014969245502113903], [0.0]]],
            [[[0.0], [1.9988944427261528]], [[0.0], [0.0]]]], 'b1': [[[[0.9993723751355659]]]],
            'W2': [[1.9987073271573765, -1.9987073271573763]], 'b2': [0.49968618756778294,
            -0.4996861875677829]}),
        ),
        (
            "the backward pass starts from the scores instead of dscores, the gradient of the "
            "loss: send dscores into affine_backward",
            (3.750313890251995, {'W1': [[[[47.25]]]], 'b1': [[[[17.0]]]], 'W2': [[41.0, -36.5]],
            'b2': [9.0, -8.0]}),
        ),
    ],
    ("sgd_momentum", "notebook example, first step"): [
        (
            "the velocity adds the gradient instead of subtracting it, so the step goes uphill: v "
            "= momentum * v - learning_rate * dw",
            ([1.05, -2.1], [0.05, -0.1]),
        ),
        (
            "w moves by the old velocity: compute the new velocity first, then w + next_v",
            ([1.0, -2.0], [-0.05, 0.1]),
        ),
        (
            "the learning rate and the momentum are swapped: v = momentum * v - learning_rate * "
            "dw",
            ([0.55, -1.1], [-0.45, 0.9]),
        ),
        (
            "the velocity is never used or updated, so this is plain gradient descent: v = "
            "momentum * v - learning_rate * dw, then w + v",
            ([0.95, -1.9], [0.0, 0.0]),
        ),
        (
            "the new velocity and the new weights are returned in the wrong order: return next_w, "
            "next_v",
            ([-0.05, 0.1], [0.95, -1.9]),
        ),
    ],
    ("train", "1x1 filter, 2x2 images, 3 steps"): [
        (
            "the velocity is reset to zeros at every step, so there is no momentum: create it "
            "once, before the loop",
            ({'W1': [[[[0.8131746110694115]]]], 'b1': [[[[-1.482063533769184]]]], 'W2':
            [[0.20272712715194854, -0.20272712715194868]], 'b2': [-0.0569534613313631,
            0.556953461331363]}, [3.750313890251995, 0.8128992108210966, 0.7226768234218826]),
        ),
        (
            "each recorded loss is the loss after the update instead of before it: record the "
            "value that loss() returns before updating",
            ({'W1': [[[[-0.18535766238161583]]]], 'b1': [[[[-1.8742270149737816]]]], 'W2':
            [[-0.5806598371901976, 0.5806598371901975]], 'b2': [-0.1467281805749815,
            0.6467281805749815]}, [0.8128992108210966, 0.8176111406383265, 0.7698621250653973]),
        ),
        (
            "the gradient is computed once, before the loop, and reused at every step: call "
            "loss() inside the loop",
            ({'W1': [[[[-3.3090862187909638]]]], 'b1': [[[[-3.1236662971630773]]]], 'W2':
            [[-3.2472530702094256, 3.2472530702094247]], 'b2': [-1.0618331485815387,
            1.5618331485815387]}, [3.750313890251995, 0.8128992108210966, 0.9578022789493472]),
        ),
        (
            "only the weights are updated, the biases keep their first values: update every key "
            "of params",
            ({'W1': [[[[-0.18564752017259634]]]], 'b1': [[[[-1.0]]]], 'W2': [[-0.5809598028269758,
            0.5809598028269756]], 'b2': [0.0, 0.5]}, [3.750313890251995, 0.7237873525697744,
            0.7240769841801067]),
        ),
        (
            "the loop runs num_steps - 1 times: use range(num_steps)",
            ({'W1': [[[[0.12669597262472954]]]], 'b1': [[[[-1.7493800725051154]]]], 'W2':
            [[-0.3868911126530279, 0.3868911126530277]], 'b2': [-0.2593380287450874,
            0.7593380287450874]}, [3.750313890251995, 0.8128992108210966]),
        ),
    ],
}
# fmt: on
# --- end of generated block ---


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
