"""A class of submissions made from the release, one per thing the batch grader must get right.

Each student names the case it stands for; ``EXPECTED`` gives the total it must score and the
status of the exercises that matter. The notebooks are real: the release with cells filled in,
added, edited or deleted, written with nbformat.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from autograder.course import REPO_ROOT
from benchmarks.grading import (
    ASSIGNMENT_ID,
    FAKE_TESTS,
    NOTEBOOK_NAME,
    PATCH_NUMPY,
    WRONG_BUT_RIGHT_SHAPE,
    broken_json,
    buggy_zero_pad,
    build,
    correct,
    delete_test_cells,
    edit_test_cells,
    infinite_loop,
    nbformat_error,
    noisy,
    strip_solution_metadata,
    write_submission,
)
from coursekit.examples import answers

TIMEOUT = 3  # seconds per exercise in the test batch: correct code needs well under one

SECRETS_PROBE = f"""def zero_pad(X, pad):
    import importlib.util
    import os
    import sys

    secrets = ("hidden_tests.py", "reference.py", "conv_step_by_step.py", "autograder",
               "assignments", "notebooks", "source", "gradebook.db")
    found = []
    for folder, folders, files in os.walk(os.getcwd()):
        # A virtual environment under /tmp is carried into the private /tmp: Python, not ours.
        folders[:] = [f for f in folders if os.path.join(folder, f) != sys.prefix]
        found += [os.path.join(folder, f) for f in files]
    folder = os.getcwd()
    while True:
        try:
            names = os.listdir(folder)
        except PermissionError:  # a folder it may not list shows it nothing
            names = []
        found += [os.path.join(folder, n) for n in names if n in secrets]
        if os.path.dirname(folder) == folder:
            break
        folder = os.path.dirname(folder)
    for entry in sys.path:
        if os.path.isdir(entry):
            found += [os.path.join(entry, n) for n in os.listdir(entry) if n in secrets]
    for module in ("autograder", "autograder.hidden", "assignments", "hidden_tests", "reference"):
        try:
            if importlib.util.find_spec(module):
                found.append("import " + module)
        except Exception:
            pass
    found += [k for k, v in os.environ.items() if {str(REPO_ROOT)!r} in v or "autograder" in v]
    if os.environ.get("PYTHONPATH"):
        found.append("PYTHONPATH")
    if found:
        raise RuntimeError(f"the student process can see: {{found}}")
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
"""

# A student id that a spreadsheet would run as a formula when it opens grades.csv.
SPREADSHEET_FORMULA = '=HYPERLINK("example.invalid","click")'

LIARS = {
    "zero_pad": """class Agreeable(np.ndarray):
    def __eq__(self, other):
        return True


def zero_pad(X, pad):
    m, n_H, n_W, n_C = X.shape
    return np.zeros((m, n_H + 2 * pad, n_W + 2 * pad, n_C)).view(Agreeable)
""",
    "conv_single_step": """class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __float__(self):
        raise SystemExit


def conv_single_step(a_slice_prev, W, b):
    return AlwaysEqual()
""",
    "distribute_value": """def distribute_value(dz, shape):
    raise ValueError("<script>alert('owned')</script>")
""",
}


def _with(name: str, source: str, base: dict[str, str] | None = None) -> dict[str, str]:
    return {**(correct() if base is None else base), name: source}


def _drop_cell(grade_id: str):
    def edit(nb):
        nb.cells = [
            c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != grade_id
        ]

    return edit


def _notebooks() -> dict[str, object]:
    """Student id -> notebook (or raw bytes) for the readable-notebook cases."""
    return {
        "complete": build(correct()),
        "partial": build(answers("partial", ASSIGNMENT_ID)),
        "untouched": build({}),
        "patched_numpy_wrong_everywhere": build(
            {**WRONG_BUT_RIGHT_SHAPE, "zero_pad": PATCH_NUMPY + WRONG_BUT_RIGHT_SHAPE["zero_pad"]},
            scratch=[PATCH_NUMPY],
        ),
        "fake_test_modules": build({}, scratch=[FAKE_TESTS]),
        "fake_test_modules_in_solution_cell": build(
            {"zero_pad": FAKE_TESTS + WRONG_BUT_RIGHT_SHAPE["zero_pad"]}
        ),
        "infinite_loop_in_conv_single_step": build(infinite_loop()),
        "scratch_cell_os_exit": build(correct(), scratch=["import os\n\nos._exit(1)"]),
        "scratch_cell_infinite_loop": build(correct(), scratch=["while True:\n    pass"]),
        "os_exit_in_conv_single_step": build(
            _with(
                "conv_single_step",
                "def conv_single_step(a, W, b):\n    import os\n    os._exit(3)\n",
            )
        ),
        "kills_the_grader_process": build(
            _with(
                "zero_pad",
                "def zero_pad(X, pad):\n    import os, signal\n"
                "    os.kill(os.getppid(), signal.SIGKILL)\n",
            )
        ),
        "prints_and_stderr": build({n: noisy(s, n) for n, s in correct().items()}),
        "buggy_zero_pad": build(buggy_zero_pad()),
        "test_cells_deleted": build(answers("partial", ASSIGNMENT_ID), edit=delete_test_cells),
        "test_cells_edited": build(answers("partial", ASSIGNMENT_ID), edit=edit_test_cells),
        "no_solution_metadata": build(correct(), edit=strip_solution_metadata),
        "memory_hog": build(
            _with("zero_pad", "def zero_pad(X, pad):\n    return np.ones((2**17, 2**17))\n")
        ),
        "huge_output": build(
            _with(
                "distribute_value",
                "def distribute_value(dz, shape):\n    return np.zeros(6 * 10**6)\n",
            )
        ),
        "secrets_probe": build({"zero_pad": SECRETS_PROBE}),
        "syntax_error_in_conv_forward": build(
            _with("conv_forward", "def conv_forward(A_prev, W, b, hparameters)\n    return 1\n")
        ),
        "pool_backward_cell_deleted": build(correct(), edit=_drop_cell("pool_backward")),
        "lying_return_values": build({**correct(), **LIARS}),
        "complex_values": build(
            _with(
                "zero_pad",
                "def zero_pad(X, pad):\n"
                "    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0))) + 1e9j\n",
            )
        ),
        SPREADSHEET_FORMULA: build(correct()),
        "broken_json": broken_json(),
        "nbformat_error": nbformat_error(),
        "not_a_notebook_pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    }


# student -> (total, {exercise: status} for the exercises that matter)
EXPECTED: dict[str, tuple[float, dict[str, str]]] = {
    "complete": (100, {}),
    "partial": (60, {"conv_backward": "failed", "pool_backward": "failed"}),
    "untouched": (0, {"zero_pad": "failed"}),
    "patched_numpy_wrong_everywhere": (0, {}),
    "fake_test_modules": (0, {}),
    "fake_test_modules_in_solution_cell": (0, {"zero_pad": "failed"}),
    "infinite_loop_in_conv_single_step": (90, {"conv_single_step": "timeout"}),
    "scratch_cell_os_exit": (100, {}),
    "scratch_cell_infinite_loop": (100, {}),
    "os_exit_in_conv_single_step": (90, {"conv_single_step": "error"}),
    # It cannot even see the grader: its os.getppid() is 0 in a PID namespace of its own, and
    # the signal reaches no one, so its zero_pad just returns None.
    "kills_the_grader_process": (95, {"zero_pad": "failed"}),
    "prints_and_stderr": (100, {}),
    "buggy_zero_pad": (95, {"zero_pad": "failed", "conv_forward": "passed"}),
    "test_cells_deleted": (60, {}),
    "test_cells_edited": (60, {}),
    "no_solution_metadata": (100, {}),
    "memory_hog": (95, {"zero_pad": "error"}),
    "huge_output": (95, {"distribute_value": "error"}),
    "secrets_probe": (5, {"zero_pad": "passed"}),
    "syntax_error_in_conv_forward": (80, {"conv_forward": "error"}),
    "pool_backward_cell_deleted": (80, {"pool_backward": "missing"}),
    "complex_values": (95, {"zero_pad": "failed"}),
    SPREADSHEET_FORMULA: (100, {}),
    "lying_return_values": (
        80,
        {"zero_pad": "failed", "conv_single_step": "failed", "distribute_value": "failed"},
    ),
    "broken_json": (0, {"zero_pad": "error"}),
    "nbformat_error": (0, {"zero_pad": "error"}),
    "not_a_notebook_pdf": (0, {"zero_pad": "error"}),
    "missing_notebook": (0, {"zero_pad": "missing"}),
    "renamed_notebook": (0, {"zero_pad": "missing"}),
    "renamed_assignment_folder": (0, {"zero_pad": "missing"}),
    "empty_folder": (0, {"zero_pad": "missing"}),
}

# student -> words its messages must contain
MESSAGES = {
    "complex_values": "holds complex numbers (dtype complex128), but the values of this exercise",
    "broken_json": "is not valid JSON (line",
    "nbformat_error": "is not a valid notebook (nbformat: cell 1",
    "not_a_notebook_pdf": "is not a notebook: it is a PDF document",
    "missing_notebook": "found only 'answers.py', which is not a notebook",
    "renamed_notebook": "found 'my_conv_work.ipynb'. The notebook must keep its name",
    "renamed_assignment_folder": "found 'conv_step_by_step_final' instead",
    "empty_folder": "Your submission folder is empty",
    "pool_backward_cell_deleted": "No cell defines pool_backward",
    "infinite_loop_in_conv_single_step": "did not finish within 3 seconds",
    "os_exit_in_conv_single_step": "exited with code 3",
    "kills_the_grader_process": "X_pad should be a numpy array, but it is a NoneType",
    "memory_hog": "ran out of memory",
    "huge_output": "sent back more than 32 MB",
    "syntax_error_in_conv_forward": "could not run (line 1): ",
    "no_solution_metadata": "Graded the last cell that defines",
}

UNREADABLE = {
    "broken_json",
    "nbformat_error",
    "not_a_notebook_pdf",
    "missing_notebook",
    "renamed_notebook",
    "renamed_assignment_folder",
    "empty_folder",
}


def write_class(root: Path) -> Path:
    """Every student of EXPECTED in nbgrader's submitted layout under ``root``."""
    for student, content in _notebooks().items():
        write_submission(root, student, content)
    (root / "missing_notebook" / ASSIGNMENT_ID).mkdir(parents=True)
    (root / "missing_notebook" / ASSIGNMENT_ID / "answers.py").write_text("x = 1\n")
    write_submission(root, "renamed_notebook", build(correct()))
    notebook = root / "renamed_notebook" / ASSIGNMENT_ID / NOTEBOOK_NAME
    notebook.rename(notebook.with_name("my_conv_work.ipynb"))
    write_submission(root, "renamed_assignment_folder", build(correct()))
    folder = root / "renamed_assignment_folder" / ASSIGNMENT_ID
    folder.rename(folder.with_name(f"{ASSIGNMENT_ID}_final"))
    (root / "empty_folder").mkdir()
    assert set(p.name for p in root.iterdir()) == set(EXPECTED)
    return root


def read_rows(out: Path, name: str) -> list[dict[str, str]]:
    with open(out / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under ``root`` with the hash of its bytes, to show nothing was written there."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    } | {str(p.relative_to(root)) + "/": "dir" for p in root.rglob("*") if p.is_dir()}


__all__ = ["REPO_ROOT"]
