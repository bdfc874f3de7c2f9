"""Zoo entries for ``conv_single_step(a_slice_prev, W, b)``."""

import numpy as np

from autograder.zoo import correct, wrong

# --- wrong -----------------------------------------------------------------------------------


@wrong(
    "bias_kept_as_array",
    "the bias is added as an array, so Z is an array of shape (1, 1, 1): "
    "take the number out of b first, with b.item()",
)
def bias_kept_as_array(a_slice_prev, W, b):
    Z = np.sum(a_slice_prev * W) + b
    return Z


@wrong("bias_forgotten", "the bias is left out: add b.item() to the sum")
def bias_forgotten(a_slice_prev, W, b):
    Z = np.sum(a_slice_prev * W)
    return Z


@wrong(
    "bias_added_to_every_product",
    "the bias is added to every product before the sum, so it counts f * f * n_C_prev times: "
    "add it once, after the sum",
)
def bias_added_to_every_product(a_slice_prev, W, b):
    Z = np.sum(a_slice_prev * W + b.item())
    return Z


@wrong(
    "channels_not_summed",
    "only the height and width are summed, not the channels (axis=(0, 1)): "
    "sum over every axis, np.sum(a_slice_prev * W)",
)
def channels_not_summed(a_slice_prev, W, b):
    Z = np.sum(a_slice_prev * W, axis=(0, 1)) + b.item()
    return Z


@wrong(
    "mean_instead_of_sum",
    "the products are averaged (np.mean) instead of added up: use np.sum",
)
def mean_instead_of_sum(a_slice_prev, W, b):
    Z = np.mean(a_slice_prev * W) + b.item()
    return Z


@wrong(
    "product_of_sums",
    "the two sums are multiplied, np.sum(a_slice_prev) * np.sum(W), instead of summing the "
    "products: np.sum(a_slice_prev * W)",
)
def product_of_sums(a_slice_prev, W, b):
    Z = np.sum(a_slice_prev) * np.sum(W) + b.item()
    return Z


@wrong(
    "cast_to_int",
    "Z is converted with int(), which drops the decimals: return the float itself",
)
def cast_to_int(a_slice_prev, W, b):
    Z = int(np.sum(a_slice_prev * W) + b.item())
    return Z


# --- correct ---------------------------------------------------------------------------------


@correct("einsum", "np.einsum over the three axes, bias taken with b[0, 0, 0]")
def einsum(a_slice_prev, W, b):
    return np.einsum("ijk,ijk->", a_slice_prev, W) + b[0, 0, 0]


@correct("vdot_squeeze", "np.vdot of the flattened arrays, bias taken with np.squeeze")
def vdot_squeeze(a_slice_prev, W, b):
    return float(np.vdot(a_slice_prev, W) + np.squeeze(b))


@correct("loops_with_print", "three loops adding one product at a time, with a print")
def loops_with_print(a_slice_prev, W, b):
    f_H, f_W, n_C = a_slice_prev.shape
    total = 0.0
    for u in range(f_H):
        for v in range(f_W):
            for k in range(n_C):
                total += a_slice_prev[u, v, k] * W[u, v, k]
    print("sum of products:", total)
    return total + b.item()


@correct("item_of_array_sum", "the bias added as an array, then .item() on the result")
def item_of_array_sum(a_slice_prev, W, b):
    return (np.sum(np.multiply(a_slice_prev, W)) + b).item()
