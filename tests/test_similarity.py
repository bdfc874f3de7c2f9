"""The similarity report: normalisation, winnowing, discounting, and the ranking of planted
copies in a generated class (``benchmarks.similarity``) of 130 students.

The timing on 1,000 submissions is measured by ``python -m benchmarks.similarity``, never here.
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys

import nbformat
import numpy as np
import pytest

from autograder import course, similarity
from autograder.course import REPO_ROOT
from benchmarks.similarity import generate, quality, write_class

CONV = """def conv_forward(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, f, n_C_prev, n_C = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    n_H = int((n_H_prev + 2 * pad - f) / stride) + 1
    n_W = int((n_W_prev + 2 * pad - f) / stride) + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    top = h * stride
                    left = w * stride
                    window = A_prev_pad[i, top:top + f, left:left + f, :]
                    Z[i, h, w, c] = conv_single_step(window, W[..., c], b[..., c])
    return Z, (A_prev, W, b, hparameters)
"""

# CONV with every disguise of the issue: renamed variables and loop variables, the two
# independent hparameters lines and the two corner lines swapped, comments, a docstring and
# prints added, other blank lines and quotes.
DISGUISED = '''def conv_forward(X, weights, bias, hp):
    """My convolution."""
    batch, height, width, channels = X.shape

    size, size, channels, filters = weights.shape
    p = hp['pad']  # padding
    s = hp['stride']
    print("shapes", X.shape, weights.shape)
    out_h = int((height + 2 * p - size) / s) + 1
    out_w = int((width + 2 * p - size) / s) + 1
    out = np.zeros((batch, out_h, out_w, filters))
    padded = zero_pad(X, p)
    # loop over everything
    for n in range(batch):
        for row in range(out_h):
            for col in range(out_w):
                for k in range(filters):
                    x0 = col * s
                    y0 = row * s
                    patch = padded[n, y0:y0 + size, x0:x0 + size, :]
                    out[n, row, col, k] = conv_single_step(patch, weights[..., k], bias[..., k])
    print("done")
    return out, (X, weights, bias, hp)
'''


def texts(source: str, name: str = "conv_forward") -> list[str]:
    return similarity.normalise(source, name).texts


def test_every_disguise_of_the_issue_normalises_away():
    assert texts(DISGUISED) == texts(CONV)


def test_names_it_only_reads_attributes_and_keywords_are_kept():
    assert texts("def f(x):\n    return np.pad(x, 1, mode='edge')\n", "f") == (
        "def f ( V ) : ; { return np . pad ( V , 1 , mode = 'edge' ) ; }".split()
    )
    assert texts("def f(x):\n    return x.shape\n", "f") != texts(
        "def f(x):\n    return x.size\n", "f"
    )


def test_dependent_statements_keep_their_order():
    first = "def f(a):\n    b = a + 1\n    c = b * 2\n    return c\n"
    swapped = "def f(a):\n    c = b * 2\n    b = a + 1\n    return c\n"  # another program
    independent = "def f(a):\n    c = a * 2\n    b = a + 1\n    return c\n"
    reordered = "def f(a):\n    b = a + 1\n    c = a * 2\n    return c\n"
    assert texts(first, "f") != texts(swapped, "f")
    assert texts(independent, "f") == texts(reordered, "f")


def test_writing_into_an_array_is_a_dependency():
    # dA[...] += x must stay after dA = np.zeros(...): the subscript writes dA
    before = "def f(x):\n    d = np.zeros(3)\n    d[0] += x\n    e = x\n    return d, e\n"
    after = "def f(x):\n    d = np.zeros(3)\n    e = x\n    d[0] += x\n    return d, e\n"
    wrong = "def f(x):\n    d[0] += x\n    d = np.zeros(3)\n    e = x\n    return d, e\n"
    assert texts(before, "f") == texts(after, "f") != texts(wrong, "f")


def test_a_cell_that_does_not_parse_is_still_compared():
    broken = CONV.replace("def conv_forward(A_prev, W, b, hparameters):", "def conv_forward(")
    assert len(texts(broken)) > 50
    with pytest.raises(ValueError, match="cannot be read as Python"):
        similarity.normalise('"""never closed\n', "f")


def test_winnowing_finds_every_match_of_k_plus_window_minus_1_tokens():
    rng = random.Random(1)
    span = similarity.K + similarity.WINDOW - 1
    for _ in range(50):
        common = [f"t{rng.randrange(30)}" for _ in range(span)]
        one = [f"a{rng.randrange(30)}" for _ in range(rng.randrange(40))] + common
        other = common + [f"b{rng.randrange(30)}" for _ in range(rng.randrange(40))]
        kept = []
        for tokens in (one, other):
            hashes = similarity.kgram_hashes(tokens)
            kept.append(set(hashes[similarity.winnow(hashes)].tolist()))
        assert kept[0] & kept[1]


def test_hashes_do_not_depend_on_the_python_process():
    # blake2b of each token, not hash(): the same class gives the same report in every run
    program = (
        "from autograder import similarity; "
        "print(similarity.kgram_hashes(['np', '.', 'pad'] * 9).tolist())"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", program],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1


def own_code(i: int) -> str:
    """A zero_pad nobody else writes: its own arithmetic on the pad widths."""
    return f"def zero_pad(X, pad):\n    w = pad * {i + 2} - pad * {i + 1}\n" + (
        f"    return np.pad(X, ((0, {i}), (w, w), (w, w), (0, 0))) * {i}\n"
    )


def test_code_most_of_the_class_writes_alike_is_no_evidence():
    one_liner = (
        "def zero_pad(X, pad):\n    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))\n"
    )
    cells = {f"s{i:02}": {"zero_pad": one_liner} for i in range(40)}  # all alike
    result = similarity.compare("conv_step_by_step", cells, functions=["zero_pad"])
    (ranking,) = result.rankings
    assert ranking.pairs == [] and result.overall == []
    assert len(ranking.common) > 0


def test_the_release_starter_code_is_no_evidence():
    # Two students who kept pool_forward's starter lines and wrote different loops share
    # nothing that counts; a third who copied the first one's loops does.
    starter_and = """def pool_forward(A_prev, hparameters, mode="max"):
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f = hparameters["f"]
    stride = hparameters["stride"]
    n_H = (n_H_prev - f) // stride + 1
    n_W = (n_W_prev - f) // stride + 1
    n_C = n_C_prev
    A = np.zeros((m, n_H, n_W, n_C))
{loops}
    cache = (A_prev, hparameters)
    return A, cache
"""
    loops_one = """    for h in range(n_H):
        for w in range(n_W):
            window = A_prev[:, h * stride:h * stride + f, w * stride:w * stride + f, :]
            pooled = np.max if mode == "max" else np.mean
            A[:, h, w, :] = pooled(window, axis=(1, 2))"""
    loops_two = """    for i in range(m):
        for c in range(n_C):
            for h in range(n_H):
                for w in range(n_W):
                    part = A_prev[i, h * stride:h * stride + f, w * stride:w * stride + f, c]
                    A[i, h, w, c] = part.max() if mode == "max" else part.mean()"""
    cells = {
        "one": {"pool_forward": starter_and.format(loops=loops_one)},
        "two": {"pool_forward": starter_and.format(loops=loops_two)},
        "copy": {"pool_forward": starter_and.format(loops=loops_one).replace("window", "win")},
    }
    cells |= {
        f"z{i}": {"pool_forward": own_code(i).replace("zero_pad", "pool_forward")} for i in range(8)
    }
    result = similarity.compare("conv_step_by_step", cells, functions=["pool_forward"])
    pairs = {(p.a, p.b): p for p in result.rankings[0].pairs}
    assert pairs[("copy", "one")].similarity == pytest.approx(1.0)
    # what one and two share is the seam between the same starter and the same loop headers
    assert pairs[("one", "two")].evidence < 0.05 * pairs[("copy", "one")].evidence


def test_a_cell_left_as_released_has_no_fingerprint_at_all():
    assignment = course.get("conv_step_by_step")
    starters = similarity.starter_hashes(assignment)
    release = nbformat.read(
        REPO_ROOT / "release" / assignment.id / assignment.notebook_name, as_version=4
    )
    for cell in release.cells:
        name = cell.metadata.get("nbgrader", {}).get("grade_id")
        if name in assignment.exercise_names:
            document = similarity.fingerprint("s", cell.source, name, starters[name])
            assert len(document.hashes) == 0, name


@pytest.fixture(scope="module")
def planted():
    generated = generate(130, copiers=30 / 130, seed=9)
    return generated, similarity.compare("conv_step_by_step", generated.cells)


def test_the_planted_set_is_what_the_issue_asks(planted):
    generated, _ = planted
    assert len(generated.cells) == 130 and len(generated.planted) == 30
    copiers = {b for _, b in generated.planted}
    assert len(set(generated.cells) - copiers) == 100  # distinct students
    origins = {o for by in generated.origins.values() for o in by.values()}
    assert len(origins) > 60  # the reference, the zoo and the benchmark's own implementations
    whole = [copied for copied in generated.planted.values() if len(copied) == 8]
    assert 0 < len(whole) < 30  # whole notebooks and parts of them


def test_planted_pairs_rank_above_every_non_planted_pair_of_distinct_origin(planted):
    generated, result = planted
    q = quality(result, generated)
    assert q.planted == 30
    assert q.above_every_distinct_origin_pair == 30, (q.weakest_planted, q.best_distinct_origin)
    ranked = [(p.a, p.b) for p in result.overall]
    positions = [ranked.index(pair) for pair in generated.planted]
    rivals = [
        i
        for i, pair in enumerate(ranked)
        if pair not in generated.planted and generated.distinct_origin(*pair)
    ]
    assert max(positions) < min(rivals)


def test_the_flag_finds_the_planted_copies(planted):
    generated, result = planted
    q = quality(result, generated)
    assert q.recall >= 0.9 and q.precision >= 0.9, (q.recall, q.precision)


def test_one_line_functions_do_not_flood_the_report(planted):
    generated, result = planted
    zero_pad = next(r for r in result.rankings if r.function == "zero_pad")
    # the reference's zero_pad is one np.pad call: students who both wrote it share little
    one_liner = [
        p.evidence
        for p in zero_pad.pairs
        if {generated.origins[p.a]["zero_pad"], generated.origins[p.b]["zero_pad"]} == {"reference"}
        and (p.a, p.b) not in generated.planted
    ]
    # 24 of the 130 write the reference's zero_pad (seed 9); the pairs among them that share a
    # distinctive fingerprint at all (44 today) must be enough for the maximum to mean something
    assert len(one_liner) >= 20
    weakest_planted = min(p.evidence for p in result.overall if (p.a, p.b) in generated.planted)
    assert max(one_liner) < 0.1 * weakest_planted
    top = result.overall[: len(generated.planted)]
    assert all(max(p.by_function, key=p.by_function.get) != "zero_pad" for p in top)


def test_the_command_writes_the_report_and_a_neutralised_csv(tmp_path, capsys):
    generated = generate(12, copiers=0.25, seed=5)
    generated.cells["=HYPERLINK(1)"] = generated.cells.pop("student_00")
    submissions = write_class(tmp_path / "submitted", generated)
    assert similarity.main([str(submissions), "--out", str(tmp_path / "out")]) == 0
    said = capsys.readouterr().out
    assert "compared conv_step_by_step: 12 students, 0 skipped" in said
    page = (tmp_path / "out" / "similarity.html").read_text(encoding="utf-8")
    assert "<mark>" in page and "side by side" in page and "<script" not in page
    with open(tmp_path / "out" / "similarity.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and rows[0]["function"] == "(all)" and rows[0]["rank"] == "1"
    ids = {r["student_a"] for r in rows} | {r["student_b"] for r in rows}
    assert "'=HYPERLINK(1)" in ids and "=HYPERLINK(1)" not in ids


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["{tmp}/nowhere", "--out", "{tmp}/out"], "is not a folder"),
        (["{tmp}", "--out", "{tmp}/inside"], "must not be inside SUBMISSIONS"),
        (["{tmp}", "--out", "{tmp}/../out", "--top", "0"], "--top must be at least 1"),
    ],
)
def test_usage_errors_exit_2(tmp_path, capsys, arguments, message):
    argv = [a.format(tmp=tmp_path) for a in arguments]
    assert similarity.main(argv) == 2
    assert message in capsys.readouterr().err


def test_highlighted_lines_keep_the_text_and_mark_only_matches():
    document = similarity.fingerprint("a", CONV, "conv_forward", np.zeros(0, dtype=np.uint64))
    marked = similarity.matched_tokens(document, set(document.hashes.tolist()[:1]))
    lines = similarity.highlighted_lines(document, marked)
    assert ["".join(text for text, _ in line) for line in lines] == CONV.splitlines()
    assert any(flag for line in lines for _, flag in line)
    assert not any(flag and not text.strip() for line in lines for text, flag in line)
