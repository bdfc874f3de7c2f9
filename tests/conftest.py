"""Shared fixtures: executing a notebook is slow, so each one runs once per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder import course
from autograder.course import REPO_ROOT
from coursekit.nbgrader_autograde import nbgrader_environment


def execute(
    folder: Path, notebook: nbformat.NotebookNode, env: dict[str, str] | None = None
) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in ``folder``, as Jupyter would, with the kernel seeing ``env``
    (by default the instructor's: the repository root importable for the hidden tests)."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env if env is not None else nbgrader_environment())
    try:
        client = NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(folder)}},
        )
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return notebook


def stream_text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")


@pytest.fixture(scope="session")
def executed_sources(tmp_path_factory):
    """assignment id -> its source notebook with solutions, run once in a copy of its folder,
    as {cell id: cell}."""
    done: dict[str, dict[str, nbformat.NotebookNode]] = {}

    def executed(assignment_id: str) -> dict[str, nbformat.NotebookNode]:
        if assignment_id not in done:
            assignment = course.get(assignment_id)
            folder = tmp_path_factory.mktemp("source") / assignment_id
            shutil.copytree(REPO_ROOT / "source" / assignment_id, folder)
            notebook = nbformat.read(folder / assignment.notebook_name, as_version=4)
            execute(folder, notebook)
            done[assignment_id] = {cell.id: cell for cell in notebook.cells}
        return done[assignment_id]

    return executed


@pytest.fixture(scope="session")
def executed_source(executed_sources) -> dict[str, nbformat.NotebookNode]:
    """Notebook 1, run with its solutions: cell id -> cell."""
    return executed_sources("conv_step_by_step")
