"""Command line of the grading pipeline: ``python -m autograder COMMAND``.

Each command lives in its own module; this file only dispatches, so adding a command never
touches another one.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "grade": ("autograder.batch", "grade a folder of submissions"),
    "mutation-score": ("autograder.mutation", "score the tests against the bug zoo"),
    "selftest": ("autograder.selftest", "attack the grader's isolation and say what held"),
    "export": ("autograder.lms_export", "grades into Canvas's or Moodle's import CSV"),
    "similarity": ("autograder.similarity", "rank the pairs of submissions that look copied"),
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print("usage: python -m autograder COMMAND [options]\n\ncommands:")
        for name, (_, summary) in COMMANDS.items():
            print(f"  {name:16} {summary}")
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    module_name, _ = COMMANDS[argv[0]]
    return importlib.import_module(module_name).main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
