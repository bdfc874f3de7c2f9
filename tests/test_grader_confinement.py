"""As root, student code runs confined: it cannot see the course, the submissions or the outputs,
reach the network, signal the grader, or leave a process behind. CI runs as root."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

from autograder.course import REPO_ROOT
from autograder.sandbox import CHILD_UID_BASE
from tests.grader_helpers import CONFINED, build, read_rows, write_submission
from tests.test_grader_batch import grade

pytestmark = pytest.mark.skipif(not CONFINED, reason="confinement needs root")

ESCAPE_ARTIST = """def zero_pad(X, pad):
    import os
    import socket
    import time

    escaped = []

    def attempt(what, action):
        try:
            action()
            escaped.append(what)
        except OSError:
            pass

    attempt("read the hidden tests", lambda: open({hidden!r}).read(1))
    attempt("list the submissions", lambda: os.listdir({submissions!r})[0])
    attempt("write into the outputs", lambda: open({out!r} + "/planted.txt", "w"))
    attempt("leave a file in /tmp", lambda: open(f"/tmp/left-by-{{os.getpid()}}", "w"))
    attempt("leave a file in /dev/shm", lambda: open(f"/dev/shm/left-by-{{os.getpid()}}", "w"))
    attempt("reach the network", lambda: socket.create_connection(("127.0.0.1", {port}), 1))
    with open(f"/proc/{{os.getppid()}}/stat") as stat:
        grader = int(stat.read().rsplit(") ", 1)[1].split()[1])
    attempt("signal the grader", lambda: os.kill(grader, 0))
    attempt("signal its server", lambda: os.kill(os.getppid(), 0))
    if escaped:
        raise RuntimeError("escaped: " + ", ".join(escaped))
    if not os.path.exists("forked") and os.fork() == 0:  # left behind, in a session of its own
        os.setsid()
        time.sleep(600)
        os._exit(0)
    open("forked", "w").close()  # its own folder, and its temporary files, are writable
    import tempfile

    with tempfile.TemporaryFile() as scratch:
        scratch.write(b"fine")
    import decimal
    import sqlite3
    import statistics  # modules the server never imported: Python's folders are readable

    assert statistics.mean([1, 2]) == 1.5 and decimal.Decimal(1) and sqlite3.sqlite_version
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
"""


def processes_of_child_users() -> list[str]:
    listing = subprocess.run(["ps", "-eo", "uid=,pid=,args="], capture_output=True, text=True)
    return [line for line in listing.stdout.splitlines() if int(line.split()[0]) >= CHILD_UID_BASE]


def test_student_code_cannot_reach_the_course_outputs_network_or_grader(tmp_path):
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    submissions, out = tmp_path / "submitted", tmp_path / "out"
    source = ESCAPE_ARTIST.format(
        hidden=str(REPO_ROOT / "assignments" / "conv_step_by_step" / "hidden_tests.py"),
        submissions=str(submissions),
        out=str(out),
        port=listener.getsockname()[1],
    )
    write_submission(submissions, "escape_artist", build({"zero_pad": source}))
    code, stdout = grade(submissions, out, "--timeout", "3")
    assert code == 0
    assert "student code confined (a user of its own per exercise, no network" in stdout
    row = read_rows(out, "exercises.csv")[0]
    assert (row["exercise"], row["status"]) == ("zero_pad", "passed"), row["message"]
    assert not (out / "planted.txt").exists()
    assert not [p for p in Path("/tmp").glob("left-by-*")]
    with pytest.raises(BlockingIOError):
        listener.accept()
    listener.close()
    assert processes_of_child_users() == []


def test_the_same_probe_escapes_when_run_unconfined(tmp_path):
    """The probe is not toothless: in the grading process itself, it finds what it looks for."""
    source = ESCAPE_ARTIST.format(
        hidden=str(REPO_ROOT / "assignments" / "conv_step_by_step" / "hidden_tests.py"),
        submissions=str(tmp_path),
        out=str(tmp_path),
        port=1,
    )
    (tmp_path / "something").touch()
    namespace: dict = {"np": __import__("numpy")}
    exec(source, namespace)  # noqa: S102 - our own probe
    with pytest.raises(RuntimeError, match="escaped: read the hidden tests, list the submissions"):
        namespace["zero_pad"](None, 0)
    assert os.path.exists(tmp_path / "planted.txt")
    for folder in ("/tmp", "/dev/shm"):
        Path(folder, f"left-by-{os.getpid()}").unlink(missing_ok=True)
