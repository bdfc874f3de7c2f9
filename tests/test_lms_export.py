"""Grades into the LMS, against the header layouts Canvas and Moodle really use.

The grading run is synthetic (``StudentResult`` lists through the class report's writer, so
``submissions.csv`` is the file a grading run writes); the LMS files are written out below as
the LMS exports them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from autograder import class_report, lms_export
from autograder.reports import StudentResult
from autograder.scoring import ExerciseResult
from autograder.submission import Cell, Submission

CONV = "conv_step_by_step"
FAST = "fast_convnet"  # the series' second notebook: the export names no notebook


def result(sid: str, assignment: str, score: float, problem: str = "", status: str = ""):
    exercise = ExerciseResult("only", score, 100.0, "passed" if score == 100 else "failed", "")
    cells = {} if problem else {"only": Cell("def only(): pass\n")}
    submission = Submission(sid, assignment, problem=problem, status=status, cells=cells)
    return StudentResult(submission, [exercise])


NO_NOTEBOOK = "Your submission folder is empty: nothing was submitted."


@pytest.fixture
def graded(tmp_path) -> Path:
    """ada 87.5 and 40, grace 100 and nothing handed in for fast_convnet, bob (no Canvas
    student) 75, and a student whose notebook was not JSON (0: handed in, unreadable)."""
    out = tmp_path / "out"
    out.mkdir()
    results = [
        result("ada", CONV, 87.5),
        result("ada", FAST, 40),
        result("grace", CONV, 100),
        result("grace", FAST, 0, NO_NOTEBOOK, "missing"),
        result("bob", CONV, 75),
        result("bob", FAST, 10),
        result("Broken", CONV, 0, "'x.ipynb' is not valid JSON", "error"),
        result("Broken", FAST, 0, NO_NOTEBOOK, "missing"),
    ]
    class_report.write_submissions_csv(out, class_report.summarize(results))
    return out


# A gradebook as Canvas exports it: the identity columns, one column per assignment with its
# id in parentheses, the read-only totals, the "Points Possible" row, and the test student.
CANVAS_EXPORT = """\
Student,ID,SIS User ID,SIS Login ID,Section,Conv Step By Step (4401),Fast ConvNet (4402),Quiz 1 (4390),Assignments Current Score,Assignments Unposted Current Score,Assignments Final Score,Assignments Unposted Final Score,Current Score,Unposted Current Score,Final Score,Unposted Final Score
    Points Possible,,,,,100.00,100.00,10.00,(read only),(read only),(read only),(read only),(read only),(read only),(read only),(read only)
"Lovelace, Ada",1201,S001,ada,Section A,,,9.00,90.00,90.00,9.00,9.00,90.00,90.00,9.00,9.00
"Hopper, Grace",1202,S002,Grace,Section A,55.00,,8.00,80.00,80.00,8.00,8.00,80.00,80.00,8.00,8.00
"Turing, Alan",1203,S003,alan,Section B,,,,,,,,,,,
"Broken, Notebook",1204,S004,broken,Section B,,,,,,,,,,,
"Student, Test",1299,,,Section A,,,,,,,,,,,
"""  # noqa: E501

# The same course with a manual posting policy on one assignment (an extra header row), an
# Integration ID column, a byte order mark and Windows line ends.
CANVAS_MANUAL_POSTING = (
    "\ufeffStudent,ID,SIS User ID,SIS Login ID,Integration ID,Section,"
    "Notebook 1: convolutions (4401),Current Score,Final Score\r\n"
    ",,,,,,Manual Posting,,\r\n"
    "    Points Possible,,,,,,20.00,(read only),(read only)\r\n"
    '"Lovelace, Ada",1201,S001,ada,I-1,Section A,,,\r\n'
    '"=HYPERLINK(""http://x""),Eve",1205,S005,eve,I-5,Section A,,,\r\n'
)

# A Moodle grade export (Grades > Export > Plain text file) of the same students.
MOODLE_EXPORT = """\
First name,Last name,ID number,Institution,Department,Email address,Assignment: Conv step by step (Real),Last downloaded from this course
Ada,Lovelace,S001,,,Ada@Uni.example,-,1733000000
Grace,Hopper,S002,,,grace@uni.example,-,1733000000
Alan,Turing,S003,,,alan@uni.example,-,1733000000
"""  # noqa: E501


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = lms_export.main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def rows_of(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def test_canvas_import_keeps_the_header_rows_and_one_column_per_assignment(graded, tmp_path):
    gradebook = write(tmp_path / "canvas.csv", CANVAS_EXPORT)
    target = tmp_path / "import.csv"
    code, said, _ = run(graded, "--to", "canvas", "--gradebook", gradebook, "--out", target)
    identity = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert rows_of(target) == [
        identity + ["Conv Step By Step (4401)", "Fast ConvNet (4402)"],
        ["    Points Possible", "", "", "", "", "100.00", "100.00"],
        ["Lovelace, Ada", "1201", "S001", "ada", "Section A", "87.5", "40"],
        ["Hopper, Grace", "1202", "S002", "Grace", "Section A", "100", ""],  # no notebook
        ["Turing, Alan", "1203", "S003", "alan", "Section B", "", ""],  # not in the class
        ["Broken, Notebook", "1204", "S004", "broken", "Section B", "0", ""],  # unreadable: 0
        ["Student, Test", "1299", "", "", "Section A", "", ""],
    ]
    assert code == 1  # bob has no Canvas student
    assert "1 graded student with no student in the LMS" in said and said.rstrip().endswith("bob")
    assert rows_of(tmp_path / "import.unmatched.csv") == [
        ["student_id", "assignment", "score", "max_score"],
        ["bob", CONV, "75", "100"],
        ["bob", FAST, "10", "100"],
    ]
    assert "for 5 LMS students, 4 grades, 6 cells left empty (no submission)" in said


def test_missing_as_zero_writes_0_where_nothing_was_handed_in(graded, tmp_path):
    gradebook = write(tmp_path / "canvas.csv", CANVAS_EXPORT)
    target = tmp_path / "import.csv"
    run(graded, "--to", "canvas", "--gradebook", gradebook, "--out", target, "--missing-as-zero")
    scores = {row[3]: row[5:] for row in rows_of(target)[2:]}
    assert scores == {
        "ada": ["87.5", "40"],
        "Grace": ["100", "0"],
        "alan": ["0", "0"],
        "broken": ["0", "0"],
        "": ["0", "0"],
    }


def test_canvas_matches_on_the_column_the_instructor_names(graded, tmp_path):
    gradebook = write(tmp_path / "canvas.csv", CANVAS_EXPORT.replace(",S001,ada,", ",ada,a1,"))
    target = tmp_path / "import.csv"
    code, said, _ = run(
        graded, "--to", "canvas", "--gradebook", gradebook, "--out", target,
        "--match", "SIS User ID", "--assignment", CONV,
    )  # fmt: skip
    assert [row[5:] for row in rows_of(target)] == [
        ["Conv Step By Step (4401)"], ["100.00"], ["87.5"], [""], [""], [""], [""],
    ]  # fmt: skip
    assert code == 1 and "3 graded students with no student in the LMS" in said


def test_manual_posting_row_integration_id_and_formula_cells(graded, tmp_path):
    gradebook = write(tmp_path / "canvas.csv", CANVAS_MANUAL_POSTING)
    target = tmp_path / "import.csv"
    code, said, _ = run(
        graded, "--to", "canvas", "--gradebook", gradebook, "--out", target,
        "--column", f"{CONV}=Notebook 1: convolutions", "--column", f"{FAST}=Notebook 2",
    )  # fmt: skip
    assert rows_of(target) == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID", "Section",
         "Notebook 1: convolutions (4401)", "Notebook 2"],
        ["", "", "", "", "", "", "Manual Posting", ""],
        ["    Points Possible", "", "", "", "", "", "20.00", "100"],
        ["Lovelace, Ada", "1201", "S001", "ada", "I-1", "Section A", "87.5", "40"],
        ["'=HYPERLINK(\"http://x\"),Eve", "1205", "S005", "eve", "I-5", "Section A", "", ""],
    ]  # fmt: skip
    assert "no column 'Notebook 2' in canvas.csv; written as a new column" in said
    assert "has 20 points possible, the grader's maximum is 100" in said
    assert target.read_bytes().startswith(b"Student,ID,") and b"\r\n" in target.read_bytes()
    assert code == 1


def test_moodle_import_with_email_identifiers_from_the_roster(graded, tmp_path):
    roster = write(tmp_path / "moodle.csv", MOODLE_EXPORT)
    target = tmp_path / "import.csv"
    results = tmp_path / "email_out"
    results.mkdir()
    emails = [
        result("ada@uni.example", CONV, 87.5),  # Moodle spells it Ada@Uni.example
        result("grace@uni.example", CONV, 0, NO_NOTEBOOK, "missing"),
        result("zoe@uni.example", CONV, 95),  # not enrolled in Moodle
    ]
    class_report.write_submissions_csv(results, class_report.summarize(emails))
    code, said, _ = run(results, "--to", "moodle", "--gradebook", roster, "--out", target)
    assert rows_of(target) == [
        ["Email address", "Assignment: Conv step by step (Real)"],
        ["Ada@Uni.example", "87.5"],
        ["grace@uni.example", ""],
        ["alan@uni.example", ""],
    ]
    assert code == 1 and said.rstrip().endswith("zoe@uni.example")


def test_moodle_import_without_a_roster_lists_every_graded_student(graded, tmp_path):
    target = tmp_path / "import.csv"
    code, _, _ = run(graded, "--to", "moodle", "--out", target, "--match", "Username")
    assert rows_of(target) == [
        ["Username", CONV, FAST],
        ["Broken", "0", ""],
        ["ada", "87.5", "40"],
        ["bob", "75", "10"],
        ["grace", "100", ""],
    ]
    assert code == 0 and not (tmp_path / "import.unmatched.csv").exists()


@pytest.mark.parametrize(
    "text, message",
    [
        (
            CANVAS_EXPORT.replace("Section A,,,9.00", "Section A,,9.00", 1),
            "row 3: 15 cells where the header has 16",
        ),
        (
            CANVAS_EXPORT.replace(",S002,Grace,", ",S002,ADA,"),
            "rows 3 and 4 both have SIS Login ID 'ADA'",
        ),
        (
            CANVAS_EXPORT.replace("SIS Login ID", "Login"),
            "has no column 'SIS Login ID' (its columns: Student, ID, SIS User ID, Login,",
        ),
        (
            CANVAS_EXPORT.replace("Conv Step By Step (4401)", "Week 3 (4401)"),
            "assignment conv_step_by_step: no column matches",
        ),
        (
            CANVAS_EXPORT.replace('"Turing, Alan"', ""),
            "row 5: no student name in the first cell",
        ),
        (CANVAS_EXPORT.replace('"Lovelace, Ada"', '"Lovelace, Ada'), "not valid CSV"),
        (CANVAS_EXPORT.replace("Student,", "Name,", 1), "has no column 'Student'"),
        ("", "is empty"),
    ],
)
def test_a_malformed_canvas_gradebook_is_refused_with_its_row(graded, tmp_path, text, message):
    gradebook = write(tmp_path / "canvas.csv", text)
    target = tmp_path / "import.csv"
    code, said, err = run(graded, "--to", "canvas", "--gradebook", gradebook, "--out", target)
    assert code == 2 and message in err, err
    assert not target.exists() and said == ""


def test_other_usage_errors_write_nothing(graded, tmp_path):
    gradebook = write(tmp_path / "canvas.csv", CANVAS_EXPORT)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(CANVAS_EXPORT.replace("Ada", "Adà").encode("latin-1"))
    cases = [
        ((graded, "--to", "canvas", "--out", tmp_path / "i.csv"), "needs --gradebook"),
        ((graded, "--to", "canvas", "--gradebook", gradebook, "--out", gradebook), "overwrite"),
        ((graded, "--to", "canvas", "--gradebook", latin, "--out", tmp_path / "i.csv"), "UTF-8"),
        ((tmp_path, "--to", "moodle", "--out", tmp_path / "i.csv"), "holds no grades.csv"),
        ((graded, "--to", "moodle", "--out", tmp_path / "i.csv", "--column", "x"), "ASSIGNMENT="),
        ((graded, "--to", "moodle", "--out", tmp_path / "i.csv", "--assignment", "nope"), "nope"),
    ]
    for argv, message in cases:
        code, _, err = run(*argv)
        assert code == 2 and message in err, (argv, err)
    assert not (tmp_path / "i.csv").exists()
    assert gradebook.read_text(encoding="utf-8") == CANVAS_EXPORT


def test_an_older_run_without_submissions_csv_exports_grades_csv(tmp_path):
    out = tmp_path / "old"
    out.mkdir()
    (out / "grades.csv").write_text(
        "student_id,assignment,score,max_score\nada,conv_step_by_step,87.5,100\n"
    )
    target = tmp_path / "import.csv"
    code, _, _ = run(out, "--to", "moodle", "--out", target)
    assert code == 0 and rows_of(target) == [["Email address", CONV], ["ada", "87.5"]]
