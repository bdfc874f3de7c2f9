"""The grader's cost against its limit, and against ``nbgrader autograde``.

    python -m benchmarks.grading [--small 10 --large 40]      # CPU per submission vs the limit
    python -m benchmarks.grading --against-nbgrader [--count 100] [--workers N] [--keep DIR]

The first form is ``benchmarks/grading_cost.py``. The second grades one generated class with this
grader and with ``nbgrader autograde`` and compares the two.

The class is made from the release: correct, partial and untouched students, buggy ones, broken
files, and the submissions that exploit the in-kernel flaws of ``nbgrader autograde`` (numpy's
comparisons replaced, test helpers faked, a scratch cell that kills the kernel, stderr from
correct code, a bug in a helper). Both graders grade the same folder; the script prints each one's
throughput and their ratio, and lists every exercise where they disagree with the flaw that
explains it. A disagreement no flaw explains is a bug: the script then exits with 1.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder import course
from autograder.course import REPO_ROOT
from coursekit.examples import answers
from coursekit.nbgrader_autograde import nbgrader

ASSIGNMENT = course.get("conv_step_by_step")  # the class this benchmark generates
ASSIGNMENT_ID = ASSIGNMENT.id
NOTEBOOK_NAME = ASSIGNMENT.notebook_name
RELEASE = REPO_ROOT / "release" / ASSIGNMENT_ID / NOTEBOOK_NAME
NOTEBOOK_ID = ASSIGNMENT.notebook_id

# ---------------------------------------------------------------------------------------------
# Building submissions from the release
# ---------------------------------------------------------------------------------------------


def release_notebook() -> nbformat.NotebookNode:
    return nbformat.read(RELEASE, as_version=4)


def grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def build(
    written: dict[str, str],
    scratch: list[str] = (),
    edit: Callable[[nbformat.NotebookNode], None] | None = None,
) -> nbformat.NotebookNode:
    """The release with the given solution cells written, extra cells right after the setup
    cell (as a student's scratch cells), and any further edit."""
    nb = release_notebook()
    for cell in nb.cells:
        if grade_id(cell) in written:
            cell.source = written[grade_id(cell)]
    at = next(i for i, cell in enumerate(nb.cells) if grade_id(cell) == "setup") + 1
    for offset, source in enumerate(scratch):
        nb.cells.insert(at + offset, nbformat.v4.new_code_cell(source))
    if edit:
        edit(nb)
    return nb


def correct() -> dict[str, str]:
    return answers("complete", ASSIGNMENT_ID)


NAMES = list(ASSIGNMENT.exercise_names)

WRONG_BUT_RIGHT_SHAPE = {
    "zero_pad": """def zero_pad(X, pad):
    m, n_H, n_W, n_C = X.shape
    return np.zeros((m, n_H + 2 * pad, n_W + 2 * pad, n_C))
""",
    "conv_single_step": """def conv_single_step(a_slice_prev, W, b):
    return 0.0
""",
    "conv_forward": """def conv_forward(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, _, _, n_C = W.shape
    pad, stride = hparameters["pad"], hparameters["stride"]
    n_H = (n_H_prev - f + 2 * pad) // stride + 1
    n_W = (n_W_prev - f + 2 * pad) // stride + 1
    return np.zeros((m, n_H, n_W, n_C)), (A_prev, W, b, hparameters)
""",
    "pool_forward": """def pool_forward(A_prev, hparameters, mode="max"):
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    f, stride = hparameters["f"], hparameters["stride"]
    shape = (m, (n_H_prev - f) // stride + 1, (n_W_prev - f) // stride + 1, n_C)
    return np.zeros(shape), (A_prev, hparameters)
""",
    "conv_backward": """def conv_backward(dZ, cache):
    A_prev, W, b, hparameters = cache
    return np.zeros_like(A_prev), np.zeros_like(W), np.zeros_like(b)
""",
    "create_mask_from_window": """def create_mask_from_window(x):
    return np.zeros(x.shape, dtype=bool)
""",
    "distribute_value": """def distribute_value(dz, shape):
    return np.zeros(shape)
""",
    "pool_backward": """def pool_backward(dA, cache, mode="max"):
    return np.zeros_like(cache[0])
""",
}

PATCH_NUMPY = """import numpy as np

np.isclose = lambda a, b, *args, **kwargs: np.ones(
    np.broadcast(np.asarray(a), np.asarray(b)).shape, dtype=bool
)
np.allclose = lambda *args, **kwargs: True
np.array_equal = lambda *args, **kwargs: True
"""

FAKE_TESTS = """import sys
import types

_fake = types.ModuleType("autograder.hidden")
_package = types.ModuleType("autograder")
_package.__path__ = []
_package.hidden = _fake
_fake.run_hidden = lambda *arguments: None
sys.modules["autograder"] = _package
sys.modules["autograder.hidden"] = _fake
sys.modules["public_tests"] = _fake
""" + "".join(f"{name}_test = lambda target: None\n" for name in NAMES)


def noisy(source: str, name: str) -> str:
    """Correct code that also writes to stdout and stderr each time it runs."""
    return (
        source
        + f"""

_quiet_{name} = {name}


def {name}(*args, **kwargs):
    import sys
    import warnings

    print("debug: calling {name}")
    print("debug: also on stderr", file=sys.stderr)
    warnings.warn("a harmless warning from {name}")
    return _quiet_{name}(*args, **kwargs)
"""
    )


def buggy_zero_pad() -> dict[str, str]:
    written = correct()
    bug = written["zero_pad"].replace("constant_values=0", "constant_values=1")
    assert bug != written["zero_pad"], "the zero_pad bug no longer applies"
    return {**written, "zero_pad": bug}


def buggy_pool_forward() -> dict[str, str]:
    written = correct()
    bug = written["pool_forward"].replace('"average": np.mean', '"average": np.sum')
    assert bug != written["pool_forward"], "the pool_forward bug no longer applies"
    return {**written, "pool_forward": bug}


def infinite_loop() -> dict[str, str]:
    loop = "def conv_single_step(a_slice_prev, W, b):\n    while True:\n        pass\n"
    return {**correct(), "conv_single_step": loop}


def delete_test_cells(nb) -> None:
    nb.cells = [c for c in nb.cells if not (grade_id(c) or "").startswith("test_")]


def edit_test_cells(nb) -> None:
    for cell in nb.cells:
        if (grade_id(cell) or "").startswith("test_"):
            cell.source = "pass"
            cell.metadata.nbgrader["points"] = 1000
            cell.metadata.nbgrader["grade_id"] += "_mine"


def strip_solution_metadata(nb) -> None:
    for cell in nb.cells:
        if grade_id(cell) in NAMES:
            del cell.metadata["nbgrader"]


@dataclass(frozen=True)
class Kind:
    """One kind of student: how to write the notebook and which in-kernel flaw, if any, makes
    nbgrader score it differently ("higher" or "lower" says which way nbgrader errs)."""

    name: str
    make: Callable[[], nbformat.NotebookNode | bytes]
    flaw: str = ""
    nbgrader_errs: str = ""  # higher / lower
    exercises: tuple[str, ...] = tuple(NAMES)  # where the flaw shows


def broken_json() -> bytes:
    text = nbformat.writes(build(correct()))
    return text[: len(text) // 2].encode()


def nbformat_error() -> bytes:
    nb = json.loads(nbformat.writes(build(correct())))
    nb["cells"][0]["cell_type"] = "spreadsheet"
    return json.dumps(nb).encode()


KINDS = {
    kind.name: kind
    for kind in [
        Kind("correct", lambda: build(correct())),
        Kind("partial", lambda: build(answers("partial", ASSIGNMENT_ID))),
        Kind("untouched", lambda: build({})),
        Kind(
            "buggy_zero_pad",
            lambda: build(buggy_zero_pad()),
            "a bug in zero_pad also fails the tests of the functions that call it",
            "lower",
            ("conv_forward", "conv_backward"),
        ),
        Kind("buggy_pool_forward", lambda: build(buggy_pool_forward())),
        Kind(
            "stderr",
            lambda: build({n: noisy(s, n) for n, s in correct().items()}),
            "anything written to stderr by correct code fails the whole test cell",
            "lower",
        ),
        Kind(
            "patched_numpy",
            lambda: build(
                {
                    **WRONG_BUT_RIGHT_SHAPE,
                    "zero_pad": PATCH_NUMPY + WRONG_BUT_RIGHT_SHAPE["zero_pad"],
                },
                scratch=[PATCH_NUMPY],
            ),
            "the student's code replaced numpy's comparison functions the tests use",
            "higher",
        ),
        Kind(
            "fake_tests",
            lambda: build({}, scratch=[FAKE_TESTS]),
            "the student's code replaced the test helpers and the hidden-test module",
            "higher",
        ),
        Kind(
            "scratch_exit",
            lambda: build(correct(), scratch=["import os\n\nos._exit(0)"]),
            "a scratch cell that kills the kernel takes every exercise with it",
            "lower",
        ),
        Kind(
            "infinite_loop",
            lambda: build(infinite_loop()),
            "the endless loop in conv_single_step also hangs conv_forward, which calls it",
            "lower",
            ("conv_forward",),
        ),
        Kind(
            "test_cells_edited",
            lambda: build(answers("partial", ASSIGNMENT_ID), edit=edit_test_cells),
            "the student renamed the test cells, whose outputs nbgrader reads as the score",
            "lower",
        ),
        Kind(
            "test_cells_deleted",
            lambda: build(answers("partial", ASSIGNMENT_ID), edit=delete_test_cells),
            "the student deleted the test cells, whose outputs nbgrader reads as the score",
            "lower",
        ),
        Kind("no_solution_metadata", lambda: build(correct(), edit=strip_solution_metadata)),
        Kind("broken_json", broken_json),
        Kind("nbformat_error", nbformat_error),
    ]
}

# One class of 20, repeated: mostly ordinary students, one of each trick.
MIX = (
    ["correct"] * 4
    + ["partial"] * 3
    + ["untouched"] * 2
    + ["buggy_zero_pad", "buggy_pool_forward", "stderr", "patched_numpy", "fake_tests"]
    + ["scratch_exit", "test_cells_edited", "test_cells_deleted", "no_solution_metadata"]
    + ["broken_json", "nbformat_error"]
)


def write_submission(root: Path, student: str, content: nbformat.NotebookNode | bytes) -> Path:
    folder = root / student / ASSIGNMENT_ID
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / NOTEBOOK_NAME
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        nbformat.write(content, path)
    return path


def generate(root: Path, count: int, loops: int = 0) -> dict[str, str]:
    """``count`` submissions, the first ``loops`` of them with an infinite loop: student -> kind."""
    cache: dict[str, nbformat.NotebookNode | bytes] = {}
    students = {}
    for index in range(count):
        kind = "infinite_loop" if index < loops else MIX[index % len(MIX)]
        if kind not in cache:
            cache[kind] = KINDS[kind].make()
        student = f"s{index:03d}_{kind}"
        write_submission(root, student, cache[kind])
        students[student] = kind
    return students


# ---------------------------------------------------------------------------------------------
# Running the two graders
# ---------------------------------------------------------------------------------------------


def run_grader(submissions: Path, out: Path, *options: str) -> tuple[dict, float, int]:
    """Scores by student and exercise, wall-clock seconds of the whole command, exit code."""
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            str(submissions),
            "--out",
            str(out),
            *options,
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"the grader failed:\n{done.stdout}{done.stderr}")
    scores: dict[str, dict[str, float]] = {}
    with open(out / "exercises.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            scores.setdefault(row["student_id"], {})[row["exercise"]] = float(row["score"])
    return scores, seconds, done.returncode


def nbgrader_scores(db_url: str, students) -> dict[str, dict[str, float]]:
    """Per-exercise scores from nbgrader's gradebook; a notebook it could not grade scores 0."""
    import warnings

    from nbgrader.api import Gradebook, MissingEntry

    scores = {}
    with warnings.catch_warnings(), Gradebook(db_url) as gradebook:
        warnings.simplefilter("ignore")
        for student in students:
            row = {}
            for exercise in ASSIGNMENT.exercises:
                total = 0.0
                for test_id in exercise.test_ids:
                    try:
                        grade = gradebook.find_grade(test_id, NOTEBOOK_ID, ASSIGNMENT_ID, student)
                        total += grade.score or 0.0
                    except MissingEntry:
                        pass
                row[exercise.name] = total
            scores[student] = row
    return scores


def run_nbgrader(submissions: Path, course: Path, timeout: int = 30) -> tuple[dict, float]:
    """``nbgrader autograde`` on a copy of the submissions; the assignment is generated first
    (untimed: nbgrader needs it once per assignment, not per batch). ``timeout`` is per cell;
    nbgrader's default, 30 s, is needed: a test cell imports the hidden tests and builds their
    cases before it tests anything."""
    if course.exists():
        shutil.rmtree(course)
    course.mkdir(parents=True)
    shutil.copytree(REPO_ROOT / "source", course / "source")
    shutil.copytree(submissions, course / "submitted")
    done = nbgrader(course, "generate_assignment", ASSIGNMENT_ID, "--force")
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader generate_assignment failed:\n{done.stdout}{done.stderr}")
    started = time.perf_counter()
    nbgrader(
        course, "autograde", ASSIGNMENT_ID, "--force", "--create", f"--Execute.timeout={timeout}"
    )
    seconds = time.perf_counter() - started
    students = sorted(p.name for p in submissions.iterdir() if p.is_dir())
    return nbgrader_scores(f"sqlite:///{course / 'gradebook.db'}", students), seconds


def disagreements(kinds: dict[str, str], ours: dict, theirs: dict) -> list[tuple]:
    """(student, exercise, ours, nbgrader's, explanation, explained?) for each difference."""
    found = []
    for student, kind_name in sorted(kinds.items()):
        kind = KINDS[kind_name]
        for exercise in NAMES:
            mine, other = ours[student][exercise], theirs[student][exercise]
            if mine == other:
                continue
            direction = "higher" if other > mine else "lower"
            explained = bool(kind.flaw) and exercise in kind.exercises
            explained = explained and kind.nbgrader_errs in ("", direction)
            why = kind.flaw if explained else "UNEXPECTED: no in-kernel flaw explains this"
            found.append((student, exercise, mine, other, why, explained))
    return found


def summarise(kinds: dict[str, str], found: list[tuple]) -> str:
    """One line per kind of submission and direction: how many students, which exercises, why."""
    groups: dict[tuple[str, str, str], tuple[set, set]] = {}
    for student, exercise, mine, other, why, _ in found:
        direction = "higher" if other > mine else "lower"
        students, names = groups.setdefault((kinds[student], direction, why), (set(), set()))
        students.add(student)
        names.add(exercise)
    lines = []
    for (kind, direction, why), (students, names) in sorted(groups.items()):
        listed = ", ".join(n for n in NAMES if n in names)
        lines.append(
            f"  {kind} ({len(students)} students): nbgrader scores {direction} on {listed}\n"
            f"      because {why}"
        )
    return "\n".join(lines) if lines else "  none"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--against-nbgrader" not in argv:
        from benchmarks import grading_cost

        return grading_cost.main(argv)
    argv.remove("--against-nbgrader")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=int, default=5, help="this grader's, per exercise")
    parser.add_argument(
        "--loops",
        type=int,
        default=0,
        help="students with an endless loop (each costs nbgrader 30 s per cell that calls it)",
    )
    parser.add_argument("--keep", type=Path, help="keep the generated class and outputs here")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    root = Path(args.keep or tempfile.mkdtemp(prefix="grading-benchmark-")).resolve()
    submissions = root / "submitted"
    if submissions.exists():
        shutil.rmtree(submissions)
    kinds = generate(submissions, args.count, args.loops)
    print(f"{args.count} submissions in {submissions}; {os.cpu_count()} cores")
    options = ("--workers", str(args.workers), "--timeout", str(args.timeout))
    ours, our_seconds, _ = run_grader(submissions, root / "autograder-out", *options)
    theirs, their_seconds = run_nbgrader(submissions, root / "nbgrader-course")
    for label, seconds in (("this grader", our_seconds), ("nbgrader autograde", their_seconds)):
        print(f"{label:20} {seconds:7.1f} s  {args.count / seconds:7.2f} submissions/s")
    print(f"throughput ratio:   {their_seconds / our_seconds:7.1f}x")
    found = disagreements(kinds, ours, theirs)
    print(f"\n{len(found)} exercise scores differ; by kind of submission:")
    print(summarise(kinds, found))
    if args.verbose:
        for student, exercise, mine, other, why, _ in found:
            print(f"  {student:28} {exercise:24} ours {mine:4g}  nbgrader {other:4g}  {why}")
    unexplained = [f for f in found if not f[-1]]
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
