"""The source notebook, run top to bottom with its solutions, prints exactly the seed's numbers."""

from __future__ import annotations

import re

import pytest

from autograder import course
from autograder.course import read_notebook
from tests.conftest import stream_text

# What each example cell of the seed assignment prints (the spec), by our cell id.
SEED_PRINTS = {
    "zero_pad_example": """
        x.shape = (4, 3, 3, 2)
        x_pad.shape = (4, 9, 9, 2)
        x[1,1] = [[ 0.90085595 -0.68372786] [-0.12289023 -0.93576943] [-0.26788808 0.53035547]]
        x_pad[1,1] = [[0. 0.] [0. 0.] [0. 0.] [0. 0.] [0. 0.] [0. 0.] [0. 0.] [0. 0.] [0. 0.]]
    """,
    "conv_single_step_example": "Z = -6.999089450680221",
    "conv_forward_example": """
        Z's mean = 0.5511276474566768
        Z[0,2,1] = [-2.17796037 8.07171329 -0.5772704 3.36286738 4.48113645 -2.89198428
                    10.99288867 3.03171932]
        cache_conv[0][1][2][3] = [-1.1191154 1.9560789 -0.3264995 -1.34267579]
    """,
    "pool_forward_example": """
        CASE 1: stride 1
        mode = max
        A.shape = (2, 3, 3, 3)
        A[1, 1] = [[1.96710175 0.84616065 1.27375593] [1.96710175 0.84616065 1.23616403]
                   [1.62765075 1.12141771 1.2245077 ]]
        mode = average
        A.shape = (2, 3, 3, 3)
        A[1, 1] = [[ 0.44497696 -0.00261695 -0.31040307] [ 0.50811474 -0.23493734 -0.23961183]
                   [ 0.11872677 0.17255229 -0.22112197]]
        CASE 2: stride 2
        mode = max
        A.shape = (2, 2, 2, 3)
        A[0] = [[[1.74481176 0.90159072 1.65980218] [1.74481176 1.6924546 1.65980218]]
                [[1.13162939 1.51981682 2.18557541] [1.13162939 1.6924546 2.18557541]]]
        mode = average
        A.shape = (2, 2, 2, 3)
        A[1] = [[[-0.17313416 0.32377198 -0.34317572] [ 0.02030094 0.14141479 -0.01231585]]
                [[ 0.42944926 0.08446996 -0.27290905] [ 0.15077452 0.28911175 0.00123239]]]
    """,
    "conv_backward_example": """
        dA_mean = 1.4524377775388075
        dW_mean = 1.7269914583139097
        db_mean = 7.839232564616838
    """,
    "create_mask_example": """
        x = [[ 1.62434536 -0.61175641 -0.52817175] [-1.07296862 0.86540763 -2.3015387 ]]
        mask = [[ True False False] [False False False]]
    """,
    "distribute_value_example": "distributed value = [[0.5 0.5] [0.5 0.5]]",
    "pool_backward_example": """
        (5, 4, 2, 2)
        (5, 5, 3, 2)
        mode = max
        mean of dA = 0.14571390272918056
        dA_prev1[1,1] = [[ 0. 0. ] [ 5.05844394 -1.68282702] [ 0. 0. ]]
        mode = average
        mean of dA = 0.14571390272918056
        dA_prev2[1,1] = [[ 0.08485462 0.2787552 ] [ 1.26461098 -0.25749373]
                         [ 1.17975636 -0.53624893]]
    """,
}


def words(text: str) -> str:
    """Compare printed text up to white space: numpy's column alignment is not the point."""
    return " ".join(text.split()).replace("[ ", "[").replace(" ]", "]")


@pytest.mark.parametrize("cell_id", sorted(SEED_PRINTS))
def test_example_cell_prints_the_seed_numbers(executed_source, cell_id):
    assert words(stream_text(executed_source[cell_id])) == words(SEED_PRINTS[cell_id])


@pytest.mark.parametrize("cell_id", sorted(SEED_PRINTS))
def test_the_text_above_each_example_shows_what_it_prints(executed_source, cell_id):
    """The "It should print" block a student compares with is the real output, to the letter."""
    (text_cell,) = [
        c
        for c in read_notebook("conv_step_by_step").cells
        if c.metadata["nbgrader"]["grade_id"] == f"{cell_id}_text"
    ]
    shown = re.search(r"```\n(.*?)```", text_cell.source, re.S).group(1)
    assert shown.strip("\n") == stream_text(executed_source[cell_id]).strip("\n")


# What each gradient-check cell reports: one line per gradient of each layer (or mode).
GRADIENT_CHECK_LINES = {
    "gradient_check_conv": [
        f"pad={pad}, stride={stride}, {name:<7}"
        for pad, stride in ((1, 2), (0, 1))
        for name in ("dA_prev", "dW", "db")
    ],
    "gradient_check_pool": ["dA_prev, mode='max'       ", "dA_prev, mode='average'   "],
}


@pytest.mark.parametrize("cell_id", sorted(GRADIENT_CHECK_LINES))
def test_gradient_checks_pass_on_the_reference(executed_source, cell_id):
    lines = stream_text(executed_source[cell_id]).splitlines()
    assert [line.split(":")[0] for line in lines] == GRADIENT_CHECK_LINES[cell_id]
    for line in lines:
        error = float(re.search(r"relative error (\S+)", line).group(1))
        assert error < 1e-7 and line.endswith("looks right"), line


@pytest.mark.parametrize("cell_id", sorted(GRADIENT_CHECK_LINES))
def test_gradient_checks_show_their_report_once(executed_source, cell_id):
    """The printed lines are the whole output: no returned value echoed after them."""
    outputs = executed_source[cell_id].outputs
    assert {o.output_type for o in outputs} == {"stream"}


def test_every_test_cell_passes_on_the_reference(executed_source):
    test_cells = [c for c in executed_source.values() if c.id.startswith("test_")]
    assert len(test_cells) == 8
    for cell in test_cells:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.id


def test_notebook_text_is_the_file_humans_edit():
    text = course.get("conv_step_by_step").notebook_text
    assert text.name == "conv_step_by_step.py"
    assert "# %% [markdown]" in text.read_text()


def markdown_cells_before(cell_id: str) -> list[str]:
    cells = read_notebook("conv_step_by_step").cells
    ids = [c.metadata["nbgrader"]["grade_id"] for c in cells]
    return [c.source for c in cells[: ids.index(cell_id)] if c.cell_type == "markdown"]


def test_the_window_corners_are_left_for_the_student_to_derive():
    """Exercise 3's main reasoning step is guided, not given: no text before it spells it out."""
    text = "\n".join(markdown_cells_before("conv_forward"))
    assert "Where is the window of an output pixel?" in text
    for formula in ("h * stride", "w * stride", "vert_start + f", "horiz_start + f"):
        assert formula not in text, formula


def test_every_picture_has_alt_text_that_describes_it():
    """A student who cannot see the picture (or whose browser cannot load it) reads this."""
    text = course.get("conv_step_by_step").notebook_text.read_text()
    alts = re.findall(r"!\[([^\]]*)\]\(images/", text)
    assert len(alts) == 8
    assert all(len(alt.split()) >= 8 for alt in alts), alts


def test_every_markdown_cell_closes_its_math():
    """An odd number of $ signs leaves MathJax swallowing the rest of the cell."""
    for cell in read_notebook("conv_step_by_step").cells:
        if cell.cell_type == "markdown":
            assert cell.source.replace("\\$", "").count("$") % 2 == 0, cell.source[:80]
