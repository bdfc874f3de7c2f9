"""What the ``partial`` example student of notebook 1 hands in.

The forward passes and the small helpers are right; ``conv_backward`` unpads with the
``[pad:-pad]`` slice that breaks for ``pad == 0`` (the notebook warns about it), and
``pool_backward`` is left as handed out.
"""

from __future__ import annotations

DONE = (
    "zero_pad",
    "conv_single_step",
    "conv_forward",
    "pool_forward",
    "create_mask_from_window",
    "distribute_value",
)
PARTIAL_SCORE = 5 + 10 + 20 + 15 + 5 + 5  # what both graders must give it

UNPAD_RIGHT = "da_prev_pad[pad : pad + n_H_prev, pad : pad + n_W_prev, :]"
UNPAD_WRONG = "da_prev_pad[pad:-pad, pad:-pad, :]"


def partial_answers(solved: dict[str, str]) -> dict[str, str]:
    """``solved``: every exercise's reference solution as a student would write it."""
    buggy = solved["conv_backward"].replace(UNPAD_RIGHT, UNPAD_WRONG)
    assert buggy != solved["conv_backward"], "the partial example's bug no longer applies"
    return {**{name: solved[name] for name in DONE}, "conv_backward": buggy}
