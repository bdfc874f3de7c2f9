"""``python -m autograder mutation-score``: how well the tests tell the bug zoo apart.

Every entry of ``autograder.zoo`` goes through the public tests, then through the full grading
(public and hidden cases, as in the grader's test cells). A wrong entry should be rejected (at
least one case fails), a correct one accepted (every case passes). The full grading must score
100% on both; the public tests may deliberately leave some mistakes to the hidden tests, and
the table says which.

    python -m autograder mutation-score                    # the table; exit 1 if full < 100%
    python -m autograder mutation-score -v                 # and every entry's verdict
    python -m autograder mutation-score -f conv_forward    # one function (repeatable)
    python -m autograder mutation-score --assignment ID    # the functions of one notebook

Everything runs in-process with ``public_tests.check_case``, so it takes seconds.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from autograder import course, zoo
from autograder.hidden import hidden_cases, public_cases
from public_tests import Case, check_case


@dataclass(frozen=True)
class Verdict:
    """What the tests made of one zoo entry: the cases it failed, public and hidden."""

    entry: zoo.Entry
    public_failures: tuple[str, ...]
    hidden_failures: tuple[str, ...]
    first_problem: str = ""

    @property
    def public_rejects(self) -> bool:
        return bool(self.public_failures)

    @property
    def full_rejects(self) -> bool:
        return bool(self.public_failures or self.hidden_failures)

    @property
    def public_right(self) -> bool:
        """The public tests rejected a wrong entry, or accepted a correct one."""
        return self.public_rejects == self.entry.is_wrong

    @property
    def full_right(self) -> bool:
        return self.full_rejects == self.entry.is_wrong


@dataclass(frozen=True)
class FunctionScore:
    function_name: str
    verdicts: tuple[Verdict, ...]

    def _count(self, wrong: bool, right: str) -> tuple[int, int]:
        chosen = [v for v in self.verdicts if v.entry.is_wrong == wrong]
        return sum(getattr(v, right) for v in chosen), len(chosen)

    @property
    def public_rejected(self) -> tuple[int, int]:
        return self._count(True, "public_right")

    @property
    def public_accepted(self) -> tuple[int, int]:
        return self._count(False, "public_right")

    @property
    def full_rejected(self) -> tuple[int, int]:
        return self._count(True, "full_right")

    @property
    def full_accepted(self) -> tuple[int, int]:
        return self._count(False, "full_right")

    @property
    def full_is_perfect(self) -> bool:
        return all(v.full_right for v in self.verdicts)


def _failures(function_name: str, entry: zoo.Entry, cases: list[Case]) -> list[tuple[str, str]]:
    found = []
    for case in cases:
        problems = check_case(function_name, entry, case)
        if problems:
            found.append((case.name, problems[0]))
    return found


def score_function(function_name: str) -> FunctionScore:
    public = public_cases(function_name)
    hidden = hidden_cases(function_name)
    verdicts = []
    for entry in zoo.entries(function_name):
        public_failed = _failures(function_name, entry, public)
        hidden_failed = _failures(function_name, entry, hidden)
        failed = public_failed + hidden_failed
        first = failed[0][1] if failed else ""
        verdicts.append(
            Verdict(
                entry, tuple(n for n, _ in public_failed), tuple(n for n, _ in hidden_failed), first
            )
        )
    return FunctionScore(function_name, tuple(verdicts))


def score(function_names=None, assignment_id: str | None = None) -> list[FunctionScore]:
    if not function_names:
        chosen = course.get(assignment_id) if assignment_id else None
        function_names = chosen.exercise_names if chosen else course.all_exercise_names()
    return [score_function(name) for name in function_names]


def _fraction(pair: tuple[int, int]) -> str:
    return f"{pair[0]}/{pair[1]}"


def _total(scores: list[FunctionScore], attribute: str) -> tuple[int, int]:
    pairs = [getattr(s, attribute) for s in scores]
    return sum(p[0] for p in pairs), sum(p[1] for p in pairs)


def format_table(scores: list[FunctionScore]) -> str:
    header = (
        f"{'':25} {'public tests':^23} {'full grading (public + hidden)':^32}",
        f"{'function':25} {'wrong rejected':>14} {'correct':>8} "
        f"{'wrong rejected':>22} {'correct':>9}",
        f"{'':25} {'':>14} {'accepted':>8} {'':>22} {'accepted':>9}",
    )
    rows = []
    for label, s in [(s.function_name, s) for s in scores] + [("total", None)]:
        values = [
            _total(scores, a) if s is None else getattr(s, a)
            for a in ("public_rejected", "public_accepted", "full_rejected", "full_accepted")
        ]
        if s is None:
            rows.append("-" * 82)
        rows.append(
            f"{label:25} {_fraction(values[0]):>14} {_fraction(values[1]):>8} "
            f"{_fraction(values[2]):>22} {_fraction(values[3]):>9}"
        )
    return "\n".join(line.rstrip() for line in [*header, "-" * 82, *rows])


def format_details(scores: list[FunctionScore], verbose: bool) -> str:
    lines = []
    left = [v for s in scores for v in s.verdicts if v.entry.is_wrong and not v.public_rejects]
    if left:
        lines.append("\nWrong entries the public tests let through (left to the hidden tests):")
        lines += [f"  {v.entry.qualified_id}: {v.entry.description}" for v in left]
    public_rejected_correct = [
        v for s in scores for v in s.verdicts if not v.entry.is_wrong and v.public_rejects
    ]
    if public_rejected_correct:
        lines.append("\nCorrect entries the public tests reject:")
        lines += [f"  {v.entry.qualified_id}: {v.first_problem}" for v in public_rejected_correct]
    misses = [v for s in scores for v in s.verdicts if not v.full_right]
    if misses:
        lines.append("\nFULL GRADING GETS THESE WRONG (it must get every entry right):")
        for v in misses:
            if v.entry.is_wrong:
                lines.append(f"  {v.entry.qualified_id} passes every case: {v.entry.description}")
            else:
                lines.append(f"  {v.entry.qualified_id} is correct but fails: {v.first_problem}")
    if verbose:
        lines.append("\nEvery entry:")
        for s in scores:
            for v in s.verdicts:
                failed = [*v.public_failures, *(f"hidden: {n}" for n in v.hidden_failures)]
                verdict = "rejected" if v.full_rejects else "accepted"
                lines.append(
                    f"  {v.entry.label:7} {v.entry.qualified_id:58} {verdict}"
                    + (f" ({len(failed)} cases: {'; '.join(failed[:3])})" if failed else "")
                )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m autograder mutation-score",
        description="Run every bug-zoo entry through the public tests and the full grading.",
    )
    parser.add_argument(
        "-a",
        "--assignment",
        choices=course.assignment_ids(),
        help="score only the functions of this assignment",
    )
    parser.add_argument(
        "-f",
        "--function",
        action="append",
        choices=course.all_exercise_names(),
        help="score only this graded function (repeatable)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list every entry")
    args = parser.parse_args(argv)
    scores = score(args.function, args.assignment)
    print(format_table(scores))
    details = format_details(scores, args.verbose)
    if details:
        print(details)
    perfect = all(s.full_is_perfect for s in scores)
    print(
        "\nfull grading: "
        + (
            "every wrong entry rejected, every correct entry accepted."
            if perfect
            else "NOT 100%: add hidden cases (assignments/<id>/hidden_tests.py) or fix the zoo."
        )
    )
    return 0 if perfect else 1
