"""The grading side of the process sandbox: start the fork server, run one exercise, collect.

``Sandbox`` starts the fork server (``zygote.py``) inside the allow-list sandbox that
``isolation.py`` describes, and runs each exercise as a fresh child of it. The program and the
inputs go straight to the child over a socket of its own, and the child's results come straight
back, so the fork server never holds anything of a submission. While the child runs, calls it
makes to a helper the student got wrong (``zero_pad`` from inside ``conv_forward``) arrive on
the same socket and are answered by ``trusted_helpers``, in a process of ours.

Everything that comes back is decoded with ``wire`` (no pickle) and bounded: in time (the
exercise's timeout, then the child is killed with everything it started), in size (the output
cap), and in shape (a message that breaks the protocol ends the run).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder import isolation, wire
from autograder.trusted_helpers import TrustedHelpers

PACKAGE = Path(__file__).resolve().parent
INSIDE = ("wire", "isolation", "zygote")  # our modules the sandbox needs, sent as source
COURSE_PACKAGES = ("autograder", "assignments", "coursekit", "notebooks")

# Read by ``python -I`` inside the sandbox: the init message on stdin names the control socket.
BOOTSTRAP = """
import json, sys, types
init = json.loads(sys.stdin.buffer.read())
package = types.ModuleType("autograder")
package.__path__ = []
sys.modules["autograder"] = package
for name in init["inside"]:
    module = types.ModuleType("autograder." + name)
    module.__file__ = "<autograder/" + name + ".py>"
    sys.modules[module.__name__] = module
    setattr(package, name, module)
for name, source in init["modules"].items():
    module = sys.modules.get(name) or types.ModuleType(name)
    module.__file__ = module.__dict__.get("__file__") or name + ".py"
    sys.modules[name] = module
    exec(compile(source, module.__file__, "exec"), module.__dict__)
sys.stdin.close()
sys.modules["autograder.zygote"].serve(init["control"], init)
"""


@dataclass(frozen=True)
class Limits:
    timeout: float = 5.0  # seconds per exercise, all its cases together
    memory_mb: int = 1024  # memory a child may allocate on top of what the fork server holds
    output_mb: int = 32  # bytes a child may send back (a speed case's output is ~15 MB)
    disk_mb: int = 64  # its private /tmp (and /dev/shm), and the largest file it may write
    processes: int = 8  # RLIMIT_AS is per process: each one more may use the memory again


@dataclass
class Run:
    """How one child ended and the messages it sent, decoded."""

    status: str  # finished, timeout, overflow, broken (spoke out of protocol), lost
    exit_code: int | None = None
    signal: int | None = None
    seconds: float = 0.0
    messages: list = field(default_factory=list)
    calls: int = 0  # calls answered by a trusted helper
    helper_seconds: float = 0.0  # the time they took: not counted against the student
    problem: str = ""  # for broken and lost: what went wrong


class SandboxError(RuntimeError):
    """The sandbox itself could not start or keep going: a problem of the grader, not of a
    submission; the batch stops and says why."""


_uids = itertools.count(random.randrange(1 << 20) << 8)
_uid_lock = threading.Lock()


def _next_uid() -> int:
    """A user id no live child has, for the child of a grader running as root."""
    with _uid_lock:
        return isolation.CHILD_UID_BASE + next(_uids) % 140_000_000


def printable(text: str) -> str:
    """Text safe to print on the instructor's terminal: no escape sequences, no surrogates."""
    cleaned = "".join(c if c.isprintable() or c in "\n\t" else "\ufffd" for c in text)
    return cleaned.encode("utf-8", "replace").decode("utf-8")


def course_folders() -> list[str]:
    """Where the course's own packages live, to be hidden if an allowed folder holds them."""
    import importlib.util

    found = []
    for name in COURSE_PACKAGES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        for location in (spec.submodule_search_locations or []) if spec else []:
            found.append(location)
    return found


class Sandbox:
    """A client for one fork server; not thread-safe: give each worker thread its own."""

    SLACK = 5.0  # seconds the fork server may take to report a killed child before we give up
    EXIT_SECONDS = 3.0  # seconds the fork server may take to exit when asked

    def __init__(
        self,
        setups: dict[str, str],
        modules: dict[str, str],
        limits: Limits,
        isolated: bool = True,
        helpers: TrustedHelpers | None = None,
        hide: list[str] = (),
    ):
        """``setups``: assignment id -> its setup cells (already plain Python); ``modules``:
        public modules the setup cells import (``public_tests``), as source text; ``hide``:
        what must stay out of sight even if an allowed folder holds it (the course, the
        submissions, the outputs)."""
        self.setups = setups
        self.modules = modules
        self.limits = limits
        self.run_as = isolation.mode() if isolated else "none"
        self.helpers = helpers
        self.hide = [str(path) for path in hide]
        self.process: subprocess.Popen | None = None
        self.control: socket.socket | None = None
        self.errors = None
        self.report: dict = {}
        self._ids = itertools.count(1)

    # -- starting and stopping the fork server ------------------------------------------------

    def _command(self, environment: dict[str, str], seccomp_fd: int | None) -> list[str]:
        python = [sys.executable, "-I", "-B", "-c", BOOTSTRAP]
        if self.run_as == "none":
            return python
        secrets = course_folders() + self.hide
        command = isolation.sandbox_command(self.run_as, secrets, seccomp_fd)
        # bubblewrap clears the environment (--clearenv): nothing of the grader's (a database
        # URL, a token) enters; the sandbox gets exactly these variables.
        for key, value in environment.items():
            command += ["--setenv", key, value]
        return [*command, "--", *python]

    def _environment(self) -> dict[str, str]:
        return {
            "LANG": "C.UTF-8",
            "HOME": "/tmp",
            "MPLBACKEND": "Agg",
            "MPLCONFIGDIR": "/tmp/matplotlib",
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
        }

    def start(self) -> None:
        scratch = tempfile.mkdtemp(prefix="sandbox-") if self.run_as == "none" else None
        environment = self._environment()
        if scratch:
            environment |= {"HOME": scratch, "TMPDIR": scratch, "MPLCONFIGDIR": scratch}
        seccomp = None
        try:
            if self.run_as != "none":
                seccomp = os.memfd_create("seccomp", os.MFD_CLOEXEC)
                os.write(seccomp, isolation.seccomp_filter())
                os.lseek(seccomp, 0, os.SEEK_SET)
            command = self._command(environment, seccomp)
        except isolation.Unavailable as error:
            if seccomp is not None:
                os.close(seccomp)
            raise SandboxError(f"student code cannot be isolated here: {error}") from None
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.errors = tempfile.TemporaryFile()
        self.scratch = scratch
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self.errors,
            env=environment if self.run_as == "none" else {"PATH": "/usr/bin:/bin"},
            cwd=scratch or "/",
            pass_fds=(theirs.fileno(),) + ((seccomp,) if seccomp is not None else ()),
            start_new_session=True,
        )
        if seccomp is not None:
            os.close(seccomp)
        self.control = ours
        init = {
            "control": theirs.fileno(),
            "run_as": self.run_as,
            "inside": list(INSIDE),
            "modules": {
                **{
                    f"autograder.{name}": (PACKAGE / f"{name}.py").read_text(encoding="utf-8")
                    for name in INSIDE
                },
                **self.modules,
            },
            "setups": self.setups,
        }
        theirs.close()
        try:
            self.process.stdin.write(json.dumps(init).encode("utf-8"))
            self.process.stdin.close()
        except OSError:
            pass
        answer = self._control_message(time.monotonic() + 120)
        if not answer or not answer.get("ok"):
            why = (answer or {}).get("error") or self._stderr() or "it exited at once"
            self.close()
            raise SandboxError(f"the sandbox could not start: {why}")
        self.report = answer.get("report", {})

    def _exited(self) -> bool:
        """Whether the fork server has exited, leaving it to be reaped."""
        try:
            flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
            return os.waitid(os.P_PID, self.process.pid, flags) is not None
        except ChildProcessError:
            return True

    def _stderr(self) -> str:
        try:
            self.errors.seek(0)
            return self.errors.read(4000).decode("utf-8", "replace").strip()
        except (OSError, ValueError, AttributeError):
            return ""

    def _control_message(self, deadline: float) -> dict | None:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([self.control], [], [], remaining)
            if not ready:
                return None
            try:
                raw = self.control.recv(1 << 16)
            except OSError:
                return None
            if not raw:
                return None
            try:
                message = json.loads(raw)
            except ValueError:
                return None
            if isinstance(message, dict):
                return message

    def close(self, patient: bool = False) -> None:
        """End the fork server: closing its control socket asks it to exit. ``patient`` (at the
        end of a batch) gives it a moment to do so before it is killed, so that every process
        inside is reaped up the chain and the CPU time of the fork server and of every child it
        forked is counted in the grader's (``benchmarks/grading_cost.py`` measures it so);
        killed, that time vanishes with the sandbox's PID namespace. A sandbox closed because
        something went wrong is killed at once."""
        if self.control is not None:
            self.control.close()
            self.control = None
        if self.process is not None:
            deadline = time.monotonic() + (self.EXIT_SECONDS if patient else 0.0)
            while time.monotonic() < deadline and not self._exited():
                time.sleep(0.01)
            try:  # before reaping it: until then its process group id cannot be reused
                os.killpg(self.process.pid, signal.SIGKILL)
            except OSError:
                pass
            self.process.wait()
            self.process = None
        if self.errors is not None:
            self.errors.close()
            self.errors = None
        if getattr(self, "scratch", None):
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    # -- one exercise --------------------------------------------------------------------------

    def run(
        self,
        assignment_id: str,
        request: bytes,
        cases: bytes,
        allowed_calls: frozenset[str] = frozenset(),
    ) -> Run:
        """Run one exercise in a fresh child; never raises for anything the child does.

        ``request`` and ``cases`` are encoded messages (``wire.encode``): the program, then the
        inputs. ``allowed_calls``: the helpers whose calls a trusted helper answers."""
        if self.process is None or self.process.poll() is not None:
            self.start()
        if allowed_calls and self.helpers is not None:
            self.helpers.ensure_started()  # before the student's clock starts, never during it
        limits = self.limits
        run_id = next(self._ids)
        settings = {
            "timeout": limits.timeout,
            "memory": limits.memory_mb << 20,
            "disk": limits.disk_mb << 20,
            "processes": limits.processes,
        }
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        order = {"op": "run", "id": run_id, "assignment": assignment_id, "uid": _next_uid()}
        order["limits"] = settings
        started = time.monotonic()
        try:
            socket.send_fds(self.control, [json.dumps(order).encode()], [theirs.fileno()])
        except OSError as error:
            ours.close()
            theirs.close()
            self.close()
            return Run("lost", problem=f"the sandbox is gone ({error})")
        theirs.close()
        try:
            outgoing = wire.frame(request) + wire.frame(cases)
            return self._collect(run_id, ours, outgoing, assignment_id, allowed_calls, started)
        except SandboxError:
            raise
        except Exception as error:
            # Whatever went wrong here, the child must not outlive its run: the fork server
            # refuses the next order while it has a child, and the next order may be another
            # student's. Start afresh; this exercise alone is lost.
            self.close()
            return Run("lost", problem=f"the grader failed reading its messages ({error!r:.200})")
        finally:
            ours.close()

    def _collect(self, run_id, ours, outgoing, assignment_id, allowed_calls, started) -> Run:
        limits = self.limits
        cap = limits.output_mb << 20
        reader = wire.FrameReader(cap)
        outgoing = bytearray(outgoing)
        run = Run("finished")
        deadline = started + limits.timeout
        killed_at = None
        ended, ended_at = None, 0.0
        confined = None  # the fork server's word on the child's confinement
        closed = False
        ours.setblocking(False)
        while not (closed and ended):
            now = time.monotonic()
            if ended and now > ended_at + 1.0:
                break  # it ended, but something it started keeps the socket (no isolation)
            deadline = started + limits.timeout + min(run.helper_seconds, limits.timeout)
            if killed_at is None and now >= deadline:
                run.status = "timeout"
                killed_at = self._kill(run_id, now)
            if killed_at is not None and now > killed_at + self.SLACK:
                self.close()  # the fork server did not report the child: start afresh
                run.status, run.problem = "lost", "the sandbox did not end the process in time"
                break
            until = (killed_at + self.SLACK) if killed_at is not None else deadline
            if ended:
                until = min(until, ended_at + 1.0)
            readers = [self.control] + ([] if closed else [ours])
            writers = [ours] if outgoing and not closed else []
            ready, writable, _ = select.select(readers, writers, [], max(0.0, until - now))
            if ours in writable:
                try:
                    sent = ours.send(outgoing[: 1 << 20])
                    del outgoing[:sent]
                except BlockingIOError:
                    pass
                except OSError:
                    outgoing.clear()
            if ours in ready:
                try:
                    chunk = ours.recv(1 << 20)
                except BlockingIOError:
                    chunk = None
                except OSError:
                    chunk = b""
                if chunk == b"":
                    closed = True
                elif chunk:
                    problem = self._take(
                        run, reader, chunk, outgoing, assignment_id, allowed_calls, deadline
                    )
                    if problem and killed_at is None:
                        run.status, run.problem = problem
                        killed_at = self._kill(run_id, time.monotonic())
                        outgoing.clear()
            if self.control in ready:
                message = self._control_message(time.monotonic() + 1.0)
                if message is None:
                    self.close()
                    run.status, run.problem = "lost", "the sandbox stopped"
                    break
                if message.get("started") == run_id:
                    confined = message
                if message.get("ended") == run_id:
                    ended, ended_at = message, time.monotonic()
        run.seconds = round(time.monotonic() - started, 4)
        if ended:
            run.exit_code, run.signal = ended.get("exit"), ended.get("signal")
        if confined is not None and not confined.get("confined"):
            self.close()
            detail = printable(str(confined.get("problem", "unknown")))[:300]
            raise SandboxError(f"a child could not be confined, so nothing ran: {detail}")
        return run

    def _kill(self, run_id: int, now: float) -> float:
        try:
            self.control.send(json.dumps({"op": "kill", "id": run_id}).encode())
        except OSError:
            pass
        return now

    def _take(self, run, reader, chunk, outgoing, assignment_id, allowed_calls, deadline):
        """Frames from the child: results are kept, helper calls answered. Returns (status,
        problem) when the child broke a rule and must be stopped."""
        try:
            frames = reader.feed(chunk)
        except wire.WireError:
            return "overflow", "it sent back more than the output limit"
        if reader.total > self.limits.output_mb << 20:
            return "overflow", "it sent back more than the output limit"
        for raw in frames:
            try:
                message = wire.decode(raw)
            except wire.WireError as error:
                return "broken", f"it sent something that is not a message ({error})"
            if not isinstance(message, dict):
                return "broken", "it sent something that is not a message"
            if "call" in message:
                if outgoing:  # a stub waits for each answer: asking again first is flooding
                    return "broken", "it asked a helper again before reading its answer"
                run.calls += 1
                asked = time.monotonic()
                outgoing += wire.frame(
                    self._answer(message, assignment_id, allowed_calls, deadline)
                )
                run.helper_seconds += time.monotonic() - asked
            else:
                run.messages.append(message)
        return None

    def _answer(self, message: dict, assignment_id, allowed_calls, deadline) -> bytes:
        name = message.get("call")
        args, kwargs = message.get("args"), message.get("kwargs")
        if not isinstance(name, str) or name not in allowed_calls or self.helpers is None:
            reply = {"error": ["PermissionError", f"no official {name!s:.60} is available here"]}
            return wire.encode(reply)
        if not isinstance(args, list) or not isinstance(kwargs, dict):
            return wire.encode({"error": ["TypeError", "malformed call"]})
        if time.monotonic() >= deadline:
            return wire.encode({"error": ["TimeoutError", "the time for this exercise is up"]})
        limit = self.limits.output_mb << 20  # an answer is bounded like a result
        return self.helpers.call(assignment_id, name, args, kwargs, deadline, limit)
