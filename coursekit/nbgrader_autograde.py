"""Grade submissions with plain ``nbgrader autograde``, in a throwaway course folder.

This is nbgrader's own in-kernel workflow, kept working as the fallback and as the yardstick the
tests compare against. It never touches the repository: the course folder gets a copy of
``source/`` and of the submissions, and its own SQLite gradebook.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from nbgrader.api import Gradebook

from autograder.course import REPO_ROOT
from coursekit.release import tool_environment


def nbgrader_environment() -> dict[str, str]:
    """The notebook's hidden-test cells import ``autograder``, so the repo root is on the path."""
    env = tool_environment()
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH")) if p)
    env.setdefault("MPLBACKEND", "Agg")
    return env


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    command = [
        sys.executable,
        "-m",
        "nbgrader",
        *args,
        f"--CourseDirectory.root={course}",
        f"--CourseDirectory.db_url=sqlite:///{course / 'gradebook.db'}",
    ]
    return subprocess.run(
        command, cwd=course, capture_output=True, text=True, env=nbgrader_environment()
    )


def autograde(submissions: Path, course: Path, assignment_id: str) -> dict[str, float]:
    """Score every ``<student>/<assignment_id>`` folder of ``submissions``: student -> score."""
    if course.exists():
        shutil.rmtree(course)
    course.mkdir(parents=True)
    shutil.copytree(REPO_ROOT / "source", course / "source")
    shutil.copytree(submissions, course / "submitted")
    for step in (
        ("generate_assignment", assignment_id, "--force"),
        ("autograde", assignment_id, "--force"),
    ):
        done = nbgrader(course, *step)
        if done.returncode != 0:
            raise RuntimeError(f"nbgrader {step[0]} failed:\n{done.stdout}{done.stderr}")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {
            submission.student.id: submission.score
            for submission in gradebook.find_assignment(assignment_id).submissions
        }
