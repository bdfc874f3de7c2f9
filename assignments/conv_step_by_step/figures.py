"""The teaching figures of "Convolutional networks, step by step", drawn from their arrays.

Every number in these figures is computed here with the same NumPy operation the students write
(``np.pad``, a slice times a filter, ``x == np.max(x)``, ...), so a figure cannot disagree with the
code it illustrates, and the figures can be rebuilt anywhere without downloading anything.
``coursekit.release`` writes them into the notebook's ``images/`` folder.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from coursekit.figures import (
    CHANNELS,
    GREEN,
    INK,
    MUTED,
    ORANGE,
    PAD_FILL,
    PURPLE,
    SKY,
    arrow,
    canvas,
    draw_grid,
    index_labels,
    label,
    number,
    outline,
    paint,
    tint,
    title,
)


def zero_padding() -> Figure:
    """Each channel of an RGB image gets its own border of zeros; the values inside stay put.

    Prevents two misreadings of ``np.pad``: that padding stretches or shifts the image (the
    original values keep their places, framed by zeros), and that the channel axis gets padded
    as well (there are still three channels, each one is simply larger).
    """
    pad = 2
    image = np.random.default_rng(3).integers(1, 10, size=(5, 5, 3))
    padded = np.pad(image, ((pad, pad), (pad, pad), (0, 0)))
    n, m = image.shape[0], padded.shape[0]
    border = np.ones((m, m), dtype=bool)
    border[pad:-pad, pad:-pad] = False

    gap, top, bottom = 1.6, 2.4, 10.6  # between channels; top of the "before" and "after" rows
    width = 3 * m + 2 * gap
    fig, ax = canvas((-2.2, width + 0.3), (-1.8, bottom + m + 1.2), cell=0.27)
    heading = f"Zero padding with pad = {pad}: each channel of a {n}x{n} image becomes {m}x{m}"
    title(ax, width / 2 - 1, -0.8, heading, size=14)
    label(ax, width / 2, 0.9, f"Before padding: shape {image.shape}", 12)
    label(ax, width / 2, bottom - 1.2, f"After padding: shape {padded.shape}", 12)
    for k, (name, color) in enumerate(CHANNELS):
        x = k * (m + gap)
        label(ax, x + m / 2, top - 0.2, f"{name} channel", va="bottom")
        draw_grid(ax, image[:, :, k], x + pad, top, fill=tint(color), fontsize=10)
        arrow(ax, (x + m / 2, top + n + 0.2), (x + m / 2, bottom - 2.1))
        fill = paint(border, PAD_FILL, tint(color))
        draw_grid(ax, padded[:, :, k], x, bottom, fill=fill, fontsize=10)
        outline(ax, x + pad, bottom + pad, n, n, color, lw=2.5)
    # How wide the border is, measured on the first channel.
    arrow(ax, (-0.3, bottom), (-0.3, bottom + pad), arrowstyle="<|-|>", mutation_scale=10)
    label(ax, -0.5, bottom + pad / 2, f"pad\n= {pad}", 10, ha="right")
    label(ax, width / 2, bottom + m + 0.15, "grey: the added zeros", 10, va="top", color=MUTED)
    return fig


def conv_single_step() -> Figure:
    """One filter at one position gives one number: window times filter, summed, plus the bias.

    Prevents the belief that a convolution step outputs a matrix: the nine products collapse into
    a single sum, and that one number fills one cell of the output map, the cell whose index is
    the window's position.
    """
    a = np.array(
        [
            [3, 1, 0, 2, 1],
            [1, 2, 4, 1, 0],
            [0, 1, 3, 2, 2],
            [2, 0, 1, 1, 3],
            [1, 3, 2, 0, 1],
        ]
    )
    W = np.array([[1, 0, -1], [1, 2, -1], [0, 1, 1]])
    b = 2
    f, h, w = 3, 1, 2  # the window of output cell (h, w), stride 1
    window = a[h : h + f, w : w + f]
    products = window * W
    total = products.sum()
    z = total + b
    n_out = a.shape[0] - f + 1
    in_window = np.zeros(a.shape, dtype=bool)
    in_window[h : h + f, w : w + f] = True
    is_target = np.zeros((n_out, n_out), dtype=bool)
    is_target[h, w] = True

    fig, ax = canvas((-0.6, 20.6), (-1.8, 13.2), cell=0.4)
    title(ax, 10, -1, "One step of a convolution: one window, one filter, one number")
    # Top row: the input with the window, the window, the filter, their products.
    draw_grid(ax, a, 0, 1, fill=paint(in_window, tint(ORANGE)))
    outline(ax, w, 1 + h, f, f, ORANGE)
    label(ax, 2.5, 0.8, "input (5x5)", 12, va="bottom")
    arrow(ax, (5.2, 3.5), (6.8, 3.5))
    for x, grid, name, fill in [
        (7, window, "window", tint(ORANGE)),
        (11.5, W, "filter W", tint(SKY)),
        (16, products, "products", "white"),
    ]:
        draw_grid(ax, grid, x, 2, fill=fill)
        label(ax, x + 1.5, 1.8, name, 12, va="bottom")
    label(ax, 10.75, 3.5, "\u00d7", 20)
    label(ax, 15.25, 3.5, "=", 20)
    label(ax, 17.5, 5.2, "(entry by entry)", 10, va="top", color=MUTED)

    # Bottom row: the arithmetic, then the one number and the output cell it fills.
    terms = " + ".join(number(p) for p in products.ravel()).replace("+ \u2212", "\u2212 ")
    label(ax, 0, 8.6, "sum of the 9 products:", 12, ha="left")
    label(ax, 0, 9.6, f"{terms} = {number(total)}", 12, ha="left")
    equation = f"z = sum + b = {number(total)} + {number(b)} = {number(z)}"
    label(ax, 0, 11.0, equation, 12, ha="left", fontweight="bold")
    arrow(ax, (17.5, 6.0), (17.5, 8.4 + h))
    label(ax, 17.7, 7.2 + h / 2, f"add them up,\nthen add b = {number(b)}", 10, ha="left")
    draw_grid(ax, [[z]], 17, 8.5 + h, fill=tint(ORANGE))
    label(ax, 18.2, 9 + h, "z", 13, ha="left", fontweight="bold")
    out_labels = np.where(is_target, number(z), "")
    draw_grid(ax, is_target, 12, 8.5, fill=paint(is_target, tint(ORANGE)), labels=out_labels)
    index_labels(ax, 12, 8.5, n_out, n_out)
    arrow(ax, (16.9, 9 + h), (15.1, 9 + h))
    caption = f"output map ({n_out}x{n_out}, stride 1):\nz fills cell ({h}, {w})"
    label(ax, 13.5, 11.8, caption, va="top")
    return fig


def slice_corners() -> Figure:
    """Output index (h, w) times the stride gives the window's corners, as half-open slices.

    Prevents the two classic bugs of ``conv_forward``: using h and w directly as input rows and
    columns (forgetting ``* stride``), and stopping the slice one row or column early (or late) by
    misreading the end of a Python slice, which is one past the last index it keeps.
    """
    pad, f, stride, h, w = 1, 3, 2, 1, 2
    n_in = 5 + 2 * pad
    n_out = (n_in - f) // stride + 1
    vert_start = h * stride
    vert_end = vert_start + f
    horiz_start = w * stride
    horiz_end = horiz_start + f
    window = (slice(vert_start, vert_end), slice(horiz_start, horiz_end))
    in_window = np.zeros((n_in, n_in), dtype=bool)
    in_window[window] = True
    border = np.ones((n_in, n_in), dtype=bool)
    border[pad:-pad, pad:-pad] = False

    fig, ax = canvas((-10.6, 17.6), (-4.4, 10.4), cell=0.33)
    title(ax, 3.3, -3.7, f"Window corners from the output index: f = {f}, stride = {stride}")
    # The padded input, its indices, and the window of output cell (h, w).
    fill = paint(in_window, tint(ORANGE), paint(border, PAD_FILL))
    draw_grid(ax, fill, 0, 0, fill=fill, labels=np.full(fill.shape, ""))
    outline(ax, horiz_start, vert_start, f, f, ORANGE)
    index_labels(ax, 0, 0, n_in, n_in, window=window, size=11)
    label(ax, -0.35, -0.25, "row / col", 9, ha="right", va="bottom", color=MUTED)
    # Each corner: where it points (row or column index), its formula, and what the index means.
    first, past = "first {} kept", "excluded: one past the end"
    vert = [
        (
            vert_start,
            f"vert_start = h * stride = {h} * {stride} = {vert_start}",
            first.format("row"),
        ),
        (vert_end, f"vert_end = vert_start + f = {vert_start} + {f} = {vert_end}", past),
    ]
    horiz = [
        (
            horiz_start,
            f"horiz_start = w * stride = {w} * {stride} = {horiz_start}",
            first.format("column"),
        ),
        (horiz_end, f"horiz_end = horiz_start + f = {horiz_start} + {f} = {horiz_end}", past),
    ]
    tip = {"arrowstyle": "-|>", "color": INK, "lw": 1.2}
    for row, formula, meaning in vert:
        ax.annotate(
            f"{formula}\n({meaning})",
            xy=(-1.0, row + 0.5),
            xytext=(-2.0, row + 0.5),
            ha="right",
            va="center",
            fontsize=10,
            arrowprops=tip,
        )
    # Start text to the left of its column, end text to the right; arrows leave their corners.
    for (col, formula, meaning), ha, corner in zip(horiz, ["right", "left"], [(1, 0), (0, 0)]):
        ax.annotate(
            f"{formula}\n({meaning})",
            xy=(col + 0.5, -0.9),
            xytext=(col + 0.5, -1.6),
            ha=ha,
            va="bottom",
            fontsize=10,
            arrowprops={**tip, "relpos": corner},
        )
    kept_rows = ", ".join(map(str, range(vert_start, vert_end)))
    kept_cols = ", ".join(map(str, range(horiz_start, horiz_end)))
    code = f"a_slice_prev = a_prev_pad[{vert_start}:{vert_end}, {horiz_start}:{horiz_end}, :]"
    input_caption = f"padded input a_prev_pad, {n_in}x{n_in} (grey: zero padding, pad = {pad})"
    label(ax, n_in / 2, n_in + 0.4, input_caption, 10, va="top", color=MUTED)
    label(ax, n_in / 2, n_in + 1.5, code, va="top", family="monospace")
    label(ax, n_in / 2, n_in + 2.5, f"keeps rows {kept_rows} and columns {kept_cols}", va="top")

    # The output grid, with the cell (h, w) whose window is shown.
    x_out, y_out = 12.5, 1.5
    is_target = np.zeros((n_out, n_out), dtype=bool)
    is_target[h, w] = True
    out_labels = np.where(is_target, f"({h}, {w})", "")
    draw_grid(ax, is_target, x_out, y_out, paint(is_target, tint(ORANGE)), out_labels, fontsize=9)
    outline(ax, x_out + w, y_out + h, 1, 1, ORANGE, lw=2.5)
    index_labels(ax, x_out, y_out, n_out, n_out)
    centre = x_out + n_out / 2
    label(ax, centre, y_out + n_out + 0.4, f"output ({n_out}x{n_out})\nh = {h}, w = {w}", va="top")
    size_rule = f"n_H = ({n_in} \u2212 {f}) // {stride} + 1 = {n_out}"
    label(ax, centre, y_out + n_out + 2.0, size_rule, 10, va="top", color=MUTED)
    return fig


def pooling() -> Figure:
    """Max and average pooling summarise the same windows differently.

    Prevents mixing up the two (the max keeps one value per window, the average blends all four)
    and shows that with f = stride = 2 the windows tile the input without overlapping, so each
    input value belongs to exactly one output cell.
    """
    f = stride = 2
    x = np.array([[1, 3, 2, 1], [4, 2, 0, 1], [3, 1, 1, 5], [0, 2, 2, 4]])
    n_out = (x.shape[0] - f) // stride + 1
    windows = x.reshape(n_out, f, n_out, f).swapaxes(1, 2)  # windows[i, j] is one f x f block
    pooled = {"max": windows.max(axis=(2, 3)), "average": windows.mean(axis=(2, 3))}
    colors = np.array([[ORANGE, SKY], [GREEN, PURPLE]])
    fills_out = np.vectorize(tint)(colors)
    fills_in = fills_out.repeat(f, axis=0).repeat(f, axis=1)

    # The same input in the middle, one summary on each side.
    fig, ax = canvas((-1.2, 17.5), (-1.4, 6.6), cell=0.5)
    title(ax, 8.15, -0.7, f"Max pooling and average pooling, f = {f}, stride = {stride}")
    draw_grid(ax, x, 6, 1.5, fill=fills_in)
    for (i, j), color in np.ndenumerate(colors):
        outline(ax, 6 + j * stride, 1.5 + i * stride, f, f, color, lw=3)
    label(ax, 8, 1.2, "input (4x4)", 12, va="bottom")
    label(ax, 8, 5.8, "four 2x2 windows, one colour each", 10, va="top", color=MUTED)
    sides = [
        ("max", 0, (5.7, 2.3), "max of each window"),
        ("average", 14, (10.3, 13.7), "mean of each window"),
    ]
    for name, x_out, (start, end), how in sides:
        draw_grid(ax, pooled[name], x_out, 2.5, fill=fills_out)
        label(ax, x_out + 1, 2.2, f"{name} pooling (2x2)", 12, va="bottom")
        arrow(ax, (start, 3.5), (end, 3.5))
        label(ax, (start + end) / 2, 3.3, how, 10, va="bottom")
    return fig


def max_mask() -> Figure:
    """Backward through max pooling: only the maximum of a window receives the gradient.

    Prevents spreading the gradient over the whole window (that is average pooling) and shows the
    tie rule the notebook uses: ``x == np.max(x)`` marks every tied maximum, so each of them gets
    the full upstream gradient.
    """
    dA = 5
    cases = [
        ("One maximum: the whole gradient goes to its position", [[1, 3], [4, 2]]),
        ("A tie: the mask marks both maxima, and each gets the full gradient", [[4, 1], [4, 2]]),
    ]
    headings = [
        "window X",
        "mask M",
        "upstream\ngradient dA",
        "M \u00d7 dA: gradient\nfor the window",
    ]
    fig, ax = canvas((-0.6, 13.2), (-1.4, 10.0), cell=0.55)
    title(ax, 6.3, -0.7, "Max pooling, backward: the gradient goes to the maximum")
    for (caption, X), y in zip(cases, [2.2, 6.8]):
        X = np.array(X)
        mask = X == np.max(X)
        highlight = paint(mask, tint(ORANGE))
        label(ax, -0.4, y - 1.45, caption, 12, ha="left")
        draw_grid(ax, X, 0, y, fill=highlight)
        arrow(ax, (2.2, y + 1), (3.8, y + 1))
        label(ax, 3, y + 0.75, "X == max(X)", 9, va="bottom")
        draw_grid(ax, mask.astype(int), 4, y, fill=highlight)
        label(ax, 6.75, y + 1, "\u00d7", 18)
        draw_grid(ax, [[dA]], 7.5, y + 0.5, fill=tint(SKY))
        label(ax, 9.25, y + 1, "=", 18)
        draw_grid(ax, mask * dA, 10, y, fill=highlight)
        for x, heading in zip([1, 5, 8, 11], headings):
            label(ax, x, y - 0.2, heading, va="bottom")
    label(ax, 6.3, 9.5, "mask: 1 = True (X equals its maximum), 0 = False", 10, color=MUTED)
    return fig


def distribute_value() -> Figure:
    """Backward through average pooling: the gradient is shared equally by the whole window.

    Prevents copying the full gradient into every cell (which would multiply it by f * f): each
    cell gets dz / (f * f), and the shares add back up to dz.
    """
    dz, shape = 1, (2, 2)
    shares = np.full(shape, dz / (shape[0] * shape[1]))
    fig, ax = canvas((-0.6, 12.6), (-1.4, 5.0), cell=0.55)
    title(ax, 6, -0.7, "Average pooling, backward: dz is shared out evenly")
    draw_grid(ax, [[dz]], 0.5, 1.5, fill=tint(SKY))
    label(ax, 1, 1.3, "upstream\ngradient dz", va="bottom")
    arrow(ax, (1.8, 2), (6.3, 2))
    label(ax, 4.05, 1.75, f"dz / ({shape[0]} \u00d7 {shape[1]})", va="bottom")
    label(ax, 4.05, 2.25, f"= {number(dz)} / {shares.size} = {number(shares[0, 0])}", va="top")
    draw_grid(ax, shares, 6.8, 1, fill=tint(ORANGE))
    label(ax, 7.8, 0.8, "gradient for the window", va="bottom")
    total = " + ".join(number(v) for v in shares.ravel())
    label(ax, 6, 4.1, f"The shares add back up to dz: {total} = {number(shares.sum())}")
    return fig


FIGURES = {
    "zero_padding.png": zero_padding,
    "conv_single_step.png": conv_single_step,
    "slice_corners.png": slice_corners,
    "pooling.png": pooling,
    "max_mask.png": max_mask,
    "distribute_value.png": distribute_value,
}
