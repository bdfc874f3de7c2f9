"""Zoo entries for ``softmax_loss(scores, y)``."""

import numpy as np

from autograder.zoo import correct, wrong


def _rows(y):
    return np.arange(len(y))


@wrong(
    "not_shifted",
    "the scores are exponentiated without subtracting each example's largest one, so large "
    "scores overflow to inf and nan: subtract np.max(scores, axis=1, keepdims=True) first",
)
def not_shifted(scores, y):
    exp = np.exp(scores)
    probs = exp / exp.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[_rows(y), y]))
    dscores = probs.copy()
    dscores[_rows(y), y] -= 1
    return loss, dscores / len(y)


@wrong(
    "shifted_by_the_batch_maximum",
    "the scores are shifted by the largest score of the whole batch, so an example whose scores "
    "are all far lower underflows to 0: subtract each example's own maximum, axis=1",
)
def shifted_by_the_batch_maximum(scores, y):
    shifted = scores - np.max(scores)
    exp = np.exp(shifted)
    probs = exp / exp.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[_rows(y), y]))
    dscores = probs.copy()
    dscores[_rows(y), y] -= 1
    return loss, dscores / len(y)


@wrong(
    "gradient_not_averaged",
    "dscores is not divided by the number of examples, while the loss is their mean: divide "
    "dscores by m",
)
def gradient_not_averaged(scores, y):
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    dscores = np.exp(log_probs)
    dscores[_rows(y), y] -= 1
    return -np.mean(log_probs[_rows(y), y]), dscores


@wrong(
    "loss_summed",
    "the loss adds up the examples instead of averaging them: use the mean",
)
def loss_summed(scores, y):
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    dscores = np.exp(log_probs)
    dscores[_rows(y), y] -= 1
    return -np.sum(log_probs[_rows(y), y]), dscores / len(y)


@wrong(
    "minus_one_forgotten",
    "dscores is the softmax without subtracting 1 at the right class: "
    "dscores[np.arange(m), y] -= 1",
)
def minus_one_forgotten(scores, y):
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.mean(log_probs[_rows(y), y]), np.exp(log_probs) / len(y)


@wrong(
    "log_of_rounded_probabilities",
    "the loss takes np.log of probabilities, and a probability that rounds to 0 gives inf: "
    "compute shifted - log(sum(exp(shifted))) instead",
)
def log_of_rounded_probabilities(scores, y):
    shifted = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[_rows(y), y]))
    dscores = probs.copy()
    dscores[_rows(y), y] -= 1
    return loss, dscores / len(y)


@wrong(
    "labels_index_every_row",
    "scores[:, y] picks the score of every label for every example: index with [np.arange(m), y]",
)
def labels_index_every_row(scores, y):
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    dscores = np.exp(log_probs)
    dscores[:, y] -= 1
    return -np.mean(log_probs[:, y]), dscores / len(y)


@correct("one_hot", "a one-hot matrix of the labels")
def one_hot(scores, y):
    m, C = scores.shape
    targets = np.eye(C)[y]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_sum = np.log(np.exp(shifted).sum(axis=1))
    loss = np.mean(log_sum - (shifted * targets).sum(axis=1))
    probs = np.exp(shifted - log_sum[:, None])
    return float(loss), (probs - targets) / m


@correct("take_along_axis", "np.take_along_axis and np.logaddexp.reduce")
def take_along_axis(scores, y):
    log_norm = np.logaddexp.reduce(scores, axis=1, keepdims=True)
    log_probs = scores - log_norm
    picked = np.take_along_axis(log_probs, y[:, None], axis=1)
    dscores = np.exp(log_probs)
    np.put_along_axis(dscores, y[:, None], np.take_along_axis(dscores, y[:, None], 1) - 1, 1)
    return -picked.mean(), dscores / len(y)


@correct("loop_free_with_print", "the softmax first, then the log of the sum, with a print")
def loop_free_with_print(scores, y):
    top = scores.max(axis=1, keepdims=True)
    exp = np.exp(scores - top)
    total = exp.sum(axis=1, keepdims=True)
    print("softmax of", scores.shape)
    correct_scores = (scores - top)[np.arange(len(y)), y]
    loss = np.mean(np.log(total[:, 0]) - correct_scores)
    dscores = exp / total
    dscores[np.arange(len(y)), y] -= 1
    return loss, dscores / scores.shape[0]
