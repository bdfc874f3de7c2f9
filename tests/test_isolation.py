"""Each way a student broke the grader (issue 7), as a student's notebook graded by the real
``python -m autograder grade`` command, as root and as an ordinary user the tests create.

The attackers are graded after an honest student by one worker, so they share its fork server,
and they look for what the honest student left. A thief must pass no case at all: scoring 0
under all-or-nothing would hide a thief that gets some cases, so the tests count cases.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder import course, selftest
from autograder.course import REPO_ROOT
from tests.grader_helpers import ASSIGNMENT_ID, NOTEBOOK_NAME, build, correct, write_submission
from tests.unprivileged import IS_ROOT, MODES, give, grader_for, remove_user, run_as, scratch_for

SECRET = "hunter2-in-the-command-line"
TOKEN = "s3cret-token-in-the-environment"
SHM_KEY = 0x7E57
NAMES = course.get(ASSIGNMENT_ID).exercise_names

# Module-level code in every exercise cell: the issue's first thief. It scans its own memory,
# inherited from the fork server, for result messages of earlier students (a JSON header
# '{"case": N, "result": ...' as the wire format writes it), and would answer with them. Its
# functions have no code of their own. The runtime-built copy checks the scan works.
MEMORY_THIEF = """
import ctypes as _ctypes
import numpy as _np

def _scan():
    pieces = [b'{"case"', b':0,"result"']
    size = sum(len(p) for p in pieces)
    planted = _ctypes.create_string_buffer(size)  # the needle, built without a bytes copy
    offset = 0
    for piece in pieces:
        _ctypes.memmove(_ctypes.addressof(planted) + offset, piece, len(piece))
        offset += len(piece)
    needle = _np.frombuffer(planted, dtype=_np.uint8, count=size)
    chunk = (_ctypes.c_uint8 * (1 << 20))()
    window = _np.frombuffer(chunk, dtype=_np.uint8)
    own = {_ctypes.addressof(planted)}
    skip = (_ctypes.addressof(chunk), _ctypes.addressof(chunk) + len(chunk))
    hits = []
    with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as memory:
        for line in maps.read().splitlines():
            span, perms = line.split()[:2]
            if "r" not in perms or "[vvar]" in line:
                continue
            start, end = (int(x, 16) for x in span.split("-"))
            for at in range(start, end, len(chunk)):
                try:
                    memory.seek(at)
                    count = memory.readinto(memoryview(chunk)[: min(len(chunk), end - at)])
                except (OSError, ValueError, OverflowError):
                    break
                view = window[: max(0, count - size)]
                candidates = _np.flatnonzero(view == needle[0])
                for k in range(1, size):
                    candidates = candidates[window[candidates + k] == needle[k]]
                hits += [at + int(c) for c in candidates]
    if not own & set(hits):
        return -1  # the scan is broken: it did not find its own needle
    return len([h for h in hits if h not in own and not skip[0] <= h < skip[1]])

_FOUND = _scan()
"""


def thief_cell(name: str) -> str:
    return (
        MEMORY_THIEF
        + f"""

def {name}(*args, **kwargs):
    raise RuntimeError(f"memory thief found {{_FOUND}} earlier results")
"""
    )


SHM_WRITER = f"""
import ctypes

def conv_forward(A_prev, W, b, hparameters):
    import inspect
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.shmat.restype = ctypes.c_void_p
    text = ("def zero_pad(X, pad):\\n    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), "
            "(0, 0)))\\n").encode()
    segment = libc.shmget({SHM_KEY}, 1 << 16, 0o1666)
    if segment < 0:
        raise RuntimeError("shmget refused to make a segment")
    address = libc.shmat(segment, None, 0)
    ctypes.memmove(address, text + b"\\0", len(text) + 1)
    raise RuntimeError("stored a helper in shared memory")
"""

SHM_READER = f"""
import ctypes

def _stolen():
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.shmat.restype = ctypes.c_void_p
    segment = libc.shmget({SHM_KEY}, 0, 0)
    if segment < 0:
        return None
    return ctypes.string_at(libc.shmat(segment, None, 0)).decode()

_code = _stolen()
_namespace = {{"np": np}}
if _code:
    exec(_code, _namespace)


def zero_pad(X, pad):
    if "zero_pad" not in _namespace:
        raise RuntimeError("no segment to steal from")
    return _namespace["zero_pad"](X, pad)
"""

PROCESS_READER = """
def zero_pad(X, pad):
    import os
    pids = [p for p in os.listdir("/proc") if p.isdigit()]
    seen = [f"saw {len(pids)} processes"]
    for pid in pids:
        for what in ("cmdline", "environ"):
            try:
                with open(f"/proc/{pid}/{what}", "rb") as handle:
                    seen.append(handle.read().decode("utf-8", "replace"))
            except OSError:
                pass
    seen.append(repr(dict(os.environ)))
    raise RuntimeError("what I saw: " + " | ".join(seen))
"""


WHERE_COPIES_HIDE = ["/home", "/root", "/srv", "/tmp", "/work", "/opt"]


def course_copy_thief(places: list[Path], elsewhere: list[str] = WHERE_COPIES_HIDE) -> str:
    return f"""
import json, os

def _find():
    found = {{}}
    roots = {[str(p) for p in places] + list(elsewhere)!r}
    for root in roots:
        for folder, _, files in os.walk(root):
            for name in files:
                if not name.endswith(".ipynb"):
                    continue
                try:
                    with open(os.path.join(folder, name)) as handle:
                        cells = json.load(handle)["cells"]
                except (OSError, ValueError, KeyError):
                    continue
                for cell in cells:
                    source = "".join(cell.get("source", ""))
                    if "BEGIN SOLUTION" in source:
                        found[cell.get("id")] = source
    return found

_SOLUTIONS = _find()
_namespace = {{"np": np}}
for _source in _SOLUTIONS.values():
    exec(_source, _namespace)


def zero_pad(X, pad):
    if "zero_pad" not in _namespace:
        ours = sorted(key for key in _SOLUTIONS if key in {list(NAMES)!r})
        raise RuntimeError(f"found the course's solution cells {{ours}}")
    return _namespace["zero_pad"](X, pad)
"""


LEAKER = """
def conv_forward(A_prev, W, b, hparameters):
    import gc, inspect, linecache

    def source(function):
        try:
            return inspect.getsource(function)
        except (OSError, TypeError) as error:
            return f"no source ({error})"

    leaked = [source(zero_pad), zero_pad.__code__.co_filename]
    leaked += [str(key) for key in linecache.cache]
    leaked += ["".join(lines) for _, _, lines, _ in linecache.cache.values()]
    leaked += [source(f) for f in gc.get_objects()
               if callable(f) and getattr(f, "__name__", "") in ("zero_pad", "conv_single_step")]
    raise RuntimeError("LEAKED " + " || ".join(leaked))
"""


def survivor(out: Path) -> str:
    return f"""
_LEFT = []


def zero_pad(X, pad):
    import os, signal, time
    if not _LEFT and os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(4)
            try:
                with open({str(out / "grades.csv")!r}, "w") as handle:
                    handle.write("student_id,assignment,score,max_score\\nsurvivor,x,100,100\\n")
            except OSError:
                pass
            os._exit(0)
        os._exit(0)
    _LEFT.append(True)
    for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
        try:
            os.kill(int(pid), signal.SIGKILL) if int(pid) != os.getpid() else None
        except OSError:
            pass
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
"""


def solution_lines() -> set[str]:
    """Lines that exist only inside solution blocks of the series: answers, not given code."""
    answers, handed_out = set(), set()
    for exercise in (e for a in course.series() for e in a.exercises):
        before, rest = exercise.solution_source.split("### BEGIN SOLUTION")
        body, after = rest.split("### END SOLUTION")
        answers |= {line.strip() for line in body.splitlines()}
        handed_out |= {line.strip() for line in (before + after).splitlines()}
    return {line for line in answers - handed_out if len(line) > 12}


def plant_course_copies(scratch: Path) -> list[Path]:
    places = [scratch / "course-backup"]
    if IS_ROOT and os.access("/srv", os.W_OK):
        places.append(Path("/srv") / f"course-copy-{os.getpid()}")
    for place in places:
        (place / "source").parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(REPO_ROOT / "source", place / "source", dirs_exist_ok=True)
        for item in [place, *place.rglob("*")]:
            os.chmod(item, 0o755 if item.is_dir() else 0o644)
    return places


# Found by attacking the grader (the red team): each broke it once.
# Student code finds the wire format in its own process (it is public code) and speaks it.
FORGED_CONFINEMENT = """
def zero_pad(X, pad):
    import os, sys
    wire = sys.modules["autograder.wire"]
    forged = {"confinement_error": "\\x1b]0;owned\\x07 rerun with --no-sandbox"}
    for fd in range(3, 64):
        try:
            os.write(fd, wire.frame(wire.encode(forged)))
        except OSError:
            pass
    os._exit(121)
"""

SURROGATE = """
def zero_pad(X, pad):
    raise ValueError("\\ud800 a lone surrogate")
"""

HELPER_FLOOD = """
def conv_forward(A_prev, W, b, hparameters):
    import os, sys, time
    wire = sys.modules["autograder.wire"]
    call = wire.frame(wire.encode({"call": "zero_pad", "args": [X_big], "kwargs": {}}))
    for fd in range(3, 64):
        try:
            for _ in range(200):  # calls queued without reading a single answer
                os.write(fd, call)
        except OSError:
            pass
    time.sleep(60)


X_big = np.zeros((1, 1, 1, 1))
"""

HUGE_ANSWER = """
def conv_forward(A_prev, W, b, hparameters):
    return zero_pad(np.zeros((1, 1, 1, 1)), 2500), None
"""

UNCOUNTED_MEMORY = """
def zero_pad(X, pad):
    import ctypes, os
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    shm = libc.shmget(0, 1 << 28, 0o1600)
    try:
        memfd = os.memfd_create("x")
    except OSError as error:
        memfd = f"refused ({error.errno})"
    raise RuntimeError(f"shmget {shm}, memfd {memfd}")
"""

# A helper call whose name is a list: the grader's own code raised on it, the child was left
# running, and the next student's first exercise was lost.
MALFORMED_CALL = """
def conv_forward(A_prev, W, b, hparameters):
    import os, sys, time
    wire = sys.modules["autograder.wire"]
    call = wire.frame(wire.encode({"call": ["zero_pad"], "args": [], "kwargs": {}}))
    for fd in range(3, 64):
        try:
            os.write(fd, call)
        except OSError:
            pass
    time.sleep(60)
"""

# A return value of 1 MB of '&' quoted whole: gigabytes of feedback once escaped, for a class.
BLOATED_RESULT = """
def pool_forward(A_prev, hparameters, mode="max"):
    return ["&" * (1 << 20)]
"""


def write_class(root: Path, out: Path, places: list[Path]) -> None:
    write_submission(root, "a_honest", build(correct()))
    write_submission(root, "b_memory_thief", build({n: thief_cell(n) for n in NAMES}))
    write_submission(root, "c_shm_writer", build({"conv_forward": SHM_WRITER}))
    write_submission(root, "d_shm_reader", build({"zero_pad": SHM_READER}))
    write_submission(root, "e_process_reader", build({"zero_pad": PROCESS_READER}))
    write_submission(root, "f_course_copy_thief", build({"zero_pad": course_copy_thief(places)}))
    buggy = {"zero_pad": "def zero_pad(X, pad):\n    return X\n", "conv_forward": LEAKER}
    write_submission(root, "g_helper_leaker", build(buggy))
    write_submission(root, "h_survivor", build({**correct(), "zero_pad": survivor(out)}))
    write_submission(root, "i_forged_confinement", build({"zero_pad": FORGED_CONFINEMENT}))
    write_submission(root, "j_lone_surrogate", build({"zero_pad": SURROGATE}))
    wrong_zero_pad = "def zero_pad(X, pad):\n    return X\n"
    write_submission(
        root, "k_helper_flood", build({"zero_pad": wrong_zero_pad, "conv_forward": HELPER_FLOOD})
    )
    write_submission(
        root, "l_huge_answer", build({"zero_pad": wrong_zero_pad, "conv_forward": HUGE_ANSWER})
    )
    write_submission(root, "m_uncounted_memory", build({"zero_pad": UNCOUNTED_MEMORY}))
    write_submission(
        root,
        "o_malformed_call",
        build({"zero_pad": wrong_zero_pad, "conv_forward": MALFORMED_CALL}),
    )
    write_submission(root, "p_honest_after_a_malformed_call", build(correct()))
    write_submission(root, "q_bloated_result", build({"pool_forward": BLOATED_RESULT}))
    big_number = root / "r_big_number" / ASSIGNMENT_ID / NOTEBOOK_NAME
    big_number.parent.mkdir(parents=True)
    big_number.write_text('{"cells": [], "nbformat": ' + "9" * 5000 + "}", encoding="utf-8")
    # A folder name that is not UTF-8, as an old zip archive leaves it.
    write_submission(root, os.fsdecode(b"n_name_\xff_not_utf8"), build(correct()))
    # Untrusted entries: links, a FIFO, a device.
    source = REPO_ROOT / "source" / ASSIGNMENT_ID / NOTEBOOK_NAME
    (root / "link_to_source" / ASSIGNMENT_ID).mkdir(parents=True)
    (root / "link_to_source" / ASSIGNMENT_ID / NOTEBOOK_NAME).symlink_to(source)
    (root / "link_to_kmsg" / ASSIGNMENT_ID).mkdir(parents=True)
    (root / "link_to_kmsg" / ASSIGNMENT_ID / NOTEBOOK_NAME).symlink_to("/proc/kmsg")
    (root / "link_to_a_student").symlink_to(root / "a_honest")
    (root / "linked_assignment_folder").mkdir()
    (root / "linked_assignment_folder" / ASSIGNMENT_ID).symlink_to(
        root / "a_honest" / ASSIGNMENT_ID
    )
    (root / "fifo_notebook" / ASSIGNMENT_ID).mkdir(parents=True)
    os.mkfifo(root / "fifo_notebook" / ASSIGNMENT_ID / NOTEBOOK_NAME)
    if IS_ROOT:
        (root / "device_notebook" / ASSIGNMENT_ID).mkdir(parents=True)
        device = root / "device_notebook" / ASSIGNMENT_ID / NOTEBOOK_NAME
        os.mknod(device, stat.S_IFCHR | 0o644, os.makedev(1, 3))  # /dev/null's numbers
    for item in [root, *root.rglob("*")]:
        if not item.is_symlink() and item.is_dir():
            os.chmod(item, 0o755)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shared_memory_keys() -> set[int]:
    with open("/proc/sysvipc/shm", encoding="utf-8") as table:
        next(table)
        return {int(line.split()[0]) for line in table if line.strip()}


@pytest.fixture(scope="module")
def created_users():
    created: dict = {}
    yield created
    for grader in created.values():
        remove_user(grader)


@pytest.fixture(scope="module", params=MODES)
def attacked(request, created_users):
    """The attack class graded once per mode: rows, feedback text, and what was left."""
    grader = grader_for(request.param, created_users)
    scratch = scratch_for(grader)
    submissions = scratch / f"submitted-{SECRET}"
    out = scratch / "out"
    places = plant_course_copies(scratch)
    write_class(submissions, out, places)
    give(scratch, grader)
    command = [sys.executable, "-m", "autograder", "grade", str(submissions), "--out", str(out)]
    command += ["--workers", "1", "--timeout", "20", "--assignment", ASSIGNMENT_ID]
    started = time.monotonic()
    done = run_as(grader, command, scratch, env={"GRADING_TOKEN": TOKEN})
    seconds = time.monotonic() - started
    assert done.returncode in (0, 1), done.stdout + done.stderr
    grades_digest = digest(out / "grades.csv")
    time.sleep(5)  # what a surviving process would take to rewrite grades.csv
    with open(out / "exercises.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    feedback = "\n".join(p.read_text(encoding="utf-8") for p in (out / "feedback").rglob("*.html"))
    yield {
        "mode": request.param,
        "rows": rows,
        "text": (out / "exercises.csv").read_text(encoding="utf-8") + feedback,
        "stdout": done.stdout,
        "stderr": done.stderr,
        "grades_digest_before": grades_digest,
        "grades_digest_after": digest(out / "grades.csv"),
        "seconds": seconds,
        "out": out,
    }
    for place in [*places, scratch]:
        shutil.rmtree(place, ignore_errors=True)


def rows_of(attacked, student: str) -> dict[str, dict]:
    return {r["exercise"]: r for r in attacked["rows"] if r["student_id"] == student}


def cases_passed(row: dict) -> int:
    """Cases of an exercise that passed, read from its message."""
    message = row["message"]
    if row["status"] == "passed":
        return int(message.split("all ")[1].split(" cases")[0])
    if row["status"] == "failed":
        failed, total = message.split(" failed ")[1].split(" cases")[0].split(" of ")
        return int(total) - int(failed)
    return 0


def test_the_honest_student_is_unaffected(attacked):
    rows = rows_of(attacked, "a_honest")
    assert {r["status"] for r in rows.values()} == {"passed"}, attacked["mode"]


def test_1_no_memory_of_earlier_students(attacked):
    rows = rows_of(attacked, "b_memory_thief")
    assert [cases_passed(r) for r in rows.values()] == [0] * len(NAMES)
    for row in rows.values():
        assert "memory thief found 0 earlier results" in row["message"], row["message"][:300]


def test_2_no_shared_kernel_objects(attacked):
    rows = rows_of(attacked, "d_shm_reader")
    assert cases_passed(rows["zero_pad"]) == 0
    assert "no segment to steal from" in rows["zero_pad"]["message"]
    # The seccomp filter refuses System V segments; were it to allow them, the IPC namespace of
    # each exercise would still keep this one from the next student.
    assert (
        "shmget refused to make a segment"
        in (rows_of(attacked, "c_shm_writer")["conv_forward"]["message"])
    )
    assert SHM_KEY not in shared_memory_keys(), "a student's segment outlived the grader"


def test_3_no_process_list_no_secrets(attacked):
    message = rows_of(attacked, "e_process_reader")["zero_pad"]["message"]
    assert "what I saw: saw 1 processes" in message
    assert SECRET not in attacked["text"] and TOKEN not in attacked["text"]


def test_4_no_other_copy_of_the_course(attacked):
    rows = rows_of(attacked, "f_course_copy_thief")
    assert cases_passed(rows["zero_pad"]) == 0
    assert "found the course's solution cells []" in rows["zero_pad"]["message"]


@pytest.mark.parametrize(
    "student, words",
    [
        ("link_to_source", f"'{NOTEBOOK_NAME}' in your submission is a symbolic link"),
        ("link_to_kmsg", f"'{NOTEBOOK_NAME}' in your submission is a symbolic link"),
        ("link_to_a_student", "Your submission folder is a symbolic link"),
        ("linked_assignment_folder", f"'{ASSIGNMENT_ID}' in your submission is a symbolic link"),
        ("fifo_notebook", f"'{NOTEBOOK_NAME}' in your submission is a FIFO (named pipe)"),
        ("device_notebook", f"'{NOTEBOOK_NAME}' in your submission is a character device"),
    ],
)
def test_5_submissions_are_read_as_untrusted(attacked, student, words):
    if student == "device_notebook" and not IS_ROOT:
        pytest.skip("creating a device node needs root")
    rows = rows_of(attacked, student)
    assert len(rows) == len(NAMES), f"{student} has a row per exercise"
    assert {r["status"] for r in rows.values()} == {"error"}
    assert {r["score"] for r in rows.values()} == {"0"}
    assert words in rows["zero_pad"]["message"]


def test_6_reference_helpers_stay_out_of_the_students_process(attacked):
    message = rows_of(attacked, "g_helper_leaker")["conv_forward"]["message"]
    assert "LEAKED" in message and "<autograder/zygote.py>" in message
    leaked = [line for line in solution_lines() if line in attacked["text"]]
    assert leaked == []


def test_7_nothing_survives_the_grader_and_nothing_kills_it(attacked):
    rows = rows_of(attacked, "h_survivor")
    assert rows["zero_pad"]["status"] == "passed", "it killed nothing that matters"
    assert attacked["grades_digest_after"] == attacked["grades_digest_before"]
    assert "survivor,x,100" not in (attacked["out"] / "grades.csv").read_text()
    assert attacked["stdout"].startswith("graded ")


def test_8_a_child_cannot_fake_a_confinement_failure_and_stop_the_batch(attacked):
    """Exit code 121 and a forged report used to abort the whole batch with the student's
    text (and escape codes) on the instructor's terminal."""
    rows = rows_of(attacked, "i_forged_confinement")
    assert rows["zero_pad"]["status"] == "error"
    assert "zero_pad sent back messages the grader does not expect" in rows["zero_pad"]["message"]
    assert rows_of(attacked, "a_honest")["zero_pad"]["status"] == "passed"
    assert "\x1b" not in attacked["stderr"] and "rerun with --no-sandbox" not in attacked["stderr"]


def test_9_a_lone_surrogate_or_an_undecodable_name_loses_nobody_their_grade(attacked):
    rows = rows_of(attacked, "j_lone_surrogate")
    assert rows["zero_pad"]["status"] == "failed"
    assert "\\ud800 a lone surrogate" in rows["zero_pad"]["message"]
    grades = (attacked["out"] / "grades.csv").read_text(encoding="utf-8")
    assert "n_name_\\xff_not_utf8,conv_step_by_step,100,100" in grades
    assert (attacked["out"] / "gradebook.db").is_file()


def test_10_a_flood_of_helper_calls_is_stopped_at_once(attacked):
    row = rows_of(attacked, "k_helper_flood")["conv_forward"]
    assert row["status"] == "error"
    assert "asked a helper again before reading its answer" in row["message"]
    assert attacked["seconds"] < 200, "the batch must not wait for queued calls"


def test_11_an_official_answer_larger_than_a_result_may_be_is_refused(attacked):
    row = rows_of(attacked, "l_huge_answer")["conv_forward"]
    assert cases_passed(row) == 0
    assert "more than an answer may be" in row["message"]


def test_12_memory_that_no_process_limit_counts_is_refused(attacked):
    message = rows_of(attacked, "m_uncounted_memory")["zero_pad"]["message"]
    assert "shmget -1, memfd refused (1)" in message


def test_13_a_malformed_helper_call_costs_the_next_student_nothing(attacked):
    assert rows_of(attacked, "o_malformed_call")["conv_forward"]["score"] == "0"
    rows = rows_of(attacked, "p_honest_after_a_malformed_call")
    assert {name: row["status"] for name, row in rows.items()} == dict.fromkeys(NAMES, "passed")
    assert "Traceback" not in attacked["stderr"]


def test_14_a_huge_return_value_is_quoted_in_a_few_hundred_characters(attacked):
    row = rows_of(attacked, "q_bloated_result")["pool_forward"]
    assert row["status"] == "failed" and "characters in all" in row["message"]
    assert len(row["message"]) < 2000
    page = attacked["out"] / "feedback" / "q_bloated_result" / ASSIGNMENT_ID
    assert sum(p.stat().st_size for p in page.rglob("*.html")) < 200_000


def test_15_a_number_json_cannot_hold_is_reported_as_not_valid_json(attacked):
    rows = rows_of(attacked, "r_big_number")
    assert {row["status"] for row in rows.values()} == {"error"}
    assert "is not valid JSON" in rows["zero_pad"]["message"]
    assert "grader failed" not in rows["zero_pad"]["message"]


def test_the_summary_says_student_code_was_isolated(attacked):
    assert "student code isolated (bubblewrap allow-list file system" in attacked["stdout"]
    who = "a user id of its own" if attacked["mode"] == "root" else "no privileges"
    assert who in attacked["stdout"]


@pytest.mark.parametrize("mode", MODES)
def test_selftest_every_probe_holds(mode, created_users):
    grader = grader_for(mode, created_users)
    scratch = scratch_for(grader)
    done = run_as(grader, [sys.executable, "-m", "autograder", "selftest"], scratch)
    shutil.rmtree(scratch, ignore_errors=True)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == "every probe held"
    table = lines[1 : 1 + len(selftest.PROBES)]
    assert all(line.rstrip().endswith("held") for line in table), table
    assert selftest.leftover_processes() == []


def test_selftest_probes_escape_without_isolation(created_users):
    """The probes have teeth: with --no-sandbox the same cells read the course, the secret and
    the network, and find what an earlier student left."""
    grader = grader_for("root" if IS_ROOT else "user", created_users)
    scratch = scratch_for(grader)
    command = [sys.executable, "-m", "autograder", "selftest", "--control"]
    done = run_as(grader, command, scratch)
    shutil.rmtree(scratch, ignore_errors=True)
    assert done.returncode == 0, done.stdout + done.stderr
    for probe in selftest.PROBES:
        line = next(line for line in done.stdout.splitlines() if line.startswith(probe.attempt))
        assert ("escaped" in line) == probe.escapes_unisolated, line


@pytest.mark.skipif(not IS_ROOT or not shutil.which("unshare"), reason="needs root and unshare")
def test_a_python_installed_under_tmp_still_runs_in_each_childs_private_tmp(tmp_path):
    """A course checked out under /tmp has its virtual environment there, under the folder each
    child gets fresh: the environment is carried over into it, read-only, and every probe still
    holds. The environment is bound under tmp_path in a mount namespace of the test's own."""
    venv = tmp_path / "venv"
    venv.mkdir()
    script = (
        f"mount --make-rprivate / && mount --bind {sys.prefix} {venv} && "
        f"exec {venv}/bin/python -m autograder selftest"
    )
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "every probe held"


def test_a_notebook_read_is_bounded_in_size(tmp_path):
    from autograder import untrusted_files

    (tmp_path / "big").write_bytes(b"x" * 1000)
    fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        with pytest.raises(OverflowError):
            untrusted_files.read_regular("big", fd, 999)
        assert untrusted_files.read_regular("big", fd, 1000) == b"x" * 1000
    finally:
        os.close(fd)


def test_4_the_course_copy_thief_finds_a_copy_when_nothing_isolates_it(tmp_path):
    """The thief is not toothless: run in this process, it finds the planted copy."""
    import numpy as np

    places = plant_course_copies(tmp_path)
    namespace = {"np": np}
    # Only where it was planted: unisolated, a walk of /tmp would open other tests' planted
    # links to /proc/kmsg and block for ever, the very attack the grader's reader refuses.
    exec(course_copy_thief(places, elsewhere=[]), namespace)  # noqa: S102 - our own attacker
    reference_input = np.ones((1, 2, 2, 1))
    assert namespace["zero_pad"](reference_input, 1).shape == (1, 4, 4, 1)
    for place in places:
        if str(place).startswith("/srv"):
            shutil.rmtree(place, ignore_errors=True)
