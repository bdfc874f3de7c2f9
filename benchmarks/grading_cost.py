"""What grading one submission costs in CPU, against what it cannot cost less than.

    python -m benchmarks.grading [--small 10] [--large 40] [--workers 2]

For each notebook of the series it grades two classes of honest students (copies of the complete
example) with the real command, and takes the slope of the user+sys CPU of the whole process tree
(grader, bubblewrap, fork server, children, trusted helpers) between the two class sizes: the
cost of one more submission, start-up not counted. The limit is measured the same way, in the
same run: a warm process like the fork server (NumPy, Matplotlib and the setup cells imported)
that, per submission, runs the reference solutions on every public and hidden case and forks one
bare child per exercise. The ratio says how close the grader is to that limit.

The rest of the table says what costs what: the same classes with ``--no-sandbox`` (so the
difference is the isolation: bubblewrap, namespaces, private mounts), a class whose helpers are
wrong so that every helper call goes through the trusted-helper process, and, measured in this
process, the wire format (encoding the inputs, decoding them, encoding and decoding the results)
and the comparisons (judging every case). CPU times, not wall-clock: the machine is shared.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder import course, wire
from autograder.course import REPO_ROOT
from autograder.hidden import all_cases
from autograder.reference import reference
from coursekit.examples import answers, fill


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_of(command: list[str], **options) -> float:
    """User+sys seconds of a command and every process it started (all of them are reaped by
    their parents, so their time adds up into the command's)."""
    before = _children_cpu()
    done = subprocess.run(command, capture_output=True, text=True, **options)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{command[:4]} failed:\n{done.stdout}{done.stderr}")
    return _children_cpu() - before


def write_class(root: Path, assignment: course.Assignment, count: int, student: str) -> Path:
    """``count`` copies of an example student's notebook for one assignment."""
    release = REPO_ROOT / "release" / assignment.id / assignment.notebook_name
    notebook = fill(nbformat.read(release, as_version=4), student, assignment.id)
    return _write(root, assignment, [notebook] * count)


def write_broken_helpers_class(root: Path, assignment: course.Assignment, count: int) -> Path:
    """Students whose every helper is wrong (it returns None) and whose other functions are
    right: each call a function makes to a helper is answered by the trusted process."""
    from autograder.scoring import helpers_of

    helpers = {h for name in assignment.exercise_names for h in helpers_of(name)}
    written = answers("complete", assignment.id)
    for helper in helpers:
        arguments = written[helper].split("def ", 1)[1].split(":", 1)[0]
        written[helper] = f"def {arguments}:\n    return None\n"
    release = REPO_ROOT / "release" / assignment.id / assignment.notebook_name
    notebook = nbformat.read(release, as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in written:
            cell.source = written[grade_id]
    return _write(root, assignment, [notebook] * count)


def _write(root: Path, assignment: course.Assignment, notebooks: list) -> Path:
    if root.exists():
        shutil.rmtree(root)
    for index, notebook in enumerate(notebooks):
        folder = root / f"s{index:04d}" / assignment.id
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / assignment.notebook_name)
    return root


def grading_slope(
    scratch: Path, assignment, sizes: tuple[int, int], workers: int, kind: str, *options: str
) -> float:
    """CPU seconds per submission of ``python -m autograder grade``: the slope between the two
    class sizes."""
    cpu = []
    for size in sizes:
        if kind == "broken helpers":
            submissions = write_broken_helpers_class(scratch / "class", assignment, size)
        else:
            submissions = write_class(scratch / "class", assignment, size, "complete")
        out = scratch / "out"
        shutil.rmtree(out, ignore_errors=True)
        command = [sys.executable, "-m", "autograder", "grade", str(submissions), "--out", str(out)]
        command += ["--workers", str(workers), "--assignment", assignment.id, *options]
        cpu.append(cpu_of(command, cwd=REPO_ROOT))
    return (cpu[1] - cpu[0]) / (sizes[1] - sizes[0])


FORK_PROGRAM = """
import os, sys
sys.path.insert(0, sys.argv[3])         # public_tests, as the fork server has it; nothing else
setup, count, exercises = open(sys.argv[1]).read(), int(sys.argv[2]), int(sys.argv[4])
exec(setup, {"__name__": "warm"})       # NumPy, Matplotlib, public_tests: the server's state
for _ in range(count * exercises):
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
"""

COMPUTE_PROGRAM = """
import sys
from autograder import course
from autograder.hidden import all_cases
from autograder.reference import reference
assignment, count = course.get(sys.argv[1]), int(sys.argv[2])
ref = reference(assignment.id)
work = [(getattr(ref, name), [(c.args, c.kwargs) for c in all_cases(name)])
        for name in assignment.exercise_names]
for _ in range(count):
    for function, cases in work:
        for args, kwargs in cases:
            function(*args, **kwargs)
"""


def _slope(command, sizes: tuple[int, int], environment: dict) -> float:
    """``command(size)`` is the command line for a class of ``size`` submissions."""
    cpu = [cpu_of(command(size), env=environment) for size in sizes]
    return (cpu[1] - cpu[0]) / (sizes[1] - sizes[0])


def limit_parts(assignment, sizes: tuple[int, int]) -> tuple[float, float]:
    """Per submission: the reference computing every case, and one bare fork per exercise of a
    warm process like the fork server (the same interpreter, imports and setup cells, no more:
    a fork costs in proportion to the memory it copies). Both measured as slopes."""
    from autograder.cells import strip_magics

    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "MPLBACKEND": "Agg"}
    environment |= {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}

    def compute_command(size: int) -> list[str]:
        return [sys.executable, "-c", COMPUTE_PROGRAM, assignment.id, str(size)]

    compute = _slope(compute_command, sizes, environment)
    with tempfile.NamedTemporaryFile("w", suffix=".py") as setup:
        setup.write(strip_magics(assignment.setup_code))
        setup.flush()
        exercises = str(len(assignment.exercises))

        def fork_command(size: int) -> list[str]:
            arguments = [setup.name, str(size), str(REPO_ROOT), exercises]
            return [sys.executable, "-I", "-c", FORK_PROGRAM, *arguments]

        forks = _slope(fork_command, sizes, environment)
    return compute, forks


def in_process_costs(assignment, repeats: int = 3) -> dict[str, float]:
    """Per submission, CPU seconds of the wire format and of judging, measured here."""
    import numpy as np

    import public_tests

    ref = reference(assignment.id)
    prepared = []
    for name in assignment.exercise_names:
        cases = all_cases(name)
        outputs = [getattr(ref, name)(*copy.deepcopy(c.args), **c.kwargs) for c in cases]
        prepared.append((name, cases, outputs))

    def wire_round() -> None:
        for _, cases, outputs in prepared:
            inputs = wire.encode([(c.args, c.kwargs) for c in cases])  # once per exercise
            wire.decode(inputs)  # in the child
            for output in outputs:
                wire.decode(wire.encode({"case": 0, "result": output, "digests": []}))

    def judge_round() -> None:
        with np.errstate(all="ignore"):
            for name, cases, outputs in prepared:
                for case, output in zip(cases, outputs):
                    public_tests.judge(name, case, output, case.args)

    costs = {}
    for label, work in (("wire format", wire_round), ("comparisons", judge_round)):
        samples = []
        for _ in range(repeats):
            started = time.process_time()
            work()
            samples.append(time.process_time() - started)
        costs[label] = sorted(samples)[len(samples) // 2]
    return costs


def measure(assignment, sizes, workers) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="grading-cost-") as folder:
        scratch = Path(folder)
        compute, forks = limit_parts(assignment, sizes)
        results = {
            "grading (isolated)": grading_slope(scratch, assignment, sizes, workers, "honest"),
            "limit": compute + forks,
            "reference computing": compute,
            "bare forks alone": forks,
            "grading (--no-sandbox)": grading_slope(
                scratch, assignment, sizes, workers, "honest", "--no-sandbox"
            ),
            "grading, every helper proxied": grading_slope(
                scratch, assignment, sizes, workers, "broken helpers"
            ),
        }
    results |= in_process_costs(assignment)
    return results


def report(assignment_id: str, results: dict[str, float]) -> str:
    grading, limit = results["grading (isolated)"], results["limit"]
    rows = [
        ("grading, honest submissions (isolated)", grading),
        ("limit: reference on every case + a bare fork per exercise", limit),
        ("  the reference computing every case", results["reference computing"]),
        ("  a bare fork of a warm process per exercise", results["bare forks alone"]),
        (
            "grading with --no-sandbox (no bubblewrap, no namespaces)",
            results["grading (--no-sandbox)"],
        ),
        ("grading with every helper call proxied", results["grading, every helper proxied"]),
        ("wire format (inputs and results, both ends)", results["wire format"]),
        ("comparisons (judging every case)", results["comparisons"]),
    ]
    lines = [f"{assignment_id}: CPU seconds per submission (slope between two class sizes)"]
    lines += [f"  {label:62} {seconds:8.4f}" for label, seconds in rows]
    lines.append(f"  {'ratio grading / limit':62} {grading / limit:8.2f}x")
    isolation = grading - results["grading (--no-sandbox)"]
    proxy = results["grading, every helper proxied"] - grading
    lines.append(f"  {'isolation (isolated - no-sandbox)':62} {isolation:8.4f}")
    lines.append(f"  {'helper proxy (every helper proxied - honest)':62} {proxy:8.4f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.grading", description=__doc__)
    parser.add_argument("--small", type=int, default=10, help="the smaller class")
    parser.add_argument("--large", type=int, default=40, help="the larger class")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--assignment", choices=course.assignment_ids(), action="append")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    sizes = (args.small, args.large)
    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; classes of {sizes} students")
    figures = {}
    for assignment_id in args.assignment or course.assignment_ids():
        results = measure(course.get(assignment_id), sizes, args.workers)
        figures[assignment_id] = results
        print(report(assignment_id, results), flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0
