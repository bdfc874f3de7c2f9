"""A throw-away third notebook joins the series in a copy of the repository, and the engine is
left untouched.

The promise of the kit is that ``autograder/`` and ``coursekit/`` know no notebook by name: a
notebook is added by writing the notebook, its public cases, its hidden cases and its zoo, and
nothing else. Claims like that rot silently, one convenient ``if assignment == ...`` at a time,
so this test keeps it honest by doing exactly what a course author would do, in a temporary copy
of the repository (the real one is never written to):

- the notebook ``tiny_activations`` (``leaky_relu`` and ``leaky_relu_backward``) and its package
  ``assignments/tiny_activations/`` are copied from ``tests/fixtures/third_notebook/``;
- its public cases are spliced into the copy's ``public_tests.py``, in the style of the others;
- its id is appended to the copy's ``notebooks/series.toml``;

then it runs the course's own commands in the copy (hints, release, ``--check``, grading one
assignment, grading all of them, the mutation score) and checks what they produce, number by
number. Last, every file of ``autograder/`` and ``coursekit/`` must still have the digest it had
right after the copy.

Every command runs as a subprocess with the copy as working directory and as its only
``PYTHONPATH`` entry: importing the copy here would shadow the real modules this process uses.
The whole pipeline runs once, in a module fixture, and each test checks one of its outcomes.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import html
import itertools
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import public_tests
from autograder import course
from autograder.course import REPO_ROOT
from autograder.reports import feedback_path
from coursekit.examples import STUDENTS

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "third_notebook"
ID = "tiny_activations"
EXERCISES = {"leaky_relu": 40.0, "leaky_relu_backward": 60.0}  # the fixture notebook's points
PARTIAL_SCORE = 40  # the fixture's examples.py: leaky_relu right, leaky_relu_backward wrong
SCORES = {"complete": 100, "partial": PARTIAL_SCORE, "untouched": 0}
EXERCISE_SCORES = {
    "complete": {"leaky_relu": 40, "leaky_relu_backward": 60},
    "partial": {"leaky_relu": 40, "leaky_relu_backward": 0},
    "untouched": {"leaky_relu": 0, "leaky_relu_backward": 0},
}
# What the partial student's leaky_relu_backward does (the zoo's relu_gradient entry).
PARTIAL_MISTAKE = (
    "the gradient is stopped where x <= 0, as in a plain ReLU: multiply it by alpha there"
)
ENGINE = ("autograder", "coursekit")

# The notebook's public cases, in the style of the others: Case lists with the generated hints,
# one ``<function>_test`` each, an OUTPUT_NAMES and a PUBLIC_TESTS entry per function.
PUBLIC_CASES = """
# =============================================================================================
# Notebook 3, "Tiny activations" (tiny_activations): the public cases
# =============================================================================================


@_with_public_hints
def leaky_relu_cases() -> list[Case]:
    x = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    matrix = np.array([[1.0, -4.0], [-1.0, 2.0]])
    return [
        Case("notebook example", (x, 0.1), (np.array([-0.2, -0.05, 0.0, 0.5, 3.0]),)),
        Case("a matrix, alpha 0.5", (matrix, 0.5), (np.array([[1.0, -2.0], [-0.5, 2.0]]),)),
    ]


@_with_public_hints
def leaky_relu_backward_cases() -> list[Case]:
    x = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    dout = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    return [
        Case("notebook example", (np.ones(5), x, 0.1), (np.array([0.1, 0.1, 0.1, 1.0, 1.0]),)),
        Case("a varied upstream gradient", (dout, x, 0.5), (np.array([0.5, 1, 1.5, 4, 5.0]),)),
    ]


def leaky_relu_test(target):
    run_cases("leaky_relu", target, leaky_relu_cases())


def leaky_relu_backward_test(target):
    run_cases("leaky_relu_backward", target, leaky_relu_backward_cases())


"""
OUTPUT_NAMES_ENTRIES = (
    '    # notebook 3, tiny_activations\n    "leaky_relu": ("out",),\n'
    '    "leaky_relu_backward": ("dx",),\n'
)
PUBLIC_TESTS_ENTRIES = (
    '    "leaky_relu": leaky_relu_test,\n    "leaky_relu_backward": leaky_relu_backward_test,\n'
)


def tracked_files() -> list[str]:
    done = subprocess.run(["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=True)
    return [name for name in done.stdout.decode().split("\0") if name]


def copy_repository(target: Path) -> None:
    """The files git tracks, as the working tree has them (a file deleted there is left out):
    no virtualenv, no ``out/``, no cache, nothing a local run left behind."""
    for name in tracked_files():
        source = REPO_ROOT / name
        if os.path.lexists(source):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name, follow_symlinks=False)


def engine_digests(root: Path) -> dict[str, str]:
    """sha256 of every file of the engine, by path. ``__pycache__`` is left out: Python writes
    bytecode there whenever the copy is imported, which is not a change to the engine."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for package in ENGINE
        for path in sorted((root / package).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def add_to_dict(text: str, name: str, entries: str) -> str:
    """Insert lines before the closing brace of the top-level ``NAME = {`` literal."""
    start = text.index(f"\n{name} = {{\n")
    end = text.index("\n}\n", start) + 1
    return text[:end] + entries + text[end:]


def add_notebook(root: Path) -> None:
    """What a course author writes for a new notebook, and nothing else."""
    shutil.copytree(FIXTURES / "notebooks", root / "notebooks", dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "assignments", root / "assignments", dirs_exist_ok=True)
    path = root / "public_tests.py"
    text = path.read_text(encoding="utf-8")
    text = add_to_dict(text, "OUTPUT_NAMES", OUTPUT_NAMES_ENTRIES)
    text = text.replace("\nPUBLIC_TESTS = {\n", PUBLIC_CASES + "PUBLIC_TESTS = {\n", 1)
    text = add_to_dict(text, "PUBLIC_TESTS", PUBLIC_TESTS_ENTRIES)
    path.write_text(text, encoding="utf-8")
    series = root / "notebooks" / "series.toml"
    ids = [*course.assignment_ids(), ID]
    lines = series.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [
        f"assignments = {json.dumps(ids)}\n" if ln.startswith("assignments =") else ln
        for ln in lines
    ]
    series.write_text("".join(lines), encoding="utf-8")


def environment(root: Path) -> dict[str, str]:
    """This process's environment with the copy as the only extra import path. A gradebook URL
    from the environment would send the copy's grades elsewhere, so it is dropped."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AUTOGRADER_DB_URL")}
    env["PYTHONPATH"] = str(root)
    env["MPLBACKEND"] = "Agg"
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    """``python ARGS`` in the copy; every command of the pipeline must succeed."""
    done = subprocess.run(
        [sys.executable, *args],
        cwd=root,
        env=environment(root),
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        pytest.fail(
            f"`python {' '.join(args)}` exited {done.returncode} in the copy:\n"
            f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
        )
    return done


@dataclass
class Course:
    """The copy after the pipeline ran, and what each command said."""

    root: Path
    original_public_tests: str
    before: dict[str, str]
    after: dict[str, str]
    imported: list[str]
    hints: str
    check: str
    one: Path  # OUT of grading --assignment tiny_activations
    every: Path  # OUT of grading every assignment
    mutation: str


@pytest.fixture(scope="module")
def third(tmp_path_factory) -> Course:
    """Copy, add the notebook, run every command once. The commands take about a hundred
    seconds together (the release is built twice, once by ``--check``), so the tests below
    share one run instead of each paying for it."""
    scratch = tmp_path_factory.mktemp("third_notebook")
    root = scratch / "repository"
    copy_repository(root)
    before = engine_digests(root)
    original = (root / "public_tests.py").read_text(encoding="utf-8")
    add_notebook(root)
    imported = run(
        root,
        "-c",
        "import autograder.course as c, public_tests as p, assignments as a\n"
        "print(c.REPO_ROOT, p.__file__, a.__file__, ','.join(c.assignment_ids()), sep='\\n')",
    ).stdout.splitlines()
    hints = run(root, "-m", "autograder.zoo.public_hints").stdout
    run(root, "-m", "coursekit.release")
    check = run(root, "-m", "coursekit.release", "--check").stdout
    one, every = scratch / "out_one", scratch / "out_every"
    grade = ("-m", "autograder", "grade", "examples/submissions", "--workers", "2", "--out")
    run(root, *grade, str(one), "--assignment", ID)
    run(root, *grade, str(every))
    mutation = run(root, "-m", "autograder", "mutation-score", "--assignment", ID).stdout
    after = engine_digests(root)
    return Course(root, original, before, after, imported, hints, check, one, every, mutation)


def rows(path: Path) -> list[dict[str, str]]:
    """A CSV table the grader wrote, as dictionaries, in the order written."""
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def gradebook(out: Path, query: str) -> list[tuple]:
    """Read nbgrader's SQLite gradebook directly: its tables are what ``nbgrader export`` and
    formgrader read, and opening it through nbgrader's API would cost an alembic start-up."""
    with sqlite3.connect(out / "gradebook.db") as db:
        return db.execute(query).fetchall()


GRADE_CELLS = (
    "SELECT a.name, b.name, g.max_score FROM grade_cells g JOIN base_cell b ON b.id = g.id "
    "JOIN notebook n ON n.id = b.notebook_id JOIN assignment a ON a.id = n.assignment_id"
)
TOTALS = (
    "SELECT st.id, a.name, SUM(grade.auto_score) FROM grade "
    "JOIN submitted_notebook sn ON grade.notebook_id = sn.id "
    "JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
    "JOIN assignment a ON sa.assignment_id = a.id "
    "JOIN student st ON sa.student_id = st.id GROUP BY st.id, a.name"
)


def test_the_fixture_states_the_partial_score_this_test_expects():
    """The expected score is written here as a number; the fixture's PARTIAL_SCORE must agree,
    read from its text so that the copy's modules are never imported here."""
    tree = ast.parse((FIXTURES / "assignments" / ID / "examples.py").read_text())
    stated = [
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and node.targets[0].id == "PARTIAL_SCORE"
    ]
    assert stated == [PARTIAL_SCORE]


def test_the_commands_ran_the_copy_with_three_notebooks(third):
    """Otherwise the test would prove nothing: the real engine must not be what ran."""
    root = third.root
    assert third.imported == [
        str(root),
        str(root / "public_tests.py"),
        str(root / "assignments" / "__init__.py"),
        ",".join([*course.assignment_ids(), ID]),
    ]


def test_public_hints_add_the_new_mistakes_and_keep_the_others(third):
    """The generator found the new zoo by itself; the hints of notebooks 1 and 2 are unchanged
    and the new ones come last, in series order."""
    text = (third.root / "public_tests.py").read_text(encoding="utf-8")
    begin, end = "# --- generated by", "# --- end of generated block ---"
    old = third.original_public_tests
    old_block = old[old.index(begin) : old.index(end)]
    new_block = text[text.index(begin) : text.index(end)]
    kept = old_block.removesuffix("}\n# fmt: on\n")
    assert new_block.startswith(kept)
    added = new_block[len(kept) :]
    assert ast.literal_eval("{" + added.removesuffix("# fmt: on\n")) == {
        ("leaky_relu", "a matrix, alpha 0.5"): [
            (
                "alpha is ignored, as in a plain ReLU: use alpha * x where x <= 0",
                ([[1.0, 0.0], [0.0, 2.0]],),
            ),
            (
                "alpha multiplies the positive entries instead of the others: "
                "np.where(x > 0, x, alpha * x)",
                ([[0.5, -4.0], [-1.0, 1.0]],),
            ),
        ],
        ("leaky_relu_backward", "notebook example"): [
            (PARTIAL_MISTAKE, ([0.0, 0.0, 0.0, 1.0, 1.0],)),
        ],
        ("leaky_relu_backward", "a varied upstream gradient"): [
            (
                "dx is the slope without the upstream gradient: multiply it by dout",
                ([0.5, 0.5, 0.5, 1.0, 1.0],),
            ),
        ],
    }
    hints = sum(len(found) for found in public_tests.PUBLIC_HINTS.values())
    cases = len(public_tests.PUBLIC_HINTS)
    assert f"PUBLIC_HINTS holds {hints + 4} hints on {cases + 3} cases." in third.hints


def test_release_check_passes_with_the_new_notebook(third):
    """``--check`` rebuilds from scratch and compares: the new folders are reproducible."""
    assert "are in sync with notebooks/" in third.check


def test_release_of_the_new_notebook_gives_nothing_away(third):
    """The same secrecy as for the real notebooks: no solution, no hidden test, named stubs;
    the source keeps both hidden blocks, so nbgrader autograde could still run them."""
    folder = third.root / "release" / ID
    assert sorted(p.name for p in folder.iterdir()) == ["public_tests.py", f"{ID}.ipynb"]
    assert (folder / "public_tests.py").read_bytes() == (
        third.root / "public_tests.py"
    ).read_bytes()
    text = (folder / f"{ID}.ipynb").read_text(encoding="utf-8")
    for secret in (
        "BEGIN SOLUTION",
        "BEGIN HIDDEN TESTS",
        "run_hidden",
        "hidden_tests",
        "np.where(x > 0, x, alpha * x)",
        "np.where(x > 0, 1.0, alpha)",
    ):
        assert secret not in text
    for number, name in enumerate(EXERCISES, start=1):
        assert f"Exercise {number} ({name}) is not written yet" in text
    source = (third.root / "source" / ID / f"{ID}.ipynb").read_text(encoding="utf-8")
    assert source.count(f'run_hidden(\\"{ID}\\", ') == 2


def test_example_students_hand_in_the_new_notebook(third):
    """The three example students are made for every notebook of the series, the partial one
    from the fixture's examples.py (its bug replaces the slope with the ReLU's mask)."""
    for student in STUDENTS:
        path = third.root / "examples" / "submissions" / student / ID / f"{ID}.ipynb"
        text = path.read_text(encoding="utf-8")
        assert ("is not written yet" in text) == (student == "untouched"), student
        assert ("dout * (x > 0)" in text) == (student == "partial"), student


def test_grading_the_new_notebook_alone(third):
    """``--assignment`` grades only the new notebook although SUBMISSIONS holds all three; the
    tables, the feedback (naming the partial student's mistake from the new zoo) and nbgrader's
    gradebook all know it."""
    out = third.one
    assert rows(out / "grades.csv") == [
        {"student_id": s, "assignment": ID, "score": str(SCORES[s]), "max_score": "100"}
        for s in STUDENTS
    ]
    exercises = {(r["student_id"], r["exercise"]): r for r in rows(out / "exercises.csv")}
    assert {k: float(r["score"]) for k, r in exercises.items()} == {
        (s, name): score for s, scores in EXERCISE_SCORES.items() for name, score in scores.items()
    }
    assert exercises[("partial", "leaky_relu_backward")]["message"].startswith(
        "leaky_relu_backward failed 5 of 5 cases."
    )
    page = feedback_path(out, "partial", ID).read_text(encoding="utf-8")
    assert f"your output matches what happens when {html.escape(PARTIAL_MISTAKE)}" in page
    assert gradebook(out, "SELECT name FROM assignment") == [(ID,)]
    assert sorted(gradebook(out, GRADE_CELLS)) == [
        (ID, f"test_{name}", points) for name, points in EXERCISES.items()
    ]
    assert sorted(gradebook(out, TOTALS)) == [(s, ID, float(SCORES[s])) for s in STUDENTS]


def test_grading_every_notebook_at_once(third):
    """One row per student and assignment, three notebooks by three students; the other
    notebooks score what their own examples.py says, as without the third one."""
    ids = [*course.assignment_ids(), ID]
    scores = {ID: SCORES}
    for assignment in course.series():
        partial = assignment.module("examples").PARTIAL_SCORE
        scores[assignment.id] = {"complete": 100, "partial": partial, "untouched": 0}
    expected = {(s, a): scores[a][s] for s, a in itertools.product(STUDENTS, ids)}
    grades = rows(third.every / "grades.csv")
    assert len(grades) == 3 * 3
    assert [(r["student_id"], r["assignment"]) for r in grades] == list(
        itertools.product(STUDENTS, ids)
    )
    assert {(r["student_id"], r["assignment"]): float(r["score"]) for r in grades} == expected
    assert sorted(gradebook(third.every, "SELECT name FROM assignment")) == sorted(
        (i,) for i in ids
    )
    assert {(s, a): t for s, a, t in gradebook(third.every, TOTALS)} == expected


def test_mutation_score_of_the_new_notebook_is_perfect(third):
    """Columns: public wrong rejected, public correct accepted, full wrong rejected, full
    correct accepted; 2 wrong and 1 correct entries per function."""
    table = third.mutation
    for name in EXERCISES:
        assert re.search(rf"^{name} +2/2 +1/1 +2/2 +1/1$", table, re.MULTILINE), table
    assert re.search(r"^total +4/4 +2/2 +4/4 +2/2$", table, re.MULTILINE), table
    assert "full grading: every wrong entry rejected, every correct entry accepted." in table


def test_the_engine_was_not_changed(third):
    """The point of the whole exercise: every engine file the copy started with (all of the
    tracked ones) is byte-identical after the notebook was added, released and graded."""
    assert "autograder/course.py" in third.before and "coursekit/release.py" in third.before
    assert len(third.before) == len(
        [n for n in tracked_files() if n.startswith(tuple(f"{p}/" for p in ENGINE))]
    )
    assert third.after == third.before
