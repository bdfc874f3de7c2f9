"""The bug zoo: enough entries per function, and every label a fact checked on the battery."""

from __future__ import annotations

import numpy as np
import pytest

from autograder import course, zoo
from autograder.hidden import hidden_cases

FUNCTIONS = course.all_exercise_names()
ENTRIES = zoo.all_entries()


def _ids(entries):
    return [entry.qualified_id for entry in entries]


@pytest.mark.parametrize("function_name", FUNCTIONS)
def test_each_function_has_five_wrong_and_three_correct_entries(function_name):
    assert len(zoo.wrong_entries(function_name)) >= 5
    assert len(zoo.correct_entries(function_name)) >= 3


def test_ids_are_unique_and_labels_known():
    assert len(set(_ids(ENTRIES))) == len(ENTRIES)
    assert {entry.label for entry in ENTRIES} == {zoo.WRONG, zoo.CORRECT}


@pytest.mark.parametrize("entry", zoo.all_entries(), ids=_ids(ENTRIES))
def test_description_is_one_line(entry):
    assert entry.description and "\n" not in entry.description
    assert not entry.description.endswith(".")


@pytest.mark.parametrize(
    "entry", [e for e in ENTRIES if e.is_wrong], ids=_ids(e for e in ENTRIES if e.is_wrong)
)
def test_wrong_description_names_the_mistake_and_the_fix(entry):
    mistake, _, fix = entry.description.partition(": ")
    assert mistake and fix, "a wrong entry says what happens, then ': ' and the fix"


def test_entries_of_an_unknown_function_is_an_error():
    with pytest.raises(KeyError):
        zoo.entries("conv_sideways")


@pytest.mark.parametrize(
    "entry",
    [e for e in ENTRIES if not e.is_wrong],
    ids=_ids(e for e in ENTRIES if not e.is_wrong),
)
def test_correct_entry_agrees_with_the_reference_on_the_whole_battery(entry):
    for args, kwargs in zoo.battery(entry.function_name):
        problem = zoo.disagreement(entry.function_name, entry, args, kwargs)
        assert problem is None, f"{entry.qualified_id} on {kwargs or ''}: {problem}"


@pytest.mark.parametrize(
    "entry", [e for e in ENTRIES if e.is_wrong], ids=_ids(e for e in ENTRIES if e.is_wrong)
)
def test_wrong_entry_disagrees_with_the_reference_somewhere_on_the_battery(entry):
    problems = [
        zoo.disagreement(entry.function_name, entry, args, kwargs)
        for args, kwargs in zoo.battery(entry.function_name)
    ]
    assert any(problems), f"{entry.qualified_id} agrees with the reference on every input"


@pytest.mark.parametrize("function_name", FUNCTIONS)
def test_reference_agrees_with_itself_on_the_battery(function_name):
    """The comparison itself is sound: the reference is never told it is wrong."""
    from autograder.reference import reference

    implementation = getattr(reference(course.owner_of(function_name).id), function_name)
    for args, kwargs in zoo.battery(function_name):
        assert zoo.disagreement(function_name, implementation, args, kwargs) is None


@pytest.mark.parametrize("function_name", FUNCTIONS)
def test_battery_is_deterministic(function_name):
    first, second = zoo.battery(function_name), zoo.battery(function_name)
    assert len(first) == len(second) >= 10
    for (a, _), (b, _) in zip(first, second):
        arrays = [(x, y) for x, y in zip(a, b) if isinstance(x, np.ndarray)]
        assert all(np.array_equal(x, y) for x, y in arrays)


@pytest.mark.parametrize("assignment_id", course.assignment_ids())
def test_battery_seed_is_not_the_hidden_seed(assignment_id):
    assignment = course.get(assignment_id)
    assert assignment.module("zoo.battery").SEED != assignment.module("hidden_tests").SEED


@pytest.mark.parametrize("function_name", FUNCTIONS)
def test_battery_is_independent_of_the_hidden_cases(function_name):
    def arrays(args):
        return [a for a in args if isinstance(a, np.ndarray) and a.size > 3]

    hidden = [a for case in hidden_cases(function_name) for a in arrays(case.args)]
    for args, _ in zoo.battery(function_name):
        for array in arrays(args):
            assert not any(h.shape == array.shape and np.array_equal(h, array) for h in hidden), (
                f"a {function_name} battery input is also a hidden case input"
            )


def test_notebook_1_battery_covers_the_geometries():
    conv = [args for args, _ in zoo.battery("conv_forward")]
    assert {hp["pad"] for *_, hp in conv} == {0, 1, 2, 3}
    assert {hp["stride"] for *_, hp in conv} == {1, 2, 3}
    assert {W.shape[0] for _, W, _, _ in conv} == {1, 2, 3, 4}
    assert any(A.shape[1] != A.shape[2] for A, *_ in conv), "a non-square input"
    assert {A.shape[0] for A, *_ in conv} == {1, 2, 3}
    assert {A.shape[3] for A, *_ in conv} == {1, 2, 3, 4}

    pool = zoo.battery("pool_forward")
    assert {kwargs["mode"] for _, kwargs in pool} == {"max", "average"}
    assert {args[1]["f"] for args, _ in pool} == {1, 2, 3, 4}
    assert {args[1]["stride"] for args, _ in pool} == {1, 2, 3}
    for (A_prev, _), _ in pool:
        assert len(np.unique(A_prev)) == A_prev.size, "max pooling inputs have no ties"

    masks = [args[0] for args, _ in zoo.battery("create_mask_from_window")]
    assert any(np.sum(x == x.max()) > 1 for x in masks), "create_mask gets ties"
    values = [args[0] for args, _ in zoo.battery("distribute_value")]
    assert any(isinstance(v, int) for v in values), "distribute_value gets Python ints"
