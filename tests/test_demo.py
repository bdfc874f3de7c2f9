"""The README's main job: the example students graded by the batch grader, end to end."""

from __future__ import annotations

import contextlib
import io

from coursekit import demo
from tests.grader_helpers import read_rows


def test_demo_grades_the_three_example_students(tmp_path):
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code = demo.main([str(tmp_path / "demo")])
    assert code == 0, stdout.getvalue()
    grades = {
        r["student_id"]: float(r["score"]) for r in read_rows(tmp_path / "demo", "grades.csv")
    }
    # partial: the forward passes and the two helpers (5 + 10 + 20 + 15 + 5 + 5); conv_backward
    # unpads with [pad:-pad] and pool_backward is untouched.
    assert grades == {"complete": 100.0, "partial": 60.0, "untouched": 0.0}
    text = stdout.getvalue()
    assert (
        "  partial     60.0 / 100  feedback/partial/conv_step_by_step/conv_step_by_step.html"
        in text
    )
    assert (tmp_path / "demo" / "gradebook.db").is_file()
