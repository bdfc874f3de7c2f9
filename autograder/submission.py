"""Find a student's notebook, read it, and pick out the cells we grade, or say why we cannot.

Everything under SUBMISSIONS is untrusted: it is read through ``untrusted_files``, which never
follows a symbolic link and only reads regular files, with a size limit.

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
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import nbformat.validator

from autograder import untrusted_files as files
from autograder.course import Assignment, series
from autograder.output_files import valid_text

MAX_NOTEBOOK_BYTES = 64 << 20
MAX_CELLS = 5000
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
    assignment: str
    path: Path | None = None
    problem: str = ""  # why the notebook could not be read; empty when it could
    status: str = ""  # missing or error, with problem
    cells: dict[str, Cell] = field(default_factory=dict)
    absent: dict[str, str] = field(default_factory=dict)  # exercise -> why no cell was found

    @property
    def readable(self) -> bool:
        return not self.problem


@dataclass
class Student:
    """One entry of SUBMISSIONS: a student's folder, or why it cannot be one."""

    student_id: str
    problem: str = ""  # set when the entry is not a real folder
    fd: int | None = None  # an open descriptor of the folder, closed by close()

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def discover(root: Path) -> tuple[list[Student], list[str]]:
    """Student folders (sorted), and the names of top-level entries that are not students.

    A symbolic link where a student folder should be is a student whose submission is refused
    (it would grade another student's folder, or the course); a plain file is not a student."""
    students, stray = [], []
    root_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)  # the instructor's path
    try:
        for entry in files.list_folder(root_fd):
            if entry.name.startswith("."):
                continue
            # The folder is opened by its real name, and known by a name every table can hold
            # (a name that is not UTF-8, from an old zip, is written with backslash escapes).
            shown = valid_text(entry.name)
            if entry.is_dir:
                try:
                    students.append(Student(shown, fd=files.open_folder(entry.name, root_fd)))
                except OSError as error:
                    students.append(Student(shown, problem=_refusal("Your submission", error)))
            elif entry.kind == files.LINK:
                problem = (
                    "Your submission folder is a symbolic link, which the grader never follows: "
                    "submit a real folder."
                )
                students.append(Student(shown, problem=problem))
            else:
                stray.append(entry.name)
    finally:
        os.close(root_fd)
    return students, stray


def assignments_in(students: list[Student]) -> list[Assignment]:
    """The assignments of the series that at least one student folder holds, in series order."""
    present: set[str] = set()
    for student in students:
        if student.fd is not None:
            present |= {entry.name for entry in files.list_folder(student.fd)}
    return [assignment for assignment in series() if assignment.id in present]


def _refusal(what: str, error: OSError) -> str:
    if isinstance(error, files.Refused):
        return f"{what} is {error}, not a folder; the grader only reads real folders and files."
    return f"{what} could not be opened ({error.strerror or error})."


def _names(entries) -> str:
    return ", ".join(f"'{e.name}'" for e in entries)


def _locate(folder_fd: int, assignment: Assignment) -> tuple[int | None, str, str]:
    """An open descriptor of the assignment folder, or (None, status, message) saying why not."""
    folder_name = assignment.id
    kind = files.lkind(folder_name, folder_fd)
    if kind is None:
        entries = [e for e in files.list_folder(folder_fd) if not e.name.startswith(".")]
        if not entries:
            return None, "missing", "Your submission folder is empty: nothing was submitted."
        folders = [e for e in entries if e.is_dir]
        if folders:
            return (
                None,
                "missing",
                (
                    f"No folder named '{folder_name}' in your submission; found {_names(folders)} "
                    f"instead. The assignment folder must keep its name."
                ),
            )
        return (
            None,
            "missing",
            (f"No folder named '{folder_name}' in your submission; found only {_names(entries)}."),
        )
    if kind != files.FOLDER:
        return (
            None,
            "error",
            (
                f"'{folder_name}' in your submission is {kind}, not a folder; the grader "
                f"only reads real folders and files."
            ),
        )
    try:
        return files.open_folder(folder_name, folder_fd), "", ""
    except OSError as error:
        return None, "error", _refusal(f"'{folder_name}' in your submission", error)


def _find_notebook(assignment_fd: int, assignment: Assignment) -> tuple[str, str]:
    """(status, message) when the notebook is not a regular file of its name; ("", "") if it is."""
    folder_name, notebook = assignment.id, assignment.notebook_name
    kind = files.lkind(notebook, assignment_fd)
    if kind == files.FILE:
        return "", ""
    if kind is not None:
        return "error", (
            f"'{notebook}' in your submission is {kind}, not a notebook file; the grader only "
            f"reads regular files."
        )
    entries = [e for e in files.list_folder(assignment_fd) if not e.name.startswith(".")]
    notebooks = [e for e in entries if e.name.endswith(".ipynb")]
    if notebooks:
        return "missing", (
            f"No notebook named '{notebook}'; found {_names(notebooks)}. The notebook must keep "
            f"its name."
        )
    others = [e for e in entries if e.is_file and e.name != "public_tests.py"]
    if others:
        return "missing", (
            f"No notebook named '{notebook}'; found only {_names(others)}, which "
            f"{'is not a notebook' if len(others) == 1 else 'are not notebooks'}."
        )
    return "missing", f"The folder '{folder_name}' holds no notebook '{notebook}'."


def _parse(raw: bytes, notebook: str) -> tuple[nbformat.NotebookNode | None, str]:
    for magic, kind in KNOWN_FORMATS.items():
        if raw.startswith(magic):
            return None, f"'{notebook}' is not a notebook: it is {kind}."
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, f"'{notebook}' is not a notebook: it is a binary file, not text."
    if not text.strip():
        return None, f"'{notebook}' is empty."
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return None, (
            f"'{notebook}' is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); the file may be cut short or was edited outside Jupyter."
        )
    except RecursionError:
        return None, f"'{notebook}' is not a notebook: its JSON is nested too deeply."
    except ValueError as error:  # a number Python will not convert (over 4,300 digits)
        return None, f"'{notebook}' is not valid JSON: {str(error)[:200]}."
    if not isinstance(data, dict) or "cells" not in data and "worksheets" not in data:
        return None, f"'{notebook}' is JSON but not a notebook (it has no cells)."
    count = _cell_count(data)
    if count > MAX_CELLS:
        return None, (
            f"'{notebook}' has {count} cells; a notebook of this course has a few hundred at "
            f"most, so the grader did not read it (at most {MAX_CELLS})."
        )
    _drop_outputs(data)  # never graded; validating them would cost the most
    try:
        if data.get("nbformat") != 4:
            text = json.dumps(data)
            data = nbformat.reads(text, as_version=4)  # converts older notebooks, or says why not
        _, data = nbformat.validator.normalize(data)  # adds missing cell ids, as Jupyter does
        nb = nbformat.from_dict(data)
        nbformat.validate(nb)
    except Exception as error:  # nbformat raises many kinds of errors
        return None, f"'{notebook}' is not a valid notebook (nbformat: {_detail(error)})."
    return nb, ""


def _cells(data: dict) -> list:
    if isinstance(data.get("cells"), list):
        return data["cells"]
    sheets = data.get("worksheets")  # nbformat 3
    if isinstance(sheets, list):
        return [c for sheet in sheets if isinstance(sheet, dict) for c in sheet.get("cells", [])]
    return []


def _cell_count(data: dict) -> int:
    return len(_cells(data))


def _drop_outputs(data: dict) -> None:
    for cell in _cells(data):
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            cell["outputs"] = []


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


def find_cells(
    nb: nbformat.NotebookNode, names: tuple[str, ...]
) -> tuple[dict[str, Cell], dict[str, str]]:
    code = [cell for cell in nb.cells if cell.get("cell_type") == "code"]
    found, absent = {}, {}
    for name in names:
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


READ_SECONDS = 60.0  # a notebook that takes longer to read (a stuck network file system) is refused


def read_submission_in_time(student: Student, assignment: Assignment) -> Submission:
    """``read_submission``, given at most ``READ_SECONDS``: a read that hangs costs one
    submission its grade, never the batch. The stuck read is left in a daemon thread, which
    does not keep the grader from exiting."""
    import threading

    done: list = []

    def read() -> None:
        try:
            done.append(read_submission(student, assignment))
        except BaseException as error:  # handed to the caller, which reports a grader failure
            done.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(READ_SECONDS)
    if done:
        if isinstance(done[0], BaseException):
            raise done[0]
        return done[0]
    problem = (
        f"Reading your submission took more than {READ_SECONDS:g} seconds; the grader gave up "
        f"on it. Ask your teacher to check where it is stored."
    )
    return Submission(student.student_id, assignment.id, problem=problem, status="error")


def read_submission(student: Student, assignment: Assignment) -> Submission:
    notebook = assignment.notebook_name
    submission = Submission(student_id=student.student_id, assignment=assignment.id)
    if student.fd is None:
        submission.status, submission.problem = "error", student.problem
        return submission
    assignment_fd, status, problem = _locate(student.fd, assignment)
    if assignment_fd is None:
        submission.status, submission.problem = status, problem
        return submission
    try:
        status, problem = _find_notebook(assignment_fd, assignment)
        if problem:
            submission.status, submission.problem = status, problem
            return submission
        submission.path = Path(student.student_id, assignment.id, notebook)
        raw = files.read_regular(notebook, assignment_fd, MAX_NOTEBOOK_BYTES)
    except OverflowError as error:
        size = error.args[0] if error.args else MAX_NOTEBOOK_BYTES
        submission.status = "error"
        submission.problem = f"'{notebook}' is too large ({int(size) >> 20} MB) to be a notebook."
        return submission
    except files.Refused as error:
        submission.status = "error"
        submission.problem = (
            f"'{notebook}' in your submission is {error}, not a notebook file; the grader only "
            f"reads regular files."
        )
        return submission
    except OSError as error:
        submission.status = "error"
        submission.problem = f"'{notebook}' could not be read ({error.strerror or error})."
        return submission
    finally:
        os.close(assignment_fd)
    nb, problem = _parse(raw, notebook)
    if nb is None:
        submission.status, submission.problem = "error", problem
        return submission
    submission.cells, submission.absent = find_cells(nb, assignment.exercise_names)
    return submission
