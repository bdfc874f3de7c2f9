"""The batch grader and nbgrader agree where nbgrader is right, and share nbgrader's gradebook."""

from __future__ import annotations

import csv
import subprocess
import sys

from autograder import batch, course
from benchmarks.grading import nbgrader_scores, run_nbgrader
from coursekit.nbgrader_autograde import nbgrader_environment
from tests.grader_helpers import ASSIGNMENT_ID, build, correct, read_rows, write_submission


def test_scores_agree_with_nbgrader_autograde_on_correct_and_untouched(tmp_path):
    submissions = tmp_path / "submitted"
    write_submission(submissions, "correct", build(correct()))
    write_submission(submissions, "untouched", build({}))
    theirs, _ = run_nbgrader(submissions, tmp_path / "course", timeout=60)
    assert batch.main([str(submissions), "--out", str(tmp_path / "out")]) == 0
    ours = {}
    for row in read_rows(tmp_path / "out", "exercises.csv"):
        ours.setdefault(row["student_id"], {})[row["exercise"]] = float(row["score"])
    assert ours == theirs
    assert sum(ours["correct"].values()) == 100 and sum(ours["untouched"].values()) == 0
    assert list(ours["correct"]) == list(course.get(ASSIGNMENT_ID).exercise_names)


def test_nbgrader_export_reads_our_gradebook(tmp_path):
    submissions = tmp_path / "submitted"
    write_submission(submissions, "correct", build(correct()))
    write_submission(submissions, "untouched", build({}))
    out = tmp_path / "out"
    assert batch.main([str(submissions), "--out", str(out)]) == 0
    course = tmp_path / "course"
    course.mkdir()
    command = [sys.executable, "-m", "nbgrader", "export", f"--CourseDirectory.root={course}"]
    command.append(f"--CourseDirectory.db_url=sqlite:///{out / 'gradebook.db'}")
    env = nbgrader_environment()
    done = subprocess.run(command, cwd=course, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    with open(course / "grades.csv", newline="") as handle:
        exported = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert {s: float(r["score"]) for s, r in exported.items()} == {"correct": 100, "untouched": 0}
    assert {r["assignment"] for r in exported.values()} == {ASSIGNMENT_ID}
    assert {float(r["max_score"]) for r in exported.values()} == {100}
    per_exercise = nbgrader_scores(f"sqlite:///{out / 'gradebook.db'}", ["correct"])
    assert per_exercise["correct"]["conv_forward"] == 20
