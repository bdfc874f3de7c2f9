"""The bug zoo: realistic implementations of the graded functions, wrong and correct.

One module per graded function, in the package of the assignment that grades it
(``assignments/conv_step_by_step/zoo/conv_forward.py``, ...). Each entry is a plain function,
written the way a student would write it, registered with a label:

- ``@wrong(id, description)``: a mistake students really make. The description completes the
  sentence "your output matches what happens when ..." and ends with the fix, for example
  "the window's top-left corner ignores the stride: use h * stride".
- ``@correct(id, description)``: a right answer written differently from the reference
  (vectorized, other loop orders, other numpy calls, with prints).

Labels are facts, not opinions: ``tests/test_zoo.py`` runs every entry on the battery of its
assignment (``assignments/<id>/zoo/battery.py``, random valid inputs) and checks that each
correct entry agrees with the reference on every input and each wrong entry disagrees on at
least one. ``python -m autograder mutation-score`` then measures how many of them the public and
hidden tests tell apart.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import importlib
import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from autograder import course
from public_tests import Cache, Case, Mask, Raises, Scalar, outputs_match

WRONG = "wrong"
CORRECT = "correct"

_REGISTRY: dict[str, list[Entry]] = {}


@dataclass(frozen=True)
class Entry:
    """One implementation of a graded function, with what it is known to be."""

    function_name: str
    id: str
    label: str  # WRONG or CORRECT
    description: str
    implementation: Callable

    @property
    def is_wrong(self) -> bool:
        return self.label == WRONG

    @property
    def qualified_id(self) -> str:
        return f"{self.function_name}/{self.id}"

    def __call__(self, *args, **kwargs):
        """Run the implementation quietly: some correct entries print, some wrong ones take the
        mean of an empty window, and neither is worth a line in a test report. (This frame is
        hidden from error messages, which name the entry's own line.)"""
        __tracebackhide__ = True
        with (
            contextlib.redirect_stdout(io.StringIO()),
            warnings.catch_warnings(),
            np.errstate(all="ignore"),
        ):
            warnings.simplefilter("ignore", RuntimeWarning)
            return self.implementation(*args, **kwargs)


def _register(label: str, entry_id: str, description: str):
    def decorator(implementation: Callable) -> Callable:
        function_name = implementation.__module__.rsplit(".", 1)[-1]
        entries_so_far = _REGISTRY.setdefault(function_name, [])
        if any(entry.id == entry_id for entry in entries_so_far):
            raise ValueError(f"duplicate zoo id {function_name}/{entry_id}")
        entries_so_far.append(Entry(function_name, entry_id, label, description, implementation))
        return implementation

    return decorator


def wrong(entry_id: str, description: str):
    """Register a wrong implementation; ``description`` completes "... what happens when"."""
    return _register(WRONG, entry_id, description)


def correct(entry_id: str, description: str):
    """Register a correct implementation written differently from the reference."""
    return _register(CORRECT, entry_id, description)


def entries(function_name: str) -> list[Entry]:
    """Every zoo entry of one graded function, in the order its module defines them."""
    owner = course.owner_of(function_name)  # KeyError for a function nobody grades
    importlib.import_module(f"assignments.{owner.id}.zoo.{function_name}")
    return list(_REGISTRY.get(function_name, []))


def wrong_entries(function_name: str) -> list[Entry]:
    return [entry for entry in entries(function_name) if entry.is_wrong]


def correct_entries(function_name: str) -> list[Entry]:
    return [entry for entry in entries(function_name) if not entry.is_wrong]


def all_entries(assignment_id: str | None = None) -> list[Entry]:
    chosen = course.get(assignment_id) if assignment_id else None
    names = chosen.exercise_names if chosen else course.all_exercise_names()
    return [entry for name in names for entry in entries(name)]


def battery(function_name: str):
    """The assignment's battery of valid random inputs for one function: [(args, kwargs)]."""
    return course.owner_of(function_name).module("zoo.battery").battery(function_name)


def disagreement(function_name: str, implementation, args: tuple, kwargs: dict) -> str | None:
    """How ``implementation`` differs from the reference on one input; None if it agrees."""
    module = course.owner_of(function_name).module("zoo.battery")
    return module.disagreement(function_name, implementation, args, kwargs)


# ---------------------------------------------------------------------------------------------
# Known mistakes on a case: what each wrong entry outputs there, or the error it raises
# ---------------------------------------------------------------------------------------------


def _call(entry: Entry, case: Case):
    return entry(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))


def _as_tuple(result, case: Case) -> tuple | None:
    if len(case.expected) == 1:
        return (result,)
    if isinstance(result, tuple) and len(result) == len(case.expected):
        return result
    return None


def run_entry(entry: Entry, case: Case) -> tuple | None:
    """The outputs of ``entry`` on ``case`` as a tuple, or None if it raises or returns junk."""
    try:
        result = _call(entry, case)
    except Exception:  # a wrong entry may well crash on some inputs
        return None
    return _as_tuple(result, case)


def as_expectation(raw, expected):
    """Wrap one raw output of a mistake so it is compared the way ``expected`` would be."""
    if isinstance(expected, Scalar) and np.ndim(raw) == 0 and not isinstance(raw, np.ndarray):
        with contextlib.suppress(TypeError, ValueError):
            return Scalar(float(raw), expected.atol)
    if isinstance(expected, Mask) and isinstance(raw, np.ndarray):
        if raw.shape == expected.value.shape and np.isin(raw, (0, 1)).all():
            return Mask(raw.astype(bool))
    if isinstance(expected, Cache) and isinstance(raw, tuple) and len(raw) == len(expected.values):
        return Cache(expected.names, raw)
    if isinstance(expected, dict) and isinstance(raw, dict) and raw.keys() == expected.keys():
        return {key: as_expectation(raw[key], expected[key]) for key in expected}
    return raw


def _mistake(entry: Entry, case: Case) -> tuple[tuple, tuple] | Raises | None:
    """What a wrong entry does on ``case``, if it is usable as a hint: (raw outputs, outputs as
    expectations), or the error it raises (``Raises``).

    Usable outputs fail the case (otherwise there is nothing to explain) and are recognised when
    a student returns exactly those outputs (a float where an array is expected is not: the
    plain facts already say "should be a numpy array"). A raised error is usable as it is: the
    student's error is recognised by its type and message (``Raises.matches``).
    """
    try:
        result = _call(entry, case)
    except NotImplementedError:
        return None
    except Exception as error:  # a wrong entry that crashes on this case: a mistake to name
        return Raises(type(error).__name__, str(error))
    raw = _as_tuple(result, case)
    if raw is None or outputs_match(raw, case.expected):
        return None
    wrapped = tuple(as_expectation(r, e) for r, e in zip(raw, case.expected))
    return (raw, wrapped) if outputs_match(raw, wrapped) else None


def _same(one: tuple[tuple, tuple] | Raises, other: tuple[tuple, tuple] | Raises) -> bool:
    """Would a student making mistake ``one`` be recognised as making ``other`` too?"""
    if isinstance(one, Raises) or isinstance(other, Raises):
        both = isinstance(one, Raises) and isinstance(other, Raises)
        return both and other.matches(one.error_type, one.message)
    return outputs_match(one[0], other[1])


def known_mistakes(function_name: str, case: Case) -> dict[str, tuple | Raises]:
    """description -> outputs (or the error raised), for the wrong entries that ``case`` tells
    apart.

    Two mistakes with the same outputs, or the same error, on a case are both left out: naming
    one of them would be a guess.
    """
    found = [
        (entry.description, seen)
        for entry in wrong_entries(function_name)
        if (seen := _mistake(entry, case)) is not None
    ]
    return {
        description: seen if isinstance(seen, Raises) else seen[1]
        for description, seen in found
        if not any(other != description and _same(seen, theirs) for other, theirs in found)
    }


def with_known_mistakes(function_name: str, cases: list[Case]) -> list[Case]:
    """The same cases, each knowing what the zoo's wrong entries output on it."""
    return [
        replace(case, known_mistakes={**case.known_mistakes, **known_mistakes(function_name, case)})
        for case in cases
    ]


def known_mistakes_attached(function_name: str):
    """Decorator for a function returning cases: attach the zoo's known mistakes to them."""

    def decorator(cases_function: Callable[[], list[Case]]) -> Callable[[], list[Case]]:
        @functools.wraps(cases_function)
        def with_mistakes() -> list[Case]:
            return with_known_mistakes(function_name, cases_function())

        return with_mistakes

    return decorator
