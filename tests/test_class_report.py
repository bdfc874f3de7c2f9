"""The class report: its maths on synthetic results, then its numbers on a real graded class.

The synthetic results are ``StudentResult`` lists written out by hand, so each expected number
can be checked with pencil and paper. The real class (``CLASS``) is graded once for this module
with ``--similarity``, through ``python -m autograder grade``, and every count of the report is
compared with what the class was built with; the LMS export and the similarity report are run on
the same class, which has unreadable submissions.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from pathlib import Path

import pytest

import public_tests
from autograder import __main__ as cli
from autograder import batch, class_report, lms_export
from autograder.reports import StudentResult
from autograder.scoring import ExerciseResult, Failure
from autograder.submission import Cell, Submission
from tests.class_helpers import (
    Tables,
    mistake,
    off_by_one_conv_forward,
    raising_conv_forward,
    syntax_error_conv_forward,
    zoo_cell,
)
from tests.grader_helpers import (
    ASSIGNMENT_ID,
    NOTEBOOK_NAME,
    broken_json,
    build,
    correct,
    write_submission,
)

# ---------------------------------------------------------------------------------------------
# Synthetic results
# ---------------------------------------------------------------------------------------------


def exercise(name, status, points=10.0, mistakes=(), problem="wrong", seconds=0.1):
    score = points if status == "passed" else 0.0
    failures = [Failure(f"case {i}", "x=1", [problem], m) for i, m in enumerate(mistakes)]
    if status == "failed" and not failures:
        failures = [Failure("case 0", "x=1", [problem], None)]
    message = f"{name}: all passed." if status == "passed" else f"{name} {status}: {problem}"
    return ExerciseResult(name, score, points, status, message, failures, 4, seconds)


def student(sid, assignment, results, problem="", status=""):
    cells = {} if problem else {r.exercise: Cell(f"def {r.exercise}(): pass\n") for r in results}
    submission = Submission(sid, assignment, problem=problem, status=status, cells=cells)
    return StudentResult(submission, results)


def unreadable(sid, assignment, names, problem, status="error"):
    results = [ExerciseResult(n, 0.0, 10.0, status, problem, [], 4, 0.0) for n in names]
    return student(sid, assignment, results, problem=problem, status=status)


def test_score_summary_of_five_scores():
    summary = class_report.score_summary([0, 20, 40, 60, 100], 100)
    assert (summary.count, summary.mean, summary.median) == (5, 44, 40)
    assert (summary.q1, summary.q3) == (20, 60)
    assert (summary.full_marks, summary.zeros, summary.minimum, summary.maximum) == (1, 1, 0, 100)


def test_quartiles_interpolate_like_a_spreadsheet():
    # QUARTILE.INC of 1, 2, 3, 4: 1.75, 2.5, 3.25
    assert class_report.quartiles([4, 1, 3, 2]) == (1.75, 2.5, 3.25)
    assert class_report.quartiles([7]) == (7, 7, 7)


def test_histogram_has_ten_bins_up_to_the_maximum():
    assert class_report.histogram_bins(20) == [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]


WEEK = "week_9_any_names"  # not an assignment of the series: the report names no notebook


# student -> (status, mistakes matched, first problem) of alpha, then of beta
SYNTHETIC = {
    "s1": (("passed", (), ""), ("passed", (), "")),
    "s2": (("failed", ("A",), ""), ("passed", (), "")),
    "s3": (("failed", ("A", "A", "B"), ""), ("timeout", (), "slow")),
    "s4": (("failed", ("B",), ""), ("error", (), "SyntaxError")),
    "s5": (("failed", ("A",), ""), ("failed", (), "off by 1")),
    "s6": (("failed", (), "shape (2,) not (3,)"), ("failed", (), "off by 1")),
    "s7": (("failed", (), "shape (2,) not (3,)"), ("failed", (), "NaN")),
    "s8": (("failed", (), "dtype"), ("missing", (), "")),
}


def synthetic_class() -> list[StudentResult]:
    results = [
        student(
            sid,
            WEEK,
            [
                exercise(name, status, mistakes=found, problem=problem or "wrong",
                         seconds=0.0 if status == "missing" else 0.1)
                for name, (status, found, problem) in zip(("alpha", "beta"), specs)
            ],
        )
        for sid, specs in SYNTHETIC.items()
    ]  # fmt: skip
    return results + [
        unreadable("s9", WEEK, ("alpha", "beta"), "'nb.ipynb' is not valid JSON (line 3)"),
        unreadable("s10", WEEK, ("alpha", "beta"), "Your folder is empty", status="missing"),
    ]


def test_synthetic_class_counts():
    (summary,) = class_report.summarize(synthetic_class())
    assert summary.id == WEEK and summary.count == 10 and summary.max_score == 20
    assert [e.name for e in summary.exercises] == ["alpha", "beta"]
    alpha, beta = summary.exercises
    assert alpha.counts == {"passed": 1, "failed": 7, "error": 1, "timeout": 0, "missing": 1}
    assert beta.counts == {"passed": 2, "failed": 3, "error": 2, "timeout": 1, "missing": 2}
    assert alpha.pass_rate == 0.1 and beta.pass_rate == 0.2
    assert alpha.points_lost == 90 and beta.points_lost == 80
    assert alpha.median_seconds == pytest.approx(0.1)
    assert [(u.student_id, u.status) for u in summary.unreadable] == [
        ("s9", "error"),
        ("s10", "missing"),
    ]
    assert summary.not_submitted == 1
    assert (summary.scores.zeros, summary.scores.full_marks, summary.scores.mean) == (8, 1, 3)


def test_mistakes_count_each_student_once_largest_first_then_other():
    alpha, beta = class_report.summarize(synthetic_class())[0].exercises
    rows = [(m.kind, m.label, m.students) for m in alpha.mistakes]
    assert rows == [
        ("known", "A", ["s2", "s3", "s5"]),  # s3 matched A on two cases: counted once
        ("known", "B", ["s3", "s4"]),
        ("other", "failed cases that match no known mistake", ["s6", "s7", "s8"]),
    ]
    other = alpha.mistakes[-1]
    assert other.examples == [("shape (2,) not (3,)", 2), ("dtype", 1)]
    kinds = {m.kind: (m.students, m.examples) for m in beta.mistakes}
    assert kinds == {
        "other": (["s5", "s6", "s7"], [("off by 1", 2), ("NaN", 1)]),
        "error": (["s4"], [("beta error: SyntaxError", 1)]),
        "timeout": (["s3"], [("beta timeout: slow", 1)]),
    }  # the unreadable s9 (error everywhere) is no mistake of the class


def test_exercises_left_as_released_are_not_attempted_not_other():
    starter = public_tests.error_message("alpha", NotImplementedError())
    results = [
        student("left", WEEK, [exercise("alpha", "failed", problem=starter)]),
        student("wrong", WEEK, [exercise("alpha", "failed", problem="off by one")]),
        student("both", WEEK, [exercise("alpha", "failed", mistakes=["A"], problem=starter)]),
    ]
    rows = class_report.summarize(results)[0].exercises[0].mistakes
    assert [(m.kind, m.students) for m in rows] == [
        ("known", ["both"]),  # a case that ran matched a mistake: that is what it did wrong
        ("untouched", ["left"]),
        ("other", ["wrong"]),
    ]


def test_at_most_three_example_messages():
    names = [f"problem {i}" for i in (3, 1, 2, 1, 4, 3, 1)]
    results = [
        student(f"s{i}", WEEK, [exercise("alpha", "failed", problem=p)])
        for i, p in enumerate(names)
    ]
    (row,) = class_report.summarize(results)[0].exercises[0].mistakes
    assert row.examples == [("problem 1", 3), ("problem 3", 2), ("problem 2", 1)]


def test_several_assignments_each_get_a_section_in_series_order(tmp_path):
    results = [
        student("s1", "zz_later", [exercise("gamma", "passed")]),
        student("s1", ASSIGNMENT_ID, [exercise("zero_pad", "passed", points=5)]),
    ]
    assert [s.id for s in class_report.summarize(results)] == [ASSIGNMENT_ID, "zz_later"]
    page = class_report.render(tmp_path, class_report.summarize(results))
    assert page.index(f'<h2 id="{ASSIGNMENT_ID}">') < page.index('<h2 id="zz_later">')


def test_report_escapes_student_text_and_encodes_links(tmp_path):
    sid = "<img src=x onerror=alert(1)>"
    results = [
        student(sid, WEEK, [exercise("alpha", "failed", problem="<script>alert(2)</script>")]),
        unreadable("a&b", WEEK, ["alpha"], "<b>bold</b> reason"),
    ]
    page = class_report.render(tmp_path, class_report.summarize(results))
    assert "<script>" not in page and "<img src=x" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert 'href="feedback/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/' in page
    assert "<script" not in page.lower().replace("&lt;script", "")  # no script of our own


def test_same_results_same_report(tmp_path):
    first = class_report.render(tmp_path, class_report.summarize(synthetic_class()))
    second = class_report.render(tmp_path, class_report.summarize(synthetic_class()))
    assert first == second
    assert first.count("data:image/png;base64,") == 2  # histogram and status bars


def test_an_empty_class_still_writes_a_page(tmp_path):
    path = class_report.write_report(tmp_path, [])
    assert "0 students" in path.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# A real class of known composition, graded once
# ---------------------------------------------------------------------------------------------

CONV_STRIDE = mistake("conv_forward", "corner_ignores_stride")
CONV_CEIL = mistake("conv_forward", "output_size_rounded_up")
POOL_BY_F = mistake("pool_forward", "average_divides_by_f")

# student -> the exercise cells that differ from the reference, and the total it scores
CLASS: dict[str, tuple[dict[str, str], float]] = {
    "correct_1": ({}, 100),
    "correct_2": ({}, 100),
    "correct_3": ({}, 100),
    "stride_1": ({"conv_forward": zoo_cell("conv_forward", "corner_ignores_stride")}, 80),
    "stride_2": ({"conv_forward": zoo_cell("conv_forward", "corner_ignores_stride")}, 80),
    "stride_3": ({"conv_forward": zoo_cell("conv_forward", "corner_ignores_stride")}, 80),
    "ceil_1": ({"conv_forward": zoo_cell("conv_forward", "output_size_rounded_up")}, 80),
    "ceil_2": ({"conv_forward": zoo_cell("conv_forward", "output_size_rounded_up")}, 80),
    "pool_by_f_1": ({"pool_forward": zoo_cell("pool_forward", "average_divides_by_f")}, 85),
    "pool_by_f_2": ({"pool_forward": zoo_cell("pool_forward", "average_divides_by_f")}, 85),
    "off_by_one_1": ({"conv_forward": off_by_one_conv_forward()}, 80),
    "off_by_one_2": ({"conv_forward": off_by_one_conv_forward()}, 80),
    "raises": ({"conv_forward": raising_conv_forward()}, 80),
    "syntax_error": ({"conv_forward": syntax_error_conv_forward()}, 80),
}
UNREADABLE = {"broken_json": "error", "pdf": "error", "empty": "missing", "renamed": "missing"}


def write_class(root: Path) -> Path:
    for sid, (cells, _) in CLASS.items():
        write_submission(root, sid, build({**correct(), **cells}))
    write_submission(root, "broken_json", broken_json())
    write_submission(root, "pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    (root / "empty").mkdir()
    write_submission(root, "renamed", build(correct()))
    notebook = root / "renamed" / ASSIGNMENT_ID / NOTEBOOK_NAME
    notebook.rename(notebook.with_name("mine.ipynb"))
    return root


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("known_class")
    submissions = write_class(root / "submitted")
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code = batch.main(
            [str(submissions), "--out", str(root / "out"), "--workers", "2", "--similarity"]
        )
    page = (root / "out" / "report.html").read_text(encoding="utf-8")
    return {"root": root, "submissions": submissions, "out": root / "out", "code": code,
            "stdout": stdout.getvalue(), "page": page, "tables": Tables(page)}  # fmt: skip


def test_grading_summary_names_the_report(graded):
    assert graded["code"] == 1  # unreadable submissions
    (line,) = graded["stdout"].strip().splitlines()
    assert line.endswith(f"; report: {graded['out'] / 'report.html'}")


def test_report_scores_summary_is_the_class_composition(graded):
    (row,) = graded["tables"].table("students", heading="Scores")
    # 3 x 100, 9 x 80, 2 x 85, 4 unreadable x 0: sorted, Q1 is 80 and Q3 80 + 0.75 * 5
    assert row == {
        "students": "18",
        "mean": "66.1",
        "median": "80",
        "quartiles (Q1 – Q3)": "80 – 83.75",
        "lowest – highest": "0 – 100",
        "full marks (100)": "3",
        "zero": "4",
        "unreadable": "4",
        "no notebook": "2",
    }


def test_report_status_counts_per_exercise(graded):
    rows = {r["exercise"]: r for r in graded["tables"].table("exercise")}
    conv = rows["conv_forward"]
    # passed: 3 correct + 2 pool_by_f; failed: 3 stride, 2 ceil, 2 off by one, raises;
    # error: syntax_error and the two unreadable files; missing: empty and renamed
    assert [conv[s] for s in ("passed", "failed", "error", "timeout", "missing")] == [
        "5", "8", "3", "0", "2",
    ]  # fmt: skip
    assert conv["pass rate"] == "28 %"
    pool = rows["pool_forward"]
    assert [pool[s] for s in ("passed", "failed", "error", "missing")] == ["12", "2", "2", "2"]
    assert rows["zero_pad"]["passed"] == "14" and rows["zero_pad"]["pass rate"] == "78 %"
    assert rows["conv_forward"]["median grading time"].endswith(" s")


def test_common_mistakes_name_the_planted_mistakes_with_their_counts(graded):
    tables = graded["tables"]
    conv = tables.table("students", heading="conv_forward: 5 of 18 passed")
    assert [r["students"] for r in conv] == ["3", "2", "3", "1"]
    texts = [r["what their output matches"] for r in conv]
    assert texts[:2] == [CONV_STRIDE, CONV_CEIL]
    assert texts[2].startswith("other: failed cases that match no known mistake 2 × mean of Z")
    assert texts[3].startswith("error: raised an error 1 × Your conv_forward cell could not run")
    assert "1 × conv_forward raised an error (in conv_forward, line 2: raise ValueError" in texts[2]
    pool = tables.table("students", heading="pool_forward: 12 of 18 passed")
    assert [(r["students"], r["what their output matches"]) for r in pool] == [("2", POOL_BY_F)]
    page = graded["page"]
    clean = page[page.index(f'<p id="{ASSIGNMENT_ID}--clean">') :].split("</p>", 1)[0]
    assert re.sub("<[^>]+>", "", clean) == (
        "No failure among the readable notebooks in: zero_pad, conv_single_step, conv_backward, "
        "create_mask_from_window, distribute_value, pool_backward."
    )


def test_each_mistake_links_to_its_students_and_their_feedback(graded):
    page = graded["page"]
    anchor = f"{ASSIGNMENT_ID}--conv_forward--1"
    assert f'<a href="#{anchor}">3</a>' in page
    block = page[page.index(f'<p id="{anchor}">') :].split("</p>", 1)[0]
    links = [f"feedback/stride_{i}/{ASSIGNMENT_ID}/{ASSIGNMENT_ID}.html" for i in (1, 2, 3)]
    assert all(f'href="{link}"' in block for link in links) and "correct_1" not in block
    assert all((graded["out"] / link).is_file() for link in links)


def test_report_lists_unreadable_submissions_with_reasons(graded):
    rows = graded["tables"].table("student", heading="Unreadable or ungradable submissions: 4")
    assert {r["student"]: r["status"] for r in rows} == UNREADABLE
    reasons = {r["student"]: r["reason"] for r in rows}
    assert "is not valid JSON" in reasons["broken_json"]
    assert "it is a PDF document" in reasons["pdf"]
    assert "empty" in reasons["empty"] and "mine.ipynb" in reasons["renamed"]


def test_report_escapes_the_raised_message_and_embeds_two_plots(graded):
    page = graded["page"]
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count('src="data:image/png;base64,') == 2
    assert '<a href="similarity.html">' in page  # graded with --similarity


def test_submissions_csv_says_who_handed_in_nothing(graded):
    with open(graded["out"] / "submissions.csv", newline="", encoding="utf-8") as handle:
        rows = {r["student_id"]: r for r in csv.DictReader(handle)}
    assert len(rows) == 18
    assert {s for s, r in rows.items() if r["submitted"] == "no"} == {"empty", "renamed"}
    assert {s for s, r in rows.items() if r["readable"] == "no"} == set(UNREADABLE)
    assert rows["pool_by_f_1"]["score"] == "85" and rows["pool_by_f_1"]["status"] == "graded"


def test_cli_lists_the_new_commands(capsys):
    assert cli.main([]) == 2
    listed = capsys.readouterr().out
    assert "export" in listed and "similarity" in listed


def test_similarity_ranks_the_identical_groups_first_and_skips_unreadable(graded):
    with open(graded["out"] / "similarity.csv", newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["function"] == "(all)"]
    groups = [("stride_1", "stride_2", "stride_3"), ("ceil_1", "ceil_2")]
    groups += [("pool_by_f_1", "pool_by_f_2"), ("off_by_one_1", "off_by_one_2")]
    alike = {(a, b) for group in groups for a in group for b in group if a < b}
    # the correct students share only the reference, which most of the class wrote too
    assert {(r["student_a"], r["student_b"]) for r in rows[:6]} == alike
    page = (graded["out"] / "similarity.html").read_text(encoding="utf-8")
    assert "14 readable notebooks compared" in page and "4 left out" in page
    for student in UNREADABLE:
        assert f"<tr><td>{student}</td>" in page


def test_canvas_export_of_the_class_leaves_empty_who_handed_in_no_notebook(graded, tmp_path):
    logins = ["correct_1", "stride_1", "broken_json", "empty", "renamed", "newcomer"]
    gradebook = tmp_path / "canvas.csv"
    gradebook.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,Conv Step by Step (77),Current Score\n"
        "    Points Possible,,,,,100.00,(read only)\n"
        + "".join(f'"{s}, A",{i},,{s},S1,,\n' for i, s in enumerate(logins, 1)),
        encoding="utf-8",
    )
    target = tmp_path / "import.csv"
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code = lms_export.main(
            [str(graded["out"]), "--to", "canvas", "--gradebook", str(gradebook),
             "--out", str(target)]
        )  # fmt: skip
    with open(target, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert {row[3]: row[5] for row in rows[2:]} == {
        "correct_1": "100",
        "stride_1": "80",
        "broken_json": "0",  # handed in a notebook that is not JSON
        "empty": "",  # handed in nothing
        "renamed": "",  # no notebook of the assignment's name
        "newcomer": "",  # in Canvas, not in the class
    }
    assert code == 1  # 13 graded students are not in this gradebook
    assert "13 graded students with no student in the LMS" in stdout.getvalue()
