"""The main job: grade the example submissions and print the scores.

python -m coursekit.demo OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from autograder.assignment import REPO_ROOT, max_score
from coursekit.examples import SUBMISSIONS
from coursekit.nbgrader_autograde import autograde


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "out/demo").resolve()
    scores = autograde(REPO_ROOT / SUBMISSIONS, out / "nbgrader")
    print(f"nbgrader autograde of {SUBMISSIONS} (gradebook: {out / 'nbgrader' / 'gradebook.db'})")
    for student, score in sorted(scores.items()):
        print(f"  {student:10} {score:5.1f} / {max_score():.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
