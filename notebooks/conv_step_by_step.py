# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Convolutional networks, step by step
#
# A convolutional network (ConvNet) recognises what an image shows by passing it through a stack of
# layers: *convolutional layers* that detect small local patterns such as edges and corners,
# *pooling layers* that shrink the picture while keeping what was detected, and at the end one or
# more fully connected layers that turn the detections into a prediction. A framework builds each
# of these layers in one line. In this notebook you build the two kinds that make a network
# convolutional, in plain NumPy, one small function at a time: first the forward pass, which
# computes a layer's output, then the backward pass, which computes its gradients by hand.
#
# **By the end of this notebook you will be able to:**
#
# - pad a batch of images, and compute the output size of a convolutional or pooling layer from
#   its window size $f$, padding $p$ and stride $s$;
# - implement the forward pass of a convolutional layer and of max and average pooling;
# - derive their backward passes from the chain rule, implement them, and explain why gradients
#   are *added* wherever windows overlap or weights are shared;
# - check a hand-written gradient numerically.
#
# You will write eight functions:
#
# | # | function | what it does | points |
# |---|---|---|---|
# | 1 | `zero_pad` | surrounds every image of a batch with a border of zeros | 5 |
# | 2 | `conv_single_step` | applies one filter at one position of the input | 10 |
# | 3 | `conv_forward` | slides every filter over every position: a whole convolutional layer | 20 |
# | 4 | `pool_forward` | max pooling and average pooling | 15 |
# | 5 | `conv_backward` | the gradients of a convolutional layer | 20 |
# | 6 | `create_mask_from_window` | remembers where a window's maximum was | 5 |
# | 7 | `distribute_value` | spreads a gradient evenly over a window | 5 |
# | 8 | `pool_backward` | the gradients of a pooling layer | 20 |
#
# **How this notebook works.**
#
# - Each exercise is a cell with a function to complete. Replace the whole
#   `raise NotImplementedError(...)` statement with your code: it spans three lines, from `raise`
#   to its closing parenthesis, and its message says which exercise it is. (Deleting only the
#   first line leaves the other two behind, and Python reports a `SyntaxError`.) Keep the lines
#   around it, and the function's name and arguments.
# - Below each exercise, an example cell runs your function on a fixed input and prints the result;
#   the text says what it should print. Below that, a test cell checks your function on several
#   small cases and tells you which case failed, what it expected, and what it got.
# - You can also run every public test from a terminal, in this notebook's folder: save the
#   notebook first (the tests read the saved file), then run
#   `python public_tests.py conv_step_by_step.ipynb`.
# - Work in your own extra cells freely: only the exercise cells are graded. Printing inside your
#   functions does not cost points.
# - Loops are fine everywhere. Vectorized code is welcome too, as long as it computes the same
#   numbers.

# %% [markdown] nbgrader={"grade": false, "grade_id": "notation", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Notation
#
# Images and activations are stored as 4-D arrays in the order **(examples, height, width,
# channels)**, the layout TensorFlow and Keras use by default.
#
# | symbol | code name | meaning |
# |---|---|---|
# | $m$ | `m` | number of examples in the batch |
# | $n_{H_{prev}}, n_{W_{prev}}, n_{C_{prev}}$ | `n_H_prev`, `n_W_prev`, `n_C_prev` | height, width and channels of the layer's input |
# | $n_H, n_W, n_C$ | `n_H`, `n_W`, `n_C` | height, width and channels of the layer's output |
# | $f$ | `f` | side of the square window (filter or pooling window) |
# | $s$ | `stride` | how many pixels the window moves between two positions |
# | $p$ | `pad` | how many rows and columns of zeros surround the input |
#
# The loops of every layer use the same index names: `i` for the example, `h` and `w` for the row
# and column of a position in the **output**, and `c` for an output channel. Inside one window,
# $u$ and $v$ are the row and column (from $0$ to $f - 1$) and $k$ is the input channel.
#
# So `A_prev[i]` is the $i$-th example, of shape $(n_{H_{prev}}, n_{W_{prev}}, n_{C_{prev}})$,
# and `A_prev[i, 2, 3, 0]` is one number: row 2, column 3, channel 0 of that example. Every index
# starts at 0, and every slice `a:b` stops *before* `b`, as always in Python.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt
import numpy as np

from public_tests import (
    conv_backward_test,
    conv_forward_test,
    conv_single_step_test,
    create_mask_from_window_test,
    distribute_value_test,
    gradient_check_conv,
    gradient_check_pool,
    pool_backward_test,
    pool_forward_test,
    zero_pad_test,
)

# %matplotlib inline
plt.rcParams["figure.figsize"] = (5.0, 4.0)
plt.rcParams["image.interpolation"] = "nearest"
plt.rcParams["image.cmap"] = "gray"

# %% [markdown] nbgrader={"grade": false, "grade_id": "layer_overview", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 1. The convolutional layer
#
# A fully connected layer connects every input number to every output number. For images that is
# wasteful: a 200x200 RGB image has 120,000 inputs, and a pixel in the top-left corner has little
# to say about a pixel in the bottom-right one. A convolutional layer makes two assumptions
# instead:
#
# - **Locality.** Each output number looks only at a small $f \times f$ window of the input
#   (through all its channels).
# - **Weight sharing.** The same small set of weights, the *filter*, is used at every position.
#   A filter that detects a vertical edge in one corner detects it everywhere else too.
#
# A layer with $n_C$ filters slides each one over the input. Each filter produces one 2-D array
# called its **feature map**: the entry at row $h$, column $w$ is the filter's response to the
# window at that position, and it tends to be large where the window looks like the pattern the
# filter's weights encode. Stacked along the last axis, the $n_C$ feature maps form the output
# volume, of shape $(n_H, n_W, n_C)$. You will build this in three steps: a border of zeros around
# the input (padding), one filter at one position, and finally every filter at every position.

# %% [markdown] nbgrader={"grade": false, "grade_id": "zero_pad_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### 1.1 Zero padding
#
# ![Each channel of a 5x5 RGB image surrounded by two rows and columns of zeros](images/zero_padding.png)
#
# Padding adds $p$ rows of zeros above and below each image and $p$ columns of zeros on its left and
# right, in every channel. The batch and channel axes are left alone. Two reasons to do it:
#
# - **Keep the size.** Without padding, each convolution shrinks the image: a $3 \times 3$ filter
#   fits in only $n - 2$ positions across an $n$-pixel row. Stack ten such layers and a 32-pixel
#   image is down to 12. With stride 1 and padding $p$, an $f \times f$ filter fits in
#   $n + 2p - f + 1$ positions, which is exactly $n$ when $p = (f - 1) / 2$. Such a layer is called
#   a *same* convolution, and it needs an **odd** $f$ (1, 3, 5, ...): for $f = 4$ the formula asks
#   for $p = 1.5$, and half a row of zeros does not exist. (Libraries that accept "same" padding
#   with an even $f$ put one more row and column of zeros on one side than on the other.)
# - **Give the border pixels outputs of their own.** Take $f = 3$. Without padding, a window cannot
#   hang over the edge, so its centre never sits on the first or last row or column: the output has
#   no value for the border, and border pixels take part in few windows (a corner pixel in 1, an
#   interior pixel in 9). With $p = 1$, every input pixel, corners included, is the centre of one
#   window, and a corner pixel falls in 4 windows. That is still fewer than 9: padding makes the
#   border visible to the next layer, it does not make it count as much as the middle.
#
# ### Exercise 1: `zero_pad`
#
# Pad every image of the batch `X`, of shape $(m, n_H, n_W, n_C)$, with `pad` zeros on each side of
# its height and width. The result has shape $(m, n_H + 2p, n_W + 2p, n_C)$.
#
# `np.pad` does this in one call. Its second argument gives, for every axis, how many values to
# add *before* and *after*. For instance, to pad a 3-D array `a` by 1 on both sides of its first
# axis only: `np.pad(a, ((1, 1), (0, 0), (0, 0)), mode="constant", constant_values=0)`.

# %% nbgrader={"grade": false, "grade_id": "zero_pad", "locked": false, "schema_version": 3, "solution": true, "task": false}
def zero_pad(X, pad):
    """Pad the height and width of every image in a batch with zeros.

    Arguments:
    X -- numpy array of shape (m, n_H, n_W, n_C), a batch of m images
    pad -- integer, the number of zero rows (and columns) to add on each side

    Returns:
    X_pad -- numpy array of shape (m, n_H + 2 * pad, n_W + 2 * pad, n_C)
    """
    ### BEGIN SOLUTION
    no_padding = (0, 0)
    both_sides = (pad, pad)
    X_pad = np.pad(
        X, (no_padding, both_sides, both_sides, no_padding), mode="constant", constant_values=0
    )
    ### END SOLUTION
    return X_pad


# %% [markdown] nbgrader={"grade": false, "grade_id": "zero_pad_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below pads a batch of four $3 \times 3$ images with two channels by 3. It should print:
#
# ```
# x.shape =
#  (4, 3, 3, 2)
# x_pad.shape =
#  (4, 9, 9, 2)
# x[1,1] =
#  [[ 0.90085595 -0.68372786]
#  [-0.12289023 -0.93576943]
#  [-0.26788808  0.53035547]]
# x_pad[1,1] =
#  [[0. 0.]
#  [0. 0.]
#  [0. 0.]
#  [0. 0.]
#  [0. 0.]
#  [0. 0.]
#  [0. 0.]
#  [0. 0.]
#  [0. 0.]]
# ```
#
# `x_pad[1, 1]` is row 1 of the second image: with a padding of 3 that row is still inside the
# border, so it is all zeros. The pictures show the first channel of the first image before and
# after padding.

# %% nbgrader={"grade": false, "grade_id": "zero_pad_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
np.random.seed(1)
x = np.random.randn(4, 3, 3, 2)
x_pad = zero_pad(x, 3)
print("x.shape =\n", x.shape)
print("x_pad.shape =\n", x_pad.shape)
print("x[1,1] =\n", x[1, 1])
print("x_pad[1,1] =\n", x_pad[1, 1])

fig, axes = plt.subplots(1, 2)
axes[0].set_title("x")
axes[0].imshow(x[0, :, :, 0])
axes[1].set_title("x_pad")
axes[1].imshow(x_pad[0, :, :, 0])
plt.show()

# %% nbgrader={"grade": true, "grade_id": "test_zero_pad", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
zero_pad_test(zero_pad)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("conv_step_by_step", "zero_pad", zero_pad)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "conv_single_step_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### 1.2 One filter at one position
#
# ![A 3x3 filter applied to one 3x3 window of a 5x5 input gives one output number](images/conv_single_step.png)
#
# Put a filter $W$ of shape $(f, f, n_{C_{prev}})$ over a window of the input of the same shape.
# Multiply the two arrays entry by entry, add up all $f \cdot f \cdot n_{C_{prev}}$ products, and
# add the filter's bias $b$. The result is **one number**, one pixel of one feature map:
#
# $$z = \sum_{u=0}^{f-1} \sum_{v=0}^{f-1} \sum_{k=0}^{n_{C_{prev}}-1} a_{\text{slice}}[u, v, k] \cdot W[u, v, k] \; + \; b$$
#
# where $a_{\text{slice}}$ is the window, $u$ and $v$ are a row and a column inside it, and $k$ is an
# input channel. The sum runs over the channels too: a filter always sees the full depth of its
# input.
#
# **A word on the name.** In mathematics and signal processing, a *convolution* first flips the
# filter, upside down and left to right, and then slides it; sliding it without the flip, as the
# formula above does, is called a *cross-correlation*. Deep-learning libraries compute the
# cross-correlation and call it a convolution, and so does this notebook. Nothing is lost: the
# weights are learned, so a network that needs the flipped filter simply learns flipped weights.
#
# ### Exercise 2: `conv_single_step`
#
# Compute $z$ for one window `a_slice_prev` and one filter `W`, both of shape
# $(f, f, n_{C_{prev}})$, and a bias `b` of shape $(1, 1, 1)$.
#
# **Return a scalar, not an array.** `b` is an array holding one number, and adding an array of
# shape $(1, 1, 1)$ to a scalar gives back an array of shape $(1, 1, 1)$, which `conv_forward`
# cannot store in a single cell of its output. Take the number out of `b` first: `b.item()`,
# `b[0, 0, 0]` and `np.squeeze(b)` all work. (Older tutorials write `float(b)`: NumPy 2.4 and
# newer reject it, because `float()` only accepts arrays with no dimensions at all.)

# %% nbgrader={"grade": false, "grade_id": "conv_single_step", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv_single_step(a_slice_prev, W, b):
    """Apply one filter to one window of the input.

    Arguments:
    a_slice_prev -- numpy array of shape (f, f, n_C_prev), one window of the input
    W -- numpy array of shape (f, f, n_C_prev), the filter's weights
    b -- numpy array of shape (1, 1, 1), the filter's bias

    Returns:
    Z -- a scalar: the weighted sum of the window plus the bias
    """
    ### BEGIN SOLUTION
    products = a_slice_prev * W
    Z = np.sum(products) + b.item()
    ### END SOLUTION
    return Z


# %% [markdown] nbgrader={"grade": false, "grade_id": "conv_single_step_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below applies a random $4 \times 4 \times 3$ filter to a random window of the same shape.
# It should print:
#
# ```
# Z = -6.999089450680221
# ```

# %% nbgrader={"grade": false, "grade_id": "conv_single_step_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
np.random.seed(1)
a_slice_prev = np.random.randn(4, 4, 3)
W = np.random.randn(4, 4, 3)
b = np.random.randn(1, 1, 1)
Z = conv_single_step(a_slice_prev, W, b)
print("Z =", Z)

# %% nbgrader={"grade": true, "grade_id": "test_conv_single_step", "locked": true, "points": 10, "schema_version": 3, "solution": false, "task": false}
conv_single_step_test(conv_single_step)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("conv_step_by_step", "conv_single_step", conv_single_step)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "conv_forward_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### 1.3 The whole layer: `conv_forward`
#
# A layer applies each of its $n_C$ filters at every position of every example. Each filter has one
# $f \times f$ slice per input channel, and at each position the products of all its slices with
# the window add up, with its bias, to a single number. Filter $c$ fills feature map $c$, which is
# the last index of the output:
#
# ![A 4x4 input with 3 channels, one 2x2 window marked in every channel; each of 2 filters has one 2x2 slice per channel, the three channel sums plus the bias give one number of its feature map, and the 2 feature maps stack into a 3x3x2 output](images/conv_volume.png)
#
# **Where is the window of an output pixel?** The pixel at row `h`, column `w` of feature map `c`
# is computed from one window of the **padded** input. To cut that window out you need its
# corners as slice bounds: rows `vert_start:vert_end` and columns `horiz_start:horiz_end`. Work them
# out instead of guessing:
#
# - The window of output row 0 starts at row 0. Each next output row moves the window down by
#   `stride` rows. At which row does the window of output row `h` start?
# - The window is `f` rows tall, and a slice `a:b` keeps the rows `a` to `b - 1`. Which `b` keeps
#   exactly `f` rows, starting at `vert_start`?
# - Columns work the same way, with `w` in place of `h`.
#
# Then check your formulas on the picture below: with $f = 3$ and stride 2, output pixel (1, 2)
# must read rows 2 to 4 and columns 4 to 6 of the padded input. Keep in mind that `h` and `w` count
# *windows* while the corners count *pixels*: output row `h` does not read input row `h` (unless
# the stride is 1), and mixing the two up is the most common bug of this exercise.
#
# ![With a 3x3 filter and stride 2, output cell (1, 2) reads rows 2 to 4 and columns 4 to 6 of the padded input](images/slice_corners.png)
#
# **How big is the output?** Along the height, the padded input has $n_{H_{prev}} + 2p$ rows. The
# first window starts at row 0, and each next one starts $s$ rows further down, as long as the whole
# window still fits. The last start row is therefore the largest multiple of $s$ that is at most
# $n_{H_{prev}} + 2p - f$, and the number of positions is
#
# $$n_H = \left\lfloor \frac{n_{H_{prev}} + 2p - f}{s} \right\rfloor + 1 \qquad\qquad n_W = \left\lfloor \frac{n_{W_{prev}} + 2p - f}{s} \right\rfloor + 1 \qquad\qquad n_C = \text{number of filters}$$
#
# The floor $\lfloor \cdot \rfloor$ matters when the stride does not divide evenly: rows at the
# bottom that cannot fill a whole window are simply not used. In Python, `//` is floor division
# for every integer, negative ones included (`-7 // 2` is `-4`), so
# `(n_H_prev + 2 * pad - f) // stride + 1` computes the formula exactly. `int(a / b)` is not the
# same thing: it rounds toward zero (`int(-7 / 2)` is `-3`), which agrees with the floor only when
# the quotient is not negative. Here the numerator is never negative as long as the filter fits in
# the padded input, so both would give the same sizes; `//` says what you mean, and it never
# leaves the integers.
#
# ### Exercise 3: `conv_forward`
#
# Implement a convolutional layer. The weights `W` have shape $(f, f, n_{C_{prev}}, n_C)$: filter
# `c` is `W[:, :, :, c]`, and its bias is `b[:, :, :, c]`, of shape $(1, 1, 1)$. `hparameters`
# is a dictionary with the keys `"stride"` and `"pad"`.
#
# Loops over examples, output rows, output columns and filters are the expected solution; use your
# `zero_pad` and `conv_single_step`.
#
# Like the forward function of every layer in this series, `conv_forward` returns its output
# together with a **cache**: a tuple of what the forward pass used, kept for the layer's backward
# pass (section 3). The backward pass computes the gradients, and they depend on those numbers (the
# gradient of a weight is built from the input pixels it multiplied, the gradient of an input pixel
# from the weights), but it receives nothing but the gradient of the layer's output and this
# cache. The cache at the end of the function is already written for you: the backward pass needs
# exactly these four things, the input, the weights, the biases and the hyperparameters.
#
# If you are stuck: print the shapes. For a small case (one example, a $4 \times 4$ input, $f = 2$,
# stride 2, no padding) write down by hand which rows and columns each output pixel reads, and
# compare with what your corner formulas give.

# %% nbgrader={"grade": false, "grade_id": "conv_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv_forward(A_prev, W, b, hparameters):
    """Forward pass of a convolutional layer.

    Arguments:
    A_prev -- numpy array of shape (m, n_H_prev, n_W_prev, n_C_prev), the layer's input
    W -- numpy array of shape (f, f, n_C_prev, n_C), one filter per output channel
    b -- numpy array of shape (1, 1, 1, n_C), one bias per filter
    hparameters -- dictionary with the integer keys "stride" and "pad"

    Returns:
    Z -- numpy array of shape (m, n_H, n_W, n_C), the layer's output
    cache -- tuple (A_prev, W, b, hparameters), kept for conv_backward()
    """
    # Steps:
    # 1. Read m and the input sizes from A_prev.shape, f and n_C from W.shape,
    #    the stride and the padding from hparameters.
    # 2. Compute n_H and n_W with the formula above, and create Z filled with zeros.
    # 3. Pad A_prev with zero_pad.
    # 4. For each example i, output row h, output column w and filter c: find the window's
    #    corners, cut the window out of the padded example, and store
    #    conv_single_step(window, filter c, bias c) in Z[i, h, w, c].
    ### BEGIN SOLUTION
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, _, _, n_C = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]

    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    Z = np.zeros((m, n_H, n_W, n_C))

    A_prev_pad = zero_pad(A_prev, pad)
    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        for h in range(n_H):
            vert_start = h * stride
            vert_end = vert_start + f
            for w in range(n_W):
                horiz_start = w * stride
                horiz_end = horiz_start + f
                a_slice_prev = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]
                for c in range(n_C):
                    Z[i, h, w, c] = conv_single_step(a_slice_prev, W[:, :, :, c], b[:, :, :, c])
    ### END SOLUTION
    cache = (A_prev, W, b, hparameters)
    return Z, cache


# %% [markdown] nbgrader={"grade": false, "grade_id": "conv_forward_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below runs a layer of eight $3 \times 3$ filters, with padding 1 and stride 2, on two
# random $5 \times 7$ inputs with four channels. The output is $3 \times 4$ (check it with the
# formula). It should print:
#
# ```
# Z's mean = 0.5511276474566768
# Z[0,2,1] = [-2.17796037  8.07171329 -0.5772704   3.36286738  4.48113645 -2.89198428
#  10.99288867  3.03171932]
# cache_conv[0][1][2][3] = [-1.1191154   1.9560789  -0.3264995  -1.34267579]
# ```

# %% nbgrader={"grade": false, "grade_id": "conv_forward_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
np.random.seed(1)
A_prev = np.random.randn(2, 5, 7, 4)
W = np.random.randn(3, 3, 4, 8)
b = np.random.randn(1, 1, 1, 8)
hparameters = {"pad": 1, "stride": 2}

Z, cache_conv = conv_forward(A_prev, W, b, hparameters)
print("Z's mean =", np.mean(Z))
print("Z[0,2,1] =", Z[0, 2, 1])
print("cache_conv[0][1][2][3] =", cache_conv[0][1][2][3])

# %% nbgrader={"grade": true, "grade_id": "test_conv_forward", "locked": true, "points": 20, "schema_version": 3, "solution": false, "task": false}
conv_forward_test(conv_forward)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("conv_step_by_step", "conv_forward", conv_forward)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "activation_note", "locked": true, "schema_version": 3, "solution": false, "task": false}
# A real convolutional layer usually applies an activation function to its output, for example
# `A = np.maximum(Z, 0)` for a ReLU. It is a separate, element-wise step, and we leave it out here.

# %% [markdown] nbgrader={"grade": false, "grade_id": "pool_forward_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 2. The pooling layer
#
# A pooling layer shrinks the height and width of its input by summarising each $f \times f$
# window with a single number:
#
# - **max pooling** keeps the largest value of the window: "was the feature present anywhere
#   here?";
# - **average pooling** keeps the mean of the window: "how strongly, on average?".
#
# ![Max pooling and average pooling of the same 4x4 input with 2x2 windows and stride 2](images/pooling.png)
#
# Pooling has no weights to learn, only two hyperparameters, `f` and `stride`. It works on each
# channel separately, so the number of channels does not change, and it makes the next layers
# cheaper and a little less sensitive to exactly where a feature appears. There is no padding
# here, so the output size is the convolution formula with $p = 0$:
#
# $$n_H = \left\lfloor \frac{n_{H_{prev}} - f}{s} \right\rfloor + 1 \qquad\qquad n_W = \left\lfloor \frac{n_{W_{prev}} - f}{s} \right\rfloor + 1 \qquad\qquad n_C = n_{C_{prev}}$$
#
# ### Exercise 4: `pool_forward`
#
# Implement both modes in one function: `mode="max"` uses `np.max` on each window, `mode="average"`
# uses `np.mean`. Unlike a convolution, a pooling window covers **one channel** at a time:
# `A_prev[i, vert_start:vert_end, horiz_start:horiz_end, c]`. The corners are computed exactly as
# in `conv_forward`. `hparameters` holds the keys `"f"` and `"stride"`.

# %% nbgrader={"grade": false, "grade_id": "pool_forward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def pool_forward(A_prev, hparameters, mode="max"):
    """Forward pass of a max or average pooling layer.

    Arguments:
    A_prev -- numpy array of shape (m, n_H_prev, n_W_prev, n_C_prev), the layer's input
    hparameters -- dictionary with the integer keys "f" and "stride"
    mode -- "max" or "average"

    Returns:
    A -- numpy array of shape (m, n_H, n_W, n_C), the layer's output
    cache -- tuple (A_prev, hparameters), kept for pool_backward()
    """
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f = hparameters["f"]
    stride = hparameters["stride"]
    n_H = (n_H_prev - f) // stride + 1
    n_W = (n_W_prev - f) // stride + 1
    n_C = n_C_prev
    A = np.zeros((m, n_H, n_W, n_C))

    # For each example i, output row h, output column w and channel c: find the window's
    # corners, cut channel c of the window out of A_prev[i], and store its max or its mean
    # in A[i, h, w, c].
    ### BEGIN SOLUTION
    summarise = {"max": np.max, "average": np.mean}[mode]
    for i in range(m):
        for h in range(n_H):
            vert_start = h * stride
            vert_end = vert_start + f
            for w in range(n_W):
                horiz_start = w * stride
                horiz_end = horiz_start + f
                for c in range(n_C):
                    window = A_prev[i, vert_start:vert_end, horiz_start:horiz_end, c]
                    A[i, h, w, c] = summarise(window)
    ### END SOLUTION
    cache = (A_prev, hparameters)
    return A, cache


# %% [markdown] nbgrader={"grade": false, "grade_id": "pool_forward_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below pools the same random batch of two $5 \times 5 \times 3$ inputs with $3 \times 3$
# windows, first with stride 1 (the windows overlap), then with stride 2. It should print:
#
# ```
# CASE 1: stride 1
# mode = max
# A.shape = (2, 3, 3, 3)
# A[1, 1] =
#  [[1.96710175 0.84616065 1.27375593]
#  [1.96710175 0.84616065 1.23616403]
#  [1.62765075 1.12141771 1.2245077 ]]
# mode = average
# A.shape = (2, 3, 3, 3)
# A[1, 1] =
#  [[ 0.44497696 -0.00261695 -0.31040307]
#  [ 0.50811474 -0.23493734 -0.23961183]
#  [ 0.11872677  0.17255229 -0.22112197]]
#
# CASE 2: stride 2
# mode = max
# A.shape = (2, 2, 2, 3)
# A[0] =
#  [[[1.74481176 0.90159072 1.65980218]
#   [1.74481176 1.6924546  1.65980218]]
#
#  [[1.13162939 1.51981682 2.18557541]
#   [1.13162939 1.6924546  2.18557541]]]
# mode = average
# A.shape = (2, 2, 2, 3)
# A[1] =
#  [[[-0.17313416  0.32377198 -0.34317572]
#   [ 0.02030094  0.14141479 -0.01231585]]
#
#  [[ 0.42944926  0.08446996 -0.27290905]
#   [ 0.15077452  0.28911175  0.00123239]]]
# ```

# %% nbgrader={"grade": false, "grade_id": "pool_forward_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
np.random.seed(1)
A_prev = np.random.randn(2, 5, 5, 3)

print("CASE 1: stride 1")
hparameters = {"stride": 1, "f": 3}
for mode in ("max", "average"):
    A, cache = pool_forward(A_prev, hparameters, mode=mode)
    print("mode =", mode)
    print("A.shape =", A.shape)
    print("A[1, 1] =\n", A[1, 1])

print("\nCASE 2: stride 2")
hparameters = {"stride": 2, "f": 3}
for mode, example in (("max", 0), ("average", 1)):
    A, cache = pool_forward(A_prev, hparameters, mode=mode)
    print("mode =", mode)
    print("A.shape =", A.shape)
    print(f"A[{example}] =\n", A[example])

# %% nbgrader={"grade": true, "grade_id": "test_pool_forward", "locked": true, "points": 15, "schema_version": 3, "solution": false, "task": false}
pool_forward_test(pool_forward)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("conv_step_by_step", "pool_forward", pool_forward)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "backprop_intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 3. Backpropagation through a convolutional layer
#
# Frameworks compute gradients for you, so most people never write this part. Writing it once is
# the best way to see that there is nothing mysterious about it: every formula below follows from
# the forward pass with nothing more than the chain rule.
#
# In the backward pass a layer receives $dZ$, the gradient of the cost with respect to each number
# it produced (same shape as $Z$), and returns the gradient with respect to each number it used:
# its input ($dA_{prev}$) and its parameters ($dW$, $db$).
#
# ### 3.1 Where the formulas come from
#
# Write $a$ for the padded input of one example. The forward pass computed, for every output
# position $(h, w)$ and filter $c$,
#
# $$Z_{hwc} = \sum_{u, v, k} a[hs + u,\; ws + v,\; k] \cdot W[u, v, k, c] \; + \; b_c$$
#
# where $u$ and $v$ run over $0 \dots f-1$ and $k$ over the input channels. $Z_{hwc}$ is a plain
# weighted sum, so its partial derivatives are immediate:
#
# - with respect to an input pixel of its window, $a[hs + u, ws + v, k]$: the weight it was
#   multiplied by, $W[u, v, k, c]$;
# - with respect to a weight $W[u, v, k, c]$: the input pixel it was multiplied by;
# - with respect to the bias $b_c$: 1.
#
# The chain rule says: the gradient with respect to any number is the sum, over **every** output it
# influenced, of (that output's gradient) times (the partial derivative above). That gives three
# accumulations, one for each loop iteration `(i, h, w, c)` of the forward pass:
#
# ```python
# da_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :] += W[:, :, :, c] * dZ[i, h, w, c]
# dW[:, :, :, c] += a_slice * dZ[i, h, w, c]
# db[:, :, :, c] += dZ[i, h, w, c]
# ```
#
# The first line is the hardest to picture. Here it is for one channel and one filter, with
# $f = 3$, stride 2 and padding 1: each of the four output positions adds its own copy of $W$,
# scaled by its gradient, into its window of the padded gradient; then the padding is cut off.
#
# ![A 3x3 filter W and a 2x2 upstream gradient dZ; W times each entry of dZ is added into its own 3x3 window of a 5x5 padded gradient, the windows overlap on row 2 and column 2 where the products add up, and cutting off the one-pixel border leaves the 3x3 dA_prev](images/conv_backward.png)
#
# Three things to notice:
#
# - **`+=`, never `=`.** Whenever the stride is smaller than `f`, windows overlap and an input pixel
#   belongs to several windows; it receives a contribution from each. And every position uses the
#   same filter, so $dW$ and $db$ add up contributions from every position of every example.
# - **Work in padded coordinates, then cut the padding off.** The window corners point into the
#   padded input, so accumulate into a padded gradient `da_prev_pad` and keep only its centre at the
#   end. The zeros of the border are not inputs of the layer: their gradient is thrown away.
# - **Cut the centre with explicit ends.** A tempting way to drop the border is `x[pad:-pad]`, but
#   when `pad == 0` that is `x[0:-0]`, which is `x[0:0]`: an empty array. Write
#   `x[pad:pad + n_H_prev, pad:pad + n_W_prev, :]`, which is right for every `pad`.

# %% [markdown] nbgrader={"grade": false, "grade_id": "conv_backward_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### Exercise 5: `conv_backward`
#
# Implement the backward pass of `conv_forward`. `cache` is the tuple `conv_forward` returned:
# `(A_prev, W, b, hparameters)`. Return `dA_prev`, `dW` and `db`, with the shapes of `A_prev`,
# `W` and `b`. The steps are in the comments of the function; the loops and the window corners
# are those of your `conv_forward`.

# %% nbgrader={"grade": false, "grade_id": "conv_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv_backward(dZ, cache):
    """Backward pass of a convolutional layer.

    Arguments:
    dZ -- numpy array of shape (m, n_H, n_W, n_C), gradient of the cost with respect to Z
    cache -- tuple (A_prev, W, b, hparameters), as returned by conv_forward()

    Returns:
    dA_prev -- numpy array of shape (m, n_H_prev, n_W_prev, n_C_prev),
               gradient of the cost with respect to A_prev
    dW -- numpy array of shape (f, f, n_C_prev, n_C), gradient of the cost with respect to W
    db -- numpy array of shape (1, 1, 1, n_C), gradient of the cost with respect to b
    """
    # Steps:
    # 1. Unpack the cache. Read m and the input sizes from A_prev.shape, f from W.shape, n_H, n_W
    #    and n_C from dZ.shape, the stride and the padding from hparameters.
    # 2. Create dA_prev, dW and db filled with zeros, with the shapes of A_prev, W and b.
    # 3. Pad A_prev and dA_prev with zero_pad.
    # 4. For each example i, take its padded input and its padded gradient. For each output row h,
    #    output column w and filter c: find the window's corners as in conv_forward, cut the
    #    window out of the padded input, and apply the three accumulations of section 3.1.
    # 5. After the loops of example i, store the centre of its padded gradient in dA_prev[i],
    #    with explicit ends (not [pad:-pad]).
    ### BEGIN SOLUTION
    A_prev, W, b, hparameters = cache
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f = W.shape[0]
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    _, n_H, n_W, n_C = dZ.shape

    dA_prev = np.zeros(A_prev.shape)
    dW = np.zeros(W.shape)
    db = np.zeros(b.shape)
    A_prev_pad = zero_pad(A_prev, pad)
    dA_prev_pad = zero_pad(dA_prev, pad)

    for i in range(m):
        a_prev_pad = A_prev_pad[i]
        da_prev_pad = dA_prev_pad[i]
        for h in range(n_H):
            vert_start = h * stride
            vert_end = vert_start + f
            for w in range(n_W):
                horiz_start = w * stride
                horiz_end = horiz_start + f
                a_slice = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]
                for c in range(n_C):
                    gradient = dZ[i, h, w, c]
                    da_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :] += (
                        W[:, :, :, c] * gradient
                    )
                    dW[:, :, :, c] += a_slice * gradient
                    db[:, :, :, c] += gradient
        dA_prev[i] = da_prev_pad[pad : pad + n_H_prev, pad : pad + n_W_prev, :]
    ### END SOLUTION
    return dA_prev, dW, db


# %% [markdown] nbgrader={"grade": false, "grade_id": "conv_backward_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below runs a layer forward (padding 2, stride 2) and then backward, using $Z$ itself as
# the upstream gradient $dZ$ (any array of that shape would do). It should print:
#
# ```
# dA_mean = 1.4524377775388075
# dW_mean = 1.7269914583139097
# db_mean = 7.839232564616838
# ```

# %% nbgrader={"grade": false, "grade_id": "conv_backward_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
np.random.seed(1)
A_prev = np.random.randn(10, 4, 4, 3)
W = np.random.randn(2, 2, 3, 8)
b = np.random.randn(1, 1, 1, 8)
hparameters = {"pad": 2, "stride": 2}

Z, cache_conv = conv_forward(A_prev, W, b, hparameters)
dA, dW, db = conv_backward(Z, cache_conv)
print("dA_mean =", np.mean(dA))
print("dW_mean =", np.mean(dW))
print("db_mean =", np.mean(db))

# %% nbgrader={"grade": true, "grade_id": "test_conv_backward", "locked": true, "points": 20, "schema_version": 3, "solution": false, "task": false}
conv_backward_test(conv_backward)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("conv_step_by_step", "conv_backward", conv_backward)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "gradient_check_conv_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### 3.2 Check your gradients numerically
#
# A gradient says how much the cost moves when one input moves a little. You can measure that
# directly: nudge one number by a tiny $\varepsilon$ up and down, run the forward pass twice, and
# take the slope,
#
# $$\frac{\partial J}{\partial x} \approx \frac{J(x + \varepsilon) - J(x - \varepsilon)}{2\varepsilon}.$$
#
# These *centred differences* are slow (two forward passes per number) but need no calculus, so
# they are the standard way to check a hand-written backward pass. The cell below does it for
# every entry of `A_prev`, `W` and `b` of two tiny layers, with the cost
# $J = \sum_{i,h,w,c} Z_{ihwc} \, G_{ihwc}$ for a fixed random array $G$ (so that $dZ = G$):
#
# - a layer of $3 \times 3$ filters with padding 1 and stride 2;
# - a layer of $2 \times 2$ filters with **no padding** and stride 1. A way of cutting off the
#   padding that only works when `pad` is at least 1 passes the first layer and fails this one.
#
# For each layer and each gradient it prints one line with the relative error
# $\lVert g_{\text{yours}} - g_{\text{numerical}} \rVert / (\lVert g_{\text{yours}} \rVert + \lVert g_{\text{numerical}} \rVert)$:
# below $10^{-7}$ your gradient is right; around $10^{-2}$ or more, it is wrong. If your code
# raises an error instead, the last line of the error says in which layer. (The check runs your
# `conv_forward` too, so make that one pass its tests first.)

# %% nbgrader={"grade": false, "grade_id": "gradient_check_conv", "locked": true, "schema_version": 3, "solution": false, "task": false}
gradient_check_conv(conv_forward, conv_backward)

# %% [markdown] nbgrader={"grade": false, "grade_id": "pool_backward_intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## 4. Backpropagation through a pooling layer
#
# A pooling layer has no parameters, but the layers before it do, so the gradient still has to
# travel through it, from $dA$ (the gradient of its output) to $dA_{prev}$ (the gradient of its
# input). The reasoning is the same as for the convolution: for every window, find the partial
# derivative of the pooled value with respect to each pixel of the window, multiply it by the
# window's upstream gradient, and add the result into $dA_{prev}$.
#
# ### 4.1 Max pooling: only the maximum moved the output
#
# The output of a max-pooling window is its largest pixel. Nudging any other pixel a little does
# not change the output at all, so their partial derivative is 0; nudging the maximum changes the
# output by exactly as much, so its partial derivative is 1. The whole gradient of the window goes
# back to the position of its maximum, which is why the forward input has to be kept in the cache:
# the backward pass must find that position again.
#
# ![The mask of a 2x2 window marks its maximum and the upstream gradient goes only there; in a window with two tied maxima, each of them gets the whole gradient](images/max_mask.png)
#
# **Ties.** When several pixels of one window share the maximum, the max has no derivative there,
# and some rule has to decide where the gradient goes. This notebook's rule, the one its tests
# check, is the simplest to write: the mask is `x == np.max(x)`, which marks **every** tied
# maximum, and each of them receives the full gradient `dA`. Know what that costs: a window with
# $k$ tied maxima sends back $k \cdot dA$ in total, $k$ times what its output received (the second
# row of the picture). Frameworks do otherwise: max pooling remembers a single position per
# window, an argmax (typically the first maximum it met), and sends the whole gradient there.
#
# How often does it matter? Random real numbers, as in this notebook's examples, practically never
# tie. Repeated *outputs* are something else: in the stride-1 example of `pool_forward`,
# `A[1, 1]` shows `1.96710175` twice because one input pixel is the largest of two overlapping
# windows. Each of those windows has a single maximum, and that pixel rightly collects the
# gradient of both (the `+=` of `pool_backward`). Real data does tie: after a ReLU many values are
# exactly 0, and a window of zeros is a tie of all its $f^2$ pixels.
#
# ### Exercise 6: `create_mask_from_window`
#
# Return a boolean array of the same shape as the window `x`, `True` where `x` equals its maximum
# and `False` elsewhere. One line is enough: comparing an array with a scalar, `x == value`, gives
# an array of booleans.

# %% nbgrader={"grade": false, "grade_id": "create_mask_from_window", "locked": false, "schema_version": 3, "solution": true, "task": false}
def create_mask_from_window(x):
    """Mark the position of the maximum of a window.

    Arguments:
    x -- numpy array of shape (f, f)

    Returns:
    mask -- boolean numpy array of the same shape as x, True where x equals its maximum
    """
    ### BEGIN SOLUTION
    mask = x == np.max(x)
    ### END SOLUTION
    return mask


# %% [markdown] nbgrader={"grade": false, "grade_id": "create_mask_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below builds the mask of a random $2 \times 3$ array. It should print:
#
# ```
# x =  [[ 1.62434536 -0.61175641 -0.52817175]
#  [-1.07296862  0.86540763 -2.3015387 ]]
# mask =  [[ True False False]
#  [False False False]]
# ```

# %% nbgrader={"grade": false, "grade_id": "create_mask_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
np.random.seed(1)
x = np.random.randn(2, 3)
mask = create_mask_from_window(x)
print("x = ", x)
print("mask = ", mask)

# %% nbgrader={"grade": true, "grade_id": "test_create_mask_from_window", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
create_mask_from_window_test(create_mask_from_window)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("conv_step_by_step", "create_mask_from_window", create_mask_from_window)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "distribute_value_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### 4.2 Average pooling: every pixel moved the output equally
#
# The output of an average-pooling window is $\frac{1}{f^2}$ times the sum of its $f^2$ pixels, so
# its partial derivative with respect to each of them is $\frac{1}{f^2}$. Going backward, the
# window's gradient $dz$ is shared out evenly: every pixel receives $dz / f^2$, and the shares add
# back up to $dz$.
#
# ![An upstream gradient of 1 spread over a 2x2 window: 0.25 in each cell](images/distribute_value.png)
#
# ### Exercise 7: `distribute_value`
#
# `shape` is the shape of the window, a pair `(rows, columns)`: its number of rows and its number of
# columns (in `pool_backward` it will be `(f, f)`). Return an array of that shape in which every
# entry equals `dz / (rows * columns)`. Watch out for integer division: `dz` may be a Python `int`,
# and `2 // 4` is 0 where `2 / 4` is 0.5. `np.full` or `np.ones(shape) * value` build the array.

# %% nbgrader={"grade": false, "grade_id": "distribute_value", "locked": false, "schema_version": 3, "solution": true, "task": false}
def distribute_value(dz, shape):
    """Spread a gradient evenly over a window.

    Arguments:
    dz -- scalar, the gradient of one average-pooled output
    shape -- tuple (rows, columns), the shape of the window: its number of rows and of columns

    Returns:
    a -- numpy array of shape (rows, columns) whose entries are all dz / (rows * columns)
    """
    ### BEGIN SOLUTION
    rows, columns = shape
    a = np.full(shape, dz / (rows * columns), dtype=float)
    ### END SOLUTION
    return a


# %% [markdown] nbgrader={"grade": false, "grade_id": "distribute_value_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below spreads a gradient of 2 over a $2 \times 2$ window. It should print:
#
# ```
# distributed value = [[0.5 0.5]
#  [0.5 0.5]]
# ```

# %% nbgrader={"grade": false, "grade_id": "distribute_value_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
a = distribute_value(2, (2, 2))
print("distributed value =", a)

# %% nbgrader={"grade": true, "grade_id": "test_distribute_value", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
distribute_value_test(distribute_value)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("conv_step_by_step", "distribute_value", distribute_value)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "pool_backward_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### 4.3 Putting it together: `pool_backward`
#
# ### Exercise 8: `pool_backward`
#
# Implement the backward pass of `pool_forward` in both modes. `cache` is the tuple
# `(A_prev, hparameters)` that `pool_forward` returned, and `dA` has the shape of its output. The
# steps are in the comments of the function.
#
# As in `conv_backward`, **add** (`+=`): with a stride smaller than `f` the windows overlap, and a
# pixel collects gradient from every window it belongs to. Pixels that no window covers (when the
# stride skips some, or at the bottom and right edges) get a gradient of 0.

# %% nbgrader={"grade": false, "grade_id": "pool_backward", "locked": false, "schema_version": 3, "solution": true, "task": false}
def pool_backward(dA, cache, mode="max"):
    """Backward pass of a max or average pooling layer.

    Arguments:
    dA -- numpy array of shape (m, n_H, n_W, n_C), gradient of the cost with respect to the
          pooling layer's output
    cache -- tuple (A_prev, hparameters), as returned by pool_forward()
    mode -- "max" or "average", the mode used in the forward pass

    Returns:
    dA_prev -- numpy array of the shape of A_prev, gradient of the cost with respect to the
               pooling layer's input
    """
    # Steps:
    # 1. Unpack the cache. Read f and the stride from hparameters, and m, n_H, n_W and n_C from
    #    dA.shape.
    # 2. Create dA_prev filled with zeros, with the shape of A_prev.
    # 3. For each example i, output row h, output column w and channel c, find the window's
    #    corners as in pool_forward. Then, for that window of channel c:
    #    - mode "max": build the mask of A_prev[i, vert_start:vert_end, horiz_start:horiz_end, c]
    #      with create_mask_from_window, and add mask * dA[i, h, w, c] into the same window of
    #      dA_prev[i, :, :, c];
    #    - mode "average": add distribute_value(dA[i, h, w, c], (f, f)) into that window.
    ### BEGIN SOLUTION
    A_prev, hparameters = cache
    f = hparameters["f"]
    stride = hparameters["stride"]
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)

    for i in range(m):
        for h in range(n_H):
            vert_start = h * stride
            vert_end = vert_start + f
            for w in range(n_W):
                horiz_start = w * stride
                horiz_end = horiz_start + f
                for c in range(n_C):
                    window = (i, slice(vert_start, vert_end), slice(horiz_start, horiz_end), c)
                    if mode == "max":
                        mask = create_mask_from_window(A_prev[window])
                        dA_prev[window] += mask * dA[i, h, w, c]
                    elif mode == "average":
                        dA_prev[window] += distribute_value(dA[i, h, w, c], (f, f))
    ### END SOLUTION
    return dA_prev


# %% [markdown] nbgrader={"grade": false, "grade_id": "pool_backward_example_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# The cell below pools a random batch with $2 \times 2$ windows and stride 1, then sends a random
# gradient back through both modes. It should print:
#
# ```
# (5, 4, 2, 2)
# (5, 5, 3, 2)
# mode = max
# mean of dA = 0.14571390272918056
# dA_prev1[1,1] = [[ 0.          0.        ]
#  [ 5.05844394 -1.68282702]
#  [ 0.          0.        ]]
#
# mode = average
# mean of dA = 0.14571390272918056
# dA_prev2[1,1] = [[ 0.08485462  0.2787552 ]
#  [ 1.26461098 -0.25749373]
#  [ 1.17975636 -0.53624893]]
# ```

# %% nbgrader={"grade": false, "grade_id": "pool_backward_example", "locked": true, "schema_version": 3, "solution": false, "task": false}
np.random.seed(1)
A_prev = np.random.randn(5, 5, 3, 2)
hparameters = {"stride": 1, "f": 2}
A, cache = pool_forward(A_prev, hparameters)
print(A.shape)
print(cache[0].shape)
dA = np.random.randn(5, 4, 2, 2)

dA_prev1 = pool_backward(dA, cache, mode="max")
print("mode = max")
print("mean of dA =", np.mean(dA))
print("dA_prev1[1,1] =", dA_prev1[1, 1])
print()
dA_prev2 = pool_backward(dA, cache, mode="average")
print("mode = average")
print("mean of dA =", np.mean(dA))
print("dA_prev2[1,1] =", dA_prev2[1, 1])

# %% nbgrader={"grade": true, "grade_id": "test_pool_backward", "locked": true, "points": 20, "schema_version": 3, "solution": false, "task": false}
pool_backward_test(pool_backward)
### BEGIN HIDDEN TESTS
from autograder.hidden import run_hidden  # noqa: E402

run_hidden("conv_step_by_step", "pool_backward", pool_backward)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade": false, "grade_id": "gradient_check_pool_text", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ### 4.4 Check your pooling gradients numerically
#
# The same centred-difference check as for the convolution, in both modes, on a small random input
# whose values are all different (so that no window has a tie, where max pooling has no
# derivative). It prints one line per mode; below $10^{-7}$ is right.

# %% nbgrader={"grade": false, "grade_id": "gradient_check_pool", "locked": true, "schema_version": 3, "solution": false, "task": false}
gradient_check_pool(pool_forward, pool_backward)

# %% [markdown] nbgrader={"grade": false, "grade_id": "summary", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## What you built
#
# - A **convolution** slides $n_C$ small filters over the input; each output pixel is a weighted sum
#   of one $f \times f \times n_{C_{prev}}$ window plus a bias, and each filter fills one feature
#   map of the output. The same weights serve every position. (Strictly, it is a
#   cross-correlation: the filter is not flipped.)
# - **Padding** keeps the height and width from shrinking and gives the border pixels outputs of
#   their own; the **stride** decides how far apart the windows are; together they set the output
#   size $\lfloor (n + 2p - f) / s \rfloor + 1$.
# - **Pooling** summarises each window of each channel by its maximum or its mean, with no weights.
# - **Backward passes** follow from the forward pass: each output sends its gradient back to
#   whatever it was computed from, weighted by the partial derivative, and every contribution is
#   *added*, because inputs and weights are shared between windows.
# - A **numerical gradient check** tells you whether a backward pass is right without having to
#   trust your algebra.
#
# ## What comes next
#
# Your layers compute the right numbers, but slowly: four nested Python loops visit the output one
# number at a time. In the next notebook of the series, `fast_convnet`, you remove those loops with
# *im2col*, which copies every window of the input into one big matrix so that a whole convolution
# becomes a single matrix product. Then you put the fast layers together into a small ConvNet and
# train it to recognise handwritten digits.
#
# Before you submit: restart the kernel and run every cell from the top (Kernel, then Restart &
# Run All) to be sure your notebook works without the state of earlier experiments.
