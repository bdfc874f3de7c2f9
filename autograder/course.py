"""The series of assignments, read from ``notebooks/`` so that every fact is written down once.

``notebooks/series.toml`` lists the assignments in the order students take them; each id names
the authored notebook ``notebooks/<id>.py`` and the instructor-only package ``assignments/<id>/``
(hidden cases, bug zoo, figures, example students). The notebook is the single source of truth
for which functions are graded, how many points each is worth, what the reference solutions are
and what the setup cell imports. Everything in the pipeline asks this module instead of naming a
notebook or a function, so a notebook is added to the series without touching the engine.
"""

from __future__ import annotations

import functools
import importlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import jupytext
import nbformat

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO_ROOT / "notebooks"
SERIES_FILE = NOTEBOOKS / "series.toml"


@dataclass(frozen=True)
class Exercise:
    """One graded function: its solution cell, its test cells and the points they carry."""

    assignment: str
    name: str
    solution_source: str
    test_ids: tuple[str, ...]
    test_points: tuple[float, ...]

    @property
    def points(self) -> float:
        return sum(self.test_points)


@dataclass(frozen=True)
class Assignment:
    """One notebook of the series, as its authored text describes it."""

    id: str
    exercises: tuple[Exercise, ...]
    setup_code: str

    @property
    def notebook_text(self) -> Path:
        return NOTEBOOKS / f"{self.id}.py"

    @property
    def notebook_name(self) -> str:
        return f"{self.id}.ipynb"

    @property
    def notebook_id(self) -> str:
        """The name nbgrader's gradebook knows the notebook by."""
        return self.id

    @property
    def exercise_names(self) -> tuple[str, ...]:
        return tuple(exercise.name for exercise in self.exercises)

    @property
    def max_score(self) -> float:
        return sum(exercise.points for exercise in self.exercises)

    def exercise(self, name: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.name == name:
                return exercise
        raise KeyError(f"{name!r} is not a graded function of {self.id}")

    def module(self, name: str) -> ModuleType:
        """A module of the assignment's instructor package, ``assignments.<id>.<name>``."""
        return importlib.import_module(f"assignments.{self.id}.{name}")

    def has_module(self, name: str) -> bool:
        return importlib.util.find_spec(f"assignments.{self.id}.{name}") is not None


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def read_notebook(assignment_id: str) -> nbformat.NotebookNode:
    return jupytext.read(NOTEBOOKS / f"{assignment_id}.py")


def _load(assignment_id: str) -> Assignment:
    nb = read_notebook(assignment_id)
    solutions: dict[str, str] = {}
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
        owner = [n for n in owner if not any(o != n and o.startswith(n) for o in owner)]
        if len(owner) != 1:
            raise ValueError(
                f"{assignment_id}: test cell {meta['grade_id']!r} does not name one graded function"
            )
        tests[owner[0]].append((meta["grade_id"], float(meta["points"])))
    setup = "\n\n".join(
        cell.source
        for cell in nb.cells
        if cell.cell_type == "code" and nbgrader_meta(cell).get("grade_id", "").startswith("setup")
    )
    exercises = tuple(
        Exercise(
            assignment=assignment_id,
            name=name,
            solution_source=source,
            test_ids=tuple(grade_id for grade_id, _ in tests[name]),
            test_points=tuple(points for _, points in tests[name]),
        )
        for name, source in solutions.items()
    )
    return Assignment(assignment_id, exercises, setup)


@functools.cache
def series() -> tuple[Assignment, ...]:
    """Every assignment, in the order of ``notebooks/series.toml``.

    Graded function names are unique across the series: the public tests, the zoo and the hints
    are keyed by them."""
    with open(SERIES_FILE, "rb") as handle:
        ids = tomllib.load(handle)["assignments"]
    assignments = tuple(_load(assignment_id) for assignment_id in ids)
    seen: dict[str, str] = {}
    for assignment in assignments:
        for name in assignment.exercise_names:
            if name in seen:
                raise ValueError(f"{name} is graded in both {seen[name]} and {assignment.id}")
            seen[name] = assignment.id
    return assignments


def assignment_ids() -> tuple[str, ...]:
    return tuple(a.id for a in series())


def get(assignment_id: str) -> Assignment:
    for assignment in series():
        if assignment.id == assignment_id:
            return assignment
    raise KeyError(f"{assignment_id!r} is not an assignment of the series ({SERIES_FILE})")


def owner_of(function_name: str) -> Assignment:
    """The assignment that grades ``function_name``."""
    for assignment in series():
        if function_name in assignment.exercise_names:
            return assignment
    raise KeyError(f"{function_name!r} is not a graded function")


def all_exercise_names() -> tuple[str, ...]:
    return tuple(name for assignment in series() for name in assignment.exercise_names)
