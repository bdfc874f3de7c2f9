"""nbgrader's own workflow works on our release: generate, autograde, score."""

from __future__ import annotations

from autograder.assignment import REPO_ROOT
from coursekit.examples import SUBMISSIONS
from coursekit.nbgrader_autograde import autograde


def test_nbgrader_autograde_scores_the_example_submissions(tmp_path):
    scores = autograde(REPO_ROOT / SUBMISSIONS, tmp_path / "course")
    # complete: every exercise; partial: 5 + 10 + 20 + 15 + 5 + 5 for the forward passes and the
    # two helpers, 0 for conv_backward (unpads with [pad:-pad]) and pool_backward (untouched).
    assert scores == {"complete": 100.0, "partial": 60.0, "untouched": 0.0}
