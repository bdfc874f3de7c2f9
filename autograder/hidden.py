"""The hidden cases of every assignment, and the entry point of the notebooks' hidden test cells.

Each assignment's ``assignments/<id>/hidden_tests.py`` maps every graded function to a function
returning its hidden cases (``HIDDEN_CASES``); expected values come from the reference solutions.
A source notebook's hidden block calls ``run_hidden(assignment_id, function_name, target)``, so
``nbgrader autograde`` checks exactly the cases the batch grader does.
"""

from __future__ import annotations

from collections.abc import Callable

import public_tests
from autograder import course
from public_tests import Case


def hidden_case_makers(assignment_id: str) -> dict[str, Callable[[], list[Case]]]:
    assignment = course.get(assignment_id)
    makers = assignment.module("hidden_tests").HIDDEN_CASES
    missing = set(assignment.exercise_names) - set(makers)
    if missing:
        raise ValueError(f"{assignment_id}: no hidden cases for {sorted(missing)}")
    return makers


def hidden_cases(function_name: str) -> list[Case]:
    return hidden_case_makers(course.owner_of(function_name).id)[function_name]()


def public_cases(function_name: str) -> list[Case]:
    return getattr(public_tests, f"{function_name}_cases")()


def all_cases(function_name: str) -> list[Case]:
    """Public then hidden cases: the same ones, in the same order, as the notebook's test cell."""
    return public_cases(function_name) + hidden_cases(function_name)


def run_hidden(assignment_id: str, function_name: str, target) -> None:
    """Run the hidden cases of one function; raise ``CaseFailures`` naming each failing one."""
    cases = hidden_case_makers(assignment_id)[function_name]()
    public_tests.run_cases(function_name, target, cases, quiet=True)
