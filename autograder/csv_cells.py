"""CSV cells that a spreadsheet will not run as a formula.

Student ids, names from an LMS export and grader messages all end up in CSV files that an
instructor opens in Excel or LibreOffice, which treat a cell starting with ``=``, ``+``, ``-`` or
``@`` (and a tab or carriage return in front of one) as a formula: a student id such as
``=HYPERLINK(...)`` would run when the file is opened. Such a cell gets a leading apostrophe,
which spreadsheets show as text. Numbers are written by the grader itself and are never negative,
so no score is ever altered by this.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_row(values) -> list[str]:
    return [safe(value) for value in values]
