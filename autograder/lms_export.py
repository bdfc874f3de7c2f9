"""``python -m autograder export OUT --to canvas|moodle ...``: the grades in the LMS's own CSV.

Canvas: the instructor exports the course gradebook (Grades > Export), and this command writes
it back with this course's assignments filled in, in the layout Canvas's importer reads: the
export's header rows kept ("Points Possible", and a "Manual Posting" row when the course has
one), the student identity columns kept (Student, ID, SIS User ID, SIS Login ID, Section, and
Integration ID or Root Account when present), and one column per assignment, named as in the
export (``Name (id)``, so Canvas updates that assignment). Every other column is left out:
Canvas then changes nothing else, even if a grade was edited since the export. Students are
matched on one column (``--match``, by default SIS Login ID) with the grader's student ids.

Moodle: Moodle's CSV grade import takes a header row, one column identifying the student
(mapped at import, for instance "Email address" to useremail) and one column per grade item.
With ``--gradebook`` (a Moodle grade export, or any CSV roster with a header row), students are
matched on ``--match`` (by default "Email address") and written with the roster's own spelling,
since Moodle compares e-mail addresses case-sensitively; without it, every graded student is a
row, identified by their student id.

A student of the LMS with no submission gets an empty cell, not 0 (``--missing-as-zero`` says
otherwise); so does one whose folder held no notebook at all (``submissions.csv`` says which).
Submissions with no student in the LMS are printed and written next to the import file
(``IMPORT.unmatched.csv``), and the exit code is 1; nothing is dropped silently. A malformed
gradebook is refused with its row and what is wrong, before anything is written.

Exit codes: 0 written, every submission matched; 1 written, some submissions unmatched; 2 bad
arguments or a gradebook that cannot be read (nothing written).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from autograder import course
from autograder.csv_cells import safe_row
from autograder.reports import points

USAGE_ERROR = 2
UNMATCHED = 1
CANVAS_IDENTITY = (
    "Student",
    "ID",
    "SIS User ID",
    "SIS Login ID",
    "Integration ID",
    "Root Account",
    "Section",
)
CANVAS_MATCH = "SIS Login ID"
MOODLE_MATCH = "Email address"
POINTS_POSSIBLE = "Points Possible"
CANVAS_ASSIGNMENT = re.compile(r"^(?P<name>.*\S)\s*\((?P<id>\d+)\)$")
MOODLE_ITEM = re.compile(r"^(?:[^:]+:\s*)?(?P<name>.*?)(?:\s*\((?:Real|Letter|Percentage)\))?$")


class ExportError(Exception):
    """Why the export cannot be made, in a sentence for the instructor."""


@dataclass(frozen=True)
class Grade:
    score: float
    max_score: float
    submitted: bool  # False: the grader found no notebook at all


@dataclass
class Grades:
    """What the grading run wrote: student id -> assignment -> grade."""

    by_student: dict[str, dict[str, Grade]]
    assignments: list[str]
    source: str


def read_grades(out: Path) -> Grades:
    """``submissions.csv`` (every grading run writes it), else ``grades.csv`` of an older run,
    where every row counts as submitted."""
    path = out / "submissions.csv"
    fallback = not path.is_file()
    if fallback:
        path = out / "grades.csv"
    if not path.is_file():
        raise ExportError(f"{out} holds no grades.csv: grade the class first")
    by_student: dict[str, dict[str, Grade]] = {}
    assignments: list[str] = []
    with open(path, newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), 2):
            try:
                sid = _unneutralised(row["student_id"])
                grade = Grade(
                    float(row["score"]),
                    float(row["max_score"]),
                    fallback or row["submitted"] == "yes",
                )
                assignment = row["assignment"]
            except (KeyError, TypeError, ValueError) as error:
                raise ExportError(
                    f"{path}, row {number}: not a row the grader writes ({error})"
                ) from None
            by_student.setdefault(sid, {})[assignment] = grade
            if assignment not in assignments:
                assignments.append(assignment)
    order = [a.id for a in course.series() if a.id in assignments]
    return Grades(by_student, order + [a for a in assignments if a not in order], path.name)


def _unneutralised(text: str) -> str:
    """Student ids the grader wrote with a leading apostrophe (see ``csv_cells``)."""
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return text[1:]
    return text


def key(text: str) -> str:
    """How ids are compared: an LMS may spell a login or an address in capitals."""
    return text.strip().casefold()


def normalised_name(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


# ---------------------------------------------------------------------------------------------
# Reading an LMS file
# ---------------------------------------------------------------------------------------------


def read_csv(path: Path, what: str) -> list[list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ExportError(f"{what} {path} cannot be read ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExportError(
            f"{what} {path} is not UTF-8 text (byte {error.start}): export it again as CSV"
        ) from None
    if not text.strip():
        raise ExportError(f"{what} {path} is empty")
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as error:
        raise ExportError(
            f"{what} {path}, row {reader.line_num}: not valid CSV ({error})"
        ) from None
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # a blank last line
    return rows


def _check_header(header: list[str], path: Path, what: str) -> None:
    seen: dict[str, int] = {}
    for index, name in enumerate(header, 1):
        if name.strip() in seen:
            raise ExportError(
                f"{what} {path}, row 1: columns {seen[name.strip()]} and {index} are both "
                f"named {name.strip()!r}"
            )
        seen[name.strip()] = index


def _check_width(rows: list[list[str]], path: Path, what: str) -> None:
    width = len(rows[0])
    for number, row in enumerate(rows[1:], 2):
        if len(row) != width:
            raise ExportError(
                f"{what} {path}, row {number}: {len(row)} cells where the header has {width} "
                f"(a cell with a comma that is not quoted, or a line cut short?)"
            )


def _column(header: list[str], name: str, path: Path, what: str, hint: str) -> int:
    stripped = [h.strip() for h in header]
    if name in stripped:
        return stripped.index(name)
    raise ExportError(
        f"{what} {path} has no column {name!r} (its columns: {', '.join(stripped[:12])}"
        f"{', ...' if len(stripped) > 12 else ''}); {hint}"
    )


def _keys(rows, first: int, column: int, path: Path, what: str, name: str) -> dict[str, int]:
    """LMS key -> row index, refusing two rows with one key."""
    found: dict[str, int] = {}
    for index in range(first, len(rows)):
        value = key(rows[index][column])
        if not value:
            continue
        if value in found:
            raise ExportError(
                f"{what} {path}: rows {found[value] + 1} and {index + 1} both have {name} "
                f"{rows[index][column].strip()!r}"
            )
        found[value] = index
    return found


# ---------------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------------


@dataclass
class Result:
    rows: list[list[str]]
    unmatched: list[tuple[str, str, Grade]]  # submissions no LMS student has
    notes: list[str] = field(default_factory=list)
    filled: int = 0
    empty: int = 0
    students: int = 0  # LMS students written


def _our_keys(grades: Grades) -> dict[str, str]:
    found: dict[str, str] = {}
    for sid in sorted(grades.by_student):
        if key(sid) in found:
            raise ExportError(
                f"student ids {found[key(sid)]!r} and {sid!r} differ only in capitals or "
                f"spaces: the LMS cannot tell them apart"
            )
        found[key(sid)] = sid
    return found


def _cell(grade: Grade | None, max_score: float, missing_as_zero: bool) -> str:
    if grade is not None and grade.submitted:
        if grade.score < 0:  # never, the grader scores from 0; a "-" cell would be neutralised
            raise ExportError(f"a negative score ({grade.score:g}) cannot be exported")
        return points(grade.score)
    return "0" if missing_as_zero else ""


def _explicit_columns(pairs: list[str], assignments: list[str]) -> dict[str, str]:
    columns = {}
    for pair in pairs:
        assignment, sep, header = pair.partition("=")
        if not sep or not header.strip():
            raise ExportError(f"--column takes ASSIGNMENT=COLUMN, not {pair!r}")
        if assignment not in assignments:
            raise ExportError(
                f"--column {pair!r}: the grading results hold no assignment {assignment!r} "
                f"(they hold {', '.join(assignments)})"
            )
        columns[assignment] = header.strip()
    return columns


def canvas(
    grades: Grades,
    rows: list[list[str]],
    path: Path,
    match: str = CANVAS_MATCH,
    columns: dict[str, str] | None = None,
    missing_as_zero: bool = False,
) -> Result:
    what = "the Canvas gradebook"
    header = rows[0]
    _check_header(header, path, what)
    _check_width(rows, path, what)
    stripped = [h.strip() for h in header]
    _column(header, "Student", path, what, "is it a Canvas gradebook export?")
    matched_on = _column(header, match, path, what, "name the column to match with --match")
    first = 1
    while first < len(rows) and _is_canvas_header_row(rows[first], stripped):
        first += 1
    notes = []
    if not any(r[0].strip() == POINTS_POSSIBLE for r in rows[1:first]):
        notes.append(f"{path.name} has no {POINTS_POSSIBLE} row: none is written")
    for index in range(first, len(rows)):
        if not rows[index][0].strip():
            raise ExportError(f"{what} {path}, row {index + 1}: no student name in the first cell")
    lms = _keys(rows, first, matched_on, path, what, match)
    targets = _canvas_targets(grades, stripped, path, columns or {}, notes)
    identity = [i for i, name in enumerate(stripped) if name in CANVAS_IDENTITY]
    out_rows = [[header[i] for i in identity] + [t.header for t in targets]]
    for row in rows[1:first]:
        cells = [row[i] for i in identity]
        for target in targets:
            if target.index is not None:
                cells.append(row[target.index])
            elif row[0].strip() == POINTS_POSSIBLE:
                cells.append(points(target.max_score))
            else:
                cells.append("")
        out_rows.append(cells)
    ours = _our_keys(grades)
    result = Result(out_rows, [], notes)
    for index in range(first, len(rows)):
        row = rows[index]
        sid = ours.get(key(row[matched_on]))
        cells = [row[i] for i in identity]
        for target in targets:
            grade = grades.by_student.get(sid, {}).get(target.assignment) if sid else None
            cell = _cell(grade, target.max_score, missing_as_zero)
            result.filled += bool(cell)
            result.empty += not cell
            cells.append(cell)
        out_rows.append(cells)
    possible = next((r for r in rows[1:first] if r[0].strip() == POINTS_POSSIBLE), None)
    for target in targets:
        if possible is None or target.index is None:
            continue
        try:
            canvas_points = float(possible[target.index])
        except ValueError:
            continue
        if canvas_points != target.max_score:
            notes.append(
                f"{target.assignment}: Canvas's column {target.header!r} has "
                f"{points(canvas_points)} points possible, the grader's maximum is "
                f"{points(target.max_score)}: scores are written in the grader's points"
            )
    result.students = len(rows) - first
    result.unmatched = _unmatched(grades, set(lms), [t.assignment for t in targets])
    return result


def _is_canvas_header_row(row: list[str], header: list[str]) -> bool:
    """ "Points Possible", or a row above the students with no identity at all (the "Manual
    Posting" row Canvas adds when an assignment posts grades by hand)."""
    if row[0].strip() == POINTS_POSSIBLE:
        return True
    identity = [i for i, name in enumerate(header) if name in CANVAS_IDENTITY and i < len(row)]
    return not any(row[i].strip() for i in identity)


@dataclass
class Target:
    assignment: str
    header: str
    index: int | None  # the gradebook's column, None for a new one
    max_score: float


def _max_score(grades: Grades, assignment: str) -> float:
    return max(
        (g[assignment].max_score for g in grades.by_student.values() if assignment in g),
        default=0.0,
    )


def _canvas_targets(
    grades: Grades, header: list[str], path: Path, columns: dict[str, str], notes: list[str]
) -> list[Target]:
    assignment_columns = {
        i: CANVAS_ASSIGNMENT.match(name) for i, name in enumerate(header) if i >= 1
    }
    assignment_columns = {i: m for i, m in assignment_columns.items() if m}
    targets = []
    for assignment in grades.assignments:
        wanted = columns.get(assignment)
        if wanted is not None:
            exact = [i for i, name in enumerate(header) if name == wanted]
            exact = exact or [i for i, m in assignment_columns.items() if m["name"] == wanted]
            if len(exact) > 1:
                raise ExportError(f"several columns of {path} are named {wanted!r}")
            if exact:
                index = exact[0]
            else:
                index = None
                notes.append(
                    f"{assignment}: no column {wanted!r} in {path.name}; written as a new "
                    f"column, which Canvas's import creates as a new assignment"
                )
        else:
            found = [
                i
                for i, m in assignment_columns.items()
                if normalised_name(m["name"]) == normalised_name(assignment)
            ]
            if len(found) != 1:
                listed = ", ".join(repr(header[i]) for i in assignment_columns) or "none"
                why = "several columns match" if found else "no column matches"
                raise ExportError(
                    f"assignment {assignment}: {why} in {path} (its assignment columns: "
                    f"{listed}); name it with --column {assignment}='COLUMN' (a name that "
                    f"is not there makes a new assignment)"
                )
            index = found[0]
        targets.append(
            Target(
                assignment,
                header[index] if index is not None else wanted,
                index,
                _max_score(grades, assignment),
            )
        )
    return targets


def _unmatched(grades: Grades, lms_keys: set[str], assignments: list[str]):
    return [
        (sid, assignment, grades.by_student[sid][assignment])
        for sid in sorted(grades.by_student)
        if key(sid) not in lms_keys
        for assignment in assignments
        if assignment in grades.by_student[sid]
    ]


def moodle(
    grades: Grades,
    rows: list[list[str]] | None,
    path: Path | None,
    match: str = MOODLE_MATCH,
    columns: dict[str, str] | None = None,
    missing_as_zero: bool = False,
) -> Result:
    columns = columns or {}
    notes: list[str] = []
    if rows is None:
        headers = [columns.get(a, a) for a in grades.assignments]
        out_rows = [[match, *headers]]
        result = Result(out_rows, [], notes)
        for sid in sorted(grades.by_student):
            cells = [sid]
            for assignment in grades.assignments:
                grade = grades.by_student[sid].get(assignment)
                cell = _cell(grade, _max_score(grades, assignment), missing_as_zero)
                result.filled += bool(cell)
                result.empty += not cell
                cells.append(cell)
            out_rows.append(cells)
        result.students = len(out_rows) - 1
        return result
    what = "the Moodle roster"
    header = rows[0]
    _check_header(header, path, what)
    _check_width(rows, path, what)
    matched_on = _column(header, match, path, what, "name the identifier column with --match")
    lms = _keys(rows, 1, matched_on, path, what, match)
    nameless = [i + 1 for i in range(1, len(rows)) if not rows[i][matched_on].strip()]
    if nameless:
        notes.append(
            f"rows {', '.join(map(str, nameless[:10]))} of {path.name} have no {match}: "
            f"left out, Moodle could not match them"
        )
    headers = []
    for assignment in grades.assignments:
        if assignment in columns:
            headers.append(columns[assignment])
            continue
        items = [
            h.strip()
            for h in header
            if normalised_name(MOODLE_ITEM.match(h.strip())["name"]) == normalised_name(assignment)
        ]
        headers.append(items[0] if len(items) == 1 else assignment)
    out_rows = [[header[matched_on].strip(), *headers]]
    result = Result(out_rows, [], notes)
    ours = _our_keys(grades)
    for index in range(1, len(rows)):
        value = rows[index][matched_on].strip()
        if not value:
            continue
        sid = ours.get(key(value))
        cells = [value]
        for assignment in grades.assignments:
            grade = grades.by_student.get(sid, {}).get(assignment) if sid else None
            cell = _cell(grade, _max_score(grades, assignment), missing_as_zero)
            result.filled += bool(cell)
            result.empty += not cell
            cells.append(cell)
        out_rows.append(cells)
    result.students = len(out_rows) - 1
    result.unmatched = _unmatched(grades, set(lms), grades.assignments)
    return result


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def write_rows(path: Path, rows: list[list[str]]) -> None:
    """All at once through a temporary file, so an interrupted export leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            for row in rows:
                writer.writerow(safe_row(row))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def unmatched_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}.unmatched.csv")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m autograder export",
        description="Write the grades of a grading run in Canvas's or Moodle's import CSV.",
    )
    parser.add_argument("results", type=Path, metavar="OUT", help="the grading run's folder")
    parser.add_argument("--to", choices=("canvas", "moodle"), required=True)
    parser.add_argument(
        "--gradebook",
        type=Path,
        metavar="CSV",
        help="the LMS's own export (required for Canvas; a roster for Moodle)",
    )
    parser.add_argument("--out", type=Path, required=True, metavar="IMPORT.csv")
    parser.add_argument(
        "--match",
        metavar="COLUMN",
        help=f"LMS column holding the student ids ({CANVAS_MATCH!r} for Canvas, "
        f"{MOODLE_MATCH!r} for Moodle)",
    )
    parser.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="ASSIGNMENT=COLUMN",
        help="the LMS column of an assignment, when its name differs (repeatable)",
    )
    parser.add_argument(
        "--assignment",
        action="append",
        metavar="ID",
        help="export only this assignment (repeatable; default: every graded one)",
    )
    parser.add_argument(
        "--missing-as-zero",
        action="store_true",
        help="write 0, not an empty cell, for students with no submission",
    )
    return parser


def export(args) -> tuple[Result, Grades]:
    grades = read_grades(args.results)
    if args.assignment:
        unknown = [a for a in args.assignment if a not in grades.assignments]
        if unknown:
            raise ExportError(
                f"the grading results hold no assignment {', '.join(unknown)} "
                f"(they hold {', '.join(grades.assignments)})"
            )
        grades.assignments = [a for a in grades.assignments if a in args.assignment]
    columns = _explicit_columns(args.column, grades.assignments)
    if args.gradebook is not None and args.gradebook.resolve() == args.out.resolve():
        raise ExportError("--out would overwrite --gradebook: write the import file elsewhere")
    if args.to == "canvas":
        if args.gradebook is None:
            raise ExportError("--to canvas needs --gradebook: the gradebook Canvas exported")
        rows = read_csv(args.gradebook, "the Canvas gradebook")
        result = canvas(
            grades, rows, args.gradebook, args.match or CANVAS_MATCH, columns, args.missing_as_zero
        )
    else:
        rows = read_csv(args.gradebook, "the Moodle roster") if args.gradebook else None
        result = moodle(
            grades, rows, args.gradebook, args.match or MOODLE_MATCH, columns, args.missing_as_zero
        )
    return result, grades


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    try:
        result, grades = export(args)
    except ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE_ERROR
    write_rows(args.out, result.rows)
    sidecar = unmatched_path(args.out)
    if result.unmatched:
        write_rows(
            sidecar,
            [["student_id", "assignment", "score", "max_score"]]
            + [[s, a, points(g.score), points(g.max_score)] for s, a, g in result.unmatched],
        )
    else:
        sidecar.unlink(missing_ok=True)
    print(
        f"wrote {args.out}: {len(grades.assignments)} assignment column"
        f"{'s' * (len(grades.assignments) != 1)} for {result.students} LMS students, "
        f"{result.filled} grade{'s' * (result.filled != 1)}, {result.empty} "
        f"cell{'s' * (result.empty != 1)} left empty "
        f"({'0 written instead' if args.missing_as_zero else 'no submission'})"
    )
    for note in result.notes:
        print(f"note: {note}")
    if result.unmatched:
        ids = sorted({s for s, _, _ in result.unmatched})
        print(
            f"{len(ids)} graded student{'s' * (len(ids) != 1)} with no student in the LMS, "
            f"not in the import (listed in {sidecar}): {', '.join(ids)}"
        )
        return UNMATCHED
    return 0
