"""Classes of known composition for the instructor's views (class report, LMS export,
similarity): real notebooks built from the release with zoo entries in their exercise cells.

A zoo entry is a plain function named after its id; as a student's cell it is the same code
under the graded function's name, which is how a student who made that mistake wrote it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from autograder import zoo
from benchmarks.similarity import zoo_cell


def mistake(function_name: str, entry_id: str) -> str:
    return next(e for e in zoo.entries(function_name) if e.id == entry_id).description


def off_by_one_conv_forward() -> str:
    """A conv_forward whose mistake no zoo entry describes: every output is one too large."""
    from tests.grader_helpers import correct

    source = correct()["conv_forward"]
    changed = source.replace("return Z, cache", "return Z + 1, cache")
    assert changed != source, "the reference conv_forward no longer ends with return Z, cache"
    return changed


def syntax_error_conv_forward() -> str:
    return "def conv_forward(A_prev, W, b, hparameters)\n    return A_prev\n"


def raising_conv_forward() -> str:
    """Fails every case by raising, with student text that must be escaped in every page."""
    return (
        "def conv_forward(A_prev, W, b, hparameters):\n"
        "    raise ValueError(\"<script>alert('x')</script>\")\n"
    )


class Tables(HTMLParser):
    """Every table of a page as rows of cell texts, each with the heading that precedes it:
    enough to read the report's numbers back the way an instructor reads them."""

    def __init__(self, page: str):
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self.heading = ""
        self._text: list[str] | None = None
        self._rows: list[list[str]] | None = None
        self._in_heading = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3", "h4"):
            self._in_heading, self.heading = True, ""
        elif tag == "table":
            self._rows = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._text = []

    def handle_endtag(self, tag):
        if tag in ("h2", "h3", "h4"):
            self._in_heading = False
        elif tag in ("td", "th") and self._text is not None and self._rows:
            self._rows[-1].append(" ".join("".join(self._text).split()))
            self._text = None
        elif tag == "table" and self._rows is not None:
            self.tables.append((self.heading.strip(), self._rows))
            self._rows = None

    def handle_data(self, data):
        if self._in_heading:
            self.heading += data
        if self._text is not None:
            self._text.append(data)

    def table(self, first_header: str, heading: str | None = None) -> list[dict[str, str]]:
        """Rows of the first table whose first header cell is ``first_header`` (under
        ``heading`` when given), as dicts keyed by header."""
        for title, rows in self.tables:
            if rows and rows[0][:1] == [first_header] and heading in (None, title):
                return [dict(zip(rows[0], row)) for row in rows[1:]]
        raise KeyError(f"no table starting with {first_header!r} under {heading!r}")


def comparable(path) -> bytes:
    """A file's bytes, less the one thing a re-run may change: report.html shows measured
    grading times."""
    data = path.read_bytes()
    if path.name == "report.html":
        data = re.sub(rb'<td class="num">\d+\.\d\d s</td>', b"", data)
    return data


__all__ = ["zoo_cell"]  # re-exported: the test classes write zoo entries as cells
