"""``python -m benchmarks.layers``: the fast convolution layers against their limit on this machine.

For each shape it times, in one run: notebook 1's loop layers (medium shape only: they take
seconds), the reference fast layers of notebook 2, and each fast layer's **limit**, the NumPy
matrix products the layer reduces to, on contiguous operands of the same shapes:

- forward: (m * n_H * n_W, f * f * n_C_prev) @ (f * f * n_C_prev, n_C);
- backward: cols.T @ dZ_col for dW and dZ_col @ W_col.T for the columns of dA_prev.

It prints each layer's time as a multiple of its limit (how close the layer comes to what NumPy
can do: the rest is im2col's copy, col2im's additions and the padding) and the limit's speed as
a fraction of this machine's square-matmul peak (a product with only n_C = 32 columns, or 144
inner terms, keeps the processor less busy than a large square one). Times are medians of
``--repeats`` runs (the loops run once); the machine may be shared, so compare ratios from the
same run rather than times from different runs.

    python -m benchmarks.layers                # medium and large shapes, 5 repeats
    python -m benchmarks.layers --quick        # tiny shapes, 1 repeat: checks the code path
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from autograder.reference import reference


@dataclass(frozen=True)
class Shape:
    name: str
    input_shape: tuple[int, int, int, int]  # (m, n_H_prev, n_W_prev, n_C_prev)
    filters: int
    loops: bool  # time notebook 1's loop layers too
    f: int = 3
    pad: int = 1
    stride: int = 1


SHAPES = (
    Shape("medium", (64, 32, 32, 3), 16, loops=True),
    Shape("large", (64, 64, 64, 16), 32, loops=False),
)
QUICK_SHAPES = (
    Shape("tiny", (2, 6, 6, 2), 3, loops=True),
    Shape("tiny, no loops", (2, 8, 8, 3), 4, loops=False),
)
PEAK_SIZE, QUICK_PEAK_SIZE = 1536, 64


def median_seconds(function: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_gflops(n: int, repeats: int) -> float:
    """This machine's speed on a square product, in billions of multiply-adds x 2 per second."""
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((n, n)), rng.standard_normal((n, n))
    return 2 * n**3 / median_seconds(lambda: a @ b, repeats) / 1e9


def measure(shape: Shape, repeats: int) -> dict[str, float]:
    """Seconds of each layer and limit on one shape, and the limits' GFLOP/s."""
    fast = reference("fast_convnet")
    rng = np.random.default_rng(1)
    m, n_H_prev, n_W_prev, n_C_prev = shape.input_shape
    f, n_C = shape.f, shape.filters
    A_prev = rng.standard_normal(shape.input_shape)
    W = rng.standard_normal((f, f, n_C_prev, n_C))
    b = rng.standard_normal((1, 1, 1, n_C))
    hp = {"pad": shape.pad, "stride": shape.stride}
    Z, cache = fast.conv_forward_fast(A_prev, W, b, hp)
    dZ = rng.standard_normal(Z.shape)
    rows, inner = Z.size // n_C, f * f * n_C_prev
    cols = rng.standard_normal((rows, inner))
    W_col = rng.standard_normal((inner, n_C))
    dZ_col = np.ascontiguousarray(dZ.reshape(rows, n_C))

    def backward_limit():
        return cols.T @ dZ_col, dZ_col @ W_col.T

    seconds = {
        "fast forward": median_seconds(lambda: fast.conv_forward_fast(A_prev, W, b, hp), repeats),
        "fast backward": median_seconds(lambda: fast.conv_backward_fast(dZ, cache), repeats),
        "limit forward": median_seconds(lambda: cols @ W_col, repeats),
        "limit backward": median_seconds(backward_limit, repeats),
    }
    if shape.loops:
        loops = reference("conv_step_by_step")
        seconds["loops forward"] = median_seconds(lambda: loops.conv_forward(A_prev, W, b, hp), 1)
        seconds["loops backward"] = median_seconds(lambda: loops.conv_backward(dZ, cache), 1)
    flops = 2 * rows * inner * n_C
    seconds["limit forward GFLOP/s"] = flops / seconds["limit forward"] / 1e9
    seconds["limit backward GFLOP/s"] = 2 * flops / seconds["limit backward"] / 1e9
    return seconds


def report(shapes: tuple[Shape, ...], repeats: int, peak_size: int) -> str:
    peak = peak_gflops(peak_size, repeats)
    lines = [
        f"square-matmul peak ({peak_size}x{peak_size}, float64): {peak:.1f} GFLOP/s",
        "",
        f"{'shape':34} {'pass':9} {'loops':>9} {'fast':>9} {'limit':>9} "
        f"{'fast/limit':>10} {'loops/fast':>10} {'limit/peak':>10}",
    ]
    for shape in shapes:
        seconds = measure(shape, repeats)
        m, h, w, c = shape.input_shape
        label = f"{shape.name}: {m}x{h}x{w}x{c} -> {shape.filters}"
        for direction in ("forward", "backward"):
            fast, limit = seconds[f"fast {direction}"], seconds[f"limit {direction}"]
            loops = seconds.get(f"loops {direction}")
            lines.append(
                f"{label:34} {direction:9} "
                + (f"{loops * 1e3:7.0f}ms" if loops is not None else f"{'-':>9}")
                + f" {fast * 1e3:7.1f}ms {limit * 1e3:7.1f}ms {fast / limit:9.2f}x "
                + (f"{loops / fast:9.0f}x" if loops is not None else f"{'-':>10}")
                + f" {seconds[f'limit {direction} GFLOP/s'] / peak:10.0%}"
            )
            label = ""
    lines += [
        "",
        "fast/limit: the layer's time as a multiple of the matrix products it reduces to;",
        "limit/peak: how fast those products run compared with a large square product.",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.layers", description=__doc__)
    parser.add_argument("--repeats", type=int, default=5, help="runs per timing (median)")
    parser.add_argument("--quick", action="store_true", help="tiny shapes, one run each")
    args = parser.parse_args(argv)
    if args.quick:
        print(report(QUICK_SHAPES, 1, QUICK_PEAK_SIZE))
    else:
        print(report(SHAPES, args.repeats, PEAK_SIZE))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
