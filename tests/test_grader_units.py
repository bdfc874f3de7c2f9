"""The pieces of the grader that decide on their own: cell finding, helpers, lost processes."""

from __future__ import annotations

import numpy as np

from autograder.scoring import helpers_of
from autograder.submission import find_cells
from tests.grader_helpers import build, correct


def test_reference_helpers_are_what_each_function_calls():
    assert helpers_of("conv_forward") == ("zero_pad", "conv_single_step")
    assert helpers_of("conv_backward") == ("zero_pad",)
    assert helpers_of("pool_backward") == ("create_mask_from_window", "distribute_value")
    assert helpers_of("zero_pad") == ()


def test_duplicated_grade_id_falls_back_to_the_defining_cell_and_says_so():
    nb = build(correct())
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "zero_pad_example":
            cell.metadata.nbgrader["grade_id"] = "zero_pad"  # now two cells claim zero_pad
    found, absent = find_cells(nb, ("zero_pad",))
    assert "def zero_pad(" in found["zero_pad"].source
    assert "several cells carry its nbgrader id" in found["zero_pad"].note
    assert not absent


def test_scratch_cells_defining_the_function_do_not_replace_the_exercise_cell():
    nb = build(correct(), scratch=["def zero_pad(X, pad):\n    return X\n"])
    found, _ = find_cells(nb, ("zero_pad",))
    assert "np.pad" in found["zero_pad"].source and not found["zero_pad"].note


def test_a_lost_server_is_an_error_for_that_exercise_only():
    from autograder.sandbox import Limits, Run
    from autograder.scoring import Scorer

    result = Scorer(Limits()).judge_run("zero_pad", Run("lost", problem="the sandbox stopped"))
    assert (result.status, result.score) == ("error", 0.0)
    assert "lost contact with the process running zero_pad (the sandbox stopped)" in result.message


def _case_named(scorer, name: str, case_name: str):
    return next(case for case in scorer.cases[name] if case.name == case_name)


def test_a_case_that_raised_is_judged_with_the_hint_of_the_mistake_that_raises_so():
    """What the child sends for a case that raised; the zoo knows [pad:-pad] raises there."""
    from autograder.sandbox import Limits
    from autograder.scoring import CaseVerdict, Scorer

    scorer = Scorer(Limits())
    case = _case_named(scorer, "conv_backward", "3x3 input, stride 1: windows overlap")
    minus_pad = (
        "the padding is cut off with [pad:-pad], which is empty when pad == 0: "
        "use [pad:pad + n_H_prev, pad:pad + n_W_prev, :]"
    )
    raised = "conv_backward raised an error (in conv_backward, line 44: ...):\n    ValueError: ..."
    message = {
        "case": 1,
        "raised": raised,
        "error_type": "ValueError",
        "error_message": "ValueError: could not broadcast input array from shape (0,0,1) into "
        "shape (3,3,1)",
        "memory": False,
    }
    assert scorer._judge_case("conv_backward", 1, case, message) == CaseVerdict(
        [raised, f"Hint: this error is what happens when {minus_pad}."], False, minus_pad
    )
    other = {**message, "error_message": "ValueError: something else entirely"}
    assert scorer._judge_case("conv_backward", 1, case, other) == CaseVerdict([raised], False, None)
    broken = {"case": 1, "raised": raised, "error_type": ["ValueError"], "memory": True}
    assert scorer._judge_case("conv_backward", 1, case, broken) == CaseVerdict([raised], True, None)


def test_a_case_that_returned_a_known_mistake_names_it():
    from autograder.sandbox import Limits
    from autograder.scoring import Scorer

    scorer = Scorer(Limits())
    case = _case_named(scorer, "distribute_value", "notebook example")
    message = {"case": 0, "result": np.full((2, 2), 2.0), "digests": [None, None]}
    verdict = scorer._judge_case("distribute_value", 0, case, message)
    expected = "every entry receives the whole gradient dz: divide it by rows * columns"
    assert verdict.mistake == expected
    assert verdict.problems[-1] == f"Hint: your output matches what happens when {verdict.mistake}."


def test_a_read_that_hangs_costs_only_that_submission(monkeypatch):
    """A notebook on a stuck network file system: the reader gives up, the batch goes on."""
    import threading

    from autograder import course, submission

    stuck = threading.Event()
    monkeypatch.setattr(submission, "READ_SECONDS", 0.2)
    monkeypatch.setattr(submission, "read_submission", lambda student, assignment: stuck.wait())
    student = submission.Student("slow_disk")
    result = submission.read_submission_in_time(student, course.series()[0])
    stuck.set()
    assert (result.status, result.student_id) == ("error", "slow_disk")
    assert "took more than 0.2 seconds" in result.problem


def test_a_variable_named_like_a_graded_function_is_no_call_to_it():
    """softmax_loss keeps its result in a variable called loss: that must not make the official
    loss (and with it the answer) available while softmax_loss is graded."""
    assert helpers_of("softmax_loss") == ()
    assert "softmax_loss" in helpers_of("loss")


def test_a_notebook_with_too_many_cells_is_refused_before_it_is_parsed():
    import json

    from autograder.submission import MAX_CELLS, _parse

    cells = [{"cell_type": "code", "source": "", "metadata": {}, "outputs": []}] * (MAX_CELLS + 1)
    raw = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    notebook, problem = _parse(raw.encode(), "x.ipynb")
    assert notebook is None
    assert problem.startswith(f"'x.ipynb' has {MAX_CELLS + 1} cells")


def test_outputs_are_not_validated_they_are_never_graded():
    import json

    import nbformat

    from autograder.submission import _parse

    nb = build(correct())
    data = json.loads(nbformat.writes(nb))
    data["cells"][2]["outputs"] = [{"output_type": "no such kind"}]  # invalid, and ignored
    notebook, problem = _parse(json.dumps(data).encode(), "x.ipynb")
    assert problem == "" and notebook is not None


def test_the_sandbox_binds_python_not_the_prefix_it_lives_in():
    """With the system's Python, sys.prefix is /usr: binding it would show /usr/local/src."""
    import sys

    from autograder import isolation

    folders = isolation.python_folders()
    assert sys.base_prefix not in folders or sys.base_prefix != "/usr"
    assert "/usr" not in folders and "/" not in folders
    assert any(folder.endswith("python3.11") for folder in folders), folders


def test_a_secret_that_is_where_python_lives_cannot_be_hidden():
    import pytest

    from autograder import isolation

    folders = isolation.python_folders()
    with pytest.raises(isolation.Unavailable, match="cannot hide it"):
        isolation.hidden_inside(folders, [folders[-1]])
    inside = folders[-1] + "/course-copy"
    assert isolation.hidden_inside(folders, [inside]) == [inside]
