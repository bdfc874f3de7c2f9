"""Files the grader writes into OUT: each one whole or not at all, in valid UTF-8.

A grading run that stops half-way (a crash, a killed process, a full disk) must not leave a
truncated ``exercises.csv`` next to last week's ``grades.csv``: each file is written to a
temporary name in the same folder and renamed over the old one, which the file system does in
one step. Text comes from students (their folder names, the messages of their exceptions), so a
lone surrogate or an undecodable folder name is written as a backslash escape, never an error
that would lose everyone's results.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def valid_text(text: str) -> str:
    """``text`` with anything UTF-8 cannot hold escaped: a byte of an undecodable folder name as
    ``\\xff`` (the byte it was), any other lone surrogate as ``\\ud800``."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8", "backslashreplace"))


def write_csv(path: Path, rows: Iterable[Iterable[object]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
    write_text(path, buffer.getvalue())
