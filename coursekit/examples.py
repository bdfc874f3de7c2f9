"""Example submissions for the main job and the tests, made from the release so they stay in sync.

Three students, in nbgrader's ``submitted`` layout (``<student>/<assignment>/<notebook>``), with
one notebook for every assignment of the series: ``complete`` fills every exercise with the
reference solution, ``partial`` writes what the assignment's ``assignments/<id>/examples.py``
says (``partial_answers``: some exercises right, some with a typical mistake, some left alone),
and ``untouched`` is the release as handed out.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from autograder import course
from autograder.course import Assignment

SUBMISSIONS = Path("examples") / "submissions"
STUDENTS = ("complete", "partial", "untouched")


def solved(source: str) -> str:
    """A solution cell as a student would write it: the nbgrader markers removed."""
    return "\n".join(
        line
        for line in source.splitlines()
        if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
    )


def answers(student: str, assignment_id: str) -> dict[str, str]:
    """The solution cells an example student wrote for one assignment, by exercise name."""
    assignment = course.get(assignment_id)
    written = {e.name: solved(e.solution_source) for e in assignment.exercises}
    if student == "complete":
        return written
    if student == "partial":
        return assignment.module("examples").partial_answers(written)
    return {}


def fill(
    release_nb: nbformat.NotebookNode, student: str, assignment_id: str
) -> nbformat.NotebookNode:
    nb = nbformat.from_dict(release_nb)
    written = answers(student, assignment_id)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in written:
            cell.source = written[grade_id]
    return nb


def write_examples(root: Path) -> Path:
    folder = root / SUBMISSIONS
    if folder.exists():
        shutil.rmtree(folder)
    for assignment in course.series():
        _write_assignment(root, folder, assignment)
    return folder


def _write_assignment(root: Path, folder: Path, assignment: Assignment) -> None:
    release_nb = nbformat.read(
        root / "release" / assignment.id / assignment.notebook_name, as_version=4
    )
    for student in STUDENTS:
        target = folder / student / assignment.id
        target.mkdir(parents=True)
        filled = fill(release_nb, student, assignment.id)
        nbformat.write(filled, target / assignment.notebook_name)
