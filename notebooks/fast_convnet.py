# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # From loops to a trained ConvNet
#
# In notebook 1 you wrote a convolutional layer with four nested loops. It is correct, and it is
# slow: on a batch of 64 small colour images it takes seconds, and training a network needs
# thousands of such passes. In this notebook you make the same layers fast without changing a single
# number they compute, add the few pieces a classifier still needs, and train a small convolutional
# network on handwritten digits, in plain NumPy, in well under a minute.
#
# **By the end you will be able to:**
#
# - explain **im2col**: how copying every window of the input into one row of a matrix turns a whole
#   convolution into a single matrix product, and why that is fast;
# - write the backward pass of a convolution as two matrix products and a "col2im" that adds the
#   gradients of overlapping windows back together;
# - pool without loops over examples, rows or columns, including strides that do not tile the input;
# - write ReLU, fully connected and softmax layers, forward and backward, and a numerically stable
#   cross-entropy loss;
# - check every backward pass numerically, chain the layers into a network, and train it with
#   stochastic gradient descent with momentum;
# - read what a trained network learned: its filters, its feature maps and its mistakes.
#
# | # | function | what it does | points |
# |---|---|---|---|
# | 1 | `conv_forward_fast` | a convolutional layer as one matrix product | 15 |
# | 2 | `conv_backward_fast` | its gradients as two matrix products and a col2im | 20 |
# | 3 | `pool_forward_fast` | max and average pooling without loops over positions | 10 |
# | 4 | `pool_backward_fast` | their gradients, one loop over the window's offsets | 15 |
# | 5 | `relu_forward` | the ReLU activation | 2 |
# | 6 | `relu_backward` | its gradient | 3 |
# | 7 | `affine_forward` | a fully connected layer | 4 |
# | 8 | `affine_backward` | its gradients | 6 |
# | 9 | `softmax_loss` | the cross-entropy loss of a softmax, and its gradient | 8 |
# | 10 | `loss` | a whole ConvNet: its loss and the gradient of every parameter | 10 |
# | 11 | `sgd_momentum` | one step of gradient descent with momentum | 3 |
# | 12 | `train` | a training loop that overfits a small batch | 4 |
#
# **How this notebook works.** As in notebook 1: in each exercise, replace the whole
# `raise NotImplementedError(...)` statement with your code. It spans three lines, from `raise` to
# its closing parenthesis; deleting only the first one leaves a `SyntaxError`. Keep the lines
# around it, and the function's name and arguments. Then run the example cell (the text says exactly
# what it should print) and the test cell under it. `python public_tests.py fast_convnet.ipynb`
# runs every public test from a terminal (save the notebook first: it reads the saved file). Only
# the exercise cells are graded.
#
# **"Fast" is part of the grade of exercises 1 and 2, and only of those.**
#
# - `conv_forward_fast` and `conv_backward_fast` each have one large **speed** case among their
#   public tests and one among the hidden tests; a failing one is named `speed: ...`. A speed case
#   that runs longer than 2 seconds fails. On top of that, the grader gives each exercise 5 seconds
#   for all its cases together. A vectorized answer needs well under a second for each large case;
#   notebook 1's four loops need several seconds, and fail it.
# - The pooling exercises, 3 and 4, have no speed case: an answer with loops loses no points for
#   being slow. But pooling without loops over examples, rows and columns is what those two
#   exercises are there to teach, so do try it; section 4 shows what the loops cost.
# - In exercises 1 to 4 a loop over the $f \times f$ offsets inside a window is fine, and it is what
#   the text suggests for the backward passes: $f \cdot f$ steps, whatever the size of the input.

# %% [markdown] nbgrader={"grade": false, "grade_id": "conventions", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Conventions (the same as in notebook 1)
#
# - Images and activations are 4-D arrays in the order **(examples, height, width, channels)**.
# - A forward function returns `(output, cache)`, and the matching backward function computes the
#   gradients from the upstream gradient and that cache alone.
# - `hparameters` is a dictionary: `{"stride": s, "pad": p}` for a convolution, `{"f": f, "stride":
#   s}` for pooling. The output size is
#   $n_H = \left\lfloor (n_{H_{prev}} + 2p - f) / s \right\rfloor + 1$, and the same for $n_W$.
# - The fast layers keep **the same caches** as the loop layers: `(A_prev, W, b, hparameters)` for a
#   convolution and `(A_prev, hparameters)` for pooling. So a cache made by one version can be handed
#   to the other's backward pass, and the two versions can be checked against each other.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from public_tests import (
    affine_backward_test,
    affine_forward_test,
    conv_backward_fast_test,
    conv_forward_fast_test,
    gradient_check_affine,
    gradient_check_conv_fast,
    gradient_check_loss,
    gradient_check_pool_fast,
    gradient_check_relu,
    gradient_check_softmax,
    load_functions,
    loss_test,
    pool_backward_fast_test,
    pool_forward_fast_test,
    relu_backward_test,
    relu_forward_test,
    sgd_momentum_test,
    softmax_loss_test,
    train_test,
)

# %% nbgrader={"grade": false, "grade_id": "plots", "locked": true, "schema_version": 3, "solution": false, "task": false}
import time
from pathlib import Path

import matplotlib.pyplot as plt
from IPython.display import clear_output, display

# %matplotlib inline
plt.rcParams["figure.figsize"] = (6.0, 4.0)
plt.rcParams["image.interpolation"] = "nearest"
plt.rcParams["image.cmap"] = "gray"

# %% [markdown] nbgrader={"grade": false, "grade_id": "loops_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Your loop layers from notebook 1
#
# The cell below looks for your notebook 1 next to this folder, at
# `../conv_step_by_step/conv_step_by_step.ipynb`, and loads your four loop layers from it, so that
# section 4 can time them against your fast layers and check that both compute the same numbers. It
# only runs the cells that define graded functions. If the notebook is not there, or a layer is not
# finished, it says so and section 4 skips that comparison: nothing else in this notebook needs it.

# %% nbgrader={"grade": false, "grade_id": "loops", "locked": true, "schema_version": 3, "solution": false, "task": false}
LOOP_NOTEBOOK = Path("..") / "conv_step_by_step" / "conv_step_by_step.ipynb"
LOOP_LAYERS = ("conv_forward", "conv_backward", "pool_forward", "pool_backward")


def load_loop_layers(path):
    """Your notebook 1 layers that run, by name; a sentence for each one that does not."""
    if not path.is_file():
        print(f"No notebook 1 at {path}: the comparisons with your loop layers are skipped.")
        return {}
    try:
        found = load_functions(str(path))
    except Exception as error:  # a cell of notebook 1 that no longer runs
        print(f"Notebook 1 could not be loaded ({type(error).__name__}: {error}); skipped.")
        return {}
    rng = np.random.default_rng(0)
    A_prev, W, b = rng.standard_normal((1, 3, 3, 1)), np.ones((2, 2, 1, 1)), np.zeros((1, 1, 1, 1))
    trials = {
        "conv_forward": lambda f: f(A_prev, W, b, {"stride": 1, "pad": 0}),
        "conv_backward": lambda f: f(np.ones((1, 2, 2, 1)), (A_prev, W, b, {"stride": 1, "pad": 0})),
        "pool_forward": lambda f: f(A_prev, {"f": 2, "stride": 1}),
        "pool_backward": lambda f: f(np.ones((1, 2, 2, 1)), (A_prev, {"f": 2, "stride": 1})),
    }
    layers = {}
    for name in LOOP_LAYERS:
        if name not in found:
            print(f"{name}: not found in notebook 1, skipped.")
            continue
        try:
            trials[name](found[name])
        except NotImplementedError:
            print(f"{name}: not implemented yet in notebook 1, skipped.")
            continue
        except Exception as error:
            print(f"{name}: raised {type(error).__name__} in notebook 1, skipped.")
            continue
        layers[name] = found[name]
    print(f"loaded from notebook 1: {', '.join(layers) or 'nothing'}")
    return layers


loop_layers = load_loop_layers(LOOP_NOTEBOOK)

# %% [markdown] nbgrader={"grade": false, "grade_id": "im2col_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 1. A convolution is one matrix product
#
# Look again at one output number of a convolution: the window of the padded input under filter $c$
# at position $(h, w)$, multiplied entry by entry with the filter, summed, plus the bias,
#
# $$Z[i, h, w, c] = \sum_{u, v, k} A_{pad}[i,\; hs + u,\; ws + v,\; k] \; W[u, v, k, c] \; + \; b_c .$$
#
# Flatten the window into a vector of $f \cdot f \cdot n_{C_{prev}}$ numbers and the filter into a
# vector of the same length, in the same order: the sum is their **dot product**. A layer computes
# one such dot product for every window and every filter, which is exactly what a matrix product
# does with the rows of one matrix and the columns of another:
#
# - **im2col** ("image to columns") copies every window into one row of a matrix `cols`, of shape
#   $(m \cdot n_H \cdot n_W,\; f \cdot f \cdot n_{C_{prev}})$: one row per output position, of every
#   example;
# - the filters, reshaped, are the columns of `W_col`, of shape
#   $(f \cdot f \cdot n_{C_{prev}},\; n_C)$: `W.reshape(f * f * n_C_prev, n_C)` does it, because
#   NumPy flattens the first three axes of `W` in the order $(u, v, k)$;
# - `cols @ W_col + b` holds every output number: row $r$ is the position, column $c$ the filter.
#   Reshaping it to $(m, n_H, n_W, n_C)$ gives $Z$, because the rows are in the order
#   $(i, h, w)$.
#
# ![Each window of the input becomes a row of cols; cols times the filter matrix gives every output at once](images/im2col.png)
#
# **Why this is fast.** The loops of notebook 1 do the same arithmetic, but each multiplication and
# addition goes through the Python interpreter, which costs about a microsecond, about a thousand
# times what the arithmetic itself costs. A matrix product is one call into a library (BLAS) written
# for it: it works through the matrices in blocks that stay in the processor's cache, uses vector
# instructions that do several multiplications at once, and runs on every core. The price is memory:
# `cols` holds each input number once per window it belongs to. With stride 1, a pixel away from the
# border belongs to $f \cdot f$ windows, so `cols` is about $f^2$ times the size of the input (9
# times for $3 \times 3$ filters); pixels near the border belong to fewer windows, and a stride $s$
# divides the number of windows, and the size of `cols`, by about $s^2$.
#
# **Cutting the windows out without loops.**
# `sliding_window_view(A_pad, (f, f), axis=(1, 2))` returns, without copying anything, an array of
# shape $(m, n_{H_{pad}} - f + 1, n_{W_{pad}} - f + 1, n_{C_{prev}}, f, f)$ whose entry `[i, h, w]`
# is the $f \times f$ window with its top-left corner at row `h`, column `w`, with its two window
# axes **last**. Then:
#
# - keep every `stride`-th window along the height and the width with a slice `[:, ::stride,
#   ::stride]`; this gives exactly $n_H \times n_W$ positions, also when the stride does not tile the
#   input;
# - move the channel axis after the two window axes (`np.transpose` or `np.moveaxis`), so that each
#   window is in the order $(u, v, k)$ of `W.reshape`;
# - `reshape` to $(m \cdot n_H \cdot n_W,\; f \cdot f \cdot n_{C_{prev}})$: this is the one copy of
#   the whole computation.
#
# The cell below shows it on a tiny input: one $3 \times 3$ image with one channel, $f = 2$, stride
# 1, no padding: four windows, four rows. With a single channel the channel axis can stay where it
# is; with several, it has to move first, or the numbers of different channels end up interleaved in
# the wrong order.

# %% nbgrader={"grade": false, "grade_id": "im2col_demo", "locked": true, "schema_version": 3, "solution": false, "task": false}
A_demo = np.arange(1.0, 10.0).reshape(1, 3, 3, 1)
windows = sliding_window_view(A_demo, (2, 2), axis=(1, 2))
print("windows.shape =", windows.shape)
cols_demo = windows.reshape(4, 4)  # one channel: the channel axis can stay where it is
print("cols =\n", cols_demo)

# %% [markdown] nbgrader={"grade": false, "grade_id": "conv_forward_fast_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Exercise 1: `conv_forward_fast`
#
# Implement the forward pass of a convolutional layer with im2col and one matrix product. It takes
# the same arguments and returns the same `(Z, cache)` as notebook 1's `conv_forward`, to within
# rounding. No loops.
#
# Steps: read the sizes and compute $n_H, n_W$; pad `A_prev` with `np.pad`; cut out the windows with
# `sliding_window_view` and a strided slice; put the channels last and reshape into `cols`; multiply
# by `W` reshaped to $(f \cdot f \cdot n_{C_{prev}}, n_C)$; add `b.reshape(1, n_C)` (broadcasting adds
# filter $c$'s bias to column $c$); reshape to $(m, n_H, n_W, n_C)$.
#
# If your result differs from the loop layer, test with `f = 1` first (no windows to get wrong), then
# check the order of the window axes: print `cols[0]` for a tiny input and compare it with the first
# window, written down by hand.

# %% nbgrader={"grade": false, "grade_id": "conv_forward_fast", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv_forward_fast(A_prev, W, b, hparameters):
    """Forward pass of a convolutional layer, as one matrix product of windows and filters.

    Arguments:
    A_prev -- numpy array of shape (m, n_H_prev, n_W_prev, n_C_prev), the layer's input
    W -- numpy array of shape (f, f, n_C_prev, n_C), one filter per output channel
    b -- numpy array of shape (1, 1, 1, n_C), one bias per filter
    hparameters -- dictionary with the integer keys "stride" and "pad"

    Returns:
    Z -- numpy array of shape (m, n_H, n_W, n_C), the layer's output
    cache -- tuple (A_prev, W, b, hparameters), kept for conv_backward_fast()
    """
    ### BEGIN SOLUTION
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, _, _, n_C = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    n_H = 1 + (n_H_prev + 2 * pad - f) // stride
    n_W = 1 + (n_W_prev + 2 * pad - f) // stride

    A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    # Row u of a window is f * n_C_prev consecutive numbers of one row of A_pad. So view each
    # padded row as one vector of n_W_pad * n_C_prev numbers and slide over it in steps of
    # stride * n_C_prev, then slide f of those rows down the image: the one copy, into cols,
    # then moves runs of f * n_C_prev numbers instead of n_C_prev, about twice as fast.
    rows = A_pad.reshape(m, A_pad.shape[1], -1)
    runs = sliding_window_view(rows, f * n_C_prev, axis=2)[:, :, :: stride * n_C_prev]
    windows = sliding_window_view(runs, f, axis=1)[:, ::stride]  # (m, n_H, n_W, f * n_C_prev, f)
    cols = windows.transpose(0, 1, 2, 4, 3).reshape(m * n_H * n_W, f * f * n_C_prev)
    Z = cols @ W.reshape(f * f * n_C_prev, n_C)
    Z += b.reshape(1, n_C)
    Z = Z.reshape(m, n_H, n_W, n_C)
    ### END SOLUTION
    cache = (A_prev, W, b, hparameters)
    return Z, cache


# %% [markdown] nbgrader={"grade": false, "grade_id": "conv_forward_fast_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below runs a layer of four $3 \times 3$ filters with padding 1 and stride 2 on three random
# $5 \times 6$ inputs with two channels. It should print:
#
# ```
# Z.shape = (3, 3, 3, 4)
# Z's mean = -1.2610221259
# Z[1, 2, 0] = [ 0.332912    2.45541603 -3.66754177  0.72273476]
# ```

# %% nbgrader={"grade": false, "grade_id": "conv_forward_fast_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
rng = np.random.default_rng(2)
A_prev = rng.standard_normal((3, 5, 6, 2))
W = rng.standard_normal((3, 3, 2, 4))
b = rng.standard_normal((1, 1, 1, 4))
Z, cache = conv_forward_fast(A_prev, W, b, {"pad": 1, "stride": 2})
print("Z.shape =", Z.shape)
print(f"Z's mean = {np.mean(Z):.10f}")
print("Z[1, 2, 0] =", Z[1, 2, 0])

# %% nbgrader={"grade": true, "grade_id": "test_conv_forward_fast", "locked": true, "points": 15, "schema_version": 3, "solution": false, "task": false}
conv_forward_fast_test(conv_forward_fast)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("fast_convnet", "conv_forward_fast", conv_forward_fast)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "conv_backward_fast_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 2. The backward pass: two more matrix products
#
# The forward pass is one matrix product plus a bias, `Z_col = cols @ W_col + b`, and its gradients
# follow from the chain rule in a few lines. Write `dZ_col` for `dZ` reshaped like `Z_col`, to
# $(m \cdot n_H \cdot n_W, n_C)$.
#
# **Where the formulas come from.** For this paragraph only, write $W$, $Z$ and $dZ$ for `W_col`,
# `Z_col` and `dZ_col`. Row $r$ of `cols` is one window, column $c$ of $W$ one filter, and entry
# $(r, c)$ of the product is the same weighted sum as in notebook 1:
#
# $$Z_{rc} = \sum_{k} \mathrm{cols}_{rk} \, W_{kc} + b_c .$$
#
# Its partial derivatives are immediate:
# $\partial Z_{rc} / \partial W_{kc} = \mathrm{cols}_{rk}$,
# $\partial Z_{rc} / \partial \mathrm{cols}_{rk} = W_{kc}$ and $\partial Z_{rc} / \partial b_c = 1$.
# The chain rule adds, over every entry $Z_{rc}$ that a number was used in, that entry's gradient
# $dZ_{rc}$ times the partial derivative. The weight $W_{kc}$ and the bias $b_c$ are used in
# $Z_{rc}$ for every row $r$ (every window shares the filter); the window entry
# $\mathrm{cols}_{rk}$ is used in $Z_{rc}$ for every filter $c$:
#
# $$\frac{\partial J}{\partial W_{kc}} = \sum_{r} \mathrm{cols}_{rk} \, dZ_{rc} \qquad\qquad \frac{\partial J}{\partial \mathrm{cols}_{rk}} = \sum_{c} dZ_{rc} \, W_{kc} \qquad\qquad \frac{\partial J}{\partial b_c} = \sum_{r} dZ_{rc}$$
#
# The first sum is entry $(k, c)$ of the matrix product $\mathrm{cols}^{T} dZ$, the second is entry
# $(r, k)$ of $dZ \, W^{T}$, and the third adds up column $c$ of $dZ$. So, in code names:
#
# $$dW_{col} = cols^{T} \, dZ_{col} \qquad\qquad db = \sum_{\text{rows}} dZ_{col} \qquad\qquad dcols = dZ_{col} \, W_{col}^{T}$$
#
# A quick check that a product is the right way round: its shape. `cols.T` is
# $(f \cdot f \cdot n_{C_{prev}},\; m \cdot n_H \cdot n_W)$ and `dZ_col` is
# $(m \cdot n_H \cdot n_W,\; n_C)$, so `cols.T @ dZ_col` has the shape of `W_col`, as a gradient
# must.
#
# - `dW_col` has the shape of `W_col`; reshaped to $(f, f, n_{C_{prev}}, n_C)$ it is $dW$. It adds up,
#   in one product, the contribution of every window of every example: the `+=` over all positions of
#   notebook 1.
# - `db` has one entry per filter: the sum of that filter's column of `dZ_col`.
# - `dcols` has the shape of `cols`: row $r$ is the gradient with respect to the window that was
#   copied into row $r$.
#
# **col2im: putting the windows back.** Each row of `dcols` belongs to one window of the padded
# input, and windows overlap whenever the stride is smaller than $f$, so a pixel's gradient is the
# **sum** of the entries of every window that contains it, exactly as with `+=` in notebook 1.
# Reshape `dcols` to $(m, n_H, n_W, f, f, n_{C_{prev}})$; then `dcols[:, :, :, u, v, :]` holds, for
# every position, the entry at offset $(u, v)$ inside its window, and that entry came from pixel
# $(hs + u, ws + v)$. For one fixed offset, those pixels are all different, so one strided slice adds
# them all at once:
#
# ```python
# dA_pad[:, u : u + stride * n_H : stride, v : v + stride * n_W : stride, :] += dcols[:, :, :, u, v, :]
# ```
#
# Loop over the $f \cdot f$ offsets (nine additions for a $3 \times 3$ filter, whatever the size of the
# input), then cut the padding off, as in notebook 1, with explicit ends:
# `dA_pad[:, pad : pad + n_H_prev, pad : pad + n_W_prev, :]`.
#
# ![Every row of dcols is added back into the window it came from; overlapping windows add up](images/col2im.png)
#
# **Why not one assignment with all the indices at once?** With fancy indexing, `a[index] += x` adds
# only once when an index is repeated, so overlapping windows would lose gradient. (`np.add.at` adds
# every time, but it is slow.) One offset at a time, no index repeats.
#
# ### Exercise 2: `conv_backward_fast`
#
# Implement the backward pass of `conv_forward_fast` with the three formulas and col2im. `cache` is
# `(A_prev, W, b, hparameters)`; rebuild `cols` from `A_prev` exactly as in the forward pass. Return
# `dA_prev`, `dW` and `db` with the shapes of `A_prev`, `W` and `b`. The only loops allowed are the
# two over the window's offsets.

# %% nbgrader={"grade": false, "grade_id": "conv_backward_fast", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv_backward_fast(dZ, cache):
    """Backward pass of a convolutional layer, with matrix products and col2im.

    Arguments:
    dZ -- numpy array of shape (m, n_H, n_W, n_C), gradient of the cost with respect to Z
    cache -- tuple (A_prev, W, b, hparameters), as returned by conv_forward_fast()

    Returns:
    dA_prev -- numpy array of shape (m, n_H_prev, n_W_prev, n_C_prev),
               gradient of the cost with respect to A_prev
    dW -- numpy array of shape (f, f, n_C_prev, n_C), gradient of the cost with respect to W
    db -- numpy array of shape (1, 1, 1, n_C), gradient of the cost with respect to b
    """
    ### BEGIN SOLUTION
    A_prev, W, b, hparameters = cache
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, _, _, n_C = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    _, n_H, n_W, _ = dZ.shape

    A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    rows = A_pad.reshape(m, A_pad.shape[1], -1)  # cols as in conv_forward_fast
    runs = sliding_window_view(rows, f * n_C_prev, axis=2)[:, :, :: stride * n_C_prev]
    windows = sliding_window_view(runs, f, axis=1)[:, ::stride]
    cols = windows.transpose(0, 1, 2, 4, 3).reshape(m * n_H * n_W, f * f * n_C_prev)
    dZ_col = dZ.reshape(m * n_H * n_W, n_C)

    dW = (cols.T @ dZ_col).reshape(W.shape)
    db = dZ_col.sum(axis=0).reshape(b.shape)
    dcols = dZ_col @ W.reshape(f * f * n_C_prev, n_C).T
    dcols = dcols.reshape(m, n_H, n_W, f, f, n_C_prev)

    dA_pad = np.zeros(A_pad.shape)
    for u in range(f):
        for v in range(f):
            rows = slice(u, u + stride * n_H, stride)
            columns = slice(v, v + stride * n_W, stride)
            dA_pad[:, rows, columns, :] += dcols[:, :, :, u, v, :]
    dA_prev = dA_pad[:, pad : pad + n_H_prev, pad : pad + n_W_prev, :]
    ### END SOLUTION
    return dA_prev, dW, db


# %% [markdown] nbgrader={"grade": false, "grade_id": "conv_backward_fast_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below runs the layer of the previous example forward and backward, with a random
# upstream gradient. It should print:
#
# ```
# dA_prev's mean = 0.2767071269
# dW[1, 1, 0] = [-4.81721093 -7.2369847   2.87839588 18.38060599]
# db = [ 1.09756034  0.01209131  2.95573111 -7.87630091]
# ```

# %% nbgrader={"grade": false, "grade_id": "conv_backward_fast_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
rng = np.random.default_rng(2)
A_prev = rng.standard_normal((3, 5, 6, 2))
W = rng.standard_normal((3, 3, 2, 4))
b = rng.standard_normal((1, 1, 1, 4))
Z, cache = conv_forward_fast(A_prev, W, b, {"pad": 1, "stride": 2})
dZ = rng.standard_normal(Z.shape)
dA_prev, dW, db = conv_backward_fast(dZ, cache)
print(f"dA_prev's mean = {np.mean(dA_prev):.10f}")
print("dW[1, 1, 0] =", dW[1, 1, 0])
print("db =", db.ravel())

# %% nbgrader={"grade": true, "grade_id": "test_conv_backward_fast", "locked": true, "points": 20, "schema_version": 3, "solution": false, "task": false}
conv_backward_fast_test(conv_backward_fast)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("fast_convnet", "conv_backward_fast", conv_backward_fast)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "gradient_check_conv_fast_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Check the gradients numerically
#
# The same centred-difference check as in notebook 1, for every entry of `A_prev`, `W` and `b`,
# on two tiny layers: one with padding 1 and stride 2, one with no padding and stride 1 (where a
# crop written `[pad:-pad]` would keep nothing). Below $10^{-7}$ your gradient is right; around
# $10^{-2}$ or more, it is wrong.
#
# The numerical gradients are slopes of **your** `conv_forward_fast`: the check runs your forward
# pass too. So make exercise 1 pass its tests first; with a wrong forward pass, this check fails
# even when your backward pass is right.

# %% nbgrader={"grade": false, "grade_id": "gradient_check_conv_fast", "locked": true, "schema_version": 3, "solution": false, "task": false}
gradient_check_conv_fast(conv_forward_fast, conv_backward_fast)

# %% [markdown] nbgrader={"grade": false, "grade_id": "pool_forward_fast_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 3. Pooling without loops
#
# A pooling window covers one channel, so `sliding_window_view(A_prev, (f, f), axis=(1, 2))` gives
# every window already: an array of shape $(m, n_{H_{prev}} - f + 1, n_{W_{prev}} - f + 1, n_C, f,
# f)$, in which the last two axes are the window. Keep every `stride`-th window with
# `[:, ::stride, ::stride]`, and reduce the last two axes: `np.max(..., axis=(4, 5))` or
# `np.mean(..., axis=(4, 5))`. When the stride does not tile the input, the slice simply leaves out
# the rows and columns that cannot fill a whole window, as the output size formula says.
#
# ### Exercise 3: `pool_forward_fast`
#
# Implement max and average pooling with `sliding_window_view`, without loops. Same arguments, same
# `(A, cache)` as notebook 1's `pool_forward`.

# %% nbgrader={"grade": false, "grade_id": "pool_forward_fast", "locked": false, "schema_version": 3, "solution": true, "task": false}
def pool_forward_fast(A_prev, hparameters, mode="max"):
    """Forward pass of a max or average pooling layer, without loops.

    Arguments:
    A_prev -- numpy array of shape (m, n_H_prev, n_W_prev, n_C_prev), the layer's input
    hparameters -- dictionary with the integer keys "f" and "stride"
    mode -- "max" or "average"

    Returns:
    A -- numpy array of shape (m, n_H, n_W, n_C), the layer's output
    cache -- tuple (A_prev, hparameters), kept for pool_backward_fast()
    """
    f = hparameters["f"]
    stride = hparameters["stride"]
    ### BEGIN SOLUTION
    windows = sliding_window_view(A_prev, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    if mode == "max":
        A = windows.max(axis=(4, 5))
    elif mode == "average":
        A = windows.mean(axis=(4, 5))
    else:
        raise ValueError(f"mode must be 'max' or 'average', not {mode!r}")
    ### END SOLUTION
    cache = (A_prev, hparameters)
    return A, cache


# %% [markdown] nbgrader={"grade": false, "grade_id": "pool_forward_fast_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below pools a random batch of two $5 \times 7$ inputs with three channels, with $3 \times 3$
# windows and stride 2 (the last column is left out). It should print:
#
# ```
# mode = max  A.shape = (2, 2, 3, 3)
# A[1, :, :, 0] =
#  [[1.49673717 1.49673717 1.69520756]
#  [1.61568176 1.60966268 1.69520756]]
# mode = average  A.shape = (2, 2, 3, 3)
# A[1, :, :, 0] =
#  [[0.27827061 0.04109631 0.27275945]
#  [0.14707381 0.00328371 0.06344346]]
# ```

# %% nbgrader={"grade": false, "grade_id": "pool_forward_fast_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
rng = np.random.default_rng(3)
A_prev = rng.standard_normal((2, 5, 7, 3))
for mode in ("max", "average"):
    A, cache = pool_forward_fast(A_prev, {"f": 3, "stride": 2}, mode=mode)
    print("mode =", mode, " A.shape =", A.shape)
    print("A[1, :, :, 0] =\n", A[1, :, :, 0])

# %% nbgrader={"grade": true, "grade_id": "test_pool_forward_fast", "locked": true, "points": 10, "schema_version": 3, "solution": false, "task": false}
pool_forward_fast_test(pool_forward_fast)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("fast_convnet", "pool_forward_fast", pool_forward_fast)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "pool_backward_fast_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Pooling backward: one loop over the window's offsets
#
# The gradient of a pooling layer goes back into the windows, as in notebook 1, and the same trick as
# col2im removes the loops over positions: for one fixed offset $(u, v)$ inside the window, the pixels
# at that offset of all the windows are `A_prev[:, u : u + stride * n_H : stride, v : v + stride * n_W
# : stride, :]`, an array of the shape of the output, and all different. So loop over the $f \cdot f$
# offsets, and at each one:
#
# - `mode == "average"`: every pixel of a window receives $dA / f^2$: add `dA / (f * f)` into that
#   slice of `dA_prev`;
# - `mode == "max"`: a pixel receives its window's gradient if it **is** its window's maximum.
#   Compute the pooled maxima `A` once (as in the forward pass); then
#   `A_prev[slice] == A` is the mask of offset $(u, v)$ for every window at once, and
#   `(A_prev[slice] == A) * dA` goes into that slice of `dA_prev`.
#
# Add with `+=`: overlapping windows share pixels. Ties follow notebook 1's rule: every tied maximum
# receives the full gradient, which is what `==` gives.
#
# ### Exercise 4: `pool_backward_fast`
#
# Implement the backward pass of `pool_forward_fast` in both modes, with loops over the offsets
# only. `cache` is `(A_prev, hparameters)`.

# %% nbgrader={"grade": false, "grade_id": "pool_backward_fast", "locked": false, "schema_version": 3, "solution": true, "task": false}
def pool_backward_fast(dA, cache, mode="max"):
    """Backward pass of a max or average pooling layer, with one loop over the window's offsets.

    Arguments:
    dA -- numpy array of shape (m, n_H, n_W, n_C), gradient of the cost with respect to the
          pooling layer's output
    cache -- tuple (A_prev, hparameters), as returned by pool_forward_fast()
    mode -- "max" or "average", the mode used in the forward pass

    Returns:
    dA_prev -- numpy array of the shape of A_prev, gradient of the cost with respect to the
               pooling layer's input
    """
    ### BEGIN SOLUTION
    A_prev, hparameters = cache
    f = hparameters["f"]
    stride = hparameters["stride"]
    _, n_H, n_W, _ = dA.shape
    dA_prev = np.zeros(A_prev.shape)
    if mode == "max":
        windows = sliding_window_view(A_prev, (f, f), axis=(1, 2))[:, ::stride, ::stride]
        A = windows.max(axis=(4, 5))
    for u in range(f):
        for v in range(f):
            rows = slice(u, u + stride * n_H, stride)
            columns = slice(v, v + stride * n_W, stride)
            if mode == "max":
                dA_prev[:, rows, columns, :] += (A_prev[:, rows, columns, :] == A) * dA
            else:
                dA_prev[:, rows, columns, :] += dA / (f * f)
    ### END SOLUTION
    return dA_prev


# %% [markdown] nbgrader={"grade": false, "grade_id": "pool_backward_fast_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below pools a random batch with $2 \times 2$ windows and stride 1 (the windows overlap),
# then sends a random gradient back through both modes. It should print:
#
# ```
# mode = max  sum of dA_prev = 300.0
# dA_prev[0, :, :, 1] =
#  [[ 0.  2.  0.]
#  [ 0.  0.  4.]
#  [ 0. 36.  0.]
#  [ 0.  0.  0.]]
# mode = average  sum of dA_prev = 300.0
# dA_prev[0, :, :, 1] =
#  [[0.5 1.5 1. ]
#  [2.  5.  3. ]
#  [4.  9.  5. ]
#  [2.5 5.5 3. ]]
# ```

# %% nbgrader={"grade": false, "grade_id": "pool_backward_fast_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
rng = np.random.default_rng(4)
A_prev = rng.standard_normal((2, 4, 3, 2))
hparameters = {"f": 2, "stride": 1}
for mode in ("max", "average"):
    A, cache = pool_forward_fast(A_prev, hparameters, mode=mode)
    dA = np.arange(1.0, 1.0 + A.size).reshape(A.shape)
    dA_prev = pool_backward_fast(dA, cache, mode=mode)
    print("mode =", mode, " sum of dA_prev =", np.sum(dA_prev))
    print("dA_prev[0, :, :, 1] =\n", dA_prev[0, :, :, 1])

# %% nbgrader={"grade": true, "grade_id": "test_pool_backward_fast", "locked": true, "points": 15, "schema_version": 3, "solution": false, "task": false}
pool_backward_fast_test(pool_backward_fast)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("fast_convnet", "pool_backward_fast", pool_backward_fast)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "gradient_check_pool_fast_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Check the pooling gradients numerically
#
# Both modes, on an input whose values are all different (max pooling has no derivative at a tie).
# Below $10^{-7}$ is right. As above, the check runs your `pool_forward_fast` too: make exercise 3
# pass its tests first.

# %% nbgrader={"grade": false, "grade_id": "gradient_check_pool_fast", "locked": true, "schema_version": 3, "solution": false, "task": false}
gradient_check_pool_fast(pool_forward_fast, pool_backward_fast)

# %% [markdown] nbgrader={"grade": false, "grade_id": "speed_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 4. How much faster, and is it the same?
#
# The cell below runs your loop layers from notebook 1 and your fast layers on the same input (8
# images of $16 \times 16$ with 3 channels, 8 filters of $3 \times 3$, padding 1; pooling $2 \times 2$
# with stride 2), prints the median time of three runs of each, their ratio, and the largest
# difference between the two results. The fast layers must give the same numbers as the loops, to
# within rounding ($10^{-8}$). Times depend on your computer and on what else it is doing, so your
# ratios will not be exactly ours: on the 2-core machine this notebook was written on, the fast
# convolution is several hundred times faster than the loops.
#
# It then times your fast convolution on the size of the hidden speed cases (8 images of
# $96 \times 96$, one channel, 24 filters, for the forward pass; 8 images of $64 \times 64$, 32
# filters, for the backward pass; the public speed cases are half as large). The reference solution
# needs well under a second on a 2-core laptop; the exact time varies with the machine and with what
# else it is running. A speed case fails after 2 seconds, and the grader stops an exercise after 5
# seconds for all its cases together (see the introduction).

# %% nbgrader={"grade": false, "grade_id": "speed", "locked": true, "schema_version": 3, "solution": false, "task": false}
def median_time(function, *args, repeats=3, **kwargs):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def largest_difference(first, second):
    """Over the arrays the two layers return (a cache holds the inputs: it is skipped)."""
    first = first if isinstance(first, tuple) else (first,)
    second = second if isinstance(second, tuple) else (second,)
    pairs = [(a, b) for a, b in zip(first, second) if isinstance(b, np.ndarray)]
    return max(float(np.max(np.abs(np.asarray(a) - b))) for a, b in pairs)


rng = np.random.default_rng(5)
A_prev = rng.standard_normal((8, 16, 16, 3))
W = rng.standard_normal((3, 3, 3, 8))
b = rng.standard_normal((1, 1, 1, 8))
conv_hp = {"pad": 1, "stride": 1}
pool_hp = {"f": 2, "stride": 2}
dZ = rng.standard_normal((8, 16, 16, 8))
dA = rng.standard_normal((8, 8, 8, 8))
pairs = [
    ("conv forward", "conv_forward", conv_forward_fast, (A_prev, W, b, conv_hp), {}),
    ("conv backward", "conv_backward", conv_backward_fast, (dZ, (A_prev, W, b, conv_hp)), {}),
]
for mode in ("max", "average"):
    pairs += [
        (f"pool forward, {mode}", "pool_forward", pool_forward_fast, (dZ, pool_hp), {"mode": mode}),
        (
            f"pool backward, {mode}",
            "pool_backward",
            pool_backward_fast,
            (dA, (dZ, pool_hp)),
            {"mode": mode},
        ),
    ]
print(f"{'layer':22} {'loops (s)':>10} {'fast (s)':>10} {'speed-up':>9}   same numbers?")
for label, loop_name, fast, args, kwargs in pairs:
    fast_seconds = median_time(fast, *args, **kwargs)
    if loop_name not in loop_layers:
        print(f"{label:22} {'-':>10} {fast_seconds:10.5f} {'-':>9}   (no loop layer to compare)")
        continue
    loop = loop_layers[loop_name]
    loop_seconds = median_time(loop, *args, **kwargs)
    difference = largest_difference(loop(*args, **kwargs), fast(*args, **kwargs))
    verdict = "yes" if difference <= 1e-8 else "NO: the two disagree, see which test cell fails"
    print(
        f"{label:22} {loop_seconds:10.5f} {fast_seconds:10.5f} "
        f"{loop_seconds / fast_seconds:8.0f}x   {verdict} (largest difference {difference:.1e})"
    )

big_A = rng.standard_normal((8, 96, 96, 1))
big_W = rng.standard_normal((3, 3, 1, 24))
big_b = rng.standard_normal((1, 1, 1, 24))
seconds = median_time(conv_forward_fast, big_A, big_W, big_b, conv_hp)
print(f"\nconv_forward_fast on 8 x 96 x 96 x 1 -> 24 filters: {seconds:.3f} s")
big_A = rng.standard_normal((8, 64, 64, 1))
big_W = rng.standard_normal((3, 3, 1, 32))
big_dZ = rng.standard_normal((8, 64, 64, 32))
big_b = rng.standard_normal((1, 1, 1, 32))
seconds = median_time(conv_backward_fast, big_dZ, (big_A, big_W, big_b, conv_hp))
print(f"conv_backward_fast on 8 x 64 x 64 x 1 -> 32 filters: {seconds:.3f} s")

# %% [markdown] nbgrader={"grade": false, "grade_id": "layers_intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 5. The other layers of a classifier
#
# A convolution and a pooling layer find features; to turn them into a decision, a classifier needs
# three more pieces: a non-linearity between layers (ReLU), a fully connected layer that maps the
# features to one score per class, and a loss that says how wrong those scores are. Each is short;
# each has a backward pass, and a gradient check under it. Each check runs your forward function as
# well as your backward one, so when a check fails, first make sure the forward function's test
# passes.
#
# ### 5.1 ReLU
#
# $\text{ReLU}(z) = \max(z, 0)$, entry by entry. Without a non-linearity, a stack of layers would be
# one big linear function, however deep. Its derivative is 1 where $z > 0$ and 0 where $z < 0$; at
# exactly $z = 0$ it has none, and we take 0 (so the rule is "where `Z > 0`"). Going backward, the
# upstream gradient passes through where the input was positive and is stopped elsewhere.
#
# ### Exercise 5: `relu_forward`
#
# Return `A = max(Z, 0)` (`np.maximum` compares entry by entry) and, as the cache, `Z` itself.

# %% nbgrader={"grade": false, "grade_id": "relu_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def relu_forward(Z):
    """Forward pass of a ReLU.

    Arguments:
    Z -- numpy array of any shape

    Returns:
    A -- numpy array of the shape of Z, max(Z, 0) entry by entry
    cache -- Z, kept for relu_backward()
    """
    ### BEGIN SOLUTION
    A = np.maximum(Z, 0.0)
    ### END SOLUTION
    cache = Z
    return A, cache


# %% [markdown] nbgrader={"grade": false, "grade_id": "relu_backward_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Exercise 6: `relu_backward`
#
# Return `dZ`: `dA` where the cached `Z` is positive, and 0 elsewhere (including where `Z` is
# exactly 0). Multiplying by the boolean array `Z > 0` does it.

# %% nbgrader={"grade": false, "grade_id": "relu_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def relu_backward(dA, cache):
    """Backward pass of a ReLU.

    Arguments:
    dA -- numpy array, gradient of the cost with respect to the ReLU's output
    cache -- Z, the ReLU's input, as returned by relu_forward()

    Returns:
    dZ -- numpy array of the shape of Z, gradient of the cost with respect to Z
    """
    ### BEGIN SOLUTION
    Z = cache
    dZ = dA * (Z > 0)
    ### END SOLUTION
    return dZ


# %% [markdown] nbgrader={"grade": false, "grade_id": "relu_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below sends a small array forward and a gradient of ones backward. It should print:
#
# ```
# A =
#  [[0.   0.   2.  ]
#  [3.   0.   0.25]]
# dZ =
#  [[0. 0. 1.]
#  [1. 0. 1.]]
# ```

# %% nbgrader={"grade": false, "grade_id": "relu_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
Z = np.array([[-1.5, 0.0, 2.0], [3.0, -0.5, 0.25]])
A, cache = relu_forward(Z)
print("A =\n", A)
print("dZ =\n", relu_backward(np.ones_like(Z), cache))

# %% nbgrader={"grade": true, "grade_id": "test_relu_forward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
relu_forward_test(relu_forward)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("fast_convnet", "relu_forward", relu_forward)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_relu_backward", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
relu_backward_test(relu_backward)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("fast_convnet", "relu_backward", relu_backward)
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "gradient_check_relu", "locked": true, "schema_version": 3, "solution": false, "task": false}
gradient_check_relu(relu_forward, relu_backward)

# %% [markdown] nbgrader={"grade": false, "grade_id": "affine_forward_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### 5.2 A fully connected ("affine") layer
#
# After the last pooling layer, each example is a small volume of shape $(n_H, n_W, n_C)$. A fully
# connected layer flattens it into a vector of $D = n_H \cdot n_W \cdot n_C$ numbers and multiplies it
# by a weight matrix $w$ of shape $(D, M)$, plus a bias $b$ of shape $(M,)$: $M$ outputs, each a
# weighted sum of every input. For the whole batch at once, with $x$ flattened to $(m, D)$:
#
# $$out = x \, w + b \qquad\qquad dx = dout \; w^{T} \qquad\qquad dw = x^{T} \, dout \qquad\qquad db = \sum_{\text{examples}} dout$$
#
# This is the product of section 2 again, with one example per row instead of one window: put $x$
# in place of `cols` and $w$ in place of `W_col`, and the index derivation under "Where the formulas
# come from" gives these three backward formulas line for line. `dx` is then reshaped back to the
# shape of the original `x`, so that it can flow on into the pooling layer.
#
# ### Exercise 7: `affine_forward`
#
# Flatten each example with `x.reshape(x.shape[0], -1)` (this keeps the batch axis and works for an
# input of any number of dimensions), multiply, add `b`. The cache is `(x, w, b)`, with `x` as it was
# given, not flattened.

# %% nbgrader={"grade": false, "grade_id": "affine_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def affine_forward(x, w, b):
    """Forward pass of a fully connected layer.

    Arguments:
    x -- numpy array of shape (m, d_1, ..., d_k), a batch of m inputs of D = d_1 * ... * d_k numbers
    w -- numpy array of shape (D, M), the weights
    b -- numpy array of shape (M,), the biases

    Returns:
    out -- numpy array of shape (m, M)
    cache -- tuple (x, w, b), kept for affine_backward()
    """
    ### BEGIN SOLUTION
    out = x.reshape(x.shape[0], -1) @ w + b
    ### END SOLUTION
    cache = (x, w, b)
    return out, cache


# %% [markdown] nbgrader={"grade": false, "grade_id": "affine_backward_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Exercise 8: `affine_backward`
#
# Apply the three formulas. Flatten `x` for `dw`, and give `dx` the shape of `x`.

# %% nbgrader={"grade": false, "grade_id": "affine_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def affine_backward(dout, cache):
    """Backward pass of a fully connected layer.

    Arguments:
    dout -- numpy array of shape (m, M), gradient of the cost with respect to out
    cache -- tuple (x, w, b), as returned by affine_forward()

    Returns:
    dx -- numpy array of the shape of x
    dw -- numpy array of shape (D, M)
    db -- numpy array of shape (M,)
    """
    x, w, b = cache
    ### BEGIN SOLUTION
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = np.sum(dout, axis=0)
    ### END SOLUTION
    return dx, dw, db


# %% [markdown] nbgrader={"grade": false, "grade_id": "affine_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below runs a layer with 3 outputs on two inputs of shape $(2, 2)$ each. It should print:
#
# ```
# out =
#  [[ 2.13636364  2.72727273  3.31818182]
#  [-0.77272727  2.72727273  6.22727273]]
# dx.shape = (2, 2, 2)  dx[1] =
#  [[-2.45454545 -0.81818182]
#  [ 0.81818182  2.45454545]]
# dw[:, 0] = [ 4.  6.  8. 10.]  db = [2. 2. 2.]
# ```

# %% nbgrader={"grade": false, "grade_id": "affine_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
x = np.arange(8.0).reshape(2, 2, 2)
w = np.linspace(-1.0, 1.0, 12).reshape(4, 3)
b = np.array([0.5, 0.0, -0.5])
out, cache = affine_forward(x, w, b)
print("out =\n", out)
dx, dw, db = affine_backward(np.ones_like(out), cache)
print("dx.shape =", dx.shape, " dx[1] =\n", dx[1])
print("dw[:, 0] =", dw[:, 0], " db =", db)

# %% nbgrader={"grade": true, "grade_id": "test_affine_forward", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
affine_forward_test(affine_forward)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("fast_convnet", "affine_forward", affine_forward)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_affine_backward", "locked": true, "points": 6, "schema_version": 3, "solution": false, "task": false}
affine_backward_test(affine_backward)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("fast_convnet", "affine_backward", affine_backward)
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "gradient_check_affine", "locked": true, "schema_version": 3, "solution": false, "task": false}
gradient_check_affine(affine_forward, affine_backward)

# %% [markdown] nbgrader={"grade": false, "grade_id": "softmax_loss_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### 5.3 Softmax and cross-entropy
#
# The last layer gives each example one score $s_j$ per class $j$. The softmax turns them into
# probabilities, and the cross-entropy loss is minus the log of the probability of the right class
# $y$, averaged over the batch of $m$ examples:
#
# $$p_j = \frac{e^{s_j}}{\sum_k e^{s_k}} \qquad\qquad L = -\frac{1}{m} \sum_{i=1}^{m} \log p_{y_i}^{(i)} \qquad\qquad \frac{\partial L}{\partial s_j^{(i)}} = \frac{1}{m}\left(p_j^{(i)} - [\,j = y_i\,]\right)$$
#
# where $[\,j = y_i\,]$ is 1 for the right class and 0 otherwise. The gradient is short and makes
# sense: it pushes the right class's score up and every other score down, in proportion to how much
# probability it wrongly got.
#
# **Numerical stability.** Scores of a few hundred are common during training, and `np.exp(800)` is
# `inf`: the probabilities become `inf / inf = nan`. Subtracting the same number $c$ from every score
# of an example changes nothing ($e^{s_j - c} / \sum_k e^{s_k - c}$ is the same fraction), so subtract
# each example's largest score first: the largest exponent is then $e^0 = 1$, nothing overflows, and
# at least one term of the sum is 1, so its log is safe too. Compute the log-probabilities as
# $\log p_j = (s_j - c) - \log \sum_k e^{s_k - c}$ rather than as `np.log(p)`, which would give
# `-inf` for a probability that rounds to 0.
#
# ### Exercise 9: `softmax_loss`
#
# Return the mean cross-entropy loss (a number) and `dscores`, of the shape of `scores`. `y` holds
# integer class labels; `scores[np.arange(m), y]` picks each example's score of its own class.

# %% nbgrader={"grade": false, "grade_id": "softmax_loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax_loss(scores, y):
    """Mean cross-entropy loss of a softmax classifier, and its gradient.

    Arguments:
    scores -- numpy array of shape (m, C), one score per example and class
    y -- numpy array of shape (m,), integer labels, 0 <= y[i] < C

    Returns:
    loss -- a number, the mean of -log(probability of the right class)
    dscores -- numpy array of shape (m, C), gradient of the loss with respect to scores
    """
    ### BEGIN SOLUTION
    m = scores.shape[0]
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    loss = -float(np.mean(log_probs[np.arange(m), y]))
    dscores = np.exp(log_probs)
    dscores[np.arange(m), y] -= 1.0
    dscores /= m
    ### END SOLUTION
    return loss, dscores


# %% [markdown] nbgrader={"grade": false, "grade_id": "softmax_loss_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below computes the loss of three examples with four classes; the third one has huge scores.
# It should print:
#
# ```
# loss = 0.6511373569
# dscores =
#  [[ 0.0106862   0.02904811  0.07896094 -0.11869525]
#  [ 0.08333333 -0.25        0.08333333  0.08333333]
#  [-0.03973431  0.03973431  0.          0.        ]]
# ```

# %% nbgrader={"grade": false, "grade_id": "softmax_loss_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
scores = np.array([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0], [1000.0, 998.0, 0.0, -1000.0]])
y = np.array([3, 1, 0])
value, dscores = softmax_loss(scores, y)
print(f"loss = {value:.10f}")
print("dscores =\n", dscores)

# %% nbgrader={"grade": true, "grade_id": "test_softmax_loss", "locked": true, "points": 8, "schema_version": 3, "solution": false, "task": false}
softmax_loss_test(softmax_loss)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("fast_convnet", "softmax_loss", softmax_loss)
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "gradient_check_softmax", "locked": true, "schema_version": 3, "solution": false, "task": false}
gradient_check_softmax(softmax_loss)

# %% [markdown] nbgrader={"grade": false, "grade_id": "loss_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 6. A small ConvNet
#
# Put the layers together:
#
# $$X \xrightarrow{\ \text{conv } 3 \times 3,\ \text{pad } 1\ } Z_1 \xrightarrow{\ \text{ReLU}\ } A_1 \xrightarrow{\ \text{max pool } 2 \times 2,\ \text{stride } 2\ } P_1 \xrightarrow{\ \text{affine}\ } \text{scores} \xrightarrow{\ \text{softmax}\ } L$$
#
# The parameters live in a dictionary: `params["W1"]` of shape $(f, f, n_{C_{prev}}, F)$ and
# `params["b1"]` of shape $(1, 1, 1, F)$ for the convolution's $F$ filters, `params["W2"]` of shape
# $(D, C)$ and `params["b2"]` of shape $(C,)$ for the affine layer, where $D$ is the size of a pooled
# example and $C$ the number of classes. The convolution keeps the height and width: stride 1 and
# `pad = (f - 1) // 2`.
#
# **Backpropagation** runs the chain backward: `softmax_loss` gives `dscores`; `affine_backward`
# turns it into `dP1`, `dW2`, `db2`; then `pool_backward_fast` (mode `"max"`), `relu_backward` and
# `conv_backward_fast` give `dW1` and `db1`. Each backward call uses the cache of its own forward call,
# which is why every forward function returns one.
#
# ### Exercise 10: `loss`
#
# Run the forward pass with your layers, compute the loss, run the backward pass, and return the loss
# with a dictionary `grads` that has the same keys as `params`: `grads["W1"]` is the gradient of the
# loss with respect to `params["W1"]`, and so on. Call your own functions by their names.

# %% nbgrader={"grade": false, "grade_id": "loss", "locked": false, "schema_version": 3, "solution": true, "task": false}
def loss(params, X, y):
    """Loss and gradients of conv - ReLU - 2x2 max pool - affine - softmax.

    Arguments:
    params -- dictionary with the arrays "W1" (f, f, n_C_prev, F), "b1" (1, 1, 1, F),
              "W2" (D, C) and "b2" (C,)
    X -- numpy array of shape (m, n_H, n_W, n_C_prev), a batch of images (n_H and n_W even)
    y -- numpy array of shape (m,), integer labels

    Returns:
    loss -- a number, the mean cross-entropy loss of the batch
    grads -- dictionary with the keys of params, each the gradient of the loss with respect to it
    """
    f = params["W1"].shape[0]
    conv_hparameters = {"stride": 1, "pad": (f - 1) // 2}
    pool_hparameters = {"f": 2, "stride": 2}
    ### BEGIN SOLUTION
    Z1, conv_cache = conv_forward_fast(X, params["W1"], params["b1"], conv_hparameters)
    A1, relu_cache = relu_forward(Z1)
    P1, pool_cache = pool_forward_fast(A1, pool_hparameters, mode="max")
    scores, affine_cache = affine_forward(P1, params["W2"], params["b2"])
    data_loss, dscores = softmax_loss(scores, y)

    dP1, dW2, db2 = affine_backward(dscores, affine_cache)
    dA1 = pool_backward_fast(dP1, pool_cache, mode="max")
    dZ1 = relu_backward(dA1, relu_cache)
    _, dW1, db1 = conv_backward_fast(dZ1, conv_cache)
    grads = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
    ### END SOLUTION
    return data_loss, grads


# %% [markdown] nbgrader={"grade": false, "grade_id": "loss_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below gives two helpers you will use from here on:
#
# - `init_params` draws the initial parameters. The weights are random, scaled by
#   $\sqrt{2 / \text{fan-in}}$, where a layer's **fan-in** is the number of inputs that each of its
#   outputs is a weighted sum of: $f \cdot f \cdot n_{C_{prev}}$ for the convolution (one window),
#   $D$ for the affine layer. This is the "He" initialisation, which keeps the size of the
#   activations steady through ReLU layers. The biases start at zero.
# - `predict` runs the forward pass with your layers and returns each example's highest-scoring
#   class.
#
# Then an example: the loss of a random network on 5 random images, and the size of each gradient.
# The first loss of a new network is a quick sanity check: if every class had the same score, each
# would get probability $1/10$ and the loss would be exactly $\log 10 \approx 2.3$; random weights
# give random, unequal scores, so expect a few units, as here. A loss of 0, `nan` or several hundred
# means a bug.
#
# It should print:
#
# ```
# loss = 4.7197649275
# grads['W1']: shape (3, 3, 1, 4), norm 2.61706479
# grads['b1']: shape (1, 1, 1, 4), norm 1.05213386
# grads['W2']: shape (64, 10), norm 9.34573653
# grads['b2']: shape (10,), norm 0.71189246
# ```

# %% nbgrader={"grade": false, "grade_id": "loss_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
def init_params(image_shape, num_filters, filter_size, num_classes, seed):
    rng = np.random.default_rng(seed)
    n_H, n_W, n_C = image_shape
    fan_in = filter_size * filter_size * n_C
    D = (n_H // 2) * (n_W // 2) * num_filters
    return {
        "W1": rng.standard_normal((filter_size, filter_size, n_C, num_filters)) * np.sqrt(2 / fan_in),
        "b1": np.zeros((1, 1, 1, num_filters)),
        "W2": rng.standard_normal((D, num_classes)) * np.sqrt(2 / D),
        "b2": np.zeros(num_classes),
    }


def predict(params, X):
    f = params["W1"].shape[0]
    Z1, _ = conv_forward_fast(X, params["W1"], params["b1"], {"stride": 1, "pad": (f - 1) // 2})
    A1, _ = relu_forward(Z1)
    P1, _ = pool_forward_fast(A1, {"f": 2, "stride": 2}, mode="max")
    scores, _ = affine_forward(P1, params["W2"], params["b2"])
    return np.argmax(scores, axis=1)


params = init_params((8, 8, 1), num_filters=4, filter_size=3, num_classes=10, seed=6)
X_small = np.random.default_rng(16).standard_normal((5, 8, 8, 1))
y_small = np.array([0, 3, 9, 3, 1])
value, grads = loss(params, X_small, y_small)
print(f"loss = {value:.10f}")
for name in ("W1", "b1", "W2", "b2"):
    print(f"grads[{name!r}]: shape {grads[name].shape}, norm {np.linalg.norm(grads[name]):.8f}")

# %% nbgrader={"grade": true, "grade_id": "test_loss", "locked": true, "points": 10, "schema_version": 3, "solution": false, "task": false}
loss_test(loss)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("fast_convnet", "loss", loss)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "gradient_check_loss_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The gradient check of the whole network, parameter by parameter. It runs your `loss`, and through
# it every forward layer you wrote, so the layers' own tests should pass first. A wrong
# `grads["W1"]` with right other gradients points at the last layers you went through: pooling,
# ReLU or the convolution.

# %% nbgrader={"grade": false, "grade_id": "gradient_check_loss", "locked": true, "schema_version": 3, "solution": false, "task": false}
gradient_check_loss(loss)

# %% [markdown] nbgrader={"grade": false, "grade_id": "sgd_momentum_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### 6.1 Gradient descent with momentum
#
# Plain gradient descent steps downhill, $w \leftarrow w - \alpha \, dw$, with the learning rate
# $\alpha$. On the long narrow valleys of a loss surface it zigzags across the valley and crawls
# along it. **Momentum** keeps a velocity $v$ (it starts at 0), a running sum of past steps that fades
# by a factor $\mu$ (about 0.9) at every step:
#
# $$v \leftarrow \mu \, v - \alpha \, dw \qquad\qquad w \leftarrow w + v$$
#
# The zigzags cancel out in the sum while the steps along the valley add up, so training goes faster
# and more steadily.
#
# ### Exercise 11: `sgd_momentum`
#
# Return the new weights and the new velocity, in that order. Return new arrays: do not change `w` or
# `v` in place (`w += ...` would change the caller's array too).

# %% nbgrader={"grade": false, "grade_id": "sgd_momentum", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sgd_momentum(w, dw, v, learning_rate, momentum):
    """One step of stochastic gradient descent with momentum.

    Arguments:
    w -- numpy array, a parameter
    dw -- numpy array of the shape of w, the gradient of the loss with respect to w
    v -- numpy array of the shape of w, the velocity
    learning_rate -- positive number
    momentum -- number between 0 and 1

    Returns:
    next_w -- numpy array of the shape of w, the parameter after the step
    next_v -- numpy array of the shape of w, the velocity after the step
    """
    ### BEGIN SOLUTION
    next_v = momentum * v - learning_rate * dw
    next_w = w + next_v
    ### END SOLUTION
    return next_w, next_v


# %% [markdown] nbgrader={"grade": false, "grade_id": "sgd_momentum_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below takes two steps from `w = [1, -2]` with a constant gradient. It should print:
#
# ```
# step 1: w = [ 0.95 -1.9 ], v = [-0.05  0.1 ]
# step 2: w = [ 0.855 -1.71 ], v = [-0.095  0.19 ]
# ```

# %% nbgrader={"grade": false, "grade_id": "sgd_momentum_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
w, v = np.array([1.0, -2.0]), np.zeros(2)
dw = np.array([0.5, -1.0])
for step in range(2):
    w, v = sgd_momentum(w, dw, v, learning_rate=0.1, momentum=0.9)
    print(f"step {step + 1}: w = {w}, v = {v}")

# %% nbgrader={"grade": true, "grade_id": "test_sgd_momentum", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
sgd_momentum_test(sgd_momentum)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("fast_convnet", "sgd_momentum", sgd_momentum)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "train_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### 6.2 A training loop, and the first sanity check: overfit a small batch
#
# A network that cannot learn a handful of examples by heart will not learn thousands. So before a
# real training run, train on a tiny batch for a few dozen steps: the loss should fall close to 0
# and the training accuracy reach 100 %. If it does not, there is a bug in a gradient, in the update,
# or in the loop itself, and it is far cheaper to find it here.
#
# ### Exercise 12: `train`
#
# Run `num_steps` steps of gradient descent with momentum on the whole batch `(X, y)`:
#
# - start from a copy of `params` (a new dictionary: `dict(params)` is enough, since `sgd_momentum`
#   returns new arrays) and a velocity of zeros for every parameter (`np.zeros_like`);
# - at each step, compute `value, grads = loss(params, X, y)`, record `value`, then update every
#   parameter and its velocity with `sgd_momentum`;
# - return the trained parameters and the array of the `num_steps` recorded losses: `losses[0]` is the
#   loss of the initial parameters, before any update.

# %% nbgrader={"grade": false, "grade_id": "train", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train(params, X, y, learning_rate, momentum, num_steps):
    """Full-batch gradient descent with momentum on the ConvNet of loss().

    Arguments:
    params -- dictionary of parameters, as loss() takes them; left unchanged
    X -- numpy array of shape (m, n_H, n_W, n_C), the training images
    y -- numpy array of shape (m,), their labels
    learning_rate -- positive number
    momentum -- number between 0 and 1
    num_steps -- number of updates

    Returns:
    params -- dictionary with the same keys, the parameters after num_steps updates
    losses -- numpy array of shape (num_steps,), the loss before each update
    """
    ### BEGIN SOLUTION
    params = dict(params)
    velocity = {name: np.zeros_like(value) for name, value in params.items()}
    losses = np.zeros(num_steps)
    for step in range(num_steps):
        losses[step], grads = loss(params, X, y)
        for name in params:
            params[name], velocity[name] = sgd_momentum(
                params[name], grads[name], velocity[name], learning_rate, momentum
            )
    ### END SOLUTION
    return params, losses


# %% [markdown] nbgrader={"grade": false, "grade_id": "train_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below trains a fresh network on 10 random images with random labels (nothing to learn but
# the examples themselves) for 30 steps. It should print:
#
# ```
# loss every 5 steps: 3.7841 0.5539 0.0444 0.0119 0.0014 0.0005
# training accuracy after 30 steps = 1.0
# ```

# %% nbgrader={"grade": false, "grade_id": "train_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
rng = np.random.default_rng(7)
X_tiny = rng.standard_normal((10, 8, 8, 1))
y_tiny = rng.integers(0, 10, size=10)
params = init_params((8, 8, 1), num_filters=8, filter_size=3, num_classes=10, seed=7)
trained, losses = train(params, X_tiny, y_tiny, learning_rate=0.05, momentum=0.9, num_steps=30)
print("loss every 5 steps:", " ".join(f"{value:.4f}" for value in losses[::5]))
print("training accuracy after 30 steps =", np.mean(predict(trained, X_tiny) == y_tiny))

# %% nbgrader={"grade": true, "grade_id": "test_train", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
train_test(train)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("fast_convnet", "train", train)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "digits_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 7. Training on handwritten digits
#
# scikit-learn ships a small data set of handwritten digits inside the package, so nothing is
# downloaded: 1,797 grey images of $8 \times 8$ pixels, with values from 0 to 16, each labelled 0 to 9.
# The cell below scales the pixels to $[0, 1]$, adds a channel axis (our layers expect
# $(m, n_H, n_W, n_C)$), and splits the examples once, with a fixed seed, into 1,437 for training and
# 360 for testing. The test images are never used for training: their accuracy tells how well the
# network does on digits it has not seen.

# %% nbgrader={"grade": false, "grade_id": "digits", "locked": true, "schema_version": 3, "solution": false, "task": false}
from sklearn.datasets import load_digits

digits = load_digits()
images = (digits.images / 16.0)[..., np.newaxis]
labels = digits.target
order = np.random.default_rng(0).permutation(len(labels))
test_index, train_index = order[:360], order[360:]
X_train, y_train = images[train_index], labels[train_index]
X_test, y_test = images[test_index], labels[test_index]
print("X_train.shape =", X_train.shape, " X_test.shape =", X_test.shape)
print("training examples per class =", np.bincount(y_train))

# %% [markdown] nbgrader={"grade": false, "grade_id": "fit_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The training loop below is given: it is your `loss` and `sgd_momentum`, applied to shuffled
# **mini-batches** of 32 examples rather than to the whole training set at once. Each step is then
# cheap, and the noise of small batches does no harm (it even helps a little). One **epoch** is one
# pass over the training set. After each epoch the loop measures the training and test accuracy and
# redraws the plot (when the notebook runs without a screen, you get the final plot). If your `loss`
# or `sgd_momentum` is not written yet, the cell says so and trains nothing, and the cells after it
# wait for a trained network too.
#
# The network: 16 filters of $3 \times 3$, then ReLU, $2 \times 2$ max pooling and the affine layer
# to 10 classes, about 2,700 parameters in all, trained for 12 epochs with learning rate 0.05 and
# momentum 0.9. Everything is seeded, so the losses and accuracies it prints are the same every time.
#
# **Measured** with the reference solution on the 2-core machine this notebook was written on:
# 98.6 % test accuracy after 12 epochs (355 of the 360 test digits right), in 2.0 s of CPU time
# when the machine was otherwise idle and 5.6 s while other jobs shared it.
# Your time depends on your computer and on how fast your layers are; a few seconds more or less is
# normal.

# %% nbgrader={"grade": false, "grade_id": "fit", "locked": true, "schema_version": 3, "solution": false, "task": false}
def accuracy(params, X, y):
    return float(np.mean(predict(params, X) == y))


def fit(params, epochs, batch_size, learning_rate, momentum, seed):
    rng = np.random.default_rng(seed)
    params = {name: value.copy() for name, value in params.items()}
    velocity = {name: np.zeros(value.shape) for name, value in params.items()}
    history = {"loss": [], "train": [], "test": []}
    figure, (loss_axes, accuracy_axes) = plt.subplots(1, 2, figsize=(10, 3.5))
    live = display(figure, display_id=True)
    started = time.process_time()
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(y_train))
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            value, grads = loss(params, X_train[batch], y_train[batch])
            history["loss"].append(value)
            for name, gradient in grads.items():
                step = sgd_momentum(params[name], gradient, velocity[name], learning_rate, momentum)
                params[name], velocity[name] = step
        history["train"].append(accuracy(params, X_train, y_train))
        history["test"].append(accuracy(params, X_test, y_test))
        print(
            f"epoch {epoch:2d}: last batch loss {value:.4f}, "
            f"train accuracy {history['train'][-1]:.2%}, test accuracy {history['test'][-1]:.2%}"
        )
        steps_per_epoch = len(history["loss"]) / epoch
        loss_axes.clear()
        loss_axes.plot(np.arange(len(history["loss"])) / steps_per_epoch, history["loss"], lw=0.8)
        loss_axes.set(xlabel="epoch", ylabel="mini-batch loss", yscale="log", title="loss")
        accuracy_axes.clear()
        epochs_done = np.arange(1, epoch + 1)
        accuracy_axes.plot(epochs_done, history["train"], "o-", label="train")
        accuracy_axes.plot(epochs_done, history["test"], "s-", label="test")
        accuracy_axes.set(xlabel="epoch", ylabel="accuracy", title="accuracy", ylim=(0.8, 1.0))
        accuracy_axes.legend(loc="lower right")
        figure.tight_layout()
        if live is not None:
            live.update(figure)
    plt.close(figure)
    return params, history, time.process_time() - started


def not_written_yet(params):
    """The message of the first piece of training that still raises NotImplementedError, or None."""
    try:
        value, grads = loss(params, X_train[:2], y_train[:2])
        sgd_momentum(params["W1"], grads["W1"], np.zeros_like(params["W1"]), 0.05, 0.9)
    except NotImplementedError as error:
        return str(error)
    return None


params = init_params((8, 8, 1), num_filters=16, filter_size=3, num_classes=10, seed=8)
missing = not_written_yet(params)
trained = missing is None
if trained:
    params, history, cpu_seconds = fit(
        params, epochs=12, batch_size=32, learning_rate=0.05, momentum=0.9, seed=8
    )
else:
    print(f"Not trained yet: {missing}")
    print(
        "Training runs your loss (exercise 10), the layers it calls, and your sgd_momentum "
        "(exercise 11). Once they pass their tests, run this cell again, then the cells below."
    )

# %% nbgrader={"grade": false, "grade_id": "fit_summary", "locked": true, "schema_version": 3, "solution": false, "task": false}
if trained:
    print(f"test accuracy: {history['test'][-1]:.2%} of {len(y_test)} digits")
    print(f"training took {cpu_seconds:.1f} s of CPU time")
else:
    print("No network trained yet: the cell above says what is missing.")

# %% [markdown] nbgrader={"grade": false, "grade_id": "filters_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 8. What did the network learn?
#
# The three pictures below need the network trained in section 7. If it is not trained yet, each
# cell says so instead of drawing.
#
# **The filters.** Each of the 16 filters of the first layer is a $3 \times 3$ pattern of weights.
# All 16 are drawn on one colour scale, symmetric around zero: **blue** weights are positive,
# **red** weights negative, and **white** is zero; the deeper the colour, the larger the weight (the
# colour bar gives the values). A filter responds most where the ink lies under its blue weights
# and not under its red ones: many look like small edges or strokes at some angle.

# %% nbgrader={"grade": false, "grade_id": "filters", "locked": true, "schema_version": 3, "solution": false, "task": false}
if trained:
    W1 = params["W1"]
    largest = np.max(np.abs(W1))  # one symmetric scale for all filters: white is exactly 0
    figure, axes = plt.subplots(2, 8, figsize=(11, 2.8))
    for c, axes_c in enumerate(axes.flat):
        image = axes_c.imshow(W1[:, :, 0, c], cmap="RdBu", vmin=-largest, vmax=largest)
        axes_c.set_title(f"filter {c}", fontsize=9)
        axes_c.axis("off")
    figure.colorbar(image, ax=axes, shrink=0.9, label="weight")
    figure.suptitle("the 16 learned 3x3 filters (blue: positive, red: negative, white: 0)")
    plt.show()
else:
    print("No learned filters to show: the network is not trained yet (see section 7).")

# %% [markdown] nbgrader={"grade": false, "grade_id": "feature_maps_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Feature maps.** The output of the convolution and the ReLU for one test digit: one $8 \times 8$
# map per filter. All 16 maps share one colour scale, so their brightness can be compared: black
# is 0 (the ReLU stopped a negative response), and the brighter a pixel, the more strongly its
# filter found its pattern there (the colour bar gives the values). Some filters answer this digit
# strongly, others hardly at all. The pooling layer keeps the largest value of each $2 \times 2$
# block of these maps, and the affine layer decides from those 256 numbers.

# %% nbgrader={"grade": false, "grade_id": "feature_maps", "locked": true, "schema_version": 3, "solution": false, "task": false}
if trained:
    digit = X_test[:1]
    Z1, _ = conv_forward_fast(digit, params["W1"], params["b1"], {"stride": 1, "pad": 1})
    A1, _ = relu_forward(Z1)
    brightest = max(np.max(A1), 1e-12)  # one scale for all 16 maps
    figure, axes = plt.subplots(2, 9, figsize=(12, 2.8))
    axes[0, 0].imshow(digit[0, :, :, 0], cmap="gray_r")
    axes[0, 0].set_title(f"digit {y_test[0]}", fontsize=9)
    axes[1, 0].axis("off")
    for c in range(16):
        axes_c = axes.flat[c + 1 + (c >= 8)]
        image = axes_c.imshow(A1[0, :, :, c], cmap="magma", vmin=0.0, vmax=brightest)
        axes_c.set_title(f"map {c}", fontsize=9)
    for axes_c in axes.flat:
        axes_c.set_xticks([])
        axes_c.set_yticks([])
    figure.colorbar(image, ax=axes, shrink=0.9, label="ReLU output")
    plt.show()
else:
    print("No feature maps to show: the network is not trained yet (see section 7).")

# %% [markdown] nbgrader={"grade": false, "grade_id": "mistakes_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# **Mistakes.** The test digits the network gets wrong, with the label and the network's answer.
# The seeded run above gets five wrong (with correct layers you should see the same five): a 9, a 2,
# an 8 and a 6 that it reads as 1, and an 8 that it reads as a 7. Look at them and they are not
# absurd. Each of the first four is
# built around one dark, nearly vertical stroke, and what would make it another digit (the loop of
# the 9 or the 6, the bottom stroke of the 2, the loops of the 8) is only a few pale pixels at
# $8 \times 8$. The last 8 is mostly a bar across the middle and one slanted stroke below it, which
# is close to how many people write a 7.

# %% nbgrader={"grade": false, "grade_id": "mistakes", "locked": true, "schema_version": 3, "solution": false, "task": false}
if trained:
    predicted = predict(params, X_test)
    wrong = np.flatnonzero(predicted != y_test)
    print(f"{len(wrong)} of {len(y_test)} test digits are misclassified")
    shown = wrong[:12]
    if len(shown):
        size = (1.1 * len(shown) + 0.5, 1.8)
        figure, axes = plt.subplots(1, len(shown), figsize=size, squeeze=False)
        for axes_k, k in zip(axes[0], shown):
            axes_k.imshow(X_test[k, :, :, 0], cmap="gray_r")
            axes_k.set_title(f"{y_test[k]} -> {predicted[k]}", fontsize=9)
            axes_k.axis("off")
        figure.suptitle("label -> answer")
        plt.show()
else:
    print("No mistakes to show: the network is not trained yet (see section 7).")

# %% [markdown] nbgrader={"grade": false, "grade_id": "summary", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## What you built, and what comes next
#
# - **im2col** turns a convolution into one matrix product: every window becomes a row, every
#   filter a column. It costs memory (with stride 1, `cols` is about $f^2$ times the size of the
#   input) and wins speed, because the product runs in an optimised library instead of the Python
#   interpreter.
# - The **backward pass** is two more products, $cols^T dZ$ for the weights and $dZ \, W^T$ for the
#   windows, and **col2im** adds overlapping windows back together, one offset at a time.
# - **Pooling** needs no copy at all: `sliding_window_view` looks at the same memory through windows.
# - **ReLU, affine and softmax-cross-entropy** layers complete a classifier; subtracting the largest
#   score keeps the softmax from overflowing.
# - **Gradient checks** told you each backward pass was right before you trained anything, and
#   **overfitting a small batch** told you the whole chain and the update could learn.
# - A network of about 2,700 parameters, trained for a few seconds on a laptop-class CPU, reads
#   handwritten digits it has never seen with about 98 % accuracy.
#
# **What comes next.** Real networks stack several convolution blocks (conv, ReLU, conv, ReLU, pool),
# so the features of one layer become the input of the next and the receptive field grows. They add
# batch normalisation to keep activations well scaled, better optimisers such as Adam, data
# augmentation, and regularisation (weight decay, dropout) to generalise from fewer examples. And they
# let a framework (PyTorch, JAX, TensorFlow) compute every backward pass automatically and run the
# products on a GPU: after these two notebooks, you know exactly what those calls do.
#
# Before you submit: restart the kernel and run every cell from the top (Kernel, then Restart & Run
# All).
