"""``python -m autograder grade SUBMISSIONS --out OUT``: grade a class, one exercise per process.

Every assignment of the series that SUBMISSIONS holds is graded (or only ``--assignment ID``):
each student gets one result per assignment, a row per exercise, and a feedback page each.

Worker threads each drive their own sandbox (a fork server, see ``sandbox.py``); the threads
only read notebooks, send inputs and judge outputs, which is light work, while students' code
runs in parallel child processes. All files are written at the end, by the main thread, in a
fixed order, so re-running on the same input gives the same files and gradebook rows.

Exit codes: 0 every submission could be read; 1 some could not (everything is still written);
2 usage error; 3 the grader itself could not run (for instance its sandbox did not start).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import sys
import time
import traceback
import warnings
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from autograder import course
from autograder.cells import strip_magics
from autograder.course import REPO_ROOT, Assignment
from autograder.reports import StudentResult, points, write_csvs, write_feedback
from autograder.sandbox import Limits, Sandbox, SandboxError, printable
from autograder.scoring import Scorer
from autograder.submission import (
    Student,
    Submission,
    assignments_in,
    discover,
    read_submission_in_time,
)
from autograder.trusted_helpers import TrustedHelpers

USAGE_ERROR = 2
GRADER_FAILURE = 3


def sandbox_modules() -> dict[str, str]:
    """Modules the setup cell imports, handed to the sandbox as text: nothing of the repository
    goes on its import path. ``public_tests`` is public: students have it next to the notebook."""
    return {"public_tests": (REPO_ROOT / "public_tests.py").read_text(encoding="utf-8")}


DB_URL_VARIABLE = "AUTOGRADER_DB_URL"


def isolation_text(isolated: bool, run_as: str) -> str:
    if not isolated:
        return "student code NOT isolated (--no-sandbox): it could read and write what you can"
    who = "a user id of its own" if run_as == "root" else "no privileges"
    return (
        f"student code isolated (bubblewrap allow-list file system; per exercise fresh PID, IPC, "
        f"network and mount namespaces, {who})"
    )


class Workers:
    """A fork server and a trusted-helper process for each worker thread, started by the main
    thread and lent to one submission at a time.

    Why the main thread starts them: bubblewrap's ``--die-with-parent`` ties a sandbox's life to
    the *thread* that started it. Sandboxes started by pool threads were killed when those
    threads ended, before ``close`` could let them exit, and the CPU time of every child went
    with them (``benchmarks/grading_cost.py`` saw none of it). A sandbox restarted after a lost
    child is started by the worker thread that needs it, which lives until the end."""

    def __init__(
        self, limits: Limits, assignments: list[Assignment], isolated: bool, hide: list[Path] = ()
    ):
        self.limits = limits
        self.isolated = isolated
        self.hide = [str(path) for path in hide]
        self.idle: queue.SimpleQueue[Sandbox] = queue.SimpleQueue()
        self.sandboxes: list[Sandbox] = []
        self.helpers: list[TrustedHelpers] = []
        self.setups = {a.id: strip_magics(a.setup_code) for a in assignments}
        self.modules = sandbox_modules()

    def start(self, count: int) -> None:
        """Start ``count`` sandboxes; raises SandboxError at once if isolation is impossible."""
        for _ in range(count):
            helpers = TrustedHelpers(self.limits.memory_mb, list(self.setups))
            box = Sandbox(self.setups, self.modules, self.limits, self.isolated, helpers, self.hide)
            self.sandboxes.append(box)
            self.helpers.append(helpers)
            box.start()
            helpers.start()
            self.idle.put(box)

    @contextlib.contextmanager
    def lease(self):
        """A sandbox of one's own for the time of one submission."""
        box = self.idle.get()
        try:
            yield box
        finally:
            self.idle.put(box)

    def close(self) -> None:
        for box in self.sandboxes:
            box.close(patient=True)
        for helpers in self.helpers:
            helpers.close()


def grade_submission(
    student: Student, assignment: Assignment, scorer: Scorer, workers: Workers
) -> StudentResult:
    submission = read_submission_in_time(student, assignment)
    results = []
    cells = {name: cell.source for name, cell in submission.cells.items()}
    passed: set[str] = set()
    with workers.lease() as box:
        for name in assignment.exercise_names:  # notebook order: helpers before their callers
            if not submission.readable:
                results.append(scorer.missing(name, submission.problem, submission.status))
            elif name in submission.absent:
                results.append(scorer.missing(name, submission.absent[name]))
            else:
                note = submission.cells[name].note
                result = scorer.grade(box, name, cells, passed, note)
                if result.status == "passed":
                    passed.add(name)
                results.append(result)
    return StudentResult(submission, results)


def _grader_failed(
    student: Student, assignment: Assignment, scorer: Scorer, error: BaseException
) -> StudentResult:
    """A bug of the grader on one submission must not stop the others."""
    traceback.print_exception(error, file=sys.stderr)
    problem = f"The grader failed on this submission ({type(error).__name__}); ask your teacher."
    submission = Submission(student.student_id, assignment.id, problem=problem, status="error")
    return StudentResult(
        submission, [scorer.missing(name, problem, "error") for name in assignment.exercise_names]
    )


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m autograder grade",
        description="Grade every submission in SUBMISSIONS (<student>/<assignment>/<notebook>).",
    )
    parser.add_argument("submissions", type=Path, metavar="SUBMISSIONS")
    parser.add_argument("--out", type=Path, required=True, metavar="OUT")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N")
    parser.add_argument("--timeout", type=float, default=Limits.timeout, metavar="SECONDS")
    parser.add_argument(
        "--memory", type=int, default=Limits.memory_mb, metavar="MB", help="per exercise"
    )
    parser.add_argument(
        "--db",
        default=None,
        metavar="URL",
        help=f"SQLAlchemy URL of the gradebook (visible in the process list: for a URL with a "
        f"password use --db-file or ${DB_URL_VARIABLE})",
    )
    parser.add_argument(
        "--db-file", type=Path, metavar="FILE", help="a file whose first line is the gradebook URL"
    )
    parser.add_argument(
        "--no-sandbox",
        action="store_true",
        help="grade without isolation where it cannot be set up (student code can then read and "
        "write what you can); every feedback page says so",
    )
    parser.add_argument(
        "--assignment",
        choices=course.assignment_ids(),
        metavar="ID",
        help="grade only this assignment (default: every assignment found in SUBMISSIONS)",
    )
    parser.add_argument("--similarity", action="store_true", help="also write similarity.html")
    return parser


def _check(args) -> str:
    """Why these arguments cannot work, or an empty string."""
    if not args.submissions.is_dir():
        return f"SUBMISSIONS {args.submissions} is not a folder"
    if args.workers < 1 or args.timeout <= 0 or args.memory < 64:
        return "--workers must be at least 1, --timeout positive and --memory at least 64 (MB)"
    submissions = args.submissions.resolve()
    out = args.out.resolve()
    outputs = [out / "exercises.csv", out / "grades.csv", out / "feedback", out / "gradebook.db"]
    if _inside(out, submissions) or any(_inside(submissions, o) for o in outputs):
        return "OUT must not overlap SUBMISSIONS: the grader never writes into the submissions"
    return ""


def main(argv: list[str]) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    problem = _check(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return USAGE_ERROR
    warnings.filterwarnings("ignore", module="nbformat")
    started = time.monotonic()
    out = args.out.resolve()
    try:
        db_url = _db_url(args, out)
    except OSError as error:
        print(f"error: --db-file {args.db_file}: {error.strerror or error}", file=sys.stderr)
        return USAGE_ERROR
    out.mkdir(parents=True, exist_ok=True)
    folders, stray = discover(args.submissions)
    graded = [course.get(args.assignment)] if args.assignment else assignments_in(folders)
    jobs = [(folder, assignment) for folder in folders for assignment in graded]
    limits = Limits(timeout=args.timeout, memory_mb=args.memory)
    scorer = Scorer(limits, graded)
    hide = [REPO_ROOT, args.submissions.resolve(), out]
    if db_url.startswith("sqlite:///") and len(db_url) > len("sqlite:///"):
        hide.append(Path(db_url.removeprefix("sqlite:///")).resolve().parent)
    workers = Workers(limits, graded, not args.no_sandbox, hide)
    students: dict[int, StudentResult] = {}
    try:
        if jobs:  # fails at once, before any work, if isolation is not possible
            workers.start(min(args.workers, len(jobs)))
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            futures = {
                pool.submit(grade_submission, folder, assignment, scorer, workers): index
                for index, (folder, assignment) in enumerate(jobs)
            }
            progress = _progress(len(jobs), graded)
            for future in as_completed(futures):
                index = futures[future]
                try:
                    students[index] = future.result()
                except SandboxError:
                    raise
                except Exception as error:
                    students[index] = _grader_failed(*jobs[index], scorer, error)
                progress.update(1)
            progress.close()
    except SandboxError as error:
        print(f"error: {printable(str(error))}", file=sys.stderr)
        if not args.no_sandbox:
            print(
                "Nothing was graded. If this machine cannot isolate student code, "
                "--no-sandbox grades without isolation (student code can then read and write "
                "what you can); `python -m autograder selftest` shows what isolation holds here.",
                file=sys.stderr,
            )
        return GRADER_FAILURE
    finally:
        run_as = workers.sandboxes[0].run_as if workers.sandboxes else ""
        workers.close()
        for folder in folders:
            folder.close()
    ordered = [students[i] for i in range(len(jobs))]
    isolated = not args.no_sandbox
    write_csvs(out, ordered)
    write_feedback(out, ordered, isolated)
    from autograder.gradebook import record  # nbgrader is slow to import; only needed here

    record(db_url, ordered)
    unreadable = [s for s in ordered if not s.submission.readable]
    from autograder import class_report, similarity  # matplotlib is slow to import

    if args.similarity:
        similarity.write_from_results(out, ordered)
    report = class_report.write_report(out, ordered)
    seconds = time.monotonic() - started
    isolation = isolation_text(isolated, run_as)
    summary = _summary(ordered, unreadable, stray, seconds, args.workers, out, isolation)
    print(f"{summary}; report: {report}")
    return 1 if unreadable else 0


def _progress(total: int, graded: list[Assignment]):
    if sys.stderr.isatty():
        from tqdm import tqdm

        names = ", ".join(assignment.id for assignment in graded)
        return tqdm(total=total, unit="submission", desc=f"grading {names}")

    class Silent:
        def update(self, _):
            pass

        def close(self):
            pass

    return Silent()


def _db_url(args, out: Path) -> str:
    """The gradebook's URL: --db, else the first line of --db-file, else $AUTOGRADER_DB_URL,
    else a SQLite file in OUT. A URL with a password belongs in the file or the variable: the
    command line of a process is visible to every user of the machine."""
    if args.db:
        return args.db
    if args.db_file:
        lines = args.db_file.read_text(encoding="utf-8").splitlines()
        if not lines or not lines[0].strip():
            raise OSError(0, "the file is empty; its first line must be the URL")
        return lines[0].strip()
    return os.environ.get(DB_URL_VARIABLE) or f"sqlite:///{out / 'gradebook.db'}"


def _summary(students, unreadable, stray, seconds, workers, out, isolation) -> str:
    count = len(students)
    means = []
    for assignment in course.series():
        mine = [s for s in students if s.assignment == assignment.id]
        if mine:
            mean = sum(s.score for s in mine) / len(mine)
            means.append(f"{assignment.id} mean {mean:.1f} / {points(assignment.max_score)}")
    text = (
        f"graded {count} submission{'s' * (count != 1)} in {seconds:.1f} s "
        f"({count / seconds:.1f}/s, {workers} worker{'s' * (workers != 1)}): "
        + ", ".join(means or ["no assignment found"])
        + f", {len(unreadable)} unreadable"
    )
    if stray:
        text += f", ignored {len(stray)} top-level file(s) that are not student folders"
    return text + f"; {isolation}; results in {out}"
