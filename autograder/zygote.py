"""The fork server inside the sandbox, and what each child does before and while it runs a cell.

Why a fork server: starting Python and importing NumPy and Matplotlib costs far more than the
exercises themselves, so this process does it once and forks a child per exercise. Why it holds
nothing of any submission: it never reads a program, an input or an output. For each exercise
the grader sends it a one-line request with a socket attached; it forks, and the child (the only
process that ever holds student code) reads its program and inputs from that socket and writes
its results into it, straight to the grader. What the server keeps from one child to the next is
what it had before the first: the interpreter, the imported modules and our setup cells.

This module runs only inside the sandbox (``sandbox.py`` sends its source, with ``wire`` and
``isolation``, to a bare ``python -I``), so it imports nothing from the repository but those.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import linecache
import os
import select
import signal
import socket
import sys
import traceback

from autograder import isolation, wire

CONTROL_LIMIT = 1 << 16
CONFINEMENT_SECONDS = 10.0  # how long a child may take to confine itself


def _explain(error: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(error), error)).strip()[:2000]


def _last_line(error: BaseException, filename: str):
    lines = [f.lineno for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
    return lines[-1] if lines else None


def digest(value) -> str | None:
    """A fingerprint of an array argument, to tell whether a function changed it in place."""
    import numpy as np

    if type(value) is not np.ndarray:
        return None
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(f"{value.dtype.str}{value.shape}".encode())
    hasher.update(value.tobytes())
    return hasher.hexdigest()


# ---------------------------------------------------------------------------------------------
# The child: one exercise
# ---------------------------------------------------------------------------------------------


class Channel:
    """The child's end of its socket to the grader: frames out, frames in."""

    def __init__(self, fd: int):
        self.fd = fd

    def send(self, message: dict) -> None:
        wire.write_all(self.fd, wire.frame(wire.encode(message)))

    def receive(self):
        raw = wire.read_frame(self.fd)
        if raw is None:
            raise EOFError("the grader closed the connection")
        return wire.decode(raw)


def _trusted_stub(name: str, channel: Channel):
    """A stand-in for a graded helper this student did not get right: each call is answered by
    the official version, which runs in the grader's trusted process, never in this one."""

    def helper(*args, **kwargs):
        channel.send({"call": name, "args": list(args), "kwargs": kwargs})
        reply = channel.receive()
        if isinstance(reply, dict) and "value" in reply:
            return reply["value"]
        kind, text = (reply.get("error") if isinstance(reply, dict) else None) or ("", "")
        error_type = getattr(builtins, str(kind), None)
        if not (isinstance(error_type, type) and issubclass(error_type, Exception)):
            error_type = RuntimeError
        raise error_type(
            f"{text} (raised by the official {name}, which the grader used because your own "
            f"{name} did not pass its cases)"
        )

    helper.__name__ = helper.__qualname__ = name
    return helper


def run_exercise(channel: Channel, setup_code: str) -> None:
    """Run our setup, the program steps, then the function on each case, reporting as it goes."""
    request = channel.receive()
    fingerprint = digest  # held here, before any student code can replace the module's copy
    name = request["function"]
    messages = sys.modules.get("public_tests")
    error_message = getattr(messages, "error_message", None)
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    exec(compile(setup_code, "<setup>", "exec"), namespace)  # noqa: S102 - our own setup cell
    for step in request["program"]:
        if "stubs" in step:
            for helper in step["stubs"]:
                namespace[helper] = _trusted_stub(helper, channel)
            continue
        filename, code = step["cell"]
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        try:
            exec(compile(code, filename, "exec"), namespace)  # noqa: S102 - the student's cell
        except BaseException as error:
            line = getattr(error, "lineno", None) or _last_line(error, filename)
            channel.send({"load_error": _explain(error), "line": line, "file": filename})
            return
    function = namespace.get(name)
    if not callable(function):
        channel.send({"load_error": f"the cell does not define a function named {name}"})
        return
    channel.send({"loaded": True})
    del request
    cases = channel.receive()
    for index, (args, kwargs) in enumerate(cases):
        try:
            result = function(*args, **kwargs)
        except BaseException as error:
            try:
                text = error_message(name, error)
            except BaseException:
                text = f"{name} raised an error:\n    {_explain(error)}"
            channel.send(
                {
                    "case": index,
                    "raised": text,
                    "error_type": type(error).__name__[:100],
                    "error_message": _explain(error),
                    "memory": isinstance(error, MemoryError),
                }
            )
            continue
        channel.send({"case": index, "result": result, "digests": [fingerprint(a) for a in args]})
    channel.send({"done": True})


def _child(
    server: isolation.ForkServer, request: dict, data_fd: int, report_fd: int, setups: dict
) -> None:
    """Everything a forked child does; it never returns.

    Whether its confinement worked goes to the fork server on ``report_fd``, a pipe closed
    before any student code runs: student code can neither write nor fake that report (the
    data socket, which it holds, says nothing about confinement)."""
    try:
        channel = Channel(data_fd)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        # Every descriptor but the two it needs, in ranges: os.closerange is one close_range
        # call, where closing 65,000 numbers one by one cost a third of a second per child.
        low = 3
        for keep in sorted((data_fd, report_fd)):
            os.closerange(low, keep)
            low = keep + 1
        os.closerange(low, 1 << 16)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.setsid()  # a session and process group of its own: kill(0, ...) reaches only itself
        try:
            uid, limits = int(request["uid"]), request["limits"]
            isolation.confine_child(server.run_as, uid, limits, server.carried)
        except Exception as error:  # never run student code half confined
            text = f"{type(error).__name__}: {error}"[:500]
            os.write(report_fd, b"failed " + text.encode("utf-8", "replace"))
            os._exit(1)
        os.write(report_fd, b"confined")
        os.close(report_fd)
        os.environ.update({"HOME": os.getcwd(), "TMPDIR": os.getcwd()})
        import tempfile

        tempfile.tempdir = None
        run_exercise(channel, setups[request["assignment"]])
    finally:
        os._exit(0)


# ---------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------


def _send(control: socket.socket, message: dict) -> None:
    control.send(json.dumps(message).encode())


def _warm(setups: dict) -> None:
    """Import what the setup cells import, once, so each child finds it in memory."""
    for code in setups.values():
        exec(compile(code, "<setup>", "exec"), {"__name__": "__warm__"})  # noqa: S102


def _confinement_report(fd: int) -> dict:
    """What the child said of its confinement before it could run student code: ``confined``,
    or why not. A child that says nothing in time counts as not confined."""
    report = b""
    deadline = CONFINEMENT_SECONDS
    try:
        while deadline > 0 and select.select([fd], [], [], deadline)[0]:
            chunk = os.read(fd, 1024)
            if not chunk:
                break
            report += chunk
            if len(report) > 1024:
                break
    finally:
        os.close(fd)
    if report == b"confined":
        return {"confined": True}
    text = report.removeprefix(b"failed ").decode("utf-8", "replace") or "no report in time"
    return {"confined": False, "problem": text}


def serve(control_fd: int, init: dict) -> None:
    control = socket.socket(fileno=control_fd)
    setups = init["setups"]
    try:
        server = isolation.ForkServer(init["run_as"])
        _warm(setups)
    except BaseException as error:
        _send(control, {"ok": False, "error": _explain(error)})
        return
    _send(control, {"ok": True, "report": isolation.report()})
    del init
    child: tuple[int, int, int] | None = None  # (run id, pid, pidfd)
    while True:
        waiting = [control] + ([child[2]] if child else [])
        ready, _, _ = select.select(waiting, [], [])
        if child and child[2] in ready:
            run_id, pid, pidfd = child
            _, status = os.waitpid(pid, 0)
            os.close(pidfd)
            child = None
            ended = {"ended": run_id, "exit": None, "signal": None}
            if os.WIFEXITED(status):
                ended["exit"] = os.WEXITSTATUS(status)
            elif os.WIFSIGNALED(status):
                ended["signal"] = os.WTERMSIG(status)
            _send(control, ended)
        if control not in ready:
            continue
        raw, fds, _, _ = socket.recv_fds(control, CONTROL_LIMIT, 4)
        if not raw:
            return  # the grader is gone: so are we, and bubblewrap ends what is left
        request = json.loads(raw)
        if request.get("op") == "kill":
            if child and child[0] == request["id"]:
                os.kill(child[1], signal.SIGKILL)  # PID 1 of its namespace: all of it ends
            for fd in fds:
                os.close(fd)
            continue
        if request.get("op") != "run" or len(fds) != 1 or child is not None:
            for fd in fds:
                os.close(fd)
            _send(control, {"refused": request.get("id")})
            continue
        report_read, report_write = os.pipe()
        server.before_fork()
        pid = os.fork()
        if pid == 0:
            control.detach()
            os.close(report_read)
            _child(server, request, fds[0], report_write, setups)
        server.after_fork()
        os.close(fds[0])
        os.close(report_write)
        child = (request["id"], pid, os.pidfd_open(pid))
        _send(control, {"started": request["id"], **_confinement_report(report_read)})
