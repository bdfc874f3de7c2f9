"""Notebook 2, run top to bottom with its solutions: it prints exactly what its text says, its
checks pass, the network trains, and it gives nothing of notebook 1 away."""

from __future__ import annotations

import re

import numpy as np
import pytest

import public_tests
from assignments.fast_convnet import hidden_tests
from autograder import course
from autograder.course import REPO_ROOT, read_notebook
from autograder.reference import reference
from tests.conftest import stream_text

ID = "fast_convnet"
EXAMPLES = {  # the cell whose output each "It should print" block shows
    "conv_forward_fast_example_text": "conv_forward_fast_example",
    "conv_backward_fast_example_text": "conv_backward_fast_example",
    "pool_forward_fast_example_text": "pool_forward_fast_example",
    "pool_backward_fast_example_text": "pool_backward_fast_example",
    "relu_example_text": "relu_example",
    "affine_example_text": "affine_example",
    "softmax_loss_example_text": "softmax_loss_example",
    "loss_example_text": "loss_example",
    "sgd_momentum_example_text": "sgd_momentum_example",
    "train_example_text": "train_example",
}
GRADIENT_CHECKS = {
    "gradient_check_conv_fast": 6,  # two layers, pad 1 and pad 0
    "gradient_check_pool_fast": 2,
    "gradient_check_relu": 1,
    "gradient_check_affine": 3,
    "gradient_check_softmax": 1,
    "gradient_check_loss": 4,
}


@pytest.fixture(scope="module")
def executed(executed_sources):
    return executed_sources(ID)


def _text_cell(grade_id: str) -> str:
    (cell,) = [c for c in read_notebook(ID).cells if c.metadata["nbgrader"]["grade_id"] == grade_id]
    return cell.source


@pytest.mark.parametrize("text_id", sorted(EXAMPLES))
def test_the_text_above_each_example_shows_exactly_what_it_prints(executed, text_id):
    shown = re.search(r"It should print:\n\n```\n(.*?)```", _text_cell(text_id), re.S).group(1)
    assert shown.strip("\n") == stream_text(executed[EXAMPLES[text_id]]).strip("\n")


def test_the_examples_print_our_own_numbers(executed):
    """Spot checks of the printed numbers, independent of the text that quotes them."""
    assert "Z's mean = -1.2610221259\n" in stream_text(executed["conv_forward_fast_example"])
    assert "loss = 0.6511373569\n" in stream_text(executed["softmax_loss_example"])
    assert "training accuracy after 30 steps = 1.0" in stream_text(executed["train_example"])
    assert "step 2: w = [ 0.855 -1.71 ]" in stream_text(executed["sgd_momentum_example"])


@pytest.mark.parametrize("cell_id", sorted(GRADIENT_CHECKS))
def test_each_gradient_check_passes_and_prints_once(executed, cell_id):
    cell = executed[cell_id]
    lines = stream_text(cell).splitlines()
    assert len(lines) == GRADIENT_CHECKS[cell_id]
    for line in lines:
        error = float(re.search(r"relative error (\S+)", line).group(1))
        assert error < 1e-7 and line.endswith("looks right"), line
    assert not [o for o in cell.outputs if o.output_type == "execute_result"], "shown twice"


def test_every_test_cell_passes_on_the_reference(executed):
    test_cells = [c for c in executed.values() if c.id.startswith("test_")]
    assert len(test_cells) == len(course.get(ID).exercises) == 12
    for cell in test_cells:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.id
        assert "cases passed" in stream_text(cell), cell.id


def test_no_cell_raises(executed):
    raised = [
        c.id
        for c in executed.values()
        if any(o.output_type == "error" for o in c.get("outputs", []))
    ]
    assert raised == []


def test_without_notebook_1_the_comparisons_are_skipped_with_a_sentence(executed):
    assert "No notebook 1 at ../conv_step_by_step/conv_step_by_step.ipynb" in stream_text(
        executed["loops"]
    )
    speed = stream_text(executed["speed"])
    assert speed.count("(no loop layer to compare)") == 6
    assert "conv_forward_fast on 8 x 96 x 96 x 1 -> 24 filters:" in speed


def test_the_network_reaches_97_percent_in_under_a_minute_of_cpu(executed):
    summary = stream_text(executed["fit_summary"])
    accuracy = float(re.search(r"test accuracy: ([\d.]+)% of 360 digits", summary).group(1))
    seconds = float(re.search(r"training took ([\d.]+) s of CPU time", summary).group(1))
    assert accuracy >= 97.0 and seconds < 60.0, summary
    assert stream_text(executed["fit"]).count("epoch") == 12
    assert "test accuracy 98.61%" in stream_text(executed["fit"]).splitlines()[-1]


def test_the_training_plot_and_the_pictures_are_shown(executed):
    for cell_id in ("fit", "filters", "feature_maps", "mistakes"):
        images = [o for o in executed[cell_id].outputs if "image/png" in o.get("data", {})]
        assert images, cell_id
    assert "5 of 360 test digits are misclassified" in stream_text(executed["mistakes"])


def test_speed_section_compares_with_the_students_own_loop_layers(tmp_path):
    """With a solved notebook 1 beside it, the table times both and finds the same numbers."""
    import shutil

    import nbformat

    from coursekit.examples import fill
    from tests.conftest import execute

    for assignment_id in ("conv_step_by_step", ID):
        notebook = nbformat.read(
            REPO_ROOT / "release" / assignment_id / f"{assignment_id}.ipynb", as_version=4
        )
        folder = tmp_path / assignment_id
        shutil.copytree(REPO_ROOT / "release" / assignment_id, folder)
        nbformat.write(fill(notebook, "complete", assignment_id), folder / f"{assignment_id}.ipynb")
    notebook = nbformat.read(tmp_path / ID / f"{ID}.ipynb", as_version=4)
    keep = {"setup", "plots", "loops", "speed"} | {e.name for e in course.get(ID).exercises}
    notebook.cells = [c for c in notebook.cells if c.id in keep]
    execute(tmp_path / ID, notebook)
    cells = {c.id: c for c in notebook.cells}
    assert "loaded from notebook 1: conv_forward, conv_backward, pool_forward, pool_backward" in (
        stream_text(cells["loops"])
    )
    rows = [line for line in stream_text(cells["speed"]).splitlines() if "yes (largest" in line]
    assert len(rows) == 6


def test_the_overfit_case_reaches_100_percent_with_the_reference():
    ref = reference(ID)
    (case, _) = hidden_tests.hidden_train_cases()
    params, X, y = case.args[:3]
    trained, losses = case.expected
    Z, _ = ref.conv_forward_fast(X, trained["W1"], trained["b1"], {"stride": 1, "pad": 1})
    P, _ = ref.pool_forward_fast(ref.relu_forward(Z)[0], {"f": 2, "stride": 2})
    scores, _ = ref.affine_forward(P, trained["W2"], trained["b2"])
    assert np.mean(np.argmax(scores, axis=1) == y) == 1.0
    assert case.args[5] == 25 and losses[-1] < 0.1 * losses[0]


def test_the_speed_cases_are_large_and_have_a_budget():
    for case in (hidden_tests.speed_forward_case(), hidden_tests.speed_backward_case()):
        assert case.seconds == hidden_tests.SPEED_SECONDS
        assert case.name.startswith("speed:")
        assert max(np.size(a) for a in case.args if isinstance(a, np.ndarray)) >= 8 * 56 * 56


def test_a_case_past_its_budget_is_stopped_and_named():
    def slow(A_prev, W, b, hparameters):
        while True:
            pass

    case = public_tests.Case("large", (np.zeros(1), None, None, None), (None, None), seconds=0.2)
    (problem,) = public_tests.check_case("conv_forward_fast", slow, case)
    assert problem.startswith("conv_forward_fast did not finish this case within 0.2 s.")


def test_no_line_of_a_notebook_1_solution_is_in_any_release():
    """Students of the series get every release, and public_tests.py ships in all of them."""
    answers, handed_out = set(), set()
    for exercise in course.get("conv_step_by_step").exercises:
        before, rest = exercise.solution_source.split("### BEGIN SOLUTION")
        body, after = rest.split("### END SOLUTION")
        answers |= {line.strip() for line in body.splitlines() if len(line.strip()) > 12}
        handed_out |= {line.strip() for line in (before + after).splitlines()}
    secret = answers - handed_out
    shipped = [(REPO_ROOT / "public_tests.py").read_text()]
    for assignment_id in course.assignment_ids():
        path = REPO_ROOT / "release" / assignment_id / f"{assignment_id}.ipynb"
        import nbformat

        notebook = nbformat.read(path, as_version=4)
        shipped += [c.source for c in notebook.cells if c.cell_type == "code"]
    lines = {line.strip() for text in shipped for line in text.splitlines()}
    assert sorted(secret & lines) == []
