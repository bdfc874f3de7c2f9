"""The README's main job: the example students graded by the batch grader, end to end."""

from __future__ import annotations

import contextlib
import io

from autograder import course
from coursekit import demo
from tests.grader_helpers import read_rows


def test_demo_grades_the_three_example_students(tmp_path):
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code = demo.main([str(tmp_path / "demo")])
    assert code == 0, stdout.getvalue()
    grades = {
        (r["student_id"], r["assignment"]): float(r["score"])
        for r in read_rows(tmp_path / "demo", "grades.csv")
    }
    expected = {}
    for assignment in course.series():
        partial = assignment.module("examples").PARTIAL_SCORE
        expected |= {
            ("complete", assignment.id): 100.0,
            ("partial", assignment.id): partial,
            ("untouched", assignment.id): 0.0,
        }
    assert grades == expected
    text = stdout.getvalue()
    assert (
        "  partial    conv_step_by_step     60.0 / 100  "
        "feedback/partial/conv_step_by_step/conv_step_by_step.html" in text
    )
    assert (tmp_path / "demo" / "gradebook.db").is_file()
    assert (tmp_path / "demo" / "report.html").is_file()
    assert f"class report: {tmp_path / 'demo' / 'report.html'}" in text
