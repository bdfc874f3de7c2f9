"""Our reference helpers, in a process of ours, answering a student's calls to them.

When a student's ``conv_forward`` calls ``zero_pad`` and the student's own ``zero_pad`` did not
pass its cases, the call is answered by the official ``zero_pad``, so that one mistake costs
points once. The official code must never be in the student's process, so the child only has a
stub that sends the arguments here and waits for the value.

Why a process of its own rather than the grading process: the arguments are the student's, so a
call may ask for 40 GB (``zero_pad(x, 10**5)``) or take minutes. Here that costs a killed helper
process and a restart, with memory capped by ``RLIMIT_AS``, never the grader. The process
holds the reference solutions and nothing else: no hidden case, no expected value.

    python -m autograder.trusted_helpers     (started by TrustedHelpers, talks on stdin/stdout)
"""

from __future__ import annotations

import contextlib
import io
import os
import select
import signal
import subprocess
import sys
import time
import warnings

from autograder import wire
from autograder.course import REPO_ROOT

SLACK = 1.0  # seconds past the child's deadline that a call may take before it is abandoned


class TrustedHelpers:
    """The grading side: one helper process per worker thread.

    ``start`` loads the reference solutions of ``assignments`` before any student's clock
    runs; a restart after a killed call loads them again."""

    STARTUP = 120.0  # seconds to import NumPy and load the reference solutions

    def __init__(self, memory_mb: int, assignments: list[str] = ()):
        self.memory_mb = memory_mb
        self.assignments = list(assignments)
        self.process: subprocess.Popen | None = None
        self.calls = 0
        self.seconds = 0.0

    def start(self) -> None:
        """Start the helper process and wait until it has loaded every reference solution."""
        self._start()
        self.process.stdin.write(wire.frame(wire.encode({"load": self.assignments})))
        self.process.stdin.flush()
        reply = self._read(time.monotonic() + self.STARTUP)
        if reply is None or wire.decode(reply) != {"ready": True}:
            self.close()
            raise RuntimeError("the trusted helper process did not start")

    def ensure_started(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.start()

    def _start(self) -> None:
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(REPO_ROOT),
            "MPLBACKEND": "Agg",
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "HELPER_MEMORY": str(self.memory_mb << 20),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-B", "-m", "autograder.trusted_helpers"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=environment,
            cwd=REPO_ROOT,
            start_new_session=True,
        )

    def call(
        self,
        assignment_id: str,
        name: str,
        args: list,
        kwargs: dict,
        deadline: float,
        limit: int = 1 << 30,
    ):
        """The encoded reply for the child: ``{"value": ...}`` or ``{"error": [type, text]}``.

        Never starts the helper process (that is done before a run, ``ensure_started``): a
        call that killed it leaves the rest of that run without helpers, not waiting for a
        restart. An answer longer than ``limit`` bytes is replaced by an error."""
        started = time.monotonic()
        self.calls += 1
        if self.process is None or self.process.poll() is not None:
            text = f"the official {name} is not available any more in this exercise"
            return wire.encode({"error": ["RuntimeError", text]})
        request = {
            "assignment": assignment_id,
            "function": name,
            "args": args,
            "kwargs": kwargs,
            "limit": limit,
        }
        try:
            self.process.stdin.write(wire.frame(wire.encode(request)))
            self.process.stdin.flush()
            reply = self._read(deadline + SLACK)
        except (OSError, wire.WireError):
            reply = None
        self.seconds += time.monotonic() - started
        if reply is None:
            self.close()  # stuck, or out of memory and gone: a fresh one next time
            text = f"the official {name} could not compute this call in time or in memory"
            return wire.encode({"error": ["RuntimeError", text]})
        return bytes(reply)

    def _read(self, deadline: float) -> bytearray | None:
        fd = self.process.stdout.fileno()
        reader = wire.FrameReader(1 << 30)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                return None
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return None
            frames = reader.feed(chunk)
            if frames:
                return frames[0]

    def close(self) -> None:
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except OSError:
                pass
            self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                with contextlib.suppress(OSError):
                    stream.close()
            self.process = None


def serve() -> None:
    """The helper process: answer calls on stdin until it closes."""
    import resource

    import numpy as np

    from autograder.reference import reference

    memory = int(os.environ.get("HELPER_MEMORY", 1 << 30))
    with open("/proc/self/statm") as statm:
        in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    requests, replies = sys.stdin.buffer.fileno(), sys.stdout.buffer.fileno()
    warnings.simplefilter("ignore")
    limit_set = False
    while True:
        raw = wire.read_frame(requests)
        if raw is None:
            return
        request = None
        try:
            request = wire.decode(raw)
            if "load" in request:
                for assignment_id in request["load"]:
                    reference(assignment_id)
                wire.write_all(replies, wire.frame(wire.encode({"ready": True})))
                continue
            function = getattr(reference(request["assignment"]), request["function"])
            if not limit_set:  # after the reference is loaded: the cap is for the call alone
                with open("/proc/self/statm") as statm:
                    in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
                resource.setrlimit(resource.RLIMIT_AS, (in_use + memory, in_use + memory))
                limit_set = True
            with contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"):
                value = function(*request["args"], **request["kwargs"])
            reply = {"value": value}
        except Exception as error:  # the student's arguments may make the official code fail
            reply = {"error": [type(error).__name__, str(error)[:500]]}
        try:
            encoded = wire.encode(reply)
        except Exception as error:
            encoded = wire.encode({"error": [type(error).__name__, str(error)[:500]]})
        limit = request.get("limit", 1 << 30) if isinstance(request, dict) else 1 << 30
        if len(encoded) > limit:
            text = f"the official answer is {len(encoded) >> 20} MB, more than an answer may be"
            encoded = wire.encode({"error": ["RuntimeError", text]})
        wire.write_all(replies, wire.frame(encoded))


if __name__ == "__main__":
    serve()
