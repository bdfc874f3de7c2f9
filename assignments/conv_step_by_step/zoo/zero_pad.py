"""Zoo entries for ``zero_pad(X, pad)``."""

import numpy as np

from autograder.zoo import correct, wrong

# --- wrong -----------------------------------------------------------------------------------


@wrong(
    "pads_every_axis",
    "every axis is padded, the batch and channel axes too (np.pad(X, pad)): "
    "pad only the height and width, ((0, 0), (pad, pad), (pad, pad), (0, 0))",
)
def pads_every_axis(X, pad):
    X_pad = np.pad(X, pad, mode="constant", constant_values=0)
    return X_pad


@wrong(
    "pads_one_side",
    "zeros are added after the image only, (0, pad): add pad zeros on both sides, (pad, pad)",
)
def pads_one_side(X, pad):
    X_pad = np.pad(X, ((0, 0), (0, pad), (0, pad), (0, 0)), mode="constant", constant_values=0)
    return X_pad


@wrong(
    "pads_height_only",
    "only the height is padded: pad the width too, with (pad, pad) for axis 2",
)
def pads_height_only(X, pad):
    X_pad = np.pad(X, ((0, 0), (pad, pad), (0, 0), (0, 0)), mode="constant", constant_values=0)
    return X_pad


@wrong(
    "channels_first_axes",
    "the axes are read as (m, n_C, n_H, n_W), so the width and the channels are padded: "
    "pad axes 1 and 2, ((0, 0), (pad, pad), (pad, pad), (0, 0))",
)
def channels_first_axes(X, pad):
    X_pad = np.pad(X, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant", constant_values=0)
    return X_pad


@wrong(
    "batch_axis_padded",
    "the batch axis is padded instead of the width: the pad widths go to axes 1 and 2 "
    "(height and width), ((0, 0), (pad, pad), (pad, pad), (0, 0))",
)
def batch_axis_padded(X, pad):
    X_pad = np.pad(X, ((pad, pad), (pad, pad), (0, 0), (0, 0)), mode="constant", constant_values=0)
    return X_pad


@wrong(
    "fills_with_pad",
    "constant_values is given the pad width, so the border is filled with pad instead of 0: "
    "use constant_values=0",
)
def fills_with_pad(X, pad):
    X_pad = np.pad(
        X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant", constant_values=pad
    )
    return X_pad


@wrong(
    "edge_mode",
    'the border copies the edge pixels (mode="edge") instead of being zeros: use mode="constant"',
)
def edge_mode(X, pad):
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="edge")
    return X_pad


# --- correct ---------------------------------------------------------------------------------


@correct("zeros_then_copy", "an array of zeros with the centre overwritten by X")
def zeros_then_copy(X, pad):
    m, n_H, n_W, n_C = X.shape
    X_pad = np.zeros((m, n_H + 2 * pad, n_W + 2 * pad, n_C), dtype=X.dtype)
    X_pad[:, pad : pad + n_H, pad : pad + n_W, :] = X
    return X_pad


@correct("np_pad_defaults", "np.pad with its default constant mode and the widths as a list")
def np_pad_defaults(X, pad):
    return np.pad(X, [(0, 0), (pad, pad), (pad, pad), (0, 0)])


@correct("per_image_with_print", "one np.pad per image, stacked, with a print")
def per_image_with_print(X, pad):
    images = []
    for i in range(X.shape[0]):
        padded = np.pad(X[i], ((pad, pad), (pad, pad), (0, 0)), "constant")
        print("image", i, "padded to", padded.shape)
        images.append(padded)
    return np.stack(images)


@correct("concatenate_borders", "zero borders glued on with np.concatenate")
def concatenate_borders(X, pad):
    m, n_H, n_W, n_C = X.shape
    side = np.zeros((m, n_H, pad, n_C))
    X_pad = np.concatenate([side, X, side], axis=2)
    top = np.zeros((m, pad, n_W + 2 * pad, n_C))
    return np.concatenate([top, X_pad, top], axis=1)
