"""The instructor's view of a graded class: ``OUT/report.html`` and ``OUT/submissions.csv``.

Built from the grading results alone (never by running anything again), so it can be written at
the end of every grading run and always agrees with ``grades.csv`` and ``exercises.csv``: the
status counts are the statuses those files hold, the scores their scores.

The page is one file with its plots embedded as PNG images and no script, so it can be mailed,
archived with the grades, or opened from a locked-down machine. Everything a student wrote
(student ids are folder names, messages echo their exceptions) is escaped by jinja2's
autoescape and link targets are percent-encoded.

What the sections answer:

- how did the class do: the score histogram and summary of each assignment;
- which exercise cost the most: pass rate, status breakdown and points lost per exercise;
- which misconception: the known mistakes (zoo descriptions) that failing outputs matched, with
  the students who made each, and the failures that matched none ("other"), with the most
  frequent messages: those are the next zoo entries to write;
- who could not be graded, and why.
"""

from __future__ import annotations

import base64
import csv
import io
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import jinja2

import public_tests
from autograder import course, output_files
from autograder.csv_cells import safe_row
from autograder.reports import StudentResult, feedback_path, points

STATUSES = ("passed", "failed", "error", "timeout", "missing")
STATUS_COLOURS = {  # colour-blind safe (Okabe-Ito), and readable in grey scale
    "passed": "#009E73",
    "failed": "#D55E00",
    "error": "#E69F00",
    "timeout": "#CC79A7",
    "missing": "#999999",
}
EXAMPLES = 3  # example messages shown for failures that matched no known mistake
SUBMISSION_COLUMNS = (
    "student_id",
    "assignment",
    "submitted",
    "readable",
    "status",
    "score",
    "max_score",
    "problem",
)


@dataclass
class ScoreSummary:
    count: int
    mean: float
    median: float
    q1: float
    q3: float
    minimum: float
    maximum: float
    full_marks: int
    zeros: int


@dataclass
class MistakeRow:
    """Students of one exercise sharing one kind of failure.

    ``kind`` is ``known`` (a zoo mistake, ``label`` is its description), ``untouched`` (the
    starter's NotImplementedError on every case: not attempted, no misconception), ``other``
    (failed, but matched no known mistake), ``error`` or ``timeout``; ``examples`` are
    (message, students)."""

    kind: str
    label: str
    students: list[str]
    examples: list[tuple[str, int]] = field(default_factory=list)
    anchor: str = ""


@dataclass
class ExerciseSummary:
    name: str
    points: float
    counts: dict[str, int]
    students: int
    median_seconds: float | None
    points_lost: float  # summed over the class
    mistakes: list[MistakeRow]

    @property
    def pass_rate(self) -> float:
        return self.counts["passed"] / self.students if self.students else 0.0


@dataclass
class Unreadable:
    student_id: str
    status: str
    problem: str


@dataclass
class AssignmentSummary:
    id: str
    max_score: float
    scores: ScoreSummary
    exercises: list[ExerciseSummary]
    unreadable: list[Unreadable]
    not_submitted: int
    students: list[StudentResult]

    @property
    def count(self) -> int:
        return len(self.students)


def quartiles(values: list[float]) -> tuple[float, float, float]:
    """Q1, median and Q3 by linear interpolation between order statistics (numpy's default and
    a spreadsheet's QUARTILE.INC), so an instructor checking in Excel gets the same numbers."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0], ordered[0], ordered[0]
    q1, median, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return q1, median, q3


def score_summary(scores: list[float], max_score: float) -> ScoreSummary:
    if not scores:
        return ScoreSummary(0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, 0)
    q1, median, q3 = quartiles(scores)
    return ScoreSummary(
        count=len(scores),
        mean=sum(scores) / len(scores),
        median=median,
        q1=q1,
        q3=q3,
        minimum=min(scores),
        maximum=max(scores),
        full_marks=sum(1 for s in scores if s >= max_score),
        zeros=sum(1 for s in scores if s == 0),
    )


def submitted(student: StudentResult) -> bool:
    return student.handed_in


def _first_problem(result) -> str:
    if result.failures and result.failures[0].problems:
        return result.failures[0].problems[0]
    return (result.message.splitlines() or [""])[0]


def _examples(messages: list[str]) -> list[tuple[str, int]]:
    """The most frequent messages first (the biggest unknown cluster), ties alphabetically."""
    counted = Counter(message[:500] for message in messages)
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:EXAMPLES]


def mistakes_of(name: str, students: list[StudentResult]) -> list[MistakeRow]:
    """Each student counts once per row: a student whose failing cases matched two known
    mistakes is in both rows. Unreadable notebooks are left out: their reason is no mistake."""
    known: dict[str, list[str]] = {}
    other: list[tuple[str, str]] = []
    untouched: list[str] = []
    not_implemented = public_tests.error_message(name, NotImplementedError())
    stopped: dict[str, list[tuple[str, str]]] = {"error": [], "timeout": []}
    for student in students:
        if not student.submission.readable:
            continue
        result = next((r for r in student.results if r.exercise == name), None)
        if result is None or result.status in ("passed", "missing"):
            continue
        matched = sorted({f.mistake for f in result.failures if f.mistake})
        for description in matched:
            known.setdefault(description, []).append(student.student_id)
        if result.status in stopped:
            stopped[result.status].append((student.student_id, _first_problem(result)))
        elif matched:
            continue
        elif result.failures and all(f.problems == [not_implemented] for f in result.failures):
            untouched.append(student.student_id)
        else:
            other.append((student.student_id, _first_problem(result)))
    rows = [
        MistakeRow("known", description, ids)
        for description, ids in sorted(known.items(), key=lambda item: (-len(item[1]), item[0]))
    ]
    if untouched:
        rows.append(MistakeRow("untouched", "still raises NotImplementedError", untouched))
    if other:
        rows.append(
            MistakeRow(
                "other",
                "failed cases that match no known mistake",
                [sid for sid, _ in other],
                _examples([message for _, message in other]),
            )
        )
    for status, label in (("error", "raised an error"), ("timeout", "did not finish in time")):
        if stopped[status]:
            rows.append(
                MistakeRow(
                    status,
                    label,
                    [sid for sid, _ in stopped[status]],
                    _examples([message for _, message in stopped[status]]),
                )
            )
    return rows


def _exercise_order(assignment_id: str, students: list[StudentResult]) -> list[str]:
    try:
        return list(course.get(assignment_id).exercise_names)
    except KeyError:  # results of an assignment the series no longer lists: keep their order
        names: list[str] = []
        for student in students:
            names += [r.exercise for r in student.results if r.exercise not in names]
        return names


def summarize_assignment(assignment_id: str, students: list[StudentResult]) -> AssignmentSummary:
    max_score = max((s.max_score for s in students), default=0.0)
    exercises = []
    for name in _exercise_order(assignment_id, students):
        results = [r for s in students for r in s.results if r.exercise == name]
        counts = {status: 0 for status in STATUSES}
        for r in results:
            counts[r.status] = counts.get(r.status, 0) + 1
        ran = [r.seconds for r in results if r.status != "missing" and r.seconds > 0]
        exercises.append(
            ExerciseSummary(
                name=name,
                points=max((r.max_score for r in results), default=0.0),
                counts=counts,
                students=len(results),
                median_seconds=statistics.median(ran) if ran else None,
                points_lost=sum(r.max_score - r.score for r in results),
                mistakes=mistakes_of(name, students),
            )
        )
    unreadable = [
        Unreadable(s.student_id, s.submission.status, s.submission.problem)
        for s in students
        if not s.submission.readable
    ]
    return AssignmentSummary(
        id=assignment_id,
        max_score=max_score,
        scores=score_summary([s.score for s in students], max_score),
        exercises=exercises,
        unreadable=unreadable,
        not_submitted=sum(1 for s in students if not submitted(s)),
        students=students,
    )


def summarize(students: list[StudentResult]) -> list[AssignmentSummary]:
    """One summary per assignment the results hold, in series order (unknown ids last)."""
    by_assignment: dict[str, list[StudentResult]] = {}
    for student in students:
        by_assignment.setdefault(student.assignment, []).append(student)
    order = [a.id for a in course.series() if a.id in by_assignment]
    order += [a for a in by_assignment if a not in order]
    return [summarize_assignment(a, by_assignment[a]) for a in order]


# ---------------------------------------------------------------------------------------------
# Plots
# ---------------------------------------------------------------------------------------------


def _png(figure) -> str:
    """A figure as a data URI. PNG metadata carries no date, so the same class gives the same
    bytes."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def histogram_bins(max_score: float) -> list[float]:
    """Ten equal bins from 0 to the maximum; the last one holds full marks too."""
    top = max_score if max_score > 0 else 1.0
    return [top * i / 10 for i in range(11)]


def histogram_png(summary: AssignmentSummary) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scores = [s.score for s in summary.students]
    bins = histogram_bins(summary.max_score)
    figure, axes = plt.subplots(figsize=(7.5, 3.0))
    axes.hist(scores, bins=bins, color="#0072B2", edgecolor="white")
    axes.set_xlim(bins[0], bins[-1])
    axes.set_xticks(bins)
    axes.set_xticklabels([points(round(b, 2)) for b in bins])
    axes.set_xlabel(f"score (out of {points(summary.max_score)})")
    axes.set_ylabel("students")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_title(f"{summary.id}: scores of {summary.count} students")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)


def status_png(summary: AssignmentSummary) -> str:
    """One horizontal bar per exercise, split by status, first exercise on top."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [e.name for e in summary.exercises]
    height = 0.9 + 0.36 * len(names)
    figure, axes = plt.subplots(figsize=(7.5, height))
    left = [0] * len(names)
    rows = list(range(len(names)))[::-1]
    for status in STATUSES:
        values = [e.counts.get(status, 0) for e in summary.exercises]
        axes.barh(rows, values, left=left, color=STATUS_COLOURS[status], label=status, height=0.7)
        left = [a + b for a, b in zip(left, values)]
    axes.set_yticks(rows)
    axes.set_yticklabels(names, fontfamily="monospace")
    axes.set_xlim(0, max(left, default=1) or 1)
    axes.set_xlabel("students")
    axes.legend(ncols=len(STATUSES), loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)


# ---------------------------------------------------------------------------------------------
# The page and the CSV
# ---------------------------------------------------------------------------------------------


def feedback_link(out: Path, student_id: str, assignment_id: str) -> str:
    relative = feedback_path(out, student_id, assignment_id).relative_to(out)
    return "/".join(quote(part, safe="") for part in relative.parts)


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters["points"] = points
    environment.filters["percent"] = lambda value: f"{100 * value:.0f} %"
    environment.filters["seconds"] = lambda value: "—" if value is None else f"{value:.2f} s"
    return environment


def render(out: Path, summaries: list[AssignmentSummary], similarity: str | None = None) -> str:
    for summary in summaries:
        for exercise in summary.exercises:
            for index, row in enumerate(exercise.mistakes, 1):
                row.anchor = f"{summary.id}--{exercise.name}--{index}"
    sections = [
        {
            "summary": summary,
            "histogram": histogram_png(summary) if summary.students else "",
            "statuses": status_png(summary) if summary.exercises else "",
            "links": {
                s.student_id: feedback_link(out, s.student_id, summary.id) for s in summary.students
            },
        }
        for summary in summaries
    ]
    template = _environment().get_template("class_report.html.j2")
    return template.render(
        sections=sections,
        students=len({s.student_id for summary in summaries for s in summary.students}),
        similarity=similarity,
    )


def write_submissions_csv(out: Path, summaries: list[AssignmentSummary]) -> Path:
    """What the LMS export needs beyond ``grades.csv``: whether a notebook was found at all."""
    path = out / "submissions.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(SUBMISSION_COLUMNS)
        for summary in summaries:
            for s in summary.students:
                writer.writerow(
                    safe_row(
                        (
                            s.student_id,
                            s.assignment,
                            "yes" if submitted(s) else "no",
                            "yes" if s.submission.readable else "no",
                            s.submission.status or "graded",
                            points(s.score),
                            points(s.max_score),
                            s.submission.problem,
                        )
                    )
                )
    return path


def write_report(out: Path, students: list[StudentResult]) -> Path:
    """``OUT/report.html`` (linking ``similarity.html`` when it is there) and
    ``OUT/submissions.csv``; returns the report's path."""
    summaries = summarize(students)
    write_submissions_csv(out, summaries)
    similarity = "similarity.html" if (out / "similarity.html").is_file() else None
    path = out / "report.html"
    output_files.write_text(path, render(out, summaries, similarity))
    return path
