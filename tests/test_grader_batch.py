"""The batch grader on a class of real notebooks made from the release: one graded batch, shared.

Each student of ``grader_helpers.EXPECTED`` stands for one promise of the grader (isolation,
tamper-proof scoring, limits, bad input); its expected total and statuses are written there.
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
from pathlib import Path

import pytest

from autograder import batch, course
from tests.grader_helpers import (
    ASSIGNMENT_ID,
    EXPECTED,
    MESSAGES,
    SPREADSHEET_FORMULA,
    TIMEOUT,
    UNREADABLE,
    read_rows,
    tree_digest,
    write_class,
)


def grade(submissions: Path, out: Path, *options: str) -> tuple[int, str]:
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code = batch.main([str(submissions), "--out", str(out), "--workers", "2", *options])
    return code, stdout.getvalue()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    submissions = write_class(root / "submitted")
    before = tree_digest(submissions)
    code, stdout = grade(submissions, root / "out", "--timeout", str(TIMEOUT))
    return {
        "submissions": submissions,
        "out": root / "out",
        "code": code,
        "stdout": stdout,
        "before": before,
        "exercises": read_rows(root / "out", "exercises.csv"),
        "grades": {student_id(row): row for row in read_rows(root / "out", "grades.csv")},
    }


def student_id(row: dict[str, str]) -> str:
    """The folder name, as it was before the CSV made a formula-like id into text."""
    text = row["student_id"]
    return text[1:] if text.startswith("'") and text[1:2] in "=+-@" else text


def rows_of(graded, student: str) -> dict[str, dict[str, str]]:
    return {r["exercise"]: r for r in graded["exercises"] if student_id(r) == student}


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_each_student_gets_its_expected_total_and_statuses(graded, student):
    total, statuses = EXPECTED[student]
    rows = rows_of(graded, student)
    assert list(rows) == list(course.get(ASSIGNMENT_ID).exercise_names), (
        "one row per exercise, in notebook order"
    )
    assert float(graded["grades"][student]["score"]) == total, {
        name: (r["status"], r["message"][:300])
        for name, r in rows.items()
        if r["status"] != "passed"
    }
    for exercise, status in statuses.items():
        assert rows[exercise]["status"] == status, rows[exercise]["message"]


@pytest.mark.parametrize("student", sorted(MESSAGES))
def test_each_problem_is_named_in_words(graded, student):
    messages = " | ".join(r["message"] for r in rows_of(graded, student).values())
    assert MESSAGES[student] in messages


def test_unreadable_submissions_get_a_row_per_exercise_and_exit_code_1(graded):
    assert graded["code"] == 1
    for student in UNREADABLE:
        rows = rows_of(graded, student)
        assert len(rows) == 8
        assert {r["status"] for r in rows.values()} <= {"missing", "error"}
        assert {r["score"] for r in rows.values()} == {"0"}


def test_maximum_is_the_official_total_whatever_the_metadata_says(graded):
    # test_cells_edited claims 1000 points per test cell in its metadata.
    assert {row["max_score"] for row in graded["grades"].values()} == {
        f"{course.get(ASSIGNMENT_ID).max_score:g}"
    }


def test_a_buggy_helper_costs_only_the_helper(graded):
    rows = rows_of(graded, "buggy_zero_pad")
    assert rows["zero_pad"]["score"] == "0"
    assert rows["conv_forward"]["score"] == "20"
    assert rows["conv_backward"]["score"] == "20"


def test_tampering_does_not_leak_into_the_grading_process(graded):
    # patched_numpy_wrong_everywhere replaced np.isclose and friends in its cells, and
    # fake_test_modules replaced public_tests and autograder.hidden: the comparisons
    # are made here, so they still fail, and the very same checks still pass for others.
    import numpy as np

    assert np.isclose(1.0, 2.0) == np.False_
    assert rows_of(graded, "complete")["zero_pad"]["status"] == "passed"


def test_the_student_process_sees_no_secrets(graded):
    # secrets_probe's zero_pad raises, listing what it found, if the hidden tests, reference or
    # source are in its folder or above, importable, or named in its environment.
    row = rows_of(graded, "secrets_probe")["zero_pad"]
    assert row["status"] == "passed", row["message"]


def test_feedback_page_per_student_escapes_student_text(graded):
    for student in EXPECTED:
        path = graded["out"] / "feedback" / student / ASSIGNMENT_ID / f"{ASSIGNMENT_ID}.html"
        assert path.is_file(), student
    page = (
        graded["out"] / "feedback" / "lying_return_values" / ASSIGNMENT_ID / f"{ASSIGNMENT_ID}.html"
    ).read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page
    partial = (
        graded["out"] / "feedback" / "partial" / ASSIGNMENT_ID / f"{ASSIGNMENT_ID}.html"
    ).read_text()
    assert "60 / 100" in partial
    assert 'Case "3x3 input, stride 1: windows overlap"' in partial
    assert "could not broadcast input array" in partial


def _page(graded, student: str) -> str:
    return (
        graded["out"] / "feedback" / student / ASSIGNMENT_ID / f"{ASSIGNMENT_ID}.html"
    ).read_text()


def test_feedback_page_puts_a_hint_first_once_and_draws_arrays_as_grids(graded):
    partial = _page(graded, "partial")
    section = partial[
        partial.index('<h2 id="conv_backward">') : partial.index('<h2 id="pool_backward">')
    ]
    hint = (
        '<p class="hint">Hint: this error is what happens when the padding is cut off with '
        "[pad:-pad], which is empty when pad == 0: use [pad:pad + n_H_prev, pad:pad + n_W_prev, "
        ":].</p>"
    )
    assert section.count("Hint:") == 1
    assert section.index(hint) < section.index("cases failed:")
    wrong = _page(graded, "patched_numpy_wrong_everywhere")  # its zero_pad returns only zeros
    case = wrong[wrong.index('<strong>Case "one 2x2 image, pad 1"</strong>') :]
    facts = case[case.index('<div class="facts">') : case.index("</div>", case.index("facts"))]
    assert facts.splitlines()[1] == (
        "<p>X_pad differs at 4 of 16 entries; the first is at index (0, 1, 1, 0): expected 1, "
        "got 0.</p>"
    )
    assert facts.splitlines()[2:7] == [
        "<pre>expected X_pad[0, :, :, 0] =    got X_pad[0, :, :, 0] =",
        "  [[0. 0. 0. 0.]                  [[0. 0. 0. 0.]",
        "   [0. 1. 2. 0.]                   [0. 0. 0. 0.]",
        "   [0. 3. 4. 0.]                   [0. 0. 0. 0.]",
        "   [0. 0. 0. 0.]]                  [0. 0. 0. 0.]]</pre>",
    ]


def test_submissions_folder_is_left_untouched(graded):
    assert tree_digest(graded["submissions"]) == graded["before"]


def test_one_line_summary(graded):
    lines = graded["stdout"].strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"graded {len(EXPECTED)} submissions in ")
    assert f"{len(UNREADABLE)} unreadable" in lines[0]


def test_gradebook_holds_the_same_scores(graded):
    with sqlite3.connect(graded["out"] / "gradebook.db") as db:
        rows = db.execute(
            "SELECT student.id, SUM(grade.auto_score) FROM grade "
            "JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id "
            "JOIN submitted_assignment ON submitted_notebook.assignment_id = "
            "submitted_assignment.id "
            "JOIN student ON submitted_assignment.student_id = student.id GROUP BY student.id"
        ).fetchall()
    # A student who handed in no notebook at all gets no gradebook row: that keeps whatever a
    # shared gradebook held (see the stray-folder test below).
    not_handed_in = {"empty_folder", "missing_notebook", "renamed_assignment_folder"}
    not_handed_in.add("renamed_notebook")
    expected = {s: float(e[0]) for s, e in EXPECTED.items() if s not in not_handed_in}
    assert {s: total for s, total in rows} == expected


def dump(db_path: Path) -> list:
    with sqlite3.connect(db_path) as db:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [(t, sorted(map(repr, db.execute(f"SELECT * FROM {t}")))) for t in sorted(tables)]


def test_rerun_gives_the_same_files_and_gradebook_rows(tmp_path):
    from tests.class_helpers import comparable
    from tests.grader_helpers import LIARS, broken_json, build, correct, write_submission

    submissions = tmp_path / "submitted"
    write_submission(submissions, "complete", build(correct()))
    write_submission(submissions, "broken", broken_json())
    write_submission(submissions, "liar", build({**correct(), **LIARS}))  # reprs hold addresses
    out = tmp_path / "out"
    first_code, _ = grade(submissions, out)
    files = {p: comparable(p) for p in sorted(out.rglob("*")) if p.is_file() and p.suffix != ".db"}
    rows = dump(out / "gradebook.db")
    second_code, _ = grade(submissions, out)
    assert first_code == second_code == 1
    assert {p: comparable(p) for p in files} == files
    assert dump(out / "gradebook.db") == rows
    assert read_rows(out, "grades.csv")[0]["score"] == "0"  # broken, sorted first
    assert read_rows(out, "grades.csv")[1]["score"] == "100"


def test_all_readable_exits_0_and_db_url_is_honoured(tmp_path):
    from tests.grader_helpers import build, write_submission

    submissions = tmp_path / "submitted"
    write_submission(submissions, "untouched", build({}))
    db = tmp_path / "elsewhere" / "book.db"
    db.parent.mkdir()
    code, _ = grade(submissions, tmp_path / "out", "--db", f"sqlite:///{db}")
    assert code == 0
    assert db.is_file() and not (tmp_path / "out" / "gradebook.db").exists()


@pytest.mark.parametrize(
    "case, arguments",
    [
        ("no such folder", ["{tmp}/nowhere", "--out", "{tmp}/out"]),
        ("out inside the submissions", ["{tmp}", "--out", "{tmp}/out"]),
        ("no --out", ["{tmp}"]),
        ("zero workers", ["{tmp}", "--out", "{tmp}/../out", "--workers", "0"]),
    ],
)
def test_usage_errors_exit_2(tmp_path, case, arguments, capsys):
    argv = [a.format(tmp=tmp_path) for a in arguments]
    assert batch.main(argv) == 2, case
    assert not (tmp_path / "out").exists()


def test_a_student_id_that_looks_like_a_formula_is_written_as_text(graded):
    """Opened in a spreadsheet, '=HYPERLINK(...)' would be run; a leading apostrophe makes it
    text, and the grade itself is untouched."""
    text = (graded["out"] / "grades.csv").read_text(encoding="utf-8")
    assert f"'{SPREADSHEET_FORMULA}" in text.replace('""', '"')
    rows = [r for r in read_rows(graded["out"], "grades.csv") if r["score"] == "100"]
    assert any(r["student_id"] == f"'{SPREADSHEET_FORMULA}" for r in rows)


def test_without_isolation_the_grader_refuses_and_says_what_to_do(tmp_path, monkeypatch, capsys):
    from autograder import isolation
    from tests.grader_helpers import build, correct, write_submission

    write_submission(tmp_path / "submitted", "complete", build(correct()))
    real_which = isolation.shutil.which
    monkeypatch.setattr(
        isolation.shutil, "which", lambda name: None if name == "bwrap" else real_which(name)
    )
    code = batch.main([str(tmp_path / "submitted"), "--out", str(tmp_path / "out")])
    error = capsys.readouterr().err
    assert code == 3
    assert "student code cannot be isolated here: bubblewrap is not installed" in error
    assert "Nothing was graded" in error and "--no-sandbox" in error
    assert not (tmp_path / "out" / "grades.csv").exists()


def test_no_sandbox_grades_and_says_so_on_the_summary_and_every_page(tmp_path):
    from tests.grader_helpers import build, correct, write_submission

    submissions = tmp_path / "submitted"
    write_submission(submissions, "complete", build(correct()))
    write_submission(submissions, "untouched", build({}))
    code, stdout = grade(submissions, tmp_path / "out", "--no-sandbox")
    assert code == 0
    assert "student code NOT isolated (--no-sandbox)" in stdout
    pages = sorted((tmp_path / "out" / "feedback").rglob("*.html"))
    assert len(pages) == 2
    for page in pages:
        assert "Graded without isolation:" in page.read_text(encoding="utf-8")
    scores = {r["student_id"]: r["score"] for r in read_rows(tmp_path / "out", "grades.csv")}
    assert scores == {"complete": "100", "untouched": "0"}


def test_the_gradebook_url_can_come_from_a_file_or_the_environment(tmp_path, monkeypatch):
    """A URL with a password must not be on the command line, which every user can read."""
    from tests.grader_helpers import build, write_submission

    submissions = tmp_path / "submitted"
    write_submission(submissions, "untouched", build({}))
    in_file = tmp_path / "from-file.db"
    (tmp_path / "db-url").write_text(f"sqlite:///{in_file}\n")
    code, _ = grade(submissions, tmp_path / "out1", "--db-file", str(tmp_path / "db-url"))
    assert code == 0 and in_file.is_file()
    in_environment = tmp_path / "from-environment.db"
    monkeypatch.setenv("AUTOGRADER_DB_URL", f"sqlite:///{in_environment}")
    code, _ = grade(submissions, tmp_path / "out2")
    assert code == 0 and in_environment.is_file()
    assert not (tmp_path / "out2" / "gradebook.db").exists()
    (tmp_path / "empty").write_text("")
    assert grade(submissions, tmp_path / "out3", "--db-file", str(tmp_path / "empty"))[0] == 2


def test_a_stray_folder_does_not_zero_the_grades_of_a_shared_gradebook(tmp_path):
    """Week 1 graded alice; in week 2 mallory hands in an empty folder of that assignment, so
    it is graded again for everyone: alice, with nothing handed in this time, keeps her 100."""
    from tests.grader_helpers import build, correct, write_submission

    db = f"sqlite:///{tmp_path / 'course.db'}"
    week1 = tmp_path / "week1"
    write_submission(week1, "alice", build(correct()))
    assert grade(week1, tmp_path / "out1", "--db", db)[0] == 0
    week2 = tmp_path / "week2"
    (week2 / "alice" / "elsewhere").mkdir(parents=True)
    (week2 / "mallory" / ASSIGNMENT_ID).mkdir(parents=True)
    grade(week2, tmp_path / "out2", "--db", db)
    with sqlite3.connect(tmp_path / "course.db") as connection:
        totals = dict(
            connection.execute(
                "SELECT student.id, SUM(grade.auto_score) FROM grade "
                "JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id "
                "JOIN submitted_assignment ON submitted_notebook.assignment_id = "
                "submitted_assignment.id "
                "JOIN student ON submitted_assignment.student_id = student.id GROUP BY student.id"
            ).fetchall()
        )
    assert totals == {"alice": 100.0}
    rows = {r["student_id"]: r["score"] for r in read_rows(tmp_path / "out2", "grades.csv")}
    assert rows == {"alice": "0", "mallory": "0"}  # this run's own tables say what it saw
