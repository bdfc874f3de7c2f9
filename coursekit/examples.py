"""Example submissions for the main job and the tests, made from the release so they stay in sync.

Three students, in nbgrader's ``submitted`` layout (``<student>/<assignment>/<notebook>``):
``complete`` fills every exercise with the reference solution, ``partial`` does the forward
passes and the small helpers but unpads ``conv_backward`` with the ``[pad:-pad]`` slice that
breaks for ``pad == 0`` and leaves ``pool_backward`` untouched, ``untouched`` is the release as
handed out.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from autograder.assignment import ASSIGNMENT_ID, NOTEBOOK_NAME, exercises

SUBMISSIONS = Path("examples") / "submissions"
PARTIAL_DONE = (
    "zero_pad",
    "conv_single_step",
    "conv_forward",
    "pool_forward",
    "create_mask_from_window",
    "distribute_value",
)
UNPAD_RIGHT = "da_prev_pad[pad : pad + n_H_prev, pad : pad + n_W_prev, :]"
UNPAD_WRONG = "da_prev_pad[pad:-pad, pad:-pad, :]"


def solved(source: str) -> str:
    """A solution cell as a student would write it: the nbgrader markers removed."""
    return "\n".join(
        line
        for line in source.splitlines()
        if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
    )


def answers(student: str) -> dict[str, str]:
    """The solution cells each example student wrote, by exercise name."""
    written = {e.name: solved(e.solution_source) for e in exercises()}
    if student == "complete":
        return written
    if student == "partial":
        buggy = written["conv_backward"].replace(UNPAD_RIGHT, UNPAD_WRONG)
        assert buggy != written["conv_backward"], "the partial example's bug no longer applies"
        return {**{name: written[name] for name in PARTIAL_DONE}, "conv_backward": buggy}
    return {}


def fill(release_nb: nbformat.NotebookNode, student: str) -> nbformat.NotebookNode:
    nb = nbformat.from_dict(release_nb)
    written = answers(student)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in written:
            cell.source = written[grade_id]
    return nb


def write_examples(root: Path) -> Path:
    release_nb = nbformat.read(root / "release" / ASSIGNMENT_ID / NOTEBOOK_NAME, as_version=4)
    folder = root / SUBMISSIONS
    if folder.exists():
        shutil.rmtree(folder)
    for student in ("complete", "partial", "untouched"):
        target = folder / student / ASSIGNMENT_ID
        target.mkdir(parents=True)
        nbformat.write(fill(release_nb, student), target / NOTEBOOK_NAME)
    return folder
