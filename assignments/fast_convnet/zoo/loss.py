"""Zoo entries for ``loss(params, X, y)``.

In a student's notebook the layers are the student's own; here they are the reference ones, so
that each wrong entry differs from a right answer by its mistake only.
"""

from assignments.fast_convnet import reference
from autograder.zoo import correct, wrong


def _layers():
    return reference()


def _hparameters(params):
    f = params["W1"].shape[0]
    return {"stride": 1, "pad": (f - 1) // 2}, {"f": 2, "stride": 2}


def _forward(params, X, pool_input="A1"):
    L = _layers()
    conv_hp, pool_hp = _hparameters(params)
    Z1, conv_cache = L.conv_forward_fast(X, params["W1"], params["b1"], conv_hp)
    A1, relu_cache = L.relu_forward(Z1)
    P1, pool_cache = L.pool_forward_fast(A1 if pool_input == "A1" else Z1, pool_hp, mode="max")
    scores, affine_cache = L.affine_forward(P1, params["W2"], params["b2"])
    return scores, (conv_cache, relu_cache, pool_cache, affine_cache)


@wrong(
    "relu_backward_skipped",
    "the backward pass skips relu_backward, so gradient flows where the ReLU was off: call "
    "relu_backward(dA1, relu_cache) before conv_backward_fast",
)
def relu_backward_skipped(params, X, y):
    L = _layers()
    scores, (conv_cache, _, pool_cache, affine_cache) = _forward(params, X)
    value, dscores = L.softmax_loss(scores, y)
    dP1, dW2, db2 = L.affine_backward(dscores, affine_cache)
    dA1 = L.pool_backward_fast(dP1, pool_cache, mode="max")
    _, dW1, db1 = L.conv_backward_fast(dA1, conv_cache)
    return value, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


@wrong(
    "pool_backward_in_average_mode",
    'the gradient goes back through the pooling layer in mode "average" while the forward pass '
    'used "max": use the same mode in both directions',
)
def pool_backward_in_average_mode(params, X, y):
    L = _layers()
    scores, (conv_cache, relu_cache, pool_cache, affine_cache) = _forward(params, X)
    value, dscores = L.softmax_loss(scores, y)
    dP1, dW2, db2 = L.affine_backward(dscores, affine_cache)
    dA1 = L.pool_backward_fast(dP1, pool_cache, mode="average")
    _, dW1, db1 = L.conv_backward_fast(L.relu_backward(dA1, relu_cache), conv_cache)
    return value, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


@wrong(
    "conv_outputs_unpacked_in_the_wrong_order",
    "the outputs of conv_backward_fast are unpacked in the wrong order: it returns dA_prev, dW, db",
)
def conv_outputs_unpacked_in_the_wrong_order(params, X, y):
    L = _layers()
    scores, (conv_cache, relu_cache, pool_cache, affine_cache) = _forward(params, X)
    value, dscores = L.softmax_loss(scores, y)
    dP1, dW2, db2 = L.affine_backward(dscores, affine_cache)
    dA1 = L.pool_backward_fast(dP1, pool_cache, mode="max")
    dW1, _, db1 = L.conv_backward_fast(L.relu_backward(dA1, relu_cache), conv_cache)
    return value, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


@wrong(
    "pools_before_the_relu",
    "the pooling layer pools Z1, the convolution's output, instead of the ReLU's output A1: "
    "pool_forward_fast(A1, ...)",
)
def pools_before_the_relu(params, X, y):
    L = _layers()
    scores, (conv_cache, relu_cache, pool_cache, affine_cache) = _forward(params, X, "Z1")
    value, dscores = L.softmax_loss(scores, y)
    dP1, dW2, db2 = L.affine_backward(dscores, affine_cache)
    dA1 = L.pool_backward_fast(dP1, pool_cache, mode="max")
    _, dW1, db1 = L.conv_backward_fast(L.relu_backward(dA1, relu_cache), conv_cache)
    return value, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


@wrong(
    "bias_gradients_missing",
    "grads holds only the weights' gradients: give one for every key of params, b1 and b2 too",
)
def bias_gradients_missing(params, X, y):
    L = _layers()
    scores, (conv_cache, relu_cache, pool_cache, affine_cache) = _forward(params, X)
    value, dscores = L.softmax_loss(scores, y)
    dP1, dW2, _ = L.affine_backward(dscores, affine_cache)
    dA1 = L.pool_backward_fast(dP1, pool_cache, mode="max")
    _, dW1, _ = L.conv_backward_fast(L.relu_backward(dA1, relu_cache), conv_cache)
    return value, {"W1": dW1, "W2": dW2}


@wrong(
    "backward_from_the_scores",
    "the backward pass starts from the scores instead of dscores, the gradient of the loss: "
    "send dscores into affine_backward",
)
def backward_from_the_scores(params, X, y):
    L = _layers()
    scores, (conv_cache, relu_cache, pool_cache, affine_cache) = _forward(params, X)
    value, _ = L.softmax_loss(scores, y)
    dP1, dW2, db2 = L.affine_backward(scores, affine_cache)
    dA1 = L.pool_backward_fast(dP1, pool_cache, mode="max")
    _, dW1, db1 = L.conv_backward_fast(L.relu_backward(dA1, relu_cache), conv_cache)
    return value, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


@correct("relu_mask_from_A1", "relu_backward given A1 as its cache: A1 > 0 exactly where Z1 > 0")
def relu_mask_from_A1(params, X, y):
    L = _layers()
    conv_hp, pool_hp = _hparameters(params)
    Z1, conv_cache = L.conv_forward_fast(X, params["W1"], params["b1"], conv_hp)
    A1, _ = L.relu_forward(Z1)
    P1, pool_cache = L.pool_forward_fast(A1, pool_hp)
    scores, affine_cache = L.affine_forward(P1, params["W2"], params["b2"])
    value, dscores = L.softmax_loss(scores, y)
    dP1, dW2, db2 = L.affine_backward(dscores, affine_cache)
    dZ1 = L.relu_backward(L.pool_backward_fast(dP1, pool_cache), A1)
    dW1, db1 = L.conv_backward_fast(dZ1, conv_cache)[1:]
    return value, {"W2": dW2, "b2": db2, "W1": dW1, "b1": db1}


@correct("helper_forward", "a forward helper returning every cache, grads built in a loop")
def helper_forward(params, X, y):
    L = _layers()
    scores, (conv_cache, relu_cache, pool_cache, affine_cache) = _forward(params, X)
    value, dscores = L.softmax_loss(scores, y)
    dP1, dW2, db2 = L.affine_backward(dscores, affine_cache)
    dZ1 = L.relu_backward(L.pool_backward_fast(dP1, pool_cache, "max"), relu_cache)
    dW1, db1 = L.conv_backward_fast(dZ1, conv_cache)[1:]
    grads = {}
    for name, gradient in zip(("W1", "b1", "W2", "b2"), (dW1, db1, dW2, db2)):
        grads[name] = gradient
    return value, grads


@correct("with_prints", "the reference chain, printing the loss and shapes on the way")
def with_prints(params, X, y):
    L = _layers()
    scores, caches = _forward(params, X)
    print("scores", scores.shape)
    value, dscores = L.softmax_loss(scores, y)
    print("loss", value)
    dP1, dW2, db2 = L.affine_backward(dscores, caches[3])
    dZ1 = L.relu_backward(L.pool_backward_fast(dP1, caches[2], mode="max"), caches[1])
    _, dW1, db1 = L.conv_backward_fast(dZ1, caches[0])
    return float(value), dict(W1=dW1, b1=db1, W2=dW2, b2=db2)
