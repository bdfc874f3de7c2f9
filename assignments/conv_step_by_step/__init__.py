"""Instructor-only material of notebook 1, "Convolutional networks, step by step".

Never shipped to students: the hidden cases, the bug zoo and the example students.
"""

from autograder.reference import reference as _reference

ID = "conv_step_by_step"


def reference():
    """The reference solutions of this notebook's solution cells."""
    return _reference(ID)
