"""The only place where a student's code runs: a fork server, one fresh child per exercise.

Why a fork server: starting Python and importing numpy (and matplotlib, for the notebook's setup
cell) costs far more than the exercises themselves, so one trusted server process does that once
and forks a child per exercise (a fork costs milliseconds). The server never sees expected values
or hidden cases: it receives the program to run (our setup, our reference helpers, the student's
cell) and the inputs, and it hands back whatever the child wrote, capped in size and time.

Why this file imports nothing from the repository: the server runs this very file's source with
``python -I -c``, from an empty temporary folder, with a minimal environment, so that neither the
repository, the hidden tests nor the reference solutions are on its import path, in its working
directory or in its environment.

Why a restricted wire format instead of pickle: unpickling runs code chosen by whoever wrote the
bytes. Everything coming back from a child is decoded here from JSON with numpy arrays stored by
``np.save`` and read with ``np.load(allow_pickle=False)``; anything else becomes an opaque value
that only describes itself.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

import numpy as np

HEADER = struct.Struct(">I")
MAX_DEPTH = 40  # nesting of returned containers; deeper values are only described
REPR_LIMIT = 200
FILE_LIMIT = 64 << 20  # bytes a child may write into one file
PROCESS_LIMIT = 64  # processes a child's user may have at once


# ---------------------------------------------------------------------------------------------
# Wire format, used by both sides
# ---------------------------------------------------------------------------------------------


def _array_bytes(array: np.ndarray) -> str:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _describe_unknown(value) -> dict:
    try:
        text = repr(value)[:REPR_LIMIT]
    except BaseException:  # a student's __repr__ may do anything
        text = "<no description>"
    return {"$unknown": type(value).__name__[:60], "repr": text}


def pack(value, depth: int = 0):
    """Turn a value into JSON-ready data; anything outside the format is only described."""
    if depth > MAX_DEPTH:
        return {"$unknown": "object", "repr": "a value nested too deeply to send back"}
    if value is None or type(value) in (bool, str):
        return value
    if isinstance(value, np.ndarray):
        try:
            return {"$nd": _array_bytes(np.asarray(value))}
        except (ValueError, TypeError):
            return {
                "$unknown": "ndarray",
                "repr": f"a numpy array of {value.dtype} (not numbers), shape {value.shape}",
            }
    if isinstance(value, np.generic):
        try:
            return {"$np": _array_bytes(np.asarray(value))}
        except (ValueError, TypeError):
            return _describe_unknown(value)
    if type(value) is int:
        return value
    if type(value) is float:
        return value
    if isinstance(value, tuple):
        return {"$tuple": [pack(item, depth + 1) for item in value]}
    if isinstance(value, list):
        return [pack(item, depth + 1) for item in value]
    if isinstance(value, dict) and all(type(key) is str for key in value):
        return {"$dict": {key: pack(item, depth + 1) for key, item in value.items()}}
    return _describe_unknown(value)


def encode(value) -> bytes:
    return json.dumps(pack(value), allow_nan=True, separators=(",", ":")).encode("utf-8")


class WireError(ValueError):
    """Bytes that are not in the wire format: the sender broke the protocol."""


def _opaque(type_name, text):
    """A stand-in for a value that could not be sent: it names its type and describes itself."""
    name = type_name if isinstance(type_name, str) and type_name.isidentifier() else "object"
    text = str(text)[:REPR_LIMIT]
    return type(name, (), {"__repr__": lambda self: text, "__slots__": ()})()


def _load_array(data) -> np.ndarray:
    if not isinstance(data, str):
        raise WireError("array data is not text")
    array = np.load(io.BytesIO(base64.b64decode(data, validate=True)), allow_pickle=False)
    if not isinstance(array, np.ndarray):
        raise WireError("array data holds no array")
    return array


def unpack(data):
    if data is None or type(data) in (bool, str, int, float):
        return data
    if isinstance(data, list):
        return [unpack(item) for item in data]
    if isinstance(data, dict) and len(data) in (1, 2):
        if "$nd" in data:
            return _load_array(data["$nd"])
        if "$np" in data:
            array = _load_array(data["$np"])
            if array.ndim != 0:
                raise WireError("a numpy scalar with dimensions")
            return array[()]
        if "$tuple" in data and isinstance(data["$tuple"], list):
            return tuple(unpack(item) for item in data["$tuple"])
        if "$dict" in data and isinstance(data["$dict"], dict):
            return {key: unpack(item) for key, item in data["$dict"].items()}
        if "$unknown" in data:
            return _opaque(data["$unknown"], data.get("repr", ""))
    raise WireError(f"unexpected data {str(data)[:80]}")


def decode(data: bytes):
    """Read a value sent by the other side; raise WireError for anything malformed."""
    try:
        return unpack(json.loads(data))
    except WireError:
        raise
    except (ValueError, TypeError, RecursionError, OverflowError) as error:
        raise WireError(f"{type(error).__name__}: {error}") from None


def frame(payload: bytes) -> bytes:
    return HEADER.pack(len(payload)) + payload


def split_frames(stream: bytes) -> list[bytes]:
    """Complete frames of a byte stream; a truncated last frame is dropped."""
    frames, position = [], 0
    while position + HEADER.size <= len(stream):
        (length,) = HEADER.unpack_from(stream, position)
        start = position + HEADER.size
        if start + length > len(stream):
            break
        frames.append(stream[start : start + length])
        position = start + length
    return frames


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exact(fd: int, size: int) -> bytes | None:
    chunks, missing = [], size
    while missing:
        chunk = os.read(fd, min(missing, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _read_frame(fd: int) -> bytes | None:
    head = _read_exact(fd, HEADER.size)
    if head is None:
        return None
    return _read_exact(fd, HEADER.unpack(head)[0])


# ---------------------------------------------------------------------------------------------
# The server and its children (run inside ``python -I -c``)
# ---------------------------------------------------------------------------------------------


def _strip_magics(code: str) -> str:
    """IPython magics (``%matplotlib inline``, ``!pip``) are not Python; keep line numbers."""
    return "\n".join(
        "pass  # " + line if line.lstrip().startswith(("%", "!")) else line
        for line in code.split("\n")
    )


def _prepare(init: dict) -> dict:
    import linecache
    import types

    for name, source in init["modules"].items():
        module = types.ModuleType(name)
        module.__file__ = f"{name}.py"
        linecache.cache[module.__file__] = (len(source), None, source.splitlines(True), name)
        sys.modules[name] = module  # dataclasses look their module up while it is executed
        exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    exec(compile(_strip_magics(init["setup"]), "<setup>", "exec"), namespace)  # noqa: S102
    return namespace


def _explain(error: BaseException) -> str:
    import traceback

    return "".join(traceback.format_exception_only(type(error), error)).strip()[:2000]


def _child(base: dict, payload: bytes, out: int) -> None:
    """Run the program, then the function on each case, writing one frame per step."""
    import linecache

    def send(message: dict) -> None:
        _write_all(out, frame(json.dumps(message, allow_nan=True).encode("utf-8")))

    request = json.loads(payload)
    name = request["function"]
    messages = sys.modules.get("public_tests")
    error_message = getattr(messages, "error_message", None)
    namespace = dict(base)
    for filename, code, shown in request["program"]:
        if shown:
            linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        try:
            exec(compile(_strip_magics(code), filename, "exec"), namespace)  # noqa: S102
        except BaseException as error:
            line = getattr(error, "lineno", None) or _last_line(error, filename)
            send({"load_error": _explain(error), "line": line, "file": filename})
            return
    del request["program"]
    function = namespace.get(name)
    if not callable(function):
        send({"load_error": f"the cell does not define a function named {name}", "line": None})
        return
    send({"loaded": True})
    for index, encoded in enumerate(request["cases"]):
        args, kwargs = unpack(encoded)
        try:
            result = function(*args, **kwargs)
        except BaseException as error:
            try:
                text = error_message(name, error)
            except BaseException:
                text = f"{name} raised an error:\n    {_explain(error)}"
            send(
                {
                    "case": index,
                    "raised": text,
                    "error_type": type(error).__name__[:100],
                    "error_message": _explain(error)[:2000],
                    "memory": isinstance(error, MemoryError),
                }
            )
            continue
        send({"case": index, "result": pack(result), "args": pack(tuple(args))})
    send({"done": True})


def _last_line(error: BaseException, filename: str):
    import traceback

    lines = [f.lineno for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
    return lines[-1] if lines else None


# Confinement. As root, the server moves itself once into its own mount and network namespaces,
# hides the course's folders there, and runs every child as a user id of its own (no account
# has it), so a child can neither read the hidden tests nor write the outputs, reach the
# network, nor signal the grader or another student's process. Without root none of this is
# possible and the children run as the grader's own user: the batch summary says which.

CHILD_UID_BASE = 2_000_000_000  # + the child's pid: unique among live processes, above accounts
CLONE_NEWNS, CLONE_NEWNET = 0x00020000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_CHILD_SUBREAPER = 36


def _libc():
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    text = ctypes.c_char_p
    libc.mount.argtypes = [text, text, text, ctypes.c_ulong, text]
    libc.unshare.argtypes = [ctypes.c_int]
    libc.prctl.argtypes = [ctypes.c_int, *[ctypes.c_ulong] * 4]
    return libc


def _mount(libc, source, target, fstype, flags, data=None) -> bool:
    def c(value):
        return None if value is None else os.fsencode(value)

    return libc.mount(c(source), c(target), c(fstype), flags, c(data)) == 0


def _python_roots() -> list[str]:
    """Folders a child must be able to read to import modules it has not imported yet."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    roots.update(entry for entry in sys.path if entry and os.path.isdir(entry))
    return sorted({os.path.realpath(root) for root in roots})


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _blocked(path: str) -> str | None:
    """The highest folder on the way to ``path`` that other users may not enter, if any."""
    current = "/"
    for part in path.strip("/").split("/"):
        current = os.path.join(current, part)
        if os.path.isdir(current) and not os.stat(current).st_mode & 0o001:
            return current
    return None


def _open_up(libc, paths: list[str]) -> bool:
    """Make ``paths`` reachable for any user, in this mount namespace only: a folder in the way
    (such as /root holding a pyenv Python) is covered by an empty tmpfs into which only the
    entries leading to ``paths`` are bound back. Everything else in it disappears."""
    for _ in range(16):
        blocked = sorted({b for b in map(_blocked, paths) if b})
        if not blocked:
            return True
        folder = blocked[0]
        names = {p[len(folder) :].strip("/").split("/")[0] for p in paths if _inside(p, folder)}
        if "" in names:  # the folder itself is needed: only a chmod could open it
            return False
        handles = {name: os.open(os.path.join(folder, name), os.O_PATH) for name in names}
        try:
            if not _mount(libc, "tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755"):
                return False
            for name, handle in handles.items():
                target = os.path.join(folder, name)
                if os.path.isdir(f"/proc/self/fd/{handle}"):
                    os.mkdir(target)
                else:
                    open(target, "w").close()
                if not _mount(libc, f"/proc/self/fd/{handle}", target, None, MS_BIND | MS_REC):
                    return False
        finally:
            for handle in handles.values():
                os.close(handle)
    return False


def _hide(libc, path: str) -> bool:
    """Cover a folder with an empty read-only tmpfs, or a file with /dev/null."""
    if os.path.isdir(path):
        flags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC
        return _mount(libc, "tmpfs", path, "tmpfs", flags, "size=4k,mode=000")
    if os.path.isfile(path):
        return _mount(libc, "/dev/null", path, None, MS_BIND)
    return True


MOUNT_FLAGS = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC}


def _mount_points() -> list[tuple[str, int]]:
    """Each mount point of this namespace with the flags it keeps on a remount."""
    points = []
    with open("/proc/self/mountinfo", encoding="utf-8") as table:
        for line in table:
            fields = line.split()
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
            flags = sum(MOUNT_FLAGS.get(option, 0) for option in fields[5].split(","))
            points.append((point, flags))
    return points


def _read_only_except(libc, writable: str) -> bool:
    """Every mount read-only but ``writable`` (the server's folder, where children work): no
    child can leave a file where another student's child, or anyone, would find it."""
    if not _mount(libc, writable, writable, None, MS_BIND | MS_REC):
        return False
    for point, flags in _mount_points():
        if _inside(point, writable):
            continue
        if not _mount(libc, None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags):
            if not point.startswith(("/proc/", "/sys/")):  # kernel views a child cannot write
                return False
    return True


def _confine_server(hide: list[str], own: list[str], workplace: str) -> dict:
    """Set up this server's namespaces; say whether children can run as users of their own.

    ``own``: our temporary folders on the way to ``workplace``, the server's folder in which each
    child gets its own; it stays the only writable place. A path of ``hide`` that holds one of
    them, or Python's files, is left visible."""
    if os.geteuid() != 0:
        return {"confined": False, "why": "the grader does not run as root"}
    libc = _libc()
    if libc.unshare(CLONE_NEWNS | CLONE_NEWNET) != 0:
        return {"confined": False, "why": "new namespaces are not allowed here"}
    if not _mount(libc, None, "/", None, MS_REC | MS_PRIVATE):
        return {"confined": False, "why": "the mounts could not be made private"}
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        return {"confined": False, "why": "the server could not become a subreaper"}
    roots = _python_roots()
    for folder in own:
        os.chmod(folder, 0o711)  # our own temporary folders: children may pass, not list
    keep = roots + [os.path.realpath(folder) for folder in own]
    if not _open_up(libc, keep):
        return {"confined": False, "why": "Python's folders could not be opened to other users"}
    hidden = 0
    for path in hide:
        path = os.path.realpath(path)
        if any(_inside(k, path) for k in keep) or not os.path.exists(path):
            continue
        if not _hide(libc, path):
            return {"confined": False, "why": f"{path} could not be hidden"}
        hidden += 1
    if not _read_only_except(libc, os.path.realpath(workplace)):
        return {"confined": False, "why": "the file systems could not be made read-only"}
    probe = os.fork()
    if probe == 0:  # can a user of its own read every folder Python imports from?
        try:
            uid = CHILD_UID_BASE + os.getpid()
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            os._exit(0 if all(os.access(r, os.R_OK | os.X_OK) for r in roots) else 1)
        finally:
            os._exit(2)
    _, status = os.waitpid(probe, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return {"confined": False, "why": "another user could not read Python's folders"}
    return {"confined": True, "hidden": hidden}


def _become(uid: int, workdir: str) -> None:
    """In the child: give its folder to a user of its own, then become that user."""
    os.chown(workdir, uid, uid)
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    os.environ["HOME"] = os.environ["TMPDIR"] = os.path.realpath(workdir)
    tempfile.tempdir = None


def _reap(uid: int) -> None:
    """End every process left by a child's user, wherever it went (a new session, say), and
    collect them: the server is their subreaper, so orphans come back to it, not to init."""
    reaper = os.fork()
    if reaper == 0:
        try:
            os.setuid(uid)
            os.kill(-1, signal.SIGKILL)  # as that user: reaches that user's processes only
        finally:
            os._exit(0)
    os.waitpid(reaper, 0)
    deadline = time.monotonic() + 2.0
    try:  # a fork cannot outrun the kill, but the killed take a moment to die
        while time.monotonic() < deadline:
            if not os.waitpid(-1, os.WNOHANG)[0]:
                time.sleep(0.001)
    except ChildProcessError:  # no child left: all collected
        pass


def _limit(settings: dict, own_user: bool) -> None:
    import resource

    with open("/proc/self/statm") as statm:
        in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    memory = in_use + int(settings["memory"])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    seconds = int(settings["timeout"]) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))
    if own_user:  # counts the processes of the child's own user only
        resource.setrlimit(resource.RLIMIT_NPROC, (PROCESS_LIMIT, PROCESS_LIMIT))


def _collect(pid: int, read_end: int, settings: dict) -> tuple[dict, bytes]:
    """Read what the child writes until it finishes, the time is up or the output is too big."""
    deadline = time.monotonic() + float(settings["timeout"])
    cap = int(settings["cap"])
    chunks, size, status = [], 0, "finished"
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            status = "timeout"
            break
        ready, _, _ = select.select([read_end], [], [], remaining)
        if not ready:
            status = "timeout"
            break
        chunk = os.read(read_end, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > cap:
            status = "overflow"
            break
    try:
        os.killpg(pid, signal.SIGKILL)  # the child and anything it started
    except OSError:
        pass
    os.close(read_end)
    _, wait_status = os.waitpid(pid, 0)
    report = {"status": status, "exit": None, "signal": None}
    if os.WIFEXITED(wait_status):
        report["exit"] = os.WEXITSTATUS(wait_status)
    elif os.WIFSIGNALED(wait_status):
        report["signal"] = os.WTERMSIG(wait_status)
    return report, b"".join(chunks)[:cap]


def _run_one(
    base: dict, settings: dict, payload: bytes, root: str, own_user: bool
) -> tuple[dict, bytes]:
    workdir = tempfile.mkdtemp(dir=root)
    read_end, write_end = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.setpgid(0, 0)
            os.close(read_end)
            os.closerange(3, write_end)
            os.closerange(write_end + 1, 1 << 16)
            os.chdir(workdir)
            if own_user:
                _become(CHILD_UID_BASE + os.getpid(), workdir)
            _limit(settings, own_user)
            _child(base, payload, write_end)
        finally:
            os._exit(0)
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass
    os.close(write_end)
    del payload
    report, output = _collect(pid, read_end, settings)
    report["seconds"] = round(time.monotonic() - started, 4)
    if own_user:
        _reap(CHILD_UID_BASE + pid)
    shutil.rmtree(workdir, ignore_errors=True)
    return report, output


def serve() -> None:
    """Entry point of the server process: answer requests on stdin until it closes."""
    requests, replies = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    root = os.getcwd()
    init = json.loads(_read_frame(requests))
    try:
        base = _prepare(init)
    except BaseException as error:
        _write_all(replies, frame(json.dumps({"ok": False, "error": _explain(error)}).encode()))
        return
    try:
        confinement = _confine_server(init["hide"], init["own"], root)
    except OSError as error:
        confinement = {"confined": False, "why": f"{type(error).__name__}: {error}"}
    del init
    own_user = confinement["confined"]
    _write_all(replies, frame(json.dumps({"ok": True, "confinement": confinement}).encode()))
    while True:
        settings = _read_frame(requests)
        payload = _read_frame(requests)
        if settings is None or payload is None:
            return
        report, output = _run_one(base, json.loads(settings), payload, root, own_user)
        del payload
        _write_all(replies, frame(json.dumps(report).encode()) + frame(output))


# ---------------------------------------------------------------------------------------------
# The grading side
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    timeout: float = 5.0  # seconds per exercise, all its cases together
    memory_mb: int = 1024  # memory a child may allocate on top of what the server holds
    output_mb: int = 32  # bytes a child may send back (a speed case's output is ~20 MB)


@dataclass
class Run:
    """What came back from one child: how it ended and the frames it wrote."""

    status: str  # finished, timeout, overflow, lost
    exit_code: int | None = None
    signal: int | None = None
    seconds: float = 0.0
    frames: list[bytes] = field(default_factory=list)


class SandboxError(RuntimeError):
    """The sandbox itself could not start: a problem of the grader, not of a submission."""


class Sandbox:
    """A client for one fork server; not thread-safe, give each worker thread its own."""

    SLACK = 10.0  # seconds the server may take on top of a child's timeout before we give up

    def __init__(
        self,
        setup_code: str,
        modules: dict[str, str],
        limits: Limits,
        scratch: str,
        hide: list[str] = (),
    ):
        """``hide``: files and folders the children must not see (the course, the submissions,
        the outputs); they are hidden only where the server can confine its children."""
        self.init = {"modules": modules, "setup": setup_code, "hide": [str(p) for p in hide]}
        self.limits = limits
        self.scratch = scratch
        self.process: subprocess.Popen | None = None
        self.folder: str | None = None
        self.confinement: dict = {}

    def _environment(self) -> dict[str, str]:
        return {
            "PATH": "/usr/bin:/bin",
            "HOME": self.folder,
            "TMPDIR": self.folder,
            "LANG": "C.UTF-8",
            "MPLBACKEND": "Agg",
            "MPLCONFIGDIR": os.path.join(self.scratch, "matplotlib"),
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
        }

    def start(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="sandbox-", dir=self.scratch)
        with open(__file__, encoding="utf-8") as handle:
            program = handle.read() + "\nserve()\n"
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-B", "-c", program],
            cwd=self.folder,
            env=self._environment(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
        init = {**self.init, "own": [self.scratch, self.folder]}
        self.process.stdin.write(frame(json.dumps(init).encode()))
        self.process.stdin.flush()
        reply = self._read_frame(time.monotonic() + 120)
        answer = json.loads(reply) if reply else {"ok": False, "error": "the server did not start"}
        if not answer.get("ok"):
            self.close()
            raise SandboxError(f"the sandbox could not run the setup cell: {answer.get('error')}")
        self.confinement = answer.get("confinement", {})

    def _read_frame(self, deadline: float, limit: int = 1 << 30) -> bytes | None:
        fd = self.process.stdout.fileno()
        data = b""
        needed = HEADER.size
        header_done = False
        while len(data) < needed:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                return None
            chunk = os.read(fd, needed - len(data))
            if not chunk:
                return None
            data += chunk
            if not header_done and len(data) == HEADER.size:
                (length,) = HEADER.unpack(data)
                if length > limit:
                    return None
                header_done, needed = True, HEADER.size + length
        return data[HEADER.size :]

    def run(self, payload: bytes) -> Run:
        """Run one program in a fresh child; never raises for anything the child does."""
        if self.process is None or self.process.poll() is not None:
            self.start()
        limits = self.limits
        settings = {
            "timeout": limits.timeout,
            "memory": limits.memory_mb << 20,
            "cap": limits.output_mb << 20,
        }
        deadline = time.monotonic() + limits.timeout + self.SLACK
        try:
            self.process.stdin.write(frame(json.dumps(settings).encode()) + frame(payload))
            self.process.stdin.flush()
            report = self._read_frame(deadline, 1 << 16)
            output = self._read_frame(deadline, (limits.output_mb << 20) + 1) if report else None
        except OSError:
            report = output = None
        if report is None or output is None:
            self.close()  # the server is gone or stuck: start a fresh one next time
            return Run("lost")
        try:
            info = json.loads(report)
        except ValueError:
            self.close()
            return Run("lost")
        return Run(
            status=info.get("status", "lost"),
            exit_code=info.get("exit"),
            signal=info.get("signal"),
            seconds=float(info.get("seconds", 0.0)),
            frames=split_frames(output),
        )

    def close(self) -> None:
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except OSError:
                pass
            self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            self.process = None
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
