"""The teaching figures of notebook 2, "From loops to a trained ConvNet", drawn from their arrays.

Every number is computed here with the operations the students write (``sliding_window_view``,
a reshape, a matrix product, the strided additions of col2im), so a figure cannot disagree with
the code it illustrates. ``coursekit.release`` writes them into the notebook's ``images/``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from numpy.lib.stride_tricks import sliding_window_view

from coursekit.figures import (
    GREEN,
    MUTED,
    ORANGE,
    PURPLE,
    SKY,
    arrow,
    canvas,
    draw_grid,
    label,
    outline,
    tint,
    title,
)

WINDOW_COLORS = [ORANGE, SKY, GREEN, PURPLE]  # one per window of a 3x3 input with f = 2


def _windows_of(a: np.ndarray, f: int) -> np.ndarray:
    """The rows of cols for one image with one channel, in the order (h, w)."""
    return sliding_window_view(a, (f, f)).reshape(-1, f * f)


def im2col() -> Figure:
    """Every window becomes one row of cols; cols times the filter columns gives every output.

    Prevents two misreadings: that im2col computes something (it only copies: each row holds a
    window's numbers, so overlapping windows repeat the same pixels), and that the product's
    result is the output map already (it is one row per position and one column per filter,
    which a reshape turns into the maps).
    """
    a = np.array([[3, 1, 2], [0, 4, 1], [2, 2, 0]])
    f = 2
    filters = np.stack([np.array([[1, 0], [0, -1]]), np.array([[1, 1], [1, 1]])], axis=-1)
    cols = _windows_of(a, f)
    W_col = filters.reshape(f * f, 2)
    Z_col = cols @ W_col
    maps = Z_col.reshape(2, 2, 2)

    fig, ax = canvas((-0.8, 26.6), (-2.4, 7.0), cell=0.42)
    title(ax, 12.9, -1.6, "im2col: a convolution as one matrix product (f = 2, stride 1)")
    # The input and its four windows, each with its colour, drawn slightly inset to tell apart.
    draw_grid(ax, a, 0, 1.5)
    label(ax, 1.5, 1.2, "input (3x3)", 12, va="bottom")
    for k, color in enumerate(WINDOW_COLORS):
        h, w = divmod(k, 2)
        inset = 0.08 + 0.07 * k
        outline(ax, w + inset, 1.5 + h + inset, f - 2 * inset, f - 2 * inset, color, lw=2.5)
    label(ax, 1.5, 5.0, "4 windows,\none colour each", 10, va="top", color=MUTED)
    arrow(ax, (3.3, 3.5), (4.7, 3.5))
    # cols: one row per window, in the window's colour.
    fills = np.array([[tint(c)] * (f * f) for c in WINDOW_COLORS])
    draw_grid(ax, cols, 5, 1.5, fill=fills)
    label(ax, 7, 1.2, "cols: 1 row per window", 12, va="bottom")
    label(ax, 7, 5.8, "(each window read\nrow by row)", 10, va="top", color=MUTED)
    label(ax, 9.6, 3.5, "@", 18)
    # The filters as columns.
    draw_grid(ax, W_col, 10.3, 1.5, fill=tint(SKY, 0.25))
    label(ax, 11.3, 1.2, "W_col", 12, va="bottom")
    label(ax, 11.3, 5.8, "1 column\nper filter", 10, va="top", color=MUTED)
    label(ax, 13.0, 3.5, "=", 18)
    # The product: one row per position, one column per filter.
    fills = np.array([[tint(c)] * 2 for c in WINDOW_COLORS])
    draw_grid(ax, Z_col, 13.7, 1.5, fill=fills)
    label(ax, 14.7, 1.2, "Z_col", 12, va="bottom")
    label(ax, 14.7, 5.8, "row: position\ncolumn: filter", 10, va="top", color=MUTED)
    arrow(ax, (16.0, 3.5), (17.6, 3.5))
    label(ax, 16.8, 3.1, "reshape", 10, va="bottom", color=MUTED)
    # The output maps: the reshape puts each row back at its position.
    position_fill = np.array(
        [[tint(WINDOW_COLORS[0]), tint(WINDOW_COLORS[1])], [tint(c) for c in WINDOW_COLORS[2:]]]
    )
    for c in range(2):
        x = 18 + 3.3 * c
        draw_grid(ax, maps[:, :, c], x, 2.5, fill=position_fill)
        label(ax, x + 1, 2.2, f"map of filter {c}", 11, va="bottom")
    label(ax, 21.1, 5.0, "Z: (n_H, n_W, n_C) = (2, 2, 2)", 10, va="top", color=MUTED)
    return fig


def col2im() -> Figure:
    """Each row of dcols goes back into its window, and overlapping windows add up.

    Prevents the belief that col2im is the inverse of a reshape (it is a sum: a pixel shared by
    several windows collects every window's share) and shows why the addition is done one
    offset at a time: at a fixed offset the windows' pixels are all different.
    """
    n, f = 3, 2
    dcols = np.ones((4, f * f))
    dA = np.zeros((n, n))
    for u in range(f):
        for v in range(f):
            dA[u : u + n - f + 1, v : v + n - f + 1] += dcols[:, u * f + v].reshape(2, 2)
    offset = np.zeros((n, n), dtype=bool)
    offset[0:2, 0:2] = True  # the pixels of offset (0, 0) of the four windows

    fig, ax = canvas((-0.8, 21.6), (-2.4, 7.4), cell=0.42)
    title(ax, 10.4, -1.6, "col2im: every row of dcols is added back into its window")
    fills = np.array([[tint(c)] * (f * f) for c in WINDOW_COLORS])
    draw_grid(ax, dcols, 0, 1.5, fill=fills)
    label(ax, 2, 1.2, "dcols: 1 row per window", 12, va="bottom")
    label(ax, 2, 5.8, "(all ones here, so each\npixel counts its windows)", 10, va="top")
    arrow(ax, (4.4, 3.5), (6.2, 3.5))
    label(ax, 5.3, 3.1, "+=", 12, va="bottom")
    draw_grid(ax, dA, 6.8, 2.0, fill=tint(ORANGE, 0.2))
    for k, color in enumerate(WINDOW_COLORS):
        h, w = divmod(k, 2)
        inset = 0.08 + 0.07 * k
        outline(ax, 6.8 + w + inset, 2.0 + h + inset, f - 2 * inset, f - 2 * inset, color, lw=2.5)
    label(ax, 8.3, 1.7, "dA (3x3)", 12, va="bottom")
    label(ax, 8.3, 5.3, "the centre is in all\n4 windows: 4", 10, va="top", color=MUTED)
    # One offset at a time: offset (0, 0) of window (h, w) is pixel (h, w), all different.
    marks = np.where(offset, "+1", "")
    fill = np.full((n, n), "white", dtype=object)
    for k, color in enumerate(WINDOW_COLORS):
        fill[divmod(k, 2)] = tint(color)
    draw_grid(ax, np.zeros((n, n)), 13.5, 2.0, fill=fill, labels=marks)
    label(ax, 15.0, 1.7, "offset (0, 0) of the 4 windows", 11, va="bottom")
    label(
        ax,
        15.0,
        5.3,
        "one strided slice adds them all:\n4 different pixels, no index repeated;\n"
        "then offsets (0, 1), (1, 0), (1, 1)",
        10,
        va="top",
        color=MUTED,
    )
    return fig


FIGURES = {"im2col.png": im2col, "col2im.png": col2im}
