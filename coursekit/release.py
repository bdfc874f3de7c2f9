"""Build everything generated from ``notebooks/``: source, figures, release and example submissions.

Humans edit ``notebooks/<assignment>.py`` (jupytext percent format), one per assignment of
``notebooks/series.toml``. This module turns each into its nbgrader source notebook (cell ids
taken from the nbgrader grade ids, so they never change between builds, and the notebook
metadata the pinned kernel writes), draws its figures next to it, copies ``public_tests.py`` in,
and lets ``nbgrader generate_assignment`` strip solutions and hidden tests into ``release/``. The
release is never paired with jupytext: jupytext could write the answers back into it.

The figures of every notebook are also copied into ``notebooks/images/``, so that the authored
``notebooks/<assignment>.py`` shows its pictures when opened directly with jupytext. That folder
is generated too (rebuilt from scratch, covered by ``--check``): never edit it by hand. As all
the notebooks share it, a figure name may be used by one notebook only.

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

# Folders the build writes from scratch, relative to the repository root.
NOTEBOOK_IMAGES = "notebooks/images"
GENERATED = ("source", "release", "examples", NOTEBOOK_IMAGES)

# The notebook metadata of the pinned environment (ipykernel 7.4.0 on Python 3.11.7, JupyterLab
# 4.6). When a kernel starts, JupyterLab overwrites "kernelspec" with the kernel's spec (its name,
# and the display_name and language of its kernel.json) and "language_info" with the kernel's
# kernel_info reply (ipykernel's ``IPythonKernel.language_info``; nbclient writes the same), and
# marks the notebook modified unless both are deep-equal to what the file had. Writing exactly
# these values means a student can open and close the notebook without being asked to save.
# tests/test_release.py runs the release with the installed kernel and fails, showing what the
# kernel wrote, when they drift (after a Python or ipykernel upgrade): then update them here.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": "3.11.7",
}


def clean_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop outputs and editor state; give each cell its grade id as a stable cell id and the
    notebook the metadata the kernel writes, so that running it changes nothing but outputs."""
    nb.metadata.pop("jupytext", None)
    nb.metadata.kernelspec = nbformat.from_dict(KERNELSPEC)
    nb.metadata.language_info = nbformat.from_dict(LANGUAGE_INFO)
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


def figure_owners() -> dict[str, str]:
    """Figure file name -> the assignment that draws it, for every notebook of the series.

    All notebooks show their figures from the one shared ``notebooks/images/``, where two
    figures of the same name would overwrite each other: that is refused, naming both.
    """
    owners: dict[str, str] = {}
    for assignment_id in course.assignment_ids():
        for name in assignment_figures(assignment_id):
            if name in owners:
                raise ValueError(
                    f"figure {name!r} is drawn by both {owners[name]} and {assignment_id}: "
                    f"notebooks/ shares one images/ folder, so rename one of them"
                )
            owners[name] = assignment_id
    return owners


def build_notebook_images(root: Path) -> Path:
    """Copy every assignment's figures from its source folder into ``notebooks/images/``."""
    folder = root / NOTEBOOK_IMAGES
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, assignment_id in figure_owners().items():
        shutil.copyfile(root / "source" / assignment_id / "images" / name, folder / name)
    return folder


def build(root: Path) -> None:
    """Every assignment's source, release and example students, and the figures beside the
    authored notebooks; folders of assignments no longer in the series are removed, so the
    generated tree is exactly the series."""
    figure_owners()  # a clash of figure names fails before anything is written
    for folder in ("source", "release"):
        if (root / folder).is_dir():
            for stale in (root / folder).iterdir():
                if stale.is_dir() and stale.name not in course.assignment_ids():
                    shutil.rmtree(stale)
    for assignment in course.series():
        build_source(root, assignment)
        build_release(root, assignment)
    build_notebook_images(root)
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
        # Git keeps no empty folder: a generated folder left empty is simply absent.
        if not (built / folder).is_dir() or not (committed / folder).is_dir():
            if any((built / folder).glob("*")):
                problems.append(f"{folder}/ (only in the fresh build)")
            elif any((committed / folder).glob("*")):
                problems.append(f"{folder}/ (not produced by the build)")
            continue
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
        print("source/, release/, examples/ and notebooks/images/ are in sync with notebooks/")
        return 0
    build(REPO_ROOT)
    for assignment_id in course.assignment_ids():
        print(f"built source/{assignment_id} and release/{assignment_id}")
    print(f"built examples/submissions and {NOTEBOOK_IMAGES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
