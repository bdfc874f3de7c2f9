"""The pieces of the grader that decide on their own: cell finding, helpers, lost processes."""

from __future__ import annotations

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
