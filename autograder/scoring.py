"""Turn what a student's process sent back into a score, on the grading side only.

The expected values, the hidden cases and the comparisons live in this process; the student's
process only ever receives inputs. Every message comes from ``public_tests.judge`` and
``public_tests.error_message``, so feedback reads exactly like the notebook's own tests.

Helpers: when a graded function calls another one (``conv_forward`` calls ``zero_pad``), the
student's own helper is used if it passed all its cases, and otherwise every call to it is
answered by the official version in a trusted process (``trusted_helpers``): a bug in
``zero_pad`` costs ``zero_pad``'s points only, and no reference code enters the student's
process. Exercises are graded in notebook order, so a helper is judged before its callers.
"""

from __future__ import annotations

import ast
import re
import signal
from dataclasses import dataclass, field

import numpy as np

import public_tests
from autograder import course, wire
from autograder.cells import strip_magics
from autograder.hidden import all_cases
from autograder.output_files import valid_text
from autograder.sandbox import Limits, Run, Sandbox
from autograder.zygote import digest
from public_tests import Case


@dataclass
class Failure:
    """One failing case, as the student's feedback shows it."""

    case: str
    inputs: str
    problems: list[str]
    mistake: str | None = None  # the known mistake (zoo description) the output matches


@dataclass
class CaseVerdict:
    """What one case's message from the child amounts to.

    ``mistake`` is the description of the zoo mistake recognised, from the outputs the child
    sent back or from the error it reported raising (its type and message).
    """

    problems: list[str]
    out_of_memory: bool = False
    mistake: str | None = None


@dataclass
class ExerciseResult:
    exercise: str
    score: float
    max_score: float
    status: str  # passed, failed, error, timeout, missing
    message: str
    failures: list[Failure] = field(default_factory=list)
    cases: int = 0
    seconds: float = 0.0
    helper_calls: int = 0  # calls answered by an official helper


ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


PROBLEM_CHARACTERS = 4000  # of one problem's text: what a page and a CSV cell can show


def bounded(text: str, limit: int = PROBLEM_CHARACTERS) -> str:
    """A student's return value is quoted in the text that describes it; a 30 MB string would
    make gigabytes of feedback. Long texts keep their start and say how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]} ... ({len(text) - limit:,} more characters not shown)"


def stable(text: str) -> str:
    """Drop memory addresses (``<object at 0x7f...>``) so that a re-run writes the same text,
    and control characters (a NUL from a student's exception) and lone surrogates
    (``ValueError("\ud800")``) that no CSV, page or database should hold."""
    cleaned = CONTROL.sub("\ufffd", ADDRESS.sub("", text))
    return valid_text(cleaned)  # lone surrogates


def helpers_of(name: str) -> tuple[str, ...]:
    """Graded functions that ``name``'s reference solution calls, directly or not, in notebook
    order. Only calls count, of names the function does not bind itself: ``softmax_loss``
    keeps its result in a variable called ``loss``, which is no call to the graded ``loss``
    (and must not make the official ``loss`` available while ``softmax_loss`` is graded)."""
    owner = course.owner_of(name)
    sources = {e.name: e.solution_source for e in owner.exercises}
    found: set[str] = set()
    pending = [name]
    while pending:
        for called in _calls(sources[pending.pop()]) & set(sources):
            if called != name and called not in found:
                found.add(called)
                pending.append(called)
    return tuple(n for n in sources if n in found)


def _calls(source: str) -> set[str]:
    """Names called in ``source`` that it does not bind (assign, import or take as argument)."""
    tree = ast.parse(source)
    bound: set[str] = set()
    called: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            bound.add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            called.add(node.func.id)
    return called - bound


class Scorer:
    """Everything an exercise is graded against, built once and shared by the worker threads."""

    def __init__(self, limits: Limits, assignments: list[course.Assignment] | None = None):
        self.limits = limits
        chosen = assignments if assignments is not None else list(course.series())
        self.exercises = {e.name: e for a in chosen for e in a.exercises}
        self.cases = {name: all_cases(name) for name in self.exercises}
        self.helpers = {name: helpers_of(name) for name in self.exercises}
        # The inputs, encoded once: every student's process gets the same bytes.
        self.inputs = {
            name: wire.encode([(case.args, case.kwargs) for case in cases])
            for name, cases in self.cases.items()
        }
        self.pristine = {
            name: [[digest(a) for a in case.args] for case in cases]
            for name, cases in self.cases.items()
        }

    def request(self, name: str, cells: dict[str, str], passed: set[str]) -> tuple[bytes, set]:
        """The program for one exercise, and the helpers whose calls are answered officially.

        ``cells``: the student's solution cells by function; ``passed``: the functions whose
        every case passed. A helper that passed is the student's own cell; any other helper is a
        stub whose calls the grader answers."""
        program = []
        stubbed = []
        for helper in self.helpers[name]:
            if helper in passed and helper in cells:
                program.append({"cell": [f"<your {helper} cell>", strip_magics(cells[helper])]})
            else:
                stubbed.append(helper)
        if stubbed:
            program.append({"stubs": stubbed})
        program.append({"cell": [f"<your {name} cell>", strip_magics(cells[name])]})
        return wire.encode({"function": name, "program": program}), set(stubbed)

    def missing(self, name: str, message: str, status: str = "missing") -> ExerciseResult:
        points = self.exercises[name].points
        return ExerciseResult(name, 0.0, points, status, message, cases=len(self.cases[name]))

    def grade(
        self,
        sandbox: Sandbox,
        name: str,
        cells: dict[str, str],
        passed: set[str],
        note: str = "",
    ) -> ExerciseResult:
        request, stubbed = self.request(name, cells, passed)
        assignment = self.exercises[name].assignment
        run = sandbox.run(assignment, request, self.inputs[name], frozenset(stubbed))
        result = self.judge_run(name, run)
        result.helper_calls = run.calls
        if note:
            result.message = f"{note} {result.message}"
        return result

    def judge_run(self, name: str, run: Run) -> ExerciseResult:
        """Read the child's frames in order; any deviation from the protocol is an error."""
        cases = self.cases[name]
        points = self.exercises[name].points
        result = ExerciseResult(name, 0.0, points, "error", "", cases=len(cases))
        result.seconds = run.seconds
        if run.status == "lost":
            result.message = (
                f"The grader lost contact with the process running {name} ({run.problem}); "
                f"this exercise could not be graded."
            )
            return result
        if run.status == "broken":
            result.message = f"{name} sent back something the grader cannot read: {run.problem}."
            return result
        messages = list(run.messages)
        if not messages:
            result.status, result.message = self._stopped(name, run, "while your cell was loading")
            return result
        first = messages.pop(0)
        if "load_error" in first:
            line = first.get("line")
            where = f" (line {line})" if isinstance(line, int) else ""
            detail = stable(str(first["load_error"]))
            result.message = f"Your {name} cell could not run{where}: {detail}"[:4000]
            return result
        done = False
        memory = False
        for index, message in enumerate(messages):
            if message.get("done") is True and index == len(cases):
                done = True
                break
            number = message.get("case")
            if index >= len(cases) or type(number) is not int or number != index:
                result.message = f"{name} sent back messages the grader does not expect."
                return result
            verdict = self._judge_case(name, index, cases[index], message)
            memory = memory or verdict.out_of_memory
            if verdict.problems:
                case = cases[index]
                problems = [bounded(stable(p)) for p in verdict.problems]
                failure = Failure(case.name, case.describe_inputs(), problems, verdict.mistake)
                result.failures.append(failure)
        completed = min(len(messages), len(cases))
        if memory:
            result.message = (
                f"{name} ran out of memory (the limit is {self.limits.memory_mb} MB on top of "
                f"the grader's own)."
            )
            return result
        if not done:
            running = cases[completed].name if completed < len(cases) else None
            during = f'on case "{running}"' if running else "after the last case"
            result.status, result.message = self._stopped(name, run, during)
            return result
        if result.failures:
            first_failure = result.failures[0]
            result.status = "failed"
            unwritten = f"{name} is not implemented yet"
            if all(f.problems[0].startswith(unwritten) for f in result.failures):
                if len(result.failures) == len(cases):  # the stub as handed out: say only that
                    result.message = first_failure.problems[0]
                    return result
            result.message = (
                f"{name} failed {len(result.failures)} of {len(cases)} cases. "
                f'First: case "{first_failure.case}": {first_failure.problems[0]}'
            )
            return result
        result.status, result.score = "passed", points
        result.message = f"{name}: all {len(cases)} cases passed."
        return result

    def _after(self, name: str, index: int, case: Case, digests) -> tuple:
        """The arguments as the call left them, as far as the judge needs them: an argument
        the function changed in place is replaced by None, so it no longer equals its input."""
        pristine = self.pristine[name][index]
        if not isinstance(digests, list) or len(digests) != len(pristine):
            return tuple(None if d is not None else a for d, a in zip(pristine, case.args))
        return tuple(
            arg if before is None or before == after else None
            for arg, before, after in zip(case.args, pristine, digests)
        )

    def _judge_case(self, name: str, index: int, case: Case, message: dict) -> CaseVerdict:
        if "raised" in message:
            raised = str(message["raised"])[:4000]
            error_type, error_message = message.get("error_type"), message.get("error_message")
            if not isinstance(error_type, str) or not isinstance(error_message, str):
                error_type = error_message = None
            problems = public_tests.judge_error(name, case, raised, error_type, error_message)
            mistake = public_tests.matched_error(case, error_type, error_message)
            return CaseVerdict(problems, bool(message.get("memory")), mistake)
        if "result" not in message:
            return CaseVerdict([f"{name} sent back a message without a result."])
        result = message["result"]
        after = self._after(name, index, case, message.get("digests"))
        try:
            with np.errstate(all="ignore"):
                problems = public_tests.judge(name, case, result, after)
                outputs, _ = public_tests.as_outputs(name, result)
                matched = problems and outputs is not None
                mistake = public_tests.matched_mistake(case, outputs) if matched else None
        except Exception as error:  # an odd value the comparison helpers do not expect
            return CaseVerdict(
                [f"{name} returned a value the grader cannot compare ({error!r:.200})."]
            )
        return CaseVerdict(problems, mistake=mistake)

    def _stopped(self, name: str, run: Run, during: str) -> tuple[str, str]:
        """Status and message for a child that ended before saying it was done."""
        seconds = f"{self.limits.timeout:g}"
        if run.status == "timeout" or run.signal == signal.SIGXCPU:
            return "timeout", (
                f"{name} did not finish within {seconds} seconds: it was still running "
                f"{during}. Look for a loop that never ends (a `while` whose condition never "
                f"changes, or an index that never reaches its bound)."
            )
        if run.status == "overflow":
            return "error", (
                f"{name} sent back more than {self.limits.output_mb} MB {during}: return only "
                f"the values the exercise asks for."
            )
        if run.signal is not None:
            what = signal.Signals(run.signal).name if run.signal in signal.valid_signals() else ""
            how = f"was killed by signal {run.signal} {what}".strip()
        else:
            how = f"exited with code {run.exit_code}"
        return "error", (
            f"The process running {name} stopped {during}: it {how}. Something in your cell "
            f"ended the process (for example os._exit(), or a crash inside a library)."
        )
