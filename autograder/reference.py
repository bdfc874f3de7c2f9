"""The reference solutions, loaded from the solution cells of the authored notebooks.

They are never copied anywhere: the hidden tests compute their expected values by calling these
functions, so fixing a solution in the notebook fixes every expectation at once.
"""

from __future__ import annotations

import functools
import types

from autograder import course
from autograder.cells import strip_magics


@functools.cache
def reference(assignment_id: str) -> types.SimpleNamespace:
    """Execute the setup cells, then every solution cell in notebook order, in one namespace.

    The functions call each other by name (conv_forward calls zero_pad), exactly as they do in
    a student's notebook, and see what the setup cell imported, so they share a namespace.
    """
    assignment = course.get(assignment_id)
    namespace: dict = {"__name__": f"reference_{assignment_id}"}
    exec(compile(strip_magics(assignment.setup_code), "<setup>", "exec"), namespace)  # noqa: S102
    for exercise in assignment.exercises:
        code = compile(exercise.solution_source, f"<reference {exercise.name}>", "exec")
        exec(code, namespace)  # noqa: S102 - our own notebook's solution cells
    return types.SimpleNamespace(**{name: namespace[name] for name in assignment.exercise_names})
