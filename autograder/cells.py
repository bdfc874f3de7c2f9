"""Notebook cells as Python source: what the grader needs to run a cell outside Jupyter."""

from __future__ import annotations


def strip_magics(code: str) -> str:
    """IPython magics (``%matplotlib inline``, ``!pip``) are not Python; keep line numbers."""
    return "\n".join(
        "pass  # " + line if line.lstrip().startswith(("%", "!")) else line
        for line in code.split("\n")
    )
