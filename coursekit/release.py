"""Build everything generated from ``notebooks/``: source, figures, release and example submissions.

Humans edit ``notebooks/<assignment>.py`` (jupytext percent format), one per assignment of
``notebooks/series.toml``. This module turns each into its nbgrader source notebook (cell ids
taken from the nbgrader grade ids, so they never change between builds), draws its figures next
to it, copies ``public_tests.py`` in, and lets ``nbgrader generate_assignment`` strip solutions
and hidden tests into ``release/``. The release
is never paired with jupytext: jupytext could write the answers back into it.

    python -m coursekit.release            # rebuild source/, release/ and examples/ in place
    python -m coursekit.release --check    # exit 1 if any committed file is out of date
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import jupytext
import nbformat
from nbgrader.utils import compute_checksum

from autograder import course
from autograder.course import REPO_ROOT, Assignment
from coursekit.examples import write_examples
from coursekit.figures import assignment_figures, write_figures

GENERATED = ("source", "release", "examples")


def clean_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop outputs and editor state; give each cell its grade id as a stable cell id."""
    nb.metadata.pop("jupytext", None)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if not grade_id:
            raise ValueError(
                f"every cell needs an nbgrader grade_id; this one has none:\n{cell.source[:200]}"
            )
        cell.id = grade_id
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    ids = [cell.id for cell in nb.cells]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"grade ids must be unique; repeated: {duplicates}")
    return nb


def build_source(root: Path, assignment: Assignment) -> Path:
    source_dir = root / "source" / assignment.id
    if source_dir.exists():
        shutil.rmtree(source_dir)
    source_dir.mkdir(parents=True)
    nb = clean_notebook(jupytext.read(assignment.notebook_text))
    nbformat.write(nb, source_dir / assignment.notebook_name)
    figures = assignment_figures(assignment.id)
    if figures:
        write_figures(figures, source_dir / "images")
    shutil.copyfile(REPO_ROOT / "public_tests.py", source_dir / "public_tests.py")
    return source_dir


def tool_environment() -> dict[str, str]:
    """nbgrader runs ``alembic`` from PATH, so the venv's bin has to come first."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


NBGRADER_STUB = "raise NotImplementedError()"


def stub_message(number: int, function_name: str) -> str:
    """What the stub of a function says: which exercise it is, and what to do."""
    what = f"Exercise {number} ({function_name}) is not written yet"
    return f"{what}: replace this raise with your code."


def name_the_stubs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Make each stub say which exercise it is and what to do.

    nbgrader replaces every solution region with the same ``raise NotImplementedError()``, so
    Run All on a fresh release stops at the first example cell with a bare
    ``NotImplementedError:``. Here the N-th solution code cell, whose grade id is its function's
    name, raises ``NotImplementedError("Exercise N (name) is not written yet: ...")`` instead
    still a NotImplementedError, so ``nbgrader autograde`` and the batch grader see an untouched
    function as before. The cell's nbgrader checksum is recomputed, so the release stays
    consistent with itself.
    """
    number = 0
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("solution"):
            continue
        number += 1
        lines = cell.source.split("\n")
        stubs = [i for i, line in enumerate(lines) if line.strip() == NBGRADER_STUB]
        if len(stubs) != 1:
            raise ValueError(
                f"solution cell {meta.get('grade_id')!r} should hold one solution region, "
                f"replaced by nbgrader with {NBGRADER_STUB}; it holds {len(stubs)}"
            )
        line = lines[stubs[0]]
        indent = line[: len(line) - len(line.lstrip())]
        message = json.dumps(stub_message(number, meta["grade_id"]))
        lines[stubs[0]] = f"{indent}raise NotImplementedError(\n{indent}    {message}\n{indent})"
        cell.source = "\n".join(lines)
        if "checksum" in meta:
            meta["checksum"] = compute_checksum(cell)
    return nb


def build_release(root: Path, assignment: Assignment) -> Path:
    """Run nbgrader generate_assignment with a throwaway gradebook (a release needs none), then
    name the stubs of its exercises."""
    release_dir = root / "release" / assignment.id
    with tempfile.TemporaryDirectory() as scratch:
        command = [
            sys.executable,
            "-m",
            "nbgrader",
            "generate_assignment",
            assignment.id,
            "--force",
            f"--CourseDirectory.root={root}",
            f"--CourseDirectory.db_url=sqlite:///{Path(scratch) / 'gradebook.db'}",
            "--log-level=WARN",
        ]
        done = subprocess.run(
            command, cwd=scratch, capture_output=True, text=True, env=tool_environment()
        )
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader generate_assignment failed:\n{done.stdout}{done.stderr}")
    path = release_dir / assignment.notebook_name
    nbformat.write(name_the_stubs(nbformat.read(path, as_version=4)), path)
    return release_dir


def build(root: Path) -> None:
    """Every assignment's source, release and example students; folders of assignments no
    longer in the series are removed, so the generated tree is exactly the series."""
    for folder in GENERATED:
        if folder != "examples" and (root / folder).is_dir():
            for stale in (root / folder).iterdir():
                if stale.is_dir() and stale.name not in course.assignment_ids():
                    shutil.rmtree(stale)
    for assignment in course.series():
        build_source(root, assignment)
        build_release(root, assignment)
    write_examples(root)


def out_of_date(built: Path, committed: Path) -> list[str]:
    """Files that differ between two trees, as paths relative to them."""
    problems = []

    def walk(comparison: filecmp.dircmp, prefix: str) -> None:
        problems.extend(
            f"{prefix}{name} (only in the fresh build)" for name in comparison.left_only
        )
        problems.extend(
            f"{prefix}{name} (not produced by the build)" for name in comparison.right_only
        )
        _, mismatch, errors = filecmp.cmpfiles(
            comparison.left, comparison.right, comparison.common_files, shallow=False
        )
        problems.extend(f"{prefix}{name} (content differs)" for name in mismatch + errors)
        for name, sub in comparison.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    for folder in GENERATED:
        walk(
            filecmp.dircmp(
                built / folder, committed / folder, ignore=["__pycache__", ".ipynb_checkpoints"]
            ),
            f"{folder}/",
        )
    return problems


def check() -> list[str]:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        build(root)
        return out_of_date(root, REPO_ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="build into a temporary folder and compare with the committed files",
    )
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(f"out of date: {problem}")
        if problems:
            print("run `python -m coursekit.release` and commit the result")
            return 1
        print("source/, release/ and examples/ are in sync with notebooks/")
        return 0
    build(REPO_ROOT)
    for assignment_id in course.assignment_ids():
        print(f"built source/{assignment_id} and release/{assignment_id}")
    print("built examples/submissions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
