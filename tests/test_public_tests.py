"""The public and hidden tests pass the reference, reject wrong code with a useful message, and
accept correct code written another way."""

from __future__ import annotations

import inspect
import os
import re
import shutil
import subprocess
import sys

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

import public_tests
from autograder import course, zoo
from autograder.course import REPO_ROOT
from autograder.hidden import run_hidden as run_hidden_of
from autograder.reference import reference
from coursekit.examples import fill, solved

REF = reference("conv_step_by_step")
REF_SOURCES = {e.name: solved(e.solution_source) for e in course.get("conv_step_by_step").exercises}
NAMES = [name for name in public_tests.PUBLIC_TESTS if hasattr(REF, name)]


def run_hidden(name, target):
    run_hidden_of("conv_step_by_step", name, target)


@pytest.mark.parametrize("name", NAMES)
def test_reference_passes_public_and_hidden_tests(name, capsys):
    public_tests.PUBLIC_TESTS[name](getattr(REF, name))
    run_hidden(name, getattr(REF, name))
    assert "all" in capsys.readouterr().out


# --- One realistic wrong implementation per function, and the words its failure must contain ---


def pad_one_side(X, pad):
    return np.pad(X, ((0, 0), (pad, 0), (pad, 0), (0, 0)))


def bias_not_taken_out(a_slice_prev, W, b):
    return np.sum(a_slice_prev * W) + b


def corner_ignores_stride(A_prev, W, b, hparameters):
    stride, pad = hparameters["stride"], hparameters["pad"]
    f, n_C = W.shape[0], W.shape[3]
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    padded = REF.zero_pad(A_prev, pad)
    Z = np.zeros((m, n_H, n_W, n_C))
    for i, h, w, c in np.ndindex(Z.shape):
        window = padded[i, h : h + f, w : w + f, :]
        Z[i, h, w, c] = np.sum(window * W[..., c]) + b[0, 0, 0, c]
    return Z, (A_prev, W, b, hparameters)


def pool_across_channels(A_prev, hparameters, mode="max"):
    f, stride = hparameters["f"], hparameters["stride"]
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    A = np.zeros((m, (n_H_prev - f) // stride + 1, (n_W_prev - f) // stride + 1, n_C))
    summarise = np.max if mode == "max" else np.mean
    for i, h, w, c in np.ndindex(A.shape):
        A[i, h, w, c] = summarise(
            A_prev[i, h * stride : h * stride + f, w * stride : w * stride + f]
        )
    return A, (A_prev, hparameters)


def unpad_with_negative_end(dZ, cache):
    A_prev, W, b, hparameters = cache
    pad = hparameters["pad"]
    dA_prev, dW, db = REF.conv_backward(dZ, cache)
    padded = REF.zero_pad(dA_prev, pad)
    return padded[:, pad:-pad, pad:-pad, :], dW, db


def mask_of_minimum(x):
    return x == np.min(x)


def integer_division(dz, shape):
    return np.full(shape, dz // (shape[0] * shape[1]))


def assign_instead_of_add(dA, cache, mode="max"):
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    dA_prev = np.zeros(A_prev.shape)
    for i, h, w, c in np.ndindex(dA.shape):
        rows, cols = slice(h * stride, h * stride + f), slice(w * stride, w * stride + f)
        if mode == "max":
            window = A_prev[i, rows, cols, c]
            dA_prev[i, rows, cols, c] = (window == window.max()) * dA[i, h, w, c]
        else:
            dA_prev[i, rows, cols, c] = dA[i, h, w, c] / (f * f)
    return dA_prev


WRONG = {
    "zero_pad": (pad_one_side, 'case "one 2x2 image, pad 1"', "has the wrong shape"),
    "conv_single_step": (bias_not_taken_out, "all 3 cases:", "b.item()"),
    "conv_forward": (
        corner_ignores_stride,
        '"4x4 input, 2x2 filter of ones, stride 2"',
        "first is at index (0, 0, 1, 0): expected 18, got 14",
    ),
    "pool_forward": (
        pool_across_channels,
        '"2 channels pooled separately, max"',
        "expected 4, got 8",
    ),
    "conv_backward": (
        unpad_with_negative_end,
        '"3x3 input, stride 1: windows overlap"',
        "dA_prev has the wrong shape: expected (1, 3, 3, 1), got (1, 0, 0, 1)",
    ),
    "create_mask_from_window": (
        mask_of_minimum,
        '"maximum in the bottom-left corner"',
        "expected 0, got 1",
    ),
    "distribute_value": (
        integer_division,
        '"an integer that does not divide evenly"',
        "integer dtype",
    ),
    "pool_backward": (
        assign_instead_of_add,
        '"3x3 input, stride 1: overlapping windows, average"',
        "first is at index (0, 0, 1, 0): expected 0.75, got 0.5",
    ),
}


@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_implementation_fails_with_a_message_that_names_the_problem(name):
    wrong, case_words, problem_words = WRONG[name]
    with pytest.raises(AssertionError) as failure:
        public_tests.PUBLIC_TESTS[name](wrong)
    message = str(failure.value)
    assert case_words in message
    assert problem_words in message


def test_an_unfinished_function_is_reported_as_not_implemented():
    def stub(X, pad):
        raise NotImplementedError()

    with pytest.raises(AssertionError, match="zero_pad is not implemented yet"):
        public_tests.zero_pad_test(stub)


def test_a_crash_names_the_line_that_raised():
    def crashing(X, pad):
        return X[pad, pad, pad, pad, pad]

    with pytest.raises(AssertionError, match=r"in crashing, line \d+: return X\[pad"):
        public_tests.zero_pad_test(crashing)


def test_modifying_an_input_in_place_is_reported():
    def pads_and_scribbles(X, pad):
        X[...] = 0
        return REF.zero_pad(X, pad)

    with pytest.raises(AssertionError, match="changed its argument number 1 in place"):
        public_tests.zero_pad_test(pads_and_scribbles)


# --- Correct implementations written differently from the reference must pass everything ---


def zero_pad_by_assignment(X, pad):
    m, n_H, n_W, n_C = X.shape
    out = np.zeros((m, n_H + 2 * pad, n_W + 2 * pad, n_C))
    out[:, pad : pad + n_H, pad : pad + n_W, :] = X
    return out


def conv_single_step_squeeze(a_slice_prev, W, b):
    print("debug: computing one step")
    return np.tensordot(a_slice_prev, W, axes=3) + np.squeeze(b)


def conv_forward_vectorized(A_prev, W, b, hparameters):
    stride, pad = hparameters["stride"], hparameters["pad"]
    f = W.shape[0]
    padded = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (f, f), axis=(1, 2))
    windows = windows[:, ::stride, ::stride]  # (m, n_H, n_W, n_C_prev, f, f)
    Z = np.einsum("mhwkuv,uvkc->mhwc", windows, W) + b.reshape(1, 1, 1, -1)
    return Z, (A_prev, W, b, hparameters)


def pool_forward_vectorized(A_prev, hparameters, mode="max"):
    f, stride = hparameters["f"], hparameters["stride"]
    windows = np.lib.stride_tricks.sliding_window_view(A_prev, (f, f), axis=(1, 2))
    windows = windows[:, ::stride, ::stride]
    reduce = np.max if mode == "max" else np.mean
    return reduce(windows, axis=(-2, -1)), (A_prev, hparameters)


def conv_backward_channel_first_loops(dZ, cache):
    A_prev, W, b, hparameters = cache
    stride, pad = hparameters["stride"], hparameters["pad"]
    f = W.shape[0]
    padded = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    d_padded = np.zeros_like(padded)
    dW = np.zeros_like(W)
    for c in range(dZ.shape[3]):
        for i in range(dZ.shape[0]):
            for w in range(dZ.shape[2]):
                for h in range(dZ.shape[1]):
                    rows = slice(h * stride, h * stride + f)
                    cols = slice(w * stride, w * stride + f)
                    d_padded[i, rows, cols, :] += W[..., c] * dZ[i, h, w, c]
                    dW[..., c] += padded[i, rows, cols, :] * dZ[i, h, w, c]
    db = dZ.sum(axis=(0, 1, 2)).reshape(b.shape)
    n_H_prev, n_W_prev = A_prev.shape[1:3]
    return d_padded[:, pad : pad + n_H_prev, pad : pad + n_W_prev, :], dW, db


def mask_as_integers(x):
    return (x >= x.max()).astype(int)


def distribute_value_with_ones(dz, shape):
    return np.ones(shape) * (dz / np.prod(shape))


def pool_backward_without_helpers(dA, cache, mode="max"):
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    dA_prev = np.zeros_like(A_prev, dtype=float)
    for i, h, w, c in np.ndindex(dA.shape):
        rows, cols = slice(h * stride, h * stride + f), slice(w * stride, w * stride + f)
        window = A_prev[i, rows, cols, c]
        share = (window == window.max()) if mode == "max" else np.full(window.shape, 1 / f**2)
        dA_prev[i, rows, cols, c] += share * dA[i, h, w, c]
    return dA_prev


CORRECT = {
    "zero_pad": zero_pad_by_assignment,
    "conv_single_step": conv_single_step_squeeze,
    "conv_forward": conv_forward_vectorized,
    "pool_forward": pool_forward_vectorized,
    "conv_backward": conv_backward_channel_first_loops,
    "create_mask_from_window": mask_as_integers,
    "distribute_value": distribute_value_with_ones,
    "pool_backward": pool_backward_without_helpers,
}


@pytest.mark.parametrize("name", NAMES)
def test_a_correct_implementation_written_differently_passes_public_and_hidden(name):
    public_tests.PUBLIC_TESTS[name](CORRECT[name])
    run_hidden(name, CORRECT[name])


# --- The command line: python public_tests.py [NOTEBOOK.ipynb] ---------------------------------

PARTIAL = REPO_ROOT / "examples/submissions/partial/conv_step_by_step/conv_step_by_step.ipynb"
RELEASE = REPO_ROOT / "release/conv_step_by_step"


def _notebook_with(**sources: str) -> nbformat.NotebookNode:
    """The release with some solution cells replaced (by grade id)."""
    notebook = nbformat.read(RELEASE / "conv_step_by_step.ipynb", as_version=4)
    notebook = fill(notebook, "complete", "conv_step_by_step")
    for cell in notebook.cells:
        if cell.id in sources:
            cell.source = sources[cell.id]
    return notebook


def _run_main(capsys, path) -> tuple[int, list[str]]:
    code = public_tests.main([str(path)])
    return code, capsys.readouterr().out.splitlines()


def _line_of(lines: list[str], name: str) -> str:
    return next(line for line in lines if line.split()[:1] == [name])


def test_command_line_prints_one_line_per_function_and_the_first_failing_case(capsys):
    code, lines = _run_main(capsys, PARTIAL)
    assert code == 1
    assert lines[0].startswith("Testing the functions of conv_step_by_step.ipynb as it was last ")
    assert "save the notebook first" in lines[0]
    assert _line_of(lines, "zero_pad") == "zero_pad                 passed (4 cases)"
    assert _line_of(lines, "conv_backward") == "conv_backward            failed 1 of 3 cases"
    assert _line_of(lines, "pool_backward").endswith("not implemented yet (exercise 8)")
    below = lines[lines.index(_line_of(lines, "conv_backward")) + 1 :]
    assert below[:3] == [
        "    Hint: this error is what happens when the padding is cut off with [pad:-pad], which "
        "is empty",
        "      when pad == 0: use [pad:pad + n_H_prev, pad:pad + n_W_prev, :].",
        '    first failing case "3x3 input, stride 1: windows overlap":',
    ]
    assert below[3].startswith("      inputs: array of shape (1, 2, 2, 1), all 1, cache (")
    assert below[6] == (
        "      conv_backward raised an error (in conv_backward, line 54: dA_prev[i] = "
        "da_prev_pad[pad:-pad, pad:-pad, :]):"
    )
    assert lines[-2:] == [
        "6 passed, 1 failed, 1 not implemented yet.",
        "The test cell of a function, in the notebook, lists every case it fails.",
    ]
    assert sum("not implemented" in line for line in lines) == 2  # once, and in the total


def test_command_line_on_the_untouched_release_says_each_is_not_implemented(capsys):
    code, lines = _run_main(capsys, RELEASE / "conv_step_by_step.ipynb")
    assert code == 1
    names = list(course.get("conv_step_by_step").exercise_names)
    for number, name in enumerate(names, start=1):
        assert _line_of(lines, name).endswith(f"not implemented yet (exercise {number})")
    assert len(lines) == 2 + len(names) + 2
    assert lines[-1] == "0 passed, 0 failed, 8 not implemented yet."


def test_command_line_passes_a_solved_notebook(tmp_path, capsys):
    path = tmp_path / "solved.ipynb"
    nbformat.write(_notebook_with(), path)
    code, lines = _run_main(capsys, path)
    assert code == 0 and lines[-1] == "8 passed, 0 failed."


CRASHING_STEP = """def conv_single_step(a_slice_prev, W, b):
    products = a_slice_prev * W
    return np.sum(products) + b[5]
"""


def test_an_error_keeps_its_line_and_names_the_function_whose_code_raised_it(tmp_path, capsys):
    """conv_forward (correct) calls conv_single_step, whose line 3 raises: both are named."""
    path = tmp_path / "crash.ipynb"
    nbformat.write(_notebook_with(conv_single_step=CRASHING_STEP), path)
    code, lines = _run_main(capsys, path)
    assert code == 1
    text = "\n".join(lines)
    assert (
        "conv_single_step raised an error (in conv_single_step, line 3: return np.sum(products) "
        "+ b[5]):\n          IndexError: index 5 is out of bounds for axis 0 with size 1"
    ) in text
    assert (
        "conv_forward raised an error in conv_single_step, which it calls:\n"
        "          in conv_single_step, line 3: return np.sum(products) + b[5]\n"
        "          called from conv_forward, line "
    ) in text
    assert "Z[i, h, w, c] = conv_single_step(a_slice_prev" in text


def test_a_cell_that_cannot_run_costs_only_its_function(tmp_path, capsys):
    broken = "def conv_forward(A_prev, W, b, hparameters)\n    return 1\n"
    path = tmp_path / "broken.ipynb"
    nbformat.write(_notebook_with(conv_forward=broken), path)
    code, lines = _run_main(capsys, path)
    assert code == 1
    assert _line_of(lines, "conv_forward") == (
        "conv_forward             its cell could not run (line 1): SyntaxError: expected ':'"
    )
    assert _line_of(lines, "conv_backward").endswith("passed (3 cases)")
    assert lines[-2] == "7 passed, 1 failed."


def test_without_nbgrader_metadata_the_functions_defined_are_tested(tmp_path, capsys):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("my own copy"),
        nbformat.v4.new_code_cell("import numpy as np"),
        nbformat.v4.new_code_cell(REF_SOURCES["distribute_value"]),
        nbformat.v4.new_code_cell(REF_SOURCES["zero_pad"] + "\n\nhelper = 1\n"),
    ]
    path = tmp_path / "copy.ipynb"
    nbformat.write(notebook, path)
    code, lines = _run_main(capsys, path)
    assert code == 0
    assert [line.split()[0] for line in lines[2:4]] == ["distribute_value", "zero_pad"]
    assert lines[-1] == "2 passed, 0 failed."


def test_prints_of_the_students_functions_are_counted_not_shown(tmp_path, capsys):
    noisy = REF_SOURCES["distribute_value"].replace(
        "    rows, columns = shape", '    print("debug", dz)\n    rows, columns = shape'
    )
    path = tmp_path / "noisy.ipynb"
    nbformat.write(_notebook_with(distribute_value=noisy), path)
    code, lines = _run_main(capsys, path)
    assert code == 0
    assert _line_of(lines, "distribute_value").endswith(
        "passed (5 cases) (it printed 5 lines, not shown here)"
    )
    assert not any(line.startswith("debug") for line in lines)


def _run_script(folder, *args) -> subprocess.CompletedProcess:
    """python public_tests.py as a student runs it: a copy beside their notebook, from
    another folder, with nothing but NumPy around."""
    env = {"PATH": os.environ["PATH"], "HOME": str(folder)}
    return subprocess.run(
        [sys.executable, str(folder / "public_tests.py"), *args],
        cwd=folder.parent,
        capture_output=True,
        text=True,
        env=env,
    )


def test_with_no_argument_the_notebook_beside_it_is_tested(tmp_path):
    folder = tmp_path / "conv_step_by_step"
    shutil.copytree(RELEASE, folder)
    done = _run_script(folder)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("Testing the functions of conv_step_by_step.ipynb")
    assert "0 passed, 0 failed, 8 not implemented yet." in done.stdout


def test_with_no_argument_and_several_notebooks_it_says_which_to_name(tmp_path):
    folder = tmp_path / "conv_step_by_step"
    shutil.copytree(RELEASE, folder)
    shutil.copyfile(folder / "conv_step_by_step.ipynb", folder / "conv_step_by_step-Copy1.ipynb")
    done = _run_script(folder)
    assert done.returncode == 2
    assert done.stdout == (
        "There are 2 notebooks beside public_tests.py (conv_step_by_step-Copy1.ipynb, "
        "conv_step_by_step.ipynb). Name the one to test:\n"
        "    python public_tests.py conv_step_by_step-Copy1.ipynb\n"
    )


def test_with_no_argument_and_no_notebook_it_says_to_name_one(tmp_path):
    folder = tmp_path / "alone"
    folder.mkdir()
    shutil.copyfile(REPO_ROOT / "public_tests.py", folder / "public_tests.py")
    done = _run_script(folder)
    assert done.returncode == 2
    assert "There is no notebook beside public_tests.py" in done.stdout
    assert "python public_tests.py NOTEBOOK.ipynb" in done.stdout


def test_a_file_that_is_not_a_notebook_is_a_usage_error(tmp_path, capsys):
    path = tmp_path / "notes.ipynb"
    path.write_text("not json")
    assert public_tests.main([str(path)]) == 2
    assert "is not a notebook that Jupyter saved" in capsys.readouterr().out


# --- What a failing test cell shows in a real kernel (IPython 9, as pinned) ---------------------


def _zoo_source(function_name: str, entry_id: str) -> str:
    """A zoo entry's code as a student's cell: without its decorator, under the function's name."""
    entry = next(e for e in zoo.entries(function_name) if e.id == entry_id)
    source = inspect.getsource(entry.implementation)
    source = source[source.index(f"def {entry.implementation.__name__}(") :]
    return source.replace(f"def {entry.implementation.__name__}(", f"def {function_name}(", 1)


def _error_outputs(folder, *cells: str) -> list[tuple[str, str]]:
    """Run cells in a fresh kernel from ``folder``; (ename, traceback without colours) of each
    error output, in order."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    env = {"PATH": os.environ["PATH"], "HOME": str(folder), "MPLBACKEND": "Agg"}
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        NotebookClient(
            notebook,
            timeout=120,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": str(folder)}},
        ).execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    ansi = re.compile(r"\x1b\[[0-9;]*m")
    return [
        (output.ename, ansi.sub("", "\n".join(output.traceback)))
        for cell in notebook.cells
        for output in cell.outputs
        if output.output_type == "error"
    ]


def test_in_a_kernel_a_failing_test_shows_the_report_alone_with_its_hint_first(tmp_path):
    shutil.copyfile(REPO_ROOT / "public_tests.py", tmp_path / "public_tests.py")
    errors = _error_outputs(
        tmp_path,
        "import numpy as np\nimport public_tests",
        REF_SOURCES["zero_pad"],
        REF_SOURCES["conv_single_step"],
        _zoo_source("conv_forward", "corner_ignores_stride"),
        "public_tests.conv_forward_test(conv_forward)",
        _zoo_source("conv_backward", "unpad_with_minus_pad"),
        "public_tests.conv_backward_test(conv_backward)",
    )
    assert [name for name, _ in errors] == ["CaseFailures", "CaseFailures"]
    forward, backward = (text.splitlines() for _, text in errors)
    assert forward[:4] == [
        "conv_forward failed 3 of 5 cases.",
        "Hint: your output matches what happens when the window's top-left corner ignores the "
        "stride: use",
        "  vert_start = h * stride and horiz_start = w * stride.",
        "",
    ]
    assert "  expected Z[0, :, :, 0] =    got Z[0, :, :, 0] =" in forward
    assert "    [[10. 18.]                  [[10. 14.]" in forward
    assert backward[:4] == [
        "conv_backward failed 1 of 3 cases.",
        "Hint: this error is what happens when the padding is cut off with [pad:-pad], which is "
        "empty when",
        "  pad == 0: use [pad:pad + n_H_prev, pad:pad + n_W_prev, :].",
        "",
    ]
    assert max(len(line) for line in forward + backward if "Hint" in line) <= 100
    for _, text in errors:
        assert "public_tests.py" not in text and "Traceback" not in text and "----> " not in text
        assert text.count("Hint:") == 1


# --- Arrays in messages: pictures, not brackets ---------------------------------------------------


def test_a_small_4d_output_is_shown_as_pictures_side_by_side():
    expected = np.array([[10.0, 18.0], [42.0, 50.0]]).reshape(1, 2, 2, 1)
    got = np.array([[10.0, 14.0], [26.0, 30.0]]).reshape(1, 2, 2, 1)
    fact, pictures = public_tests.compare_array("Z", got, expected)
    assert fact == (
        "Z differs at 3 of 4 entries; the first is at index (0, 0, 1, 0): expected 18, got 14."
    )
    assert pictures.splitlines() == [
        "expected Z[0, :, :, 0] =    got Z[0, :, :, 0] =",
        "  [[10. 18.]                  [[10. 14.]",
        "   [42. 50.]]                  [26. 30.]]",
    ]


def test_each_example_and_channel_is_its_own_picture_with_its_index():
    expected = np.arange(16.0).reshape(2, 2, 2, 2)
    titles = [title for title, _ in public_tests.pictures("A", expected)]
    assert titles == ["A[0, :, :, 0] =", "A[0, :, :, 1] =", "A[1, :, :, 0] =", "A[1, :, :, 1] ="]
    assert public_tests.pictures("A", expected)[1][1] == "[[1. 3.]\n [5. 7.]]"
    lines = public_tests.compare_array("A", expected + 1, expected)[1].splitlines()
    assert lines[0] == "expected A[0, :, :, 0] =    got A[0, :, :, 0] ="
    assert lines[3] == "expected A[0, :, :, 1] =    got A[0, :, :, 1] ="


def test_1x1_pictures_are_shown_as_one_vector_of_channels_per_example():
    expected = np.array([10.5, 51.0]).reshape(1, 1, 1, 2)
    lines = public_tests.compare_array("Z", expected * 2, expected)[1].splitlines()
    assert lines == [
        "expected Z[0, 0, 0, :] =    got Z[0, 0, 0, :] =",
        "  [10.5 51. ]".ljust(28) + "  [ 21. 102.]",
    ]


def test_a_wrong_shape_shows_both_pictures_when_they_are_small():
    expected = np.zeros((1, 3, 3, 1))
    got = np.zeros((1, 2, 2, 1))
    fact, pictures = public_tests.compare_array("X_pad", got, expected)
    assert fact == "X_pad has the wrong shape: expected (1, 3, 3, 1), got (1, 2, 2, 1)."
    assert pictures.splitlines()[0] == "expected X_pad[0, :, :, 0] =    got X_pad[0, :, :, 0] ="
    assert len(pictures.splitlines()) == 4  # the 3 rows expected; got's 2 rows beside them


def test_wide_pictures_are_shown_one_above_the_other():
    expected = np.linspace(0.123456789, 1, 8).reshape(1, 1, 8, 1)
    lines = public_tests.compare_array("Z", expected + 1, expected)[1].splitlines()
    assert lines[0] == "expected Z[0, :, :, 0] ="
    assert "got Z[0, :, :, 0] =" in lines[2:]
    assert max(len(line) for line in lines) <= public_tests.SIDE_BY_SIDE


def test_a_big_array_is_described_not_printed():
    expected = np.zeros((2, 4, 4, 3))
    problems = public_tests.compare_array("Z", expected + 1, expected)
    assert problems == [
        "Z differs at 96 of 96 entries; the first is at index (0, 0, 0, 0): expected 0, got 1."
    ]
    assert public_tests.show("Z", expected) == "Z: array of shape (2, 4, 4, 3), not shown"


def test_a_statement_over_several_lines_is_quoted_whole(tmp_path, capsys):
    wrong_pad = (
        "def zero_pad(X, pad):\n    return np.pad(\n        X, ((0, 0), (pad, pad))\n    )\n"
    )
    path = tmp_path / "pad.ipynb"
    nbformat.write(_notebook_with(zero_pad=wrong_pad), path)
    _, lines = _run_main(capsys, path)
    assert (
        "      zero_pad raised an error (in zero_pad, line 2: return np.pad( X, ((0, 0), (pad, "
        "pad)) )):"
    ) in lines


# --- The numerical gradient checks of the notebook ---


def crop_the_batch_with_minus_pad(dZ, cache):
    """Right gradients, then the padding cut off the tempting way, [pad:-pad], for the batch."""
    dA_prev, dW, db = REF.conv_backward(dZ, cache)
    pad = cache[3]["pad"]
    return REF.zero_pad(dA_prev, pad)[:, pad:-pad, pad:-pad, :], dW, db


def test_the_conv_gradient_check_flags_a_minus_pad_crop_that_returns_nothing(capsys):
    """[pad:-pad] is right when pad = 1 and empty when pad = 0: the unpadded layer says so."""
    public_tests.gradient_check_conv(REF.conv_forward, crop_the_batch_with_minus_pad)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 6
    assert all(line.endswith("looks right") for line in lines[:3] + lines[4:])
    assert lines[3] == "pad=0, stride=1, dA_prev: shape (2, 0, 0, 2) should be (2, 4, 5, 2)"


def test_the_conv_gradient_check_says_which_layer_a_minus_pad_crop_breaks(capsys):
    """Cropping each example with [pad:-pad] raises at pad = 0; the error names that layer."""
    from assignments.conv_step_by_step.zoo.conv_backward import unpad_with_minus_pad

    with pytest.raises(ValueError, match="could not broadcast") as raised:
        public_tests.gradient_check_conv(REF.conv_forward, unpad_with_minus_pad)
    assert raised.value.__notes__ == ["(raised in the gradient check's layer with pad=0, stride=1)"]
    printed = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in printed] == [
        "pad=1, stride=2, dA_prev",
        "pad=1, stride=2, dW     ",
        "pad=1, stride=2, db     ",
    ]


def test_the_gradient_checks_return_nothing_for_the_notebook_to_echo(capsys):
    assert public_tests.gradient_check_conv(REF.conv_forward, REF.conv_backward) is None
    assert public_tests.gradient_check_pool(REF.pool_forward, REF.pool_backward) is None
    assert capsys.readouterr().out.count("looks right") == 8


def test_a_complex_result_for_a_real_output_fails_with_a_message():
    """X + 1e9j has the right real part everywhere; comparing only that part would pass it."""
    problems = public_tests.compare_array("X_pad", np.ones((2, 2)) + 1e9j, np.ones((2, 2)))
    assert problems == [
        "X_pad holds complex numbers (dtype complex128), but the values of this exercise are "
        "real: look for a square root of a negative number or a complex constant such as 1j."
    ]
    scalar = public_tests.compare_scalar("Z", np.complex128(-7 + 0j), public_tests.Scalar(-7.0))
    assert "holds complex numbers (dtype complex128)" in scalar[0]
    cases = public_tests.zero_pad_cases()

    def zero_pad_plus_imaginary(X, pad):
        return REF.zero_pad(X, pad) + 1e9j

    assert all(public_tests.check_case("zero_pad", zero_pad_plus_imaginary, c) for c in cases)


def test_command_line_runs_the_setup_cells_that_the_functions_need(tmp_path, capsys):
    """Notebook 2's solutions use sliding_window_view, which its setup cell imports: run from a
    terminal, the solved notebook must pass, not fail with a NameError."""
    folder = tmp_path / "fast_convnet"
    folder.mkdir()
    shutil.copy(REPO_ROOT / "source" / "fast_convnet" / "fast_convnet.ipynb", folder)
    code, lines = _run_main(capsys, folder / "fast_convnet.ipynb")
    assert code == 0, lines
    assert lines[-1] == "12 passed, 0 failed."
