"""Scores into nbgrader's own gradebook, so ``nbgrader export`` and formgrader read them.

The assignment's structure (grade cells and their points) is registered from our source, never
from a submission. Every write is an update-or-create, so grading the same batch twice leaves the
same rows. Source cells are not stored: they would put the hidden tests in the database.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import warnings
from pathlib import Path

import nbgrader
import nbgrader.api
from nbgrader.api import Gradebook

from autograder import course
from autograder.reports import StudentResult


def _alembic_on_path() -> None:
    """nbgrader's Gradebook runs the ``alembic`` command; it sits next to our Python."""
    if shutil.which("alembic") is None:
        bin_dir = str(Path(sys.executable).parent)
        os.environ["PATH"] = os.pathsep.join([bin_dir, os.environ.get("PATH", "")])


def _alembic_head() -> str | None:
    """The newest migration of nbgrader's schema, read from its migration files.

    A new gradebook is stamped with it; nbgrader asks the ``alembic heads`` command, which takes
    several seconds to start. The files name each revision and the one it follows: the head is
    the revision nothing follows. None when that is not a single revision.
    """
    versions = Path(nbgrader.__file__).parent / "alembic" / "versions"
    revisions, parents = set(), set()
    for script in versions.glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision = re.search(r"^revision = ['\"](\w+)['\"]", text, re.MULTILINE)
        parent = re.search(r"^down_revision = ['\"](\w+)['\"]", text, re.MULTILINE)
        if revision:
            revisions.add(revision.group(1))
        if parent:
            parents.add(parent.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


@contextlib.contextmanager
def _quick_stamp():
    head = _alembic_head()
    original = nbgrader.api.get_alembic_version
    if head:
        nbgrader.api.get_alembic_version = lambda: head
    try:
        yield
    finally:
        nbgrader.api.get_alembic_version = original


def record(db_url: str, students: list[StudentResult]) -> None:
    """Every assignment the results cover, its structure, then each student's grades."""
    _alembic_on_path()
    with warnings.catch_warnings(), _quick_stamp():
        # nbgrader's own add_submission trips SQLAlchemy 2's autoflush warnings; they are noise.
        warnings.simplefilter("ignore")
        with Gradebook(db_url) as gb:
            graded = {student.assignment for student in students}
            for assignment in course.series():
                if assignment.id in graded:
                    _register(gb, assignment)
            for student in students:
                if not student.handed_in:
                    # Nothing handed in: keep what the gradebook holds. It may be shared with an
                    # earlier run, and one student's stray folder for another assignment must
                    # not turn every classmate's grade for it into 0.
                    continue
                _record(gb, course.get(student.assignment), student)


def _register(gb: Gradebook, assignment: course.Assignment) -> None:
    gb.update_or_create_assignment(assignment.id)
    gb.update_or_create_notebook(assignment.notebook_id, assignment.id)
    for exercise in assignment.exercises:
        gb.update_or_create_solution_cell(exercise.name, assignment.notebook_id, assignment.id)
        for test_id, points in zip(exercise.test_ids, exercise.test_points):
            gb.update_or_create_grade_cell(
                test_id, assignment.notebook_id, assignment.id, max_score=points, cell_type="code"
            )


def _record(gb: Gradebook, assignment: course.Assignment, student: StudentResult) -> None:
    notebook, assignment_id = assignment.notebook_id, assignment.id
    gb.update_or_create_student(student.student_id)
    gb.update_or_create_submission(assignment_id, student.student_id)
    by_name = {r.exercise: r for r in student.results}
    for exercise in assignment.exercises:
        passed = by_name[exercise.name].status == "passed"
        for test_id, points in zip(exercise.test_ids, exercise.test_points):
            grade = gb.find_grade(test_id, notebook, assignment_id, student.student_id)
            grade.auto_score = points if passed else 0.0
            grade.needs_manual_grade = False
    gb.db.commit()
