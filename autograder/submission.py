"""Find a student's notebook, read it, and pick out the cells we grade, or say why we cannot.

Only the solution cells are taken from a submission: setup comes from our source, and a
submission's metadata (points, test cells) is never trusted, so editing it changes nothing.

How a solution cell is found: the code cell whose nbgrader ``grade_id`` is the function's name,
if there is exactly one and it defines the function. Otherwise (metadata deleted, renamed or
duplicated) the last code cell that defines ``def <name>(`` at its top level is graded and the
message says so: a student who lost the metadata but kept the function is still graded. A cell
the student added is never run for its own sake.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import nbformat.validator

from autograder.assignment import ASSIGNMENT_ID, NOTEBOOK_NAME, exercise_names

MAX_NOTEBOOK_BYTES = 64 << 20
KNOWN_FORMATS = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive (a .docx, .zip or similar)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}


@dataclass
class Cell:
    source: str
    note: str = ""  # said to the student when the cell was found without its metadata


@dataclass
class Submission:
    """One student's notebook as far as it could be read."""

    student_id: str
    path: Path | None = None
    problem: str = ""  # why the notebook could not be read; empty when it could
    status: str = ""  # missing or error, with problem
    cells: dict[str, Cell] = field(default_factory=dict)
    absent: dict[str, str] = field(default_factory=dict)  # exercise -> why no cell was found

    @property
    def readable(self) -> bool:
        return not self.problem


def discover(root: Path) -> tuple[list[Path], list[Path]]:
    """Student folders (sorted), and the top-level files that are not students."""
    folders, stray = [], []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        (folders if entry.is_dir() else stray).append(entry)
    return folders, stray


def _names(paths) -> str:
    return ", ".join(f"'{p.name}'" for p in paths)


def _locate(folder: Path) -> tuple[Path | None, str, str]:
    """The notebook's path, or (None, status, message) saying what is there instead."""
    assignment = folder / ASSIGNMENT_ID
    if not assignment.exists():
        entries = [e for e in sorted(folder.iterdir()) if not e.name.startswith(".")]
        if not entries:
            return None, "missing", "Your submission folder is empty: nothing was submitted."
        folders = [e for e in entries if e.is_dir()]
        if folders:
            return (
                None,
                "missing",
                (
                    f"No folder named '{ASSIGNMENT_ID}' in your submission; found "
                    f"{_names(folders)} instead. The assignment folder must keep its name."
                ),
            )
        return (
            None,
            "missing",
            (
                f"No folder named '{ASSIGNMENT_ID}' in your submission; found only the file(s) "
                f"{_names(entries)}."
            ),
        )
    if not assignment.is_dir():
        return None, "error", f"'{ASSIGNMENT_ID}' in your submission is a file, not a folder."
    notebook = assignment / NOTEBOOK_NAME
    if notebook.is_file():
        return notebook, "", ""
    if notebook.exists():
        return None, "error", f"'{NOTEBOOK_NAME}' in your submission is a folder, not a notebook."
    entries = [e for e in sorted(assignment.iterdir()) if not e.name.startswith(".")]
    notebooks = [e for e in entries if e.suffix == ".ipynb"]
    if notebooks:
        return (
            None,
            "missing",
            (
                f"No notebook named '{NOTEBOOK_NAME}'; found {_names(notebooks)}. The notebook "
                f"must keep its name."
            ),
        )
    files = [e for e in entries if e.is_file() and e.name != "public_tests.py"]
    if files:
        return (
            None,
            "missing",
            (
                f"No notebook named '{NOTEBOOK_NAME}'; found only {_names(files)}, which "
                f"{'is not a notebook' if len(files) == 1 else 'are not notebooks'}."
            ),
        )
    return None, "missing", f"The folder '{ASSIGNMENT_ID}' holds no notebook '{NOTEBOOK_NAME}'."


def _parse(raw: bytes) -> tuple[nbformat.NotebookNode | None, str]:
    for magic, kind in KNOWN_FORMATS.items():
        if raw.startswith(magic):
            return None, f"'{NOTEBOOK_NAME}' is not a notebook: it is {kind}."
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, f"'{NOTEBOOK_NAME}' is not a notebook: it is a binary file, not text."
    if not text.strip():
        return None, f"'{NOTEBOOK_NAME}' is empty."
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return None, (
            f"'{NOTEBOOK_NAME}' is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); the file may be cut short or was edited outside Jupyter."
        )
    except RecursionError:
        return None, f"'{NOTEBOOK_NAME}' is not a notebook: its JSON is nested too deeply."
    if not isinstance(data, dict) or "cells" not in data and "worksheets" not in data:
        return None, f"'{NOTEBOOK_NAME}' is JSON but not a notebook (it has no cells)."
    try:
        if data.get("nbformat") != 4:
            data = nbformat.reads(text, as_version=4)  # converts older notebooks, or says why not
        _, data = nbformat.validator.normalize(data)  # adds missing cell ids, as Jupyter does
        nb = nbformat.from_dict(data)
        nbformat.validate(nb)
    except Exception as error:  # nbformat raises many kinds of errors
        return None, f"'{NOTEBOOK_NAME}' is not a valid notebook (nbformat: {_detail(error)})."
    return nb, ""


def _detail(error: Exception) -> str:
    """A validation error in a sentence: where in the notebook, and what, without the JSON."""
    message = str(getattr(error, "message", error)).splitlines()[0]
    if message[:1] in "{[" and " is " in message:
        message = "it " + message[message.rindex(" is ") + 1 :]
    path = list(getattr(error, "absolute_path", []) or [])
    if len(path) >= 2 and path[0] == "cells" and isinstance(path[1], int):
        where = f"cell {path[1] + 1}" + "".join(f" > {p}" for p in path[2:])
        return f"{where}: {message}"[:300]
    if path:
        return f"{' > '.join(map(str, path))}: {message}"[:300]
    return message[:300]


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def find_cells(nb: nbformat.NotebookNode) -> tuple[dict[str, Cell], dict[str, str]]:
    code = [cell for cell in nb.cells if cell.get("cell_type") == "code"]
    found, absent = {}, {}
    for name in exercise_names():
        defines = re.compile(rf"^def\s+{name}\s*\(", re.MULTILINE)
        tagged = [
            c for c in code if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == name
        ]
        defining = [c for c in code if defines.search(_text(c.get("source", "")))]
        if len(tagged) == 1 and defines.search(_text(tagged[0].source)):
            found[name] = Cell(_text(tagged[0].source))
        elif defining:
            why = (
                "several cells carry its nbgrader id"
                if len(tagged) > 1
                else "its nbgrader id was missing or changed"
                if not tagged
                else "the exercise cell no longer defines it"
            )
            found[name] = Cell(
                _text(defining[-1].source),
                f"(Graded the last cell that defines {name}, because {why}.)",
            )
        elif tagged:
            absent[name] = f"The exercise cell for {name} no longer defines `def {name}(`."
        else:
            absent[name] = (
                f"No cell defines {name}: the exercise cell was deleted or the function renamed."
            )
    return found, absent


def read_submission(folder: Path) -> Submission:
    submission = Submission(student_id=folder.name)
    path, status, problem = _locate(folder)
    if path is None:
        submission.status, submission.problem = status, problem
        return submission
    submission.path = path
    try:
        size = path.stat().st_size
        if size > MAX_NOTEBOOK_BYTES:
            problem = f"'{NOTEBOOK_NAME}' is too large ({size >> 20} MB) to be a notebook."
            submission.status, submission.problem = "error", problem
            return submission
        raw = path.read_bytes()
    except OSError as error:
        submission.status = "error"
        submission.problem = f"'{NOTEBOOK_NAME}' could not be read ({error.strerror})."
        return submission
    nb, problem = _parse(raw)
    if nb is None:
        submission.status, submission.problem = "error", problem
        return submission
    submission.cells, submission.absent = find_cells(nb)
    return submission
