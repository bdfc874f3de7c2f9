"""The reference solutions, loaded from the solution cells of the authored notebook.

They are never copied anywhere: the hidden tests compute their expected values by calling these
functions, so fixing a solution in the notebook fixes every expectation at once.
"""

from __future__ import annotations

import functools
import types

import numpy as np

from autograder.assignment import exercises


@functools.cache
def reference() -> types.SimpleNamespace:
    """Execute every solution cell, in notebook order, in one namespace.

    The functions call each other by name (conv_forward calls zero_pad), exactly as they do in
    a student's notebook, so they share a namespace.
    """
    namespace: dict = {"np": np}
    for exercise in exercises():
        code = compile(exercise.solution_source, f"<reference {exercise.name}>", "exec")
        exec(code, namespace)  # noqa: S102 - our own notebook's solution cells
    return types.SimpleNamespace(**{e.name: namespace[e.name] for e in exercises()})
