"""Facts about the assignment, read from the authored notebook so they are written down once.

The notebook text in ``notebooks/`` is the single source of truth for which functions are
graded, how many points each is worth, and what the reference solutions are. Everything in the
grading pipeline asks this module instead of repeating those facts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat

REPO_ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT_ID = "conv_step_by_step"
NOTEBOOK_TEXT = REPO_ROOT / "notebooks" / f"{ASSIGNMENT_ID}.py"
NOTEBOOK_NAME = f"{ASSIGNMENT_ID}.ipynb"


@dataclass(frozen=True)
class Exercise:
    """One graded function: its solution cell, its test cells and the points they carry."""

    name: str
    solution_source: str
    test_ids: tuple[str, ...]
    points: float


def read_notebook(path: Path = NOTEBOOK_TEXT) -> nbformat.NotebookNode:
    return jupytext.read(path)


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


@functools.cache
def exercises() -> tuple[Exercise, ...]:
    """The graded functions in notebook order, with points summed over their test cells."""
    nb = read_notebook()
    solutions = {}
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if meta.get("solution") and cell.cell_type == "code":
            solutions[meta["grade_id"]] = cell.source
    tests: dict[str, list[tuple[str, float]]] = {name: [] for name in solutions}
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if not meta.get("grade"):
            continue
        owner = [n for n in solutions if meta["grade_id"].startswith(f"test_{n}")]
        if len(owner) != 1:
            raise ValueError(f"test cell {meta['grade_id']!r} does not name one graded function")
        tests[owner[0]].append((meta["grade_id"], float(meta["points"])))
    return tuple(
        Exercise(
            name=name,
            solution_source=source,
            test_ids=tuple(grade_id for grade_id, _ in tests[name]),
            points=sum(points for _, points in tests[name]),
        )
        for name, source in solutions.items()
    )


def exercise_names() -> tuple[str, ...]:
    return tuple(exercise.name for exercise in exercises())


def max_score() -> float:
    return sum(exercise.points for exercise in exercises())
