"""``benchmarks/layers.py`` runs its whole code path (on tiny shapes, so that it cannot rot)."""

from __future__ import annotations

import re

from benchmarks import layers


def test_quick_run_prints_each_layer_against_its_limit(capsys):
    assert layers.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"square-matmul peak \(64x64, float64\): [\d.]+ GFLOP/s", out)
    rows = [line for line in out.splitlines() if re.search(r"\d+ms", line)]
    assert len(rows) == 4  # two shapes, forward and backward
    assert all(re.search(r"\d+\.\d\dx", row) and row.rstrip().endswith("%") for row in rows)
    with_loops = [row for row in rows[:2] if re.search(r"\d+ms +\d+\.\dms", row)]
    assert len(with_loops) == 2  # the loop layers are timed on the first shape only
    assert " - " in rows[2] and " - " in rows[3]


def test_the_limits_have_the_shapes_the_issue_names():
    shape = layers.SHAPES[1]
    assert (shape.input_shape, shape.filters, shape.f, shape.pad, shape.stride) == (
        (64, 64, 64, 16),
        32,
        3,
        1,
        1,
    )
    assert layers.SHAPES[0].input_shape == (64, 32, 32, 3) and layers.SHAPES[0].loops
