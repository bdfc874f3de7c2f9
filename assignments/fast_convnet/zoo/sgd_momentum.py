"""Zoo entries for ``sgd_momentum(w, dw, v, learning_rate, momentum)``."""

import numpy as np

from autograder.zoo import correct, wrong


@wrong(
    "velocity_goes_uphill",
    "the velocity adds the gradient instead of subtracting it, so the step goes uphill: "
    "v = momentum * v - learning_rate * dw",
)
def velocity_goes_uphill(w, dw, v, learning_rate, momentum):
    next_v = momentum * v + learning_rate * dw
    return w + next_v, next_v


@wrong(
    "weights_move_by_the_old_velocity",
    "w moves by the old velocity: compute the new velocity first, then w + next_v",
)
def weights_move_by_the_old_velocity(w, dw, v, learning_rate, momentum):
    return w + v, momentum * v - learning_rate * dw


@wrong(
    "updated_in_place",
    "w and v are changed in place (*=, -=, +=), which changes the caller's arrays: compute new "
    "arrays",
)
def updated_in_place(w, dw, v, learning_rate, momentum):
    v *= momentum
    v -= learning_rate * dw
    w += v
    return w, v


@wrong(
    "rates_swapped",
    "the learning rate and the momentum are swapped: v = momentum * v - learning_rate * dw",
)
def rates_swapped(w, dw, v, learning_rate, momentum):
    next_v = learning_rate * v - momentum * dw
    return w + next_v, next_v


@wrong(
    "velocity_never_used",
    "the velocity is never used or updated, so this is plain gradient descent: "
    "v = momentum * v - learning_rate * dw, then w + v",
)
def velocity_never_used(w, dw, v, learning_rate, momentum):
    return w - learning_rate * dw, v


@wrong(
    "returned_in_the_wrong_order",
    "the new velocity and the new weights are returned in the wrong order: return next_w, next_v",
)
def returned_in_the_wrong_order(w, dw, v, learning_rate, momentum):
    next_v = momentum * v - learning_rate * dw
    return next_v, w + next_v


@correct("expanded", "w + momentum * v - learning_rate * dw, written out")
def expanded(w, dw, v, learning_rate, momentum):
    return w + momentum * v - learning_rate * dw, momentum * v - learning_rate * dw


@correct("numpy_calls", "np.subtract and np.add on copies")
def numpy_calls(w, dw, v, learning_rate, momentum):
    next_v = np.subtract(np.multiply(momentum, v), np.multiply(learning_rate, dw))
    return np.add(w.copy(), next_v), next_v


@correct("in_place_on_copies", "in-place operators on copies, with a print")
def in_place_on_copies(w, dw, v, learning_rate, momentum):
    next_v = v.copy()
    next_v *= momentum
    next_v -= learning_rate * dw
    next_w = w.copy()
    next_w += next_v
    print("step of size", np.linalg.norm(next_v))
    return next_w, next_v
