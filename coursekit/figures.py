"""Drawing helpers for the notebooks' teaching figures, and the writer that saves them.

Each assignment draws its own figures in ``assignments/<id>/figures.py`` (a ``FIGURES`` dict of
file name -> function returning a Matplotlib figure), from the arrays they describe, with the
palette and the grid, arrow and label helpers below, so that every notebook of the series looks
the same.

Run ``python -m coursekit.figures ASSIGNMENT OUT_DIR`` to write one assignment's figures as PNG
files. The output is byte-identical from run to run: the PNGs carry no date and no software
version, and the drawing uses Matplotlib's default style whatever the local configuration says.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import matplotlib.colors
import matplotlib.style
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from autograder import course

# Okabe-Ito palette: distinguishable with every common form of colour blindness.
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
INK = "#222222"
MUTED = "#777777"
PAD_FILL = "#DDDDDD"

# Fill colours of the red, green and blue channels of an image.
CHANNELS = [("Red", VERMILLION), ("Green", GREEN), ("Blue", BLUE)]


def tint(color: str, strength: float = 0.35) -> str:
    """A light version of `color`, so that black numbers stay readable on top of it."""
    rgb = np.array(matplotlib.colors.to_rgb(color))
    return matplotlib.colors.to_hex(1 - strength * (1 - rgb))


def paint(mask, color: str, background: str = "white") -> np.ndarray:
    """One fill colour per cell: `color` where `mask` is True, `background` elsewhere."""
    return np.where(mask, color, background)


def number(value: float) -> str:
    """Format a number as a student reads it: no trailing zeros, a real minus sign."""
    return f"{value:g}".replace("-", "\u2212")


def canvas(xlim: tuple[float, float], ylim: tuple[float, float], cell: float):
    """A blank figure measured in grid cells, `cell` inches each, with row 0 at the top.

    Drawing every figure on such a canvas keeps cells square and numbers the same size in all of
    them, whatever the grid shapes.
    """
    width, height = (xlim[1] - xlim[0]) * cell, (ylim[1] - ylim[0]) * cell
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(*xlim)
    ax.set_ylim(ylim[1], ylim[0])
    ax.set_aspect("equal")
    ax.set_axis_off()
    return fig, ax


def label(ax, x: float, y: float, text: str, size: float = 11, **style) -> None:
    """Write plain text at (x, y), centred on that point unless `style` says otherwise."""
    ax.text(x, y, text, **{"ha": "center", "va": "center", "fontsize": size, **style})


def draw_grid(ax, values, x: float, y: float, fill="white", labels=None, fontsize: float = 13):
    """Draw a 2-D array as a table of numbered cells whose top-left corner is at (x, y).

    `fill` is one colour or an array of colours, one per cell; `labels` replaces the numbers
    (an empty string leaves a cell blank).
    """
    values = np.asarray(values)
    fills = np.broadcast_to(np.asarray(fill), values.shape)
    for (row, col), value in np.ndenumerate(values):
        ax.add_patch(
            Rectangle((x + col, y + row), 1, 1, facecolor=fills[row, col], edgecolor=INK, lw=1)
        )
        text = number(value) if labels is None else labels[row][col]
        label(ax, x + col + 0.5, y + row + 0.5, text, fontsize)


def outline(ax, x: float, y: float, width: float, height: float, color: str, **style) -> None:
    """Draw a thick frame around a block of cells, to single out a window."""
    style = {"lw": 3.5, **style}
    ax.add_patch(Rectangle((x, y), width, height, fill=False, edgecolor=color, **style))


def arrow(ax, start, end, **style) -> None:
    """Draw an arrow from `start` to `end`, both in cell coordinates."""
    props = {"arrowstyle": "-|>", "color": INK, "lw": 1.5, "mutation_scale": 18, **style}
    ax.annotate("", xy=end, xytext=start, arrowprops=props)


def index_labels(ax, x, y, rows: int, cols: int, window=None, size: float = 10) -> None:
    """Number the rows on the left and the columns on top, as NumPy indexes them.

    `window` is a pair of slices (rows, columns). The indices a slice keeps are shown in bold,
    and its stop index, which it does not keep, in grey, even when it lies past the grid's edge.
    """
    row_window, col_window = window or (None, None)

    def indices(n, window):
        for i in range(n if window is None else max(n, window.stop + 1)):
            if window is not None and window.start <= i < window.stop:
                yield i, {"color": VERMILLION, "fontweight": "bold"}
            else:
                yield i, {"color": MUTED if window is not None and i == window.stop else INK}

    for row, style in indices(rows, row_window):
        label(ax, x - 0.35, y + row + 0.5, str(row), size, ha="right", **style)
    for col, style in indices(cols, col_window):
        label(ax, x + col + 0.5, y - 0.25, str(col), size, va="bottom", **style)


def title(ax, x: float, y: float, text: str, size: float = 15) -> None:
    """Write the figure title centred at (x, y)."""
    label(ax, x, y, text, size, fontweight="bold")


def write_figures(figures: dict[str, Callable[[], Figure]], out_dir: Path) -> list[Path]:
    """Draw every figure and save it as a PNG in `out_dir`; return the paths written.

    The default style is forced so that a local matplotlibrc cannot change the output, and the
    PNG metadata is emptied so that two runs give the same bytes.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    with matplotlib.style.context("default"):
        for name, draw in figures.items():
            fig = draw()
            path = out_dir / name
            fig.savefig(path, dpi=100, metadata={"Software": None})
            paths.append(path)
            # Built without pyplot, a figure sits in no global registry that would keep it open:
            # it is freed as soon as `fig` is rebound, so there is nothing to close.
    return paths


def assignment_figures(assignment_id: str) -> dict[str, Callable[[], Figure]]:
    """The figures an assignment draws; none if it has no ``figures`` module."""
    assignment = course.get(assignment_id)
    return assignment.module("figures").FIGURES if assignment.has_module("figures") else {}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m coursekit.figures", description="Draw a notebook's teaching figures."
    )
    parser.add_argument("assignment", choices=course.assignment_ids())
    parser.add_argument("out_dir", type=Path, help="directory to write the PNG files into")
    args = parser.parse_args(argv)
    for path in write_figures(assignment_figures(args.assignment), args.out_dir):
        print(path)


if __name__ == "__main__":
    main()
