"""The generated folders match notebooks/, and the release gives nothing away."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil

import nbformat
import pytest

from autograder.assignment import ASSIGNMENT_ID, NOTEBOOK_NAME, REPO_ROOT, exercises
from coursekit import release

SOURCE = REPO_ROOT / "source" / ASSIGNMENT_ID
RELEASE = REPO_ROOT / "release" / ASSIGNMENT_ID


@pytest.fixture(scope="module")
def release_nb():
    return nbformat.read(RELEASE / NOTEBOOK_NAME, as_version=4)


def test_source_release_and_examples_are_in_sync_with_notebooks():
    assert release.check() == []


def test_out_of_date_names_a_changed_file(tmp_path):
    for folder in release.GENERATED:
        (tmp_path / "a" / folder).mkdir(parents=True)
        (tmp_path / "b" / folder).mkdir(parents=True)
    (tmp_path / "a" / "release" / "x.txt").write_text("new")
    (tmp_path / "b" / "release" / "x.txt").write_text("old")
    assert release.out_of_date(tmp_path / "a", tmp_path / "b") == [
        "release/x.txt (content differs)"
    ]


def test_release_has_no_solution_markers_and_no_hidden_tests():
    text = (RELEASE / NOTEBOOK_NAME).read_text()
    for marker in (
        "BEGIN SOLUTION",
        "END SOLUTION",
        "BEGIN HIDDEN TESTS",
        "hidden_tests",
        "hidden_",
    ):
        assert marker not in text


def test_release_contains_no_line_of_a_reference_solution(release_nb):
    """Every line that exists only inside a solution block stays out of the release.

    Lines the notebook also hands out as given code (``stride = hparameters["stride"]`` is given in
    pool_forward) are not answers, and short lines such as ``for i in range(m):`` prove nothing.
    """
    code = "\n".join(c.source for c in release_nb.cells if c.cell_type == "code")
    answers, handed_out = set(), set()
    for exercise in exercises():
        before, rest = exercise.solution_source.split("### BEGIN SOLUTION")
        body, after = rest.split("### END SOLUTION")
        answers |= {line.strip() for line in body.splitlines()}
        handed_out |= {line.strip() for line in (before + after).splitlines()}
    leaked = [line for line in answers - handed_out if len(line) > 12 and line in code]
    assert leaked == []


def test_every_exercise_cell_in_the_release_is_a_stub(release_nb):
    stubs = {c.id: c.source for c in release_nb.cells if c.metadata["nbgrader"].get("solution")}
    assert sorted(stubs) == sorted(e.name for e in exercises())
    for name, source in stubs.items():
        assert f"def {name}(" in source and "raise NotImplementedError()" in source


def test_release_is_self_contained():
    assert filecmp.cmp(RELEASE / "public_tests.py", REPO_ROOT / "public_tests.py", shallow=False)
    text = (RELEASE / NOTEBOOK_NAME).read_text()
    images = re.findall(r"\]\((images/[^)]+\.png)\)", text)
    assert len(images) == 6
    for image in images:
        assert (RELEASE / image).is_file(), image


def test_cells_have_stable_ids_equal_to_their_grade_ids_and_no_outputs():
    for path in (SOURCE / NOTEBOOK_NAME, RELEASE / NOTEBOOK_NAME):
        notebook = json.loads(path.read_text())
        for cell in notebook["cells"]:
            assert cell["id"] == cell["metadata"]["nbgrader"]["grade_id"]
            assert cell.get("outputs", []) == []
            assert cell.get("execution_count") is None


def test_points_add_up_to_100_and_follow_the_readme():
    points = {e.name: e.points for e in exercises()}
    assert sum(points.values()) == 100
    readme = (REPO_ROOT / "README.md").read_text()
    for name, value in points.items():
        assert re.search(rf"`{name}`\s*\|\s*{value:g}\b", readme), name


def test_release_runs_top_to_bottom_on_its_own_once_solved(tmp_path):
    """A student's folder has no repository around it: only the release and its Python."""
    from coursekit.examples import fill
    from tests.conftest import execute

    folder = tmp_path / ASSIGNMENT_ID
    shutil.copytree(RELEASE, folder)
    notebook = fill(nbformat.read(folder / NOTEBOOK_NAME, as_version=4), "complete")
    student_env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "MPLBACKEND": "Agg"}
    execute(folder, notebook, env=student_env)
    errors = [
        c.id for c in notebook.cells if any(o.output_type == "error" for o in c.get("outputs", []))
    ]
    assert errors == []
    passed = [c for c in notebook.cells if c.id.startswith("test_")]
    assert all("cases passed" in c.outputs[0]["text"] for c in passed)
