"""What the ``partial`` example student of notebook 2 hands in.

The small layers and the fast forward convolution are right; ``pool_backward_fast`` divides an
average window's gradient by f instead of f * f (a mistake of the zoo, which the feedback names);
the backward convolution, the forward pooling, the network, the update and the training loop are
left as handed out. Nothing right depends on something wrong or unfinished, so ``nbgrader
autograde``, which runs the student's own functions where our grader runs the reference ones,
gives the same score.
"""

from __future__ import annotations

DONE = (
    "conv_forward_fast",
    "relu_forward",
    "relu_backward",
    "affine_forward",
    "affine_backward",
    "softmax_loss",
)
PARTIAL_SCORE = 15 + 2 + 3 + 4 + 6 + 8  # what both graders must give it

AVERAGE_RIGHT = "dA_prev[:, rows, columns, :] += dA / (f * f)"
AVERAGE_WRONG = "dA_prev[:, rows, columns, :] += dA / f"


def partial_answers(solved: dict[str, str]) -> dict[str, str]:
    """``solved``: every exercise's reference solution as a student would write it."""
    buggy = solved["pool_backward_fast"].replace(AVERAGE_RIGHT, AVERAGE_WRONG)
    assert buggy != solved["pool_backward_fast"], "the partial example's bug no longer applies"
    return {**{name: solved[name] for name in DONE}, "pool_backward_fast": buggy}
