"""Shared fixtures: executing a notebook is slow, so each one runs once per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.assignment import ASSIGNMENT_ID, NOTEBOOK_NAME, REPO_ROOT
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
def executed_source(tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    """The source notebook with its solutions, run in a copy of its folder: cell id -> cell."""
    folder = tmp_path_factory.mktemp("source") / ASSIGNMENT_ID
    shutil.copytree(REPO_ROOT / "source" / ASSIGNMENT_ID, folder)
    notebook = nbformat.read(folder / NOTEBOOK_NAME, as_version=4)
    execute(folder, notebook)
    return {cell.id: cell for cell in notebook.cells}
