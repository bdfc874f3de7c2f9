"""The files an instructor and each student read: two CSV tables and one HTML page per student.

Everything is written in a fixed order with fixed formatting, so grading the same submissions
twice produces byte-identical files. Student text (messages echo their exceptions) is escaped by
jinja2's autoescape: it is untrusted. A fact of a failing case that spans several lines keeps its
layout in a ``<pre>``, because small arrays are drawn there as grids side by side
(``expected Z[0, :, :, 0] =`` next to ``got Z[0, :, :, 0] =``, narrower than the page).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

import public_tests
from autograder import course, output_files
from autograder.csv_cells import safe_row
from autograder.scoring import ExerciseResult, Failure
from autograder.submission import Submission

EXERCISE_COLUMNS = (
    "student_id",
    "assignment",
    "exercise",
    "score",
    "max_score",
    "status",
    "message",
)
GRADE_COLUMNS = ("student_id", "assignment", "score", "max_score")  # a row per assignment


@dataclass
class StudentResult:
    submission: Submission
    results: list[ExerciseResult]

    @property
    def student_id(self) -> str:
        return self.submission.student_id

    @property
    def assignment(self) -> str:
        return self.submission.assignment

    @property
    def handed_in(self) -> bool:
        """Whether a notebook was found at all: a readable one, or one that could not be read.

        ``missing`` at the submission level means no notebook of the assignment's name was there
        (no folder, an empty folder, a renamed file): the LMS export leaves such a cell empty
        rather than writing a 0 nobody decided on, and the gradebook keeps what it holds."""
        return self.submission.readable or self.submission.status != "missing"

    @property
    def score(self) -> float:
        return sum(r.score for r in self.results)

    @property
    def max_score(self) -> float:
        return sum(r.max_score for r in self.results)


def points(value: float) -> str:
    return f"{value:g}"


def write_csvs(out: Path, students: list[StudentResult]) -> None:
    """The two tables, every cell safe to open in a spreadsheet (a student id such as
    ``=HYPERLINK(...)`` is written as text, see ``csv_cells``), each file written whole."""
    output_files.write_csv(
        out / "exercises.csv",
        [
            EXERCISE_COLUMNS,
            *(
                safe_row(
                    (
                        student.student_id,
                        student.assignment,
                        r.exercise,
                        points(r.score),
                        points(r.max_score),
                        r.status,
                        r.message,
                    )
                )
                for student in students
                for r in student.results
            ),
        ],
    )
    output_files.write_csv(
        out / "grades.csv",
        [
            GRADE_COLUMNS,
            *(
                safe_row(
                    (
                        student.student_id,
                        student.assignment,
                        points(student.score),
                        points(student.max_score),
                    )
                )
                for student in students
            ),
        ],
    )


def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return environment.get_template("feedback.html.j2")


def feedback_path(out: Path, student_id: str, assignment_id: str) -> Path:
    return out / "feedback" / student_id / assignment_id / f"{assignment_id}.html"


def hints_and_cases(failures: list[Failure]) -> tuple[list[str], list[dict]]:
    """The hints of an exercise's failing cases, each once, and the cases without them.

    The hint of a known mistake says what to fix, so the page puts it first, as the notebook
    does, instead of repeating it under every case that shows the mistake. Cases that failed in
    exactly the same words (an exercise left as handed out fails every case with "not
    implemented yet") are shown once, with their names.
    """
    hints = [p for f in failures for p in f.problems if p.startswith(public_tests.HINT)]
    groups: dict[tuple[str, ...], list[Failure]] = {}
    for failure in failures:
        facts = tuple(p for p in failure.problems if not p.startswith(public_tests.HINT))
        groups.setdefault(facts, []).append(failure)
    cases = []
    for facts, members in groups.items():
        if len(members) == 1:
            title, inputs = members[0].case, members[0].inputs
        else:
            names = ", ".join(f'"{m.case}"' for m in members[:3])
            more = f" and {len(members) - 3} more" if len(members) > 3 else ""
            title, inputs = f"{len(members)} cases, the same way: {names}{more}", ""
        cases.append(
            {
                "case": title,
                "inputs": inputs,
                "facts": [{"text": p, "laid_out": "\n" in p} for p in facts],  # grids keep lines
            }
        )
    return list(dict.fromkeys(hints)), cases


def write_feedback(out: Path, students: list[StudentResult], isolated: bool = True) -> None:
    """One page per student and assignment; ``isolated`` False says on every page that the
    grade was computed without isolating student code (``--no-sandbox``)."""
    template = _template()
    for student in students:
        rows = []
        for r in student.results:
            hints, cases = hints_and_cases(r.failures)
            rows.append(
                {
                    "exercise": r.exercise,
                    "score_text": points(r.score),
                    "max_text": points(r.max_score),
                    "status": r.status,
                    "summary": (r.message.splitlines() or [""])[0][:300],
                    "message": r.message,
                    "hints": hints,
                    "failures": cases,
                    "failed": len(r.failures),
                    "cases": r.cases,
                }
            )
        page = template.render(
            assignment=student.assignment,
            student_id=student.student_id,
            notebook=course.get(student.assignment).notebook_name,
            score=points(student.score),
            max_score=points(student.max_score),
            problem=student.submission.problem,
            results=rows,
            isolated=isolated,
        )
        path = feedback_path(out, student.student_id, student.assignment)
        path.parent.mkdir(parents=True, exist_ok=True)
        output_files.write_text(path, page)
