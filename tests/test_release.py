"""The generated folders match notebooks/, and the release gives nothing away."""

from __future__ import annotations

import copy
import filecmp
import json
import os
import re
import shutil

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from nbgrader.utils import compute_checksum

from autograder import course
from autograder.course import REPO_ROOT
from coursekit import release

IDS = course.assignment_ids()


@pytest.fixture(params=IDS)
def assignment(request) -> course.Assignment:
    return course.get(request.param)


def release_notebook(assignment: course.Assignment) -> nbformat.NotebookNode:
    return nbformat.read(
        REPO_ROOT / "release" / assignment.id / assignment.notebook_name, as_version=4
    )


def release_text(assignment: course.Assignment) -> str:
    return (REPO_ROOT / "release" / assignment.id / assignment.notebook_name).read_text()


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


def test_every_assignment_of_the_series_is_built():
    for folder in ("source", "release"):
        assert sorted(p.name for p in (REPO_ROOT / folder).iterdir()) == sorted(IDS)
    for student in ("complete", "partial", "untouched"):
        built = REPO_ROOT / "examples" / "submissions" / student
        assert sorted(p.name for p in built.iterdir()) == sorted(IDS)


def test_release_has_no_solution_markers_and_no_hidden_tests(assignment):
    text = release_text(assignment)
    for marker in (
        "BEGIN SOLUTION",
        "END SOLUTION",
        "BEGIN HIDDEN TESTS",
        "hidden_tests",
        "hidden_",
    ):
        assert marker not in text


def test_release_contains_no_line_of_a_reference_solution(assignment):
    """Every line that exists only inside a solution block stays out of the release.

    Lines the notebook also hands out as given code (``stride = hparameters["stride"]`` is given in
    pool_forward) are not answers, and short lines such as ``for i in range(m):`` prove nothing.
    """
    code = "\n".join(c.source for c in release_notebook(assignment).cells if c.cell_type == "code")
    answers, handed_out = set(), set()
    for exercise in (e for a in course.series() for e in a.exercises):
        before, rest = exercise.solution_source.split("### BEGIN SOLUTION")
        body, after = rest.split("### END SOLUTION")
        answers |= {line.strip() for line in body.splitlines()}
        handed_out |= {line.strip() for line in (before + after).splitlines()}
    leaked = [line for line in answers - handed_out if len(line) > 12 and line in code]
    assert leaked == []


def test_every_exercise_cell_in_the_release_is_a_stub_that_names_its_exercise(assignment):
    """The N-th exercise cell raises "Exercise N (name) is not written yet ...", and the
    notebook's text calls that function exercise N too."""
    notebook = release_notebook(assignment)
    stubs = [c for c in notebook.cells if c.metadata["nbgrader"].get("solution")]
    assert [c.id for c in stubs] == list(assignment.exercise_names)
    text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    for number, cell in enumerate(stubs, start=1):
        message = (
            f"Exercise {number} ({cell.id}) is not written yet: replace this raise with your code."
        )
        assert f"def {cell.id}(" in cell.source
        assert f'    raise NotImplementedError(\n        "{message}"\n    )' in cell.source
        assert "NotImplementedError()" not in cell.source
        assert f"Exercise {number}: `{cell.id}`" in text
        assert cell.metadata.nbgrader["checksum"] == compute_checksum(cell)


def test_name_the_stubs_refuses_a_cell_without_exactly_one_stub():
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("def f():\n    return 1\n")
    cell.metadata["nbgrader"] = {"solution": True, "grade_id": "f"}
    notebook.cells = [cell]
    with pytest.raises(ValueError, match="solution cell 'f' should hold one solution region"):
        release.name_the_stubs(notebook)


def test_run_all_on_the_untouched_release_stops_at_exercise_1_with_its_message(tmp_path):
    """What a student sees first: the first example cell says which exercise to write."""
    from nbclient.exceptions import CellExecutionError

    from tests.conftest import execute

    assignment = course.get(IDS[0])
    folder = tmp_path / assignment.id
    shutil.copytree(REPO_ROOT / "release" / assignment.id, folder)
    notebook = nbformat.read(folder / assignment.notebook_name, as_version=4)
    student_env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "MPLBACKEND": "Agg"}
    with pytest.raises(CellExecutionError):
        execute(folder, notebook, env=student_env)
    ran = [c for c in notebook.cells if c.cell_type == "code" and c.execution_count]
    first = assignment.exercise_names[0]
    errors = [o for o in ran[-1].outputs if o.output_type == "error"]
    assert ran[-1].id == f"{first}_example"
    assert [(e.ename, e.evalue) for e in errors] == [
        (
            "NotImplementedError",
            f"Exercise 1 ({first}) is not written yet: replace this raise with your code.",
        )
    ]


def test_release_is_self_contained(assignment):
    folder = REPO_ROOT / "release" / assignment.id
    assert filecmp.cmp(folder / "public_tests.py", REPO_ROOT / "public_tests.py", shallow=False)
    images = re.findall(r"\]\((images/[^)]+\.png)\)", release_text(assignment))
    for image in images:
        assert (folder / image).is_file(), image
    drawn = sorted(p.name for p in (folder / "images").glob("*.png"))
    assert drawn == sorted({image.removeprefix("images/") for image in images})


def test_notebook_1_shows_its_eight_figures():
    images = re.findall(r"\]\((images/[^)]+\.png)\)", release_text(course.get(IDS[0])))
    assert len(images) == 8


def test_cells_have_stable_ids_equal_to_their_grade_ids_and_no_outputs(assignment):
    for folder in ("source", "release"):
        path = REPO_ROOT / folder / assignment.id / assignment.notebook_name
        notebook = json.loads(path.read_text())
        for cell in notebook["cells"]:
            assert cell["id"] == cell["metadata"]["nbgrader"]["grade_id"]
            assert cell.get("outputs", []) == []
            assert cell.get("execution_count") is None


def test_points_add_up_to_100_and_follow_the_readme(assignment):
    points = {e.name: e.points for e in assignment.exercises}
    assert sum(points.values()) == 100
    readme = (REPO_ROOT / "README.md").read_text()
    for name, value in points.items():
        assert re.search(rf"`{name}`\s*\|\s*{value:g}\b", readme), name


@pytest.fixture(scope="module", params=IDS)
def solved_release(request, tmp_path_factory):
    """One assignment's release, filled with the reference solutions and run top to bottom with
    the installed kernel, in a folder holding nothing but the release, as a student's would:
    (assignment, the notebook's metadata as built, the notebook after the run)."""
    from coursekit.examples import fill
    from tests.conftest import execute

    assignment = course.get(request.param)
    home = tmp_path_factory.mktemp("student")
    folder = home / assignment.id
    shutil.copytree(REPO_ROOT / "release" / assignment.id, folder)
    notebook = nbformat.read(folder / assignment.notebook_name, as_version=4)
    built_metadata = copy.deepcopy(notebook.metadata)
    notebook = fill(notebook, "complete", assignment.id)
    student_env = {"PATH": os.environ["PATH"], "HOME": str(home), "MPLBACKEND": "Agg"}
    execute(folder, notebook, env=student_env)
    return assignment, built_metadata, notebook


def test_release_runs_top_to_bottom_on_its_own_once_solved(solved_release):
    """A student's folder has no repository around it: only the release and its Python."""
    _, _, notebook = solved_release
    errors = [
        c.id for c in notebook.cells if any(o.output_type == "error" for o in c.get("outputs", []))
    ]
    assert errors == []
    passed = [c for c in notebook.cells if c.id.startswith("test_")]
    assert all("cases passed" in c.outputs[0]["text"] for c in passed)


def test_running_the_release_leaves_its_metadata_as_the_kernel_writes_it(solved_release):
    """Opening the release in JupyterLab and closing it must not ask to save.

    JupyterLab marks a notebook modified when its kernel's start changes the metadata: it writes
    the kernel_info reply into "language_info" (nbclient, run here, writes the same) and the
    kernel's spec into "kernelspec" (name, display_name, language, read here from the installed
    kernel.json). Both must equal what the build wrote.
    """
    _, built, notebook = solved_release
    import platform

    if platform.python_version() != built["language_info"]["version"]:
        pytest.skip(
            f"the release is built for Python {built['language_info']['version']} (the pinned "
            f"kit's); this is {platform.python_version()}, whose kernel writes its own version"
        )
    assert notebook.metadata == built, (
        "running the release changed its metadata: set coursekit/release.py's LANGUAGE_INFO "
        f"to what this kernel writes, {dict(notebook.metadata.get('language_info', {}))}"
    )
    name = built["kernelspec"]["name"]
    spec = KernelSpecManager().get_kernel_spec(name)
    assert built["kernelspec"] == {
        "name": name,
        "display_name": spec.display_name,
        "language": spec.language,
    }


def test_notebook_images_hold_every_figure_the_authored_notebooks_show():
    """Opened directly with jupytext, notebooks/<id>.py finds its pictures in notebooks/images/."""
    shown = {
        image
        for assignment in course.series()
        for image in re.findall(r"\]\((images/[^)]+\.png)\)", assignment.notebook_text.read_text())
    }
    assert shown, "no figure referenced at all: the pattern no longer matches the notebooks"
    for image in sorted(shown):
        assert (REPO_ROOT / "notebooks" / image).is_file(), image
    drawn = {f"images/{p.name}" for p in (REPO_ROOT / release.NOTEBOOK_IMAGES).iterdir()}
    assert drawn == shown


def test_two_notebooks_drawing_the_same_figure_name_are_refused(monkeypatch):
    figures = {"one": {"grid.png": None, "a.png": None}, "two": {"b.png": None, "grid.png": None}}
    monkeypatch.setattr(release.course, "assignment_ids", lambda: ("one", "two"))
    monkeypatch.setattr(release, "assignment_figures", figures.__getitem__)
    with pytest.raises(ValueError, match="'grid.png' is drawn by both one and two"):
        release.figure_owners()
