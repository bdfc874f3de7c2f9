"""Zoo entries for ``train(params, X, y, learning_rate, momentum, num_steps)``.

``loss`` and ``sgd_momentum`` are the reference ones, as the batch grader gives them.
"""

import numpy as np

from assignments.fast_convnet import reference
from autograder.zoo import correct, wrong


def loss(params, X, y):
    return reference().loss(params, X, y)


def sgd_momentum(w, dw, v, learning_rate, momentum):
    return reference().sgd_momentum(w, dw, v, learning_rate, momentum)


@wrong(
    "velocity_reset_every_step",
    "the velocity is reset to zeros at every step, so there is no momentum: create it once, "
    "before the loop",
)
def velocity_reset_every_step(params, X, y, learning_rate, momentum, num_steps):
    params, losses = dict(params), []
    for _ in range(num_steps):
        velocity = {name: np.zeros_like(value) for name, value in params.items()}
        value, grads = loss(params, X, y)
        losses.append(value)
        for name in params:
            params[name], velocity[name] = sgd_momentum(
                params[name], grads[name], velocity[name], learning_rate, momentum
            )
    return params, np.array(losses)


@wrong(
    "loss_recorded_after_the_update",
    "each recorded loss is the loss after the update instead of before it: record the value that "
    "loss() returns before updating",
)
def loss_recorded_after_the_update(params, X, y, learning_rate, momentum, num_steps):
    params, losses = dict(params), []
    velocity = {name: np.zeros_like(value) for name, value in params.items()}
    for _ in range(num_steps):
        _, grads = loss(params, X, y)
        for name in params:
            params[name], velocity[name] = sgd_momentum(
                params[name], grads[name], velocity[name], learning_rate, momentum
            )
        losses.append(loss(params, X, y)[0])
    return params, np.array(losses)


@wrong(
    "gradient_computed_once",
    "the gradient is computed once, before the loop, and reused at every step: call loss() "
    "inside the loop",
)
def gradient_computed_once(params, X, y, learning_rate, momentum, num_steps):
    params, losses = dict(params), []
    velocity = {name: np.zeros_like(value) for name, value in params.items()}
    value, grads = loss(params, X, y)
    for _ in range(num_steps):
        losses.append(loss(params, X, y)[0])
        for name in params:
            params[name], velocity[name] = sgd_momentum(
                params[name], grads[name], velocity[name], learning_rate, momentum
            )
    return params, np.array(losses)


@wrong(
    "biases_not_updated",
    "only the weights are updated, the biases keep their first values: update every key of params",
)
def biases_not_updated(params, X, y, learning_rate, momentum, num_steps):
    params, losses = dict(params), []
    velocity = {name: np.zeros_like(value) for name, value in params.items()}
    for _ in range(num_steps):
        value, grads = loss(params, X, y)
        losses.append(value)
        for name in ("W1", "W2"):
            params[name], velocity[name] = sgd_momentum(
                params[name], grads[name], velocity[name], learning_rate, momentum
            )
    return params, np.array(losses)


@wrong("one_step_too_few", "the loop runs num_steps - 1 times: use range(num_steps)")
def one_step_too_few(params, X, y, learning_rate, momentum, num_steps):
    params, losses = dict(params), []
    velocity = {name: np.zeros_like(value) for name, value in params.items()}
    for _ in range(1, num_steps):
        value, grads = loss(params, X, y)
        losses.append(value)
        for name in params:
            params[name], velocity[name] = sgd_momentum(
                params[name], grads[name], velocity[name], learning_rate, momentum
            )
    return params, np.array(losses)


@wrong(
    "rates_passed_in_the_wrong_order",
    "learning_rate and momentum are passed to sgd_momentum in the wrong order: "
    "sgd_momentum(w, dw, v, learning_rate, momentum)",
)
def rates_passed_in_the_wrong_order(params, X, y, learning_rate, momentum, num_steps):
    params, losses = dict(params), []
    velocity = {name: np.zeros_like(value) for name, value in params.items()}
    for _ in range(num_steps):
        value, grads = loss(params, X, y)
        losses.append(value)
        for name in params:
            params[name], velocity[name] = sgd_momentum(
                params[name], grads[name], velocity[name], momentum, learning_rate
            )
    return params, np.array(losses)


@correct("comprehensions", "updates with dictionary comprehensions")
def comprehensions(params, X, y, learning_rate, momentum, num_steps):
    velocity = {name: np.zeros_like(value) for name, value in params.items()}
    losses = []
    for _ in range(num_steps):
        value, grads = loss(params, X, y)
        losses.append(value)
        steps = {
            name: sgd_momentum(params[name], grads[name], velocity[name], learning_rate, momentum)
            for name in params
        }
        params = {name: step[0] for name, step in steps.items()}
        velocity = {name: step[1] for name, step in steps.items()}
    return params, np.array(losses, dtype=float)


@correct("while_loop", "a while loop over the steps, with a print")
def while_loop(params, X, y, learning_rate, momentum, num_steps):
    current = {name: value.copy() for name, value in params.items()}
    velocity = {name: 0 * value for name, value in params.items()}
    losses = np.empty(num_steps)
    step = 0
    while step < num_steps:
        losses[step], grads = loss(current, X, y)
        for name, gradient in grads.items():
            current[name], velocity[name] = sgd_momentum(
                current[name], gradient, velocity[name], learning_rate, momentum
            )
        step += 1
    print("final loss", losses[-1] if num_steps else None)
    return current, losses


@correct("keyword_arguments", "sgd_momentum called with keyword arguments, sorted keys")
def keyword_arguments(params, X, y, learning_rate, momentum, num_steps):
    params = dict(params)
    velocity = {name: np.zeros(value.shape) for name, value in params.items()}
    losses = []
    for _ in range(num_steps):
        value, grads = loss(params, X, y)
        losses.append(value)
        for name in sorted(params):
            params[name], velocity[name] = sgd_momentum(
                w=params[name],
                dw=grads[name],
                v=velocity[name],
                learning_rate=learning_rate,
                momentum=momentum,
            )
    return params, np.asarray(losses).reshape(num_steps)
