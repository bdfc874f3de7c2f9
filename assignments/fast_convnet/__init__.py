"""Instructor-only material of notebook 2, "From loops to a trained ConvNet".

Never shipped to students: the hidden cases, the bug zoo, the figures' code and the example
students.
"""

from autograder.reference import reference as _reference

ID = "fast_convnet"


def reference():
    """The reference solutions of this notebook's solution cells."""
    return _reference(ID)
