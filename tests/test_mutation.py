"""``python -m autograder mutation-score``: full grading scores 100% on the bug zoo."""

from __future__ import annotations

import pytest

import public_tests
from autograder import __main__ as command_line
from autograder import course, mutation, zoo
from autograder.hidden import hidden_case_makers

FUNCTIONS = course.all_exercise_names()


@pytest.fixture(scope="module")
def scores() -> dict[str, mutation.FunctionScore]:
    return {score.function_name: score for score in mutation.score()}


@pytest.mark.parametrize("function_name", FUNCTIONS)
def test_full_grading_rejects_every_wrong_entry(scores, function_name):
    rejected, total = scores[function_name].full_rejected
    missed = [
        v.entry.id for v in scores[function_name].verdicts if v.entry.is_wrong and not v.full_right
    ]
    assert (rejected, missed) == (total, [])
    assert total == len(zoo.wrong_entries(function_name))


@pytest.mark.parametrize("function_name", FUNCTIONS)
def test_full_grading_accepts_every_correct_entry(scores, function_name):
    accepted, total = scores[function_name].full_accepted
    rejected = [
        (v.entry.id, v.first_problem)
        for v in scores[function_name].verdicts
        if not v.entry.is_wrong and not v.full_right
    ]
    assert (accepted, rejected) == (total, [])
    assert total == len(zoo.correct_entries(function_name))


@pytest.mark.parametrize("function_name", FUNCTIONS)
def test_public_tests_accept_every_correct_entry(scores, function_name):
    accepted, total = scores[function_name].public_accepted
    assert accepted == total


def test_public_tests_reject_most_wrong_entries(scores):
    """The public tests catch the common mistakes; a few may be left to the hidden tests."""
    rejected = sum(s.public_rejected[0] for s in scores.values())
    total = sum(s.public_rejected[1] for s in scores.values())
    assert rejected >= 0.8 * total


def test_table_reports_public_and_full_numbers_per_function_and_in_total(scores):
    table = mutation.format_table(list(scores.values()))
    lines = table.splitlines()
    assert "public tests" in lines[0] and "full grading" in lines[0]
    for function_name in FUNCTIONS:
        row = next(line for line in lines if line.startswith(function_name + " "))
        n_wrong = len(zoo.wrong_entries(function_name))
        n_correct = len(zoo.correct_entries(function_name))
        assert row.split()[-2:] == [f"{n_wrong}/{n_wrong}", f"{n_correct}/{n_correct}"]
        assert len(row.split()) == 5
    total = next(line for line in lines if line.startswith("total"))
    n_wrong = sum(len(zoo.wrong_entries(f)) for f in FUNCTIONS)
    n_correct = sum(len(zoo.correct_entries(f)) for f in FUNCTIONS)
    assert total.split()[-2:] == [f"{n_wrong}/{n_wrong}", f"{n_correct}/{n_correct}"]


def test_command_prints_the_table_and_exits_0(capsys):
    assert command_line.main(["mutation-score", "-f", "distribute_value", "-v"]) == 0
    out = capsys.readouterr().out
    assert "distribute_value" in out and "total" in out
    assert "every wrong entry rejected, every correct entry accepted" in out
    assert "distribute_value/integer_division" in out  # -v lists every entry


def test_command_exits_1_when_the_tests_let_a_wrong_entry_through(monkeypatch, capsys):
    """An instructor who weakens the tests sees it: no cases at all reject nothing."""
    monkeypatch.setattr(public_tests, "distribute_value_cases", lambda: [])
    monkeypatch.setitem(hidden_case_makers("conv_step_by_step"), "distribute_value", lambda: [])
    assert mutation.main(["-f", "distribute_value"]) == 1
    out = capsys.readouterr().out
    assert "NOT 100%" in out
    assert "distribute_value/not_divided passes every case" in out
    assert "Wrong entries the public tests let through" in out
