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
    """The window of one output cell, and the half-open slices that cut it out.

    Prevents the two classic bugs of ``conv_forward``: using h and w directly as input rows and
    columns (here output row 1 reads from input row 2), and stopping the slice one row or column
    early (or late) by misreading the end of a Python slice, which is one past the last index it
    keeps. The corners are shown as numbers, not formulas: working out the formula from them is
    the exercise.
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
        (vert_start, f"vert_start = {vert_start}", first.format("row")),
        (vert_end, f"vert_end = {vert_end}", past),
    ]
    horiz = [
        (horiz_start, f"horiz_start = {horiz_start}", first.format("column")),
        (horiz_end, f"horiz_end = {horiz_end}", past),
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
    the full upstream gradient, and a window with k tied maxima sends back k times its gradient.
    """
    dA = 5
    cases = [
        ("One maximum: the whole gradient goes to its position", [[1, 3], [4, 2]]),
        ("A tie: both maxima get all of dA, so the window sends back {total}", [[4, 1], [4, 2]]),
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
        total = f"{number(np.sum(mask * dA))} = {np.sum(mask)} \u00d7 dA"
        label(ax, -0.4, y - 1.45, caption.format(total=total), 12, ha="left")
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


def conv_volume() -> Figure:
    """A layer of two filters: each reads its window through every input channel, and the two
    feature maps stack into the output volume.

    Prevents two misreadings of ``conv_forward``: that a filter works on one channel (it has one
    slice per input channel, and the products of all of them add up to one number), and that the
    filters' outputs are added together (each filter fills its own channel of the output).
    """
    rng = np.random.default_rng(9)
    A = rng.integers(0, 4, size=(4, 4, 3))  # one example: height, width, channels
    W = rng.integers(-1, 2, size=(2, 2, 3, 2))
    b = np.array([1, -1])
    f, h, w = 2, 1, 2  # stride 1, no padding; the window of output cell (h, w)
    n_out = A.shape[0] - f + 1
    window = A[h : h + f, w : w + f, :]
    Z = np.zeros((n_out, n_out, W.shape[3]), dtype=int)
    for r, col, c in np.ndindex(Z.shape):
        Z[r, col, c] = np.sum(A[r : r + f, col : col + f, :] * W[:, :, :, c]) + b[c]
    in_window = np.zeros(A.shape[:2], dtype=bool)
    in_window[h : h + f, w : w + f] = True
    is_target = np.zeros((n_out, n_out), dtype=bool)
    is_target[h, w] = True
    map_colors = [ORANGE, SKY]

    x_channel = [0, 5.2, 10.4]  # left edge of each channel of the input
    x_bias, x_map, x_stack = 15.9, 21.4, 27.2
    rows = [7.2, 12.0]  # top of each filter's row
    fig, ax = canvas((-0.6, 31.8), (-2.4, 16.2), cell=0.28)
    title(ax, 15.6, -1.6, "A layer of 2 filters: each reads all the channels, the outputs stack")
    heading = f"input A_prev[i], shape {A.shape}: one 2x2 window, through all 3 channels"
    label(ax, 0, -0.3, heading, 11, ha="left", fontweight="bold")
    for k, (name, color) in enumerate(CHANNELS):
        x = x_channel[k]
        draw_grid(ax, A[:, :, k], x, 1, fill=paint(in_window, tint(color)), fontsize=10)
        outline(ax, x + w, 1 + h, f, f, color, lw=2.5)
        label(ax, x + 2, 0.85, f"channel {k} ({name})", 10, va="bottom", color=MUTED)
    for c, y in enumerate(rows):
        heading = f"filter {c}, W[:, :, :, {c}]: one 2x2 slice per channel, and a bias b[{c}]"
        label(ax, 0, y - 0.9, heading, 11, ha="left", fontweight="bold")
        sums = []
        for k, (_, color) in enumerate(CHANNELS):
            x = x_channel[k] + 1
            draw_grid(ax, W[:, :, k, c], x, y, fill=tint(color, 0.2), fontsize=10)
            sums.append(int(np.sum(window[:, :, k] * W[:, :, k, c])))
            label(ax, x + 1, y + 2.15, f"\u03a3 = {number(sums[-1])}", 10, va="top")
            label(ax, x + 3.6, y + 1, "+", 15)
        draw_grid(ax, [[b[c]]], x_bias, y + 0.5, fill="white", fontsize=10)
        label(ax, x_bias + 0.5, y + 1.65, f"b[{c}]", 10, va="top")
        arrow(ax, (x_bias + 1.2, y + 1), (x_map - 0.2, y + 1))
        terms = " + ".join(number(v) for v in [*sums, b[c]]).replace("+ \u2212", "\u2212 ")
        label(ax, (x_bias + 1 + x_map) / 2, y + 0.8, terms, 10, va="bottom")
        label(ax, (x_bias + 1 + x_map) / 2, y + 1.2, f"= {number(Z[h, w, c])}", 10, va="top")
        top = y - 0.5
        draw_grid(ax, Z[:, :, c], x_map, top, paint(is_target, tint(map_colors[c])), fontsize=10)
        outline(ax, x_map + w, top + h, 1, 1, map_colors[c], lw=2.5)
        label(ax, x_map + 1.5, top + 3.15, f"feature map {c}", 10, va="top")
    note = "\u03a3: a channel of the window times the same channel of the filter, summed"
    label(ax, 0, 15.5, note, 10, ha="left", color=MUTED)
    # The output volume: map 0 in front, map 1 behind it, one step further along the last axis.
    for c in reversed(range(2)):
        x, y = x_stack + 0.9 * c, 9.0 - 0.9 * c
        labels = None if c == 0 else np.full(Z.shape[:2], "")
        draw_grid(ax, Z[:, :, c], x, y, fill=tint(map_colors[c]), labels=labels, fontsize=10)
    arrow(ax, (x_map + 3.2, rows[0] + 1), (x_stack - 0.15, 9.5))
    arrow(ax, (x_map + 3.2, rows[1] + 1), (x_stack + 0.4, 12.1))
    label(ax, x_stack + 1.9, 7.8, f"output Z[i]\nshape {Z.shape}", 11, va="bottom")
    label(ax, x_stack + 1.9, 12.4, "map c is\nZ[i, :, :, c]", 10, va="top")
    return fig


def conv_backward() -> Figure:
    """The backward pass of a convolution into its input: W times dZ, added window by window into
    the padded gradient, then the padding cut off.

    Prevents the three bugs of ``conv_backward``'s dA_prev: assigning (``=``) instead of adding,
    which loses what overlapping windows already put in the shared cells; forgetting that the
    windows sit in padded coordinates; and keeping the padded gradient, or the wrong part of it,
    instead of its centre. One channel and one filter keep the numbers few.
    """
    W = np.array([[1, 0, 2], [-1, 1, 0], [0, 2, 1]])
    dZ = np.array([[1, 2], [-1, 3]])
    f, stride, pad, n_prev = 3, 2, 1, 3
    n_pad = n_prev + 2 * pad
    border = np.ones((n_pad, n_pad), dtype=bool)
    border[pad:-pad, pad:-pad] = False
    da_prev_pad = np.zeros((n_pad, n_pad), dtype=int)
    windows_per_cell = np.zeros((n_pad, n_pad), dtype=int)
    steps = []
    for h, w in np.ndindex(dZ.shape):
        top, left = h * stride, w * stride
        window = (slice(top, top + f), slice(left, left + f))
        da_prev_pad[window] += W * dZ[h, w]
        windows_per_cell[window] += 1
        steps.append((h, w, window))
    dA_prev = da_prev_pad[pad : pad + n_prev, pad : pad + n_prev]
    colors = [ORANGE, SKY, GREEN, PURPLE]

    fig, ax = canvas((-0.6, 27.6), (-2.4, 20.6), cell=0.32)
    title(
        ax, 13.5, -1.6, "Backward into the input: W \u00d7 dZ added into each window, then cropped"
    )
    # Top: what the layer used and what it received.
    draw_grid(ax, W, 3, 1, fill=tint(SKY, 0.2))
    label(ax, 4.5, 0.8, "filter W", 11, va="bottom")
    draw_grid(ax, dZ, 9, 1.5, fill=np.vectorize(tint)(np.reshape(colors, dZ.shape)))
    label(ax, 10, 1.3, "upstream dZ", 11, va="bottom")
    rule = f"f = {f}, stride = {stride}, pad = {pad}:\nthe windows overlap\non row 2 and column 2"
    label(ax, 13.5, 2.5, rule, 10, ha="left", color=MUTED)
    # Middle: each output cell adds W times its gradient into its own window of the padded grid.
    y_steps = 6.2
    for n, (h, w, window) in enumerate(steps):
        x = n * 7
        product = np.zeros((n_pad, n_pad), dtype=int)
        product[window] = W * dZ[h, w]
        inside = np.zeros((n_pad, n_pad), dtype=bool)
        inside[window] = True
        fill = paint(inside, tint(colors[n]), paint(border, PAD_FILL))
        labels = np.where(inside, np.vectorize(number)(product), "")
        draw_grid(ax, product, x, y_steps, fill=fill, labels=labels, fontsize=10)
        outline(ax, x + window[1].start, y_steps + window[0].start, f, f, colors[n], lw=2.5)
        heading = f"W \u00d7 dZ[{h}, {w}] = W \u00d7 {number(dZ[h, w])}"
        label(ax, x + 2.5, y_steps - 0.25, heading, 11, va="bottom")
        rows, cols = (f"{s.start}:{s.stop}" for s in window)
        where = f"into rows {rows}, columns {cols}"
        label(ax, x + 2.5, y_steps + n_pad + 0.25, where, 10, va="top", color=MUTED)
        if n:
            label(ax, x - 1, y_steps + 2.5, "+", 18)
    # Bottom: their sum in padded coordinates, then its centre.
    x_sum, y_sum = 7, 14.0
    label(ax, x_sum - 1, y_sum + 2.5, "=", 18)
    fill = paint(border, PAD_FILL, paint(windows_per_cell > 1, tint(ORANGE, 0.12)))
    draw_grid(ax, da_prev_pad, x_sum, y_sum, fill=fill, fontsize=10)
    label(ax, x_sum + 2.5, y_sum - 0.25, "da_prev_pad: the four added", 11, va="bottom")
    crop = f"da_prev_pad[{pad}:{pad + n_prev}, {pad}:{pad + n_prev}]"
    arrow(ax, (x_sum + n_pad + 0.3, y_sum + 2.5), (x_sum + n_pad + 6.2, y_sum + 2.5))
    label(ax, x_sum + n_pad + 3.25, y_sum + 2.3, "cut off the padding", 10, va="bottom")
    label(ax, x_sum + n_pad + 3.25, y_sum + 2.7, crop, 9, va="top", family="monospace")
    x_out = x_sum + n_pad + 6.5
    draw_grid(ax, dA_prev, x_out, y_sum + 1, fill="white", fontsize=10)
    label(ax, x_out + 1.5, y_sum + 0.75, "dA_prev (3x3)", 11, va="bottom", fontweight="bold")
    legend = (
        "grey: the padding (its gradient is thrown away);  "
        "light orange: inner cells shared by 2 or 4 windows"
    )
    label(ax, 13.5, y_sum + n_pad + 0.6, legend, 10, va="top", color=MUTED)
    return fig


FIGURES = {
    "zero_padding.png": zero_padding,
    "conv_single_step.png": conv_single_step,
    "conv_volume.png": conv_volume,
    "slice_corners.png": slice_corners,
    "conv_backward.png": conv_backward,
    "pooling.png": pooling,
    "max_mask.png": max_mask,
    "distribute_value.png": distribute_value,
}
