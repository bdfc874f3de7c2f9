"""nbgrader's own workflow works on our release: generate, autograde, score, for every notebook."""

from __future__ import annotations

import pytest

from autograder import course
from autograder.course import REPO_ROOT
from coursekit.examples import SUBMISSIONS
from coursekit.nbgrader_autograde import autograde


@pytest.mark.parametrize("assignment_id", course.assignment_ids())
def test_nbgrader_autograde_scores_the_example_submissions(tmp_path, assignment_id):
    scores = autograde(REPO_ROOT / SUBMISSIONS, tmp_path / "course", assignment_id)
    partial = course.get(assignment_id).module("examples").PARTIAL_SCORE
    assert scores == {"complete": 100.0, "partial": partial, "untouched": 0.0}
