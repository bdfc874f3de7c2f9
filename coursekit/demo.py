"""The main job: grade the example submissions with the batch grader and print each score.

python -m coursekit.demo [OUT_DIR]    (default: out/demo)

It runs exactly what an instructor runs on a class (``python -m autograder grade``), on the three
example students and every notebook of the series, so a fresh clone shows the whole pipeline
working: CSV tables, one feedback page per student and assignment, the class report and
nbgrader's SQLite gradebook, all under OUT_DIR.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from autograder import batch
from autograder.course import REPO_ROOT
from autograder.reports import feedback_path
from coursekit.examples import SUBMISSIONS


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "out/demo").resolve()
    code = batch.main([str(REPO_ROOT / SUBMISSIONS), "--out", str(out)])
    if code not in (0, 1):
        return code
    with open(out / "grades.csv", newline="", encoding="utf-8") as handle:
        grades = list(csv.DictReader(handle))
    print(f"\nscores of {SUBMISSIONS}:")
    for row in grades:
        page = feedback_path(out, row["student_id"], row["assignment"]).relative_to(out)
        print(
            f"  {row['student_id']:10} {row['assignment']:20} "
            f"{float(row['score']):5.1f} / {row['max_score']:>3}  {page}"
        )
    print(f"tables: {out / 'grades.csv'}, {out / 'exercises.csv'}")
    print(f"class report: {out / 'report.html'}")
    print(f"gradebook: sqlite:///{out / 'gradebook.db'} (nbgrader export reads it)")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
