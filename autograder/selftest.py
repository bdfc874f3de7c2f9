"""``python -m autograder selftest``: attack the grader as a cunning student would, and say what
held.

It builds a small class from the first notebook of the series in a temporary folder, plants what
a student would look for (copies of the course elsewhere on disk, a secret in the grader's
command line and environment, a listening socket, an earlier student's markers left in every
place a process can leave something), grades it with the real ``python -m autograder grade``
command, and reads each probe's report from the feedback. A probe is a student's exercise cell
that looks for one way out and reports what it found; ``escaped`` means the grader's promise
broke on this machine.

    python -m autograder selftest             # the probes against the isolated grader
    python -m autograder selftest --control   # the same probes with --no-sandbox: they must
                                              # escape, which shows they are not toothless

Exit code 0 when every probe held (with ``--control``: when every probe escaped), else 1.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder import course, isolation
from autograder.course import REPO_ROOT

SECRET = "hunter2-selftest-secret"
MARKER = (31337.0625, -27182.8125)  # two floats an earlier student leaves in every place it can
SHM_KEY = 0x5EC7E57
KEYRING_SECRET = "selftest-instructor-token"
KEY_SYSCALLS = isolation.key_syscalls() or (-1, -1, -1)  # add_key, request_key, keyctl
REPORT = "PROBE-REPORT "


@dataclass(frozen=True)
class Probe:
    student: str  # graded in this order (by name): markers first, thieves after
    attempt: str  # what it tries, for the table
    body: str  # Python statements appending what got through to the list `escapes`
    escapes_unisolated: bool = True  # whether the control run (--no-sandbox) must escape


# Each body runs inside the student's process, once, and appends a short string to `escapes`
# for everything it could reach. `{...}` fields are filled in by the self-test.
PROBES = [
    Probe(
        "a_leaves_markers",
        "leave data for later students: /tmp, /dev/shm, System V shared memory, a keyring, a "
        "process",
        """
        import ctypes, struct
        pattern = struct.pack("<2d", *{marker})
        for path in ("/tmp/selftest-marker", "/dev/shm/selftest-marker"):
            try:
                with open(path, "wb") as handle:
                    handle.write(pattern)
            except OSError:
                pass
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.shmat.restype = ctypes.c_void_p
        segment = libc.shmget({shm_key}, 1 << 20, 0o1666)  # IPC_CREAT, readable by all
        if segment >= 0:
            address = libc.shmat(segment, None, 0)
            if address not in (None, ctypes.c_void_p(-1).value):
                ctypes.memmove(address, pattern, len(pattern))
        libc.syscall.restype = ctypes.c_long
        for ring in (-3, -4, -5):  # the session, user and user-session keyrings
            libc.syscall(ctypes.c_long({add_key}), b"user", b"selftest-marker", pattern,
                         ctypes.c_long(len(pattern)), ctypes.c_long(ring))
        if os.fork() == 0:  # a process left behind, in a session of its own
            os.setsid()
            import sys
            sleep = "import time; time.sleep(120)"
            os.execv(sys.executable, [sys.executable, "-c", sleep, "selftest-marker-process"])
        """,
    ),
    Probe(
        "b_reads_earlier_students",
        "find what an earlier student left: files, shared memory, keys, its process, its outputs "
        "in memory",
        """
        import ctypes
        for path in ("/tmp/selftest-marker", "/dev/shm/selftest-marker"):
            if os.path.exists(path):
                escapes.append("found " + path)
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        if libc.shmget({shm_key}, 0, 0) >= 0:
            escapes.append("found the shared memory segment")
        libc.syscall.restype = ctypes.c_long
        for ring in (-3, -4, -5):  # KEYCTL_SEARCH in the session, user and user-session keyrings
            found = libc.syscall(ctypes.c_long({keyctl}), ctypes.c_long(10), ctypes.c_long(ring),
                                 b"user", b"selftest-marker", ctypes.c_long(0))
            if found >= 0:
                escapes.append(f"found the earlier student's key in keyring {{ring}}")
        for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
            try:
                with open(f"/proc/{{pid}}/cmdline", "rb") as handle:
                    if b"selftest-marker-process" in handle.read():
                        escapes.append("saw the earlier student's process " + pid)
            except OSError:
                pass
        # The fork server's memory, as this process inherited it: an earlier output? The
        # marker is searched as two consecutive aligned doubles, with NumPy over a fixed buffer,
        # so the scan itself makes no copy of it; one copy is planted to check the scan works.
        import numpy as np
        own = (ctypes.c_double * 2)(*{marker})
        buffer = (ctypes.c_double * (1 << 17))()
        window = np.frombuffer(buffer, dtype=np.float64)
        skip = (ctypes.addressof(buffer), ctypes.addressof(buffer) + ctypes.sizeof(buffer))
        hits = []
        with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as memory:
            for line in maps.read().splitlines():
                span, perms = line.split()[:2]
                if "r" not in perms:
                    continue
                start, end = (int(x, 16) for x in span.split("-"))
                for offset in range(start, end, ctypes.sizeof(buffer)):
                    size = min(ctypes.sizeof(buffer), end - offset) // 8 * 8
                    try:
                        memory.seek(offset)
                        count = memory.readinto(memoryview(buffer).cast("B")[:size]) // 8
                    except (OSError, ValueError, OverflowError):
                        break
                    values = window[:count]
                    first = np.flatnonzero(values[:-1] == {marker}[0])
                    for at in first[values[first + 1] == {marker}[1]]:
                        address = offset + 8 * int(at)
                        if not skip[0] <= address < skip[1]:
                            hits.append(address)
        if ctypes.addressof(own) not in hits:
            escapes.append("SCANNER BROKEN: it did not find its own copy")
        found = [h for h in hits if h != ctypes.addressof(own)]
        if found:
            escapes.append(f"found an earlier student's output in memory ({{len(found)}} times)")
        """,
    ),
    Probe(
        "c_reads_the_disk",
        "read the course, the submissions, the outputs and other copies of the course",
        """
        for path in {targets}:
            try:
                if os.path.isdir(path):
                    os.listdir(path)
                else:
                    open(path, "rb").close()
                escapes.append("read " + path)
            except OSError:
                pass
        import time
        names = {notebook_names}
        stop = time.monotonic() + 10
        for top in ("/",):
            for folder, dirs, files in os.walk(top):
                if time.monotonic() > stop:
                    break
                dirs[:] = [d for d in dirs if os.path.join(folder, d) not in ("/proc", "/sys")]
                for name in files:
                    if name in names or name in ("hidden_tests.py", "series.toml"):
                        escapes.append("found " + os.path.join(folder, name))
        for folder in ("/home", "/root", "/srv", "/work", "/opt", "/var", "/mnt", "/media"):
            try:
                entries = os.listdir(folder)
            except OSError:
                continue
            python = [e for e in entries if os.path.join(folder, e) in {python_paths}]
            if set(entries) - set(python):
                escapes.append(f"listed {{folder}}")
        try:
            open("/selftest-planted", "w").close()
            escapes.append("wrote outside its folder")
        except OSError:
            pass
        try:
            open({out!r} + "/planted.txt", "w").close()
            escapes.append("wrote into the outputs")
        except OSError:
            pass
        """,
    ),
    Probe(
        "d_reads_the_grader",
        "see the grader's processes, command line, environment and keys; signal it",
        """
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
        if [p for p in pids if p != "1"]:
            escapes.append(f"saw {{len(pids)}} processes")
        for pid in pids:
            for what in ("cmdline", "environ"):
                try:
                    with open(f"/proc/{{pid}}/{{what}}", "rb") as handle:
                        if {secret!r}.encode() in handle.read():
                            escapes.append(f"read the secret in /proc/{{pid}}/{{what}}")
                except OSError:
                    pass
        if any({secret!r} in value for value in os.environ.values()):
            escapes.append("read the secret in its environment")
        import ctypes
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.syscall.restype = ctypes.c_long
        key = libc.syscall(ctypes.c_long({keyctl}), ctypes.c_long(10), ctypes.c_long(-3),
                           b"user", {keyring_secret!r}.encode(), ctypes.c_long(0))
        if key >= 0:
            escapes.append("found the grader's key in its session keyring")
        try:
            with open("/proc/keys") as keys:
                if {keyring_secret!r} in keys.read():
                    escapes.append("listed the grader's key in /proc/keys")
        except OSError:
            pass
        for pid in {grader_pids}:
            try:
                os.kill(pid, 0)
                if pid != os.getpid():
                    escapes.append(f"could signal process {{pid}}")
            except OSError:
                pass
        """,
    ),
    Probe(
        "e_reaches_the_network",
        "connect to the host's loopback and an abstract socket",
        """
        import socket
        # Only the listener the self-test made: the control run must not send anything off the
        # machine. With no network device at all, no other address is reachable either.
        try:
            socket.create_connection(("127.0.0.1", {port}), timeout=1).close()
            escapes.append("connected to the host's loopback")
        except OSError:
            pass
        if [name for _, name in socket.if_nameindex() if name != "lo"]:
            escapes.append("has a network device besides loopback")
        try:
            client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            client.connect({abstract!r})
            escapes.append("connected to the host's abstract socket")
        except OSError:
            pass
        """,
    ),
    Probe(
        "g_gains_privileges",
        "gain privileges: a user namespace, another user id, a capability",
        """
        import ctypes
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        if libc.unshare(0x10000000) == 0:  # CLONE_NEWUSER
            escapes.append("created a user namespace")
        try:
            os.setuid(0)
            if os.getuid() == 0:
                escapes.append("became root")
        except OSError:
            pass
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(("CapEff:", "CapPrm:")) and int(line.split()[1], 16):
                    escapes.append(line.split(":")[0] + " " + line.split()[1])
        """,
    ),
    Probe(
        "f_finds_the_answers",
        "find the reference solutions or hidden cases in its own process",
        """
        import gc, linecache, sys
        if any("<reference" in str(key) for key in linecache.cache):
            escapes.append("reference source in linecache")
        for thing in gc.get_objects():
            code = getattr(thing, "__code__", None)
            if code is not None and "reference" in code.co_filename:
                escapes.append("a reference function in memory")
                break
        for name in list(sys.modules):
            if name.startswith(("assignments", "autograder.hidden", "autograder.reference")):
                escapes.append("module " + name)
        """,
        escapes_unisolated=False,  # by design, not by isolation: nothing of it is ever sent
    ),
]


MARKING = """
def {function}(*args, **kwargs):
    import numpy as np

    global _left
    if "_left" not in globals():
{body}
        _left = True
    return np.array({marker} * 8)  # its outputs carry the marker, as a result frame would
"""

TEMPLATE = """
def {function}(*args, **kwargs):
    import json
    import os

    global _report
    if "_report" not in globals():
        escapes = []
        try:
{body}
        except Exception as error:  # a probe that breaks is reported, not hidden
            escapes.append(f"probe error {{type(error).__name__}}: {{error}}")
        _report = json.dumps(escapes)
    raise RuntimeError("{report}" + _report)
"""


def probe_cell(probe: Probe, function: str, fields: dict) -> str:
    if probe.student.startswith("a_"):  # it leaves markers, and returns one as its output
        body = textwrap.indent(textwrap.dedent(probe.body).format(**fields).strip("\n"), " " * 8)
        body = "        import os\n" + body
        return MARKING.format(function=function, body=body, marker=fields["marker"])
    body = textwrap.indent(textwrap.dedent(probe.body).format(**fields).strip("\n"), " " * 12)
    return TEMPLATE.format(function=function, body=body, report=REPORT)


def _release_notebook(assignment: course.Assignment) -> nbformat.NotebookNode:
    path = REPO_ROOT / "release" / assignment.id / assignment.notebook_name
    return nbformat.read(path, as_version=4)


def plant_course_copies(scratch: Path) -> list[Path]:
    """Copies of the course where a careless instructor leaves them: a backup in a temporary
    folder, one in the home folder and one in /srv where we may write. Removed afterwards."""
    places = [scratch / "course-backup", Path.home() / ".selftest-course-copy"]
    if os.access("/srv", os.W_OK):
        places.append(Path("/srv/selftest-course-copy"))
    planted = []
    for place in places:
        try:
            shutil.copytree(REPO_ROOT / "source", place / "source")
            shutil.copytree(REPO_ROOT / "assignments", place / "assignments")
            planted.append(place)
        except OSError:
            shutil.rmtree(place, ignore_errors=True)
    return planted


def run(control: bool = False, timeout: float = 30.0, keep: Path | None = None) -> list[dict]:
    """Grade the probes; one dict per probe: student, attempt, escapes (list of str)."""
    assignment = course.series()[0]
    function = assignment.exercise_names[0]
    scratch = Path(tempfile.mkdtemp(prefix="selftest-"))
    os.chmod(scratch, 0o755)
    submissions = scratch / f"submitted-{SECRET}"
    out = keep or scratch / "out"
    listener = socket.create_server(("127.0.0.1", 0))
    abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    abstract.bind(f"\0selftest-{os.getpid()}")
    abstract.listen()
    planted = plant_course_copies(scratch)
    try:
        targets = [
            str(REPO_ROOT / "notebooks" / "series.toml"),
            str(REPO_ROOT / "public_tests.py"),
            str(submissions),
            str(out),
            *[str(p / "source") for p in planted],
        ]
        fields = {
            "marker": MARKER,
            "shm_key": SHM_KEY,
            "targets": targets,
            "notebook_names": sorted(a.notebook_name for a in course.series()),
            "python_paths": sorted(_python_path_prefixes(isolation.python_folders())),
            "out": str(out),
            "secret": SECRET,
            "grader_pids": [os.getpid(), os.getppid()],
            "port": listener.getsockname()[1],
            "abstract": f"\0selftest-{os.getpid()}",
            "add_key": KEY_SYSCALLS[0],
            "keyctl": KEY_SYSCALLS[2],
            "keyring_secret": KEYRING_SECRET,
        }
        for probe in PROBES:
            notebook = _release_notebook(assignment)
            for cell in notebook.cells:
                if cell.metadata.get("nbgrader", {}).get("grade_id") == function:
                    cell.source = probe_cell(probe, function, fields)
            folder = submissions / probe.student / assignment.id
            folder.mkdir(parents=True)
            nbformat.write(notebook, folder / assignment.notebook_name)
        command = [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            str(submissions),
            "--out",
            str(out),
            "--workers",
            "1",
            "--timeout",
            str(timeout),
            "--assignment",
            assignment.id,
        ]
        if control:
            command.append("--no-sandbox")
        environment = {**os.environ, "SELFTEST_SECRET": SECRET}
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=environment,
            preexec_fn=_session_keyring_with_a_secret,  # this process has no other threads
        )
        if done.returncode not in (0, 1):
            raise RuntimeError(f"the grader failed:\n{done.stdout}{done.stderr}")
        with open(out / "exercises.csv", newline="", encoding="utf-8") as handle:
            rows = [r for r in csv.DictReader(handle) if r["exercise"] == function]
        messages = {row["student_id"]: row["message"] for row in rows}
        results = []
        for probe in PROBES:
            message = messages.get(probe.student, "")
            if probe.student.startswith("a_"):  # it reports nothing: it returned its marker
                results.append({"student": probe.student, "attempt": probe.attempt, "escapes": []})
                continue
            if REPORT in message:
                text = message.rsplit(REPORT, 1)[1].split("\n", 1)[0]
                try:
                    escapes = json.loads(text)
                except ValueError:
                    escapes = [f"unreadable report: {text[:200]}"]
            else:
                escapes = [f"no report: {message[:300]}"]
            results.append({"student": probe.student, "attempt": probe.attempt, "escapes": escapes})
        if (out / "planted.txt").exists():
            results[2]["escapes"].append("planted.txt exists in the outputs")
        return results
    finally:
        listener.close()
        abstract.close()
        for place in planted:
            shutil.rmtree(place, ignore_errors=True)
        if keep is None:
            shutil.rmtree(scratch, ignore_errors=True)


def _session_keyring_with_a_secret() -> None:
    """In the grader's process, before it starts: a session keyring of its own (as a login
    has), holding a key that stands for the instructor's tokens. Nothing of the instructor's
    own keyrings is touched."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    add_key, _, keyctl = (ctypes.c_long(n) for n in KEY_SYSCALLS)
    if libc.syscall(keyctl, ctypes.c_long(1), ctypes.c_void_p(None)) < 0:  # join a new one
        return  # no keyrings here: nothing for a student to find either
    secret = KEYRING_SECRET.encode()
    libc.syscall(add_key, b"user", secret, secret, ctypes.c_long(len(secret)), ctypes.c_long(-3))


def _python_path_prefixes(folders: list[str]) -> set[str]:
    """Every folder on the way to an allowed Python folder: what a listing may show."""
    prefixes = set()
    for folder in folders:
        parts = folder.strip("/").split("/")
        for depth in range(1, len(parts) + 1):
            prefixes.add("/" + "/".join(parts[:depth]))
    return prefixes


def leftover_processes() -> list[str]:
    """Processes on the host that a probe started (the sleeping one): there must be none."""
    found = []
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if "selftest-marker-process" in command:
            found.append(f"{pid}: {command[:100]}")
    return found


def end_leftover_processes() -> None:
    """End what a run without isolation (``--control``) leaves behind."""
    import signal

    for line in leftover_processes():
        try:
            os.kill(int(line.split(":")[0]), signal.SIGKILL)
        except OSError:
            pass


def shared_memory_left() -> bool:
    """Whether the probe's System V segment exists in the host's IPC namespace."""
    try:
        with open("/proc/sysvipc/shm", encoding="utf-8") as table:
            next(table)
            return any(int(line.split()[0]) == SHM_KEY for line in table if line.strip())
    except OSError:
        return False


def remove_shared_memory() -> None:
    """Remove the probe's segment from the host, where a run without isolation leaves it."""
    import ctypes

    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    segment = libc.shmget(SHM_KEY, 0, 0)
    if segment >= 0:
        libc.shmctl(segment, 0, None)  # IPC_RMID


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder selftest", description=__doc__)
    parser.add_argument("--control", action="store_true", help="run the probes unisolated")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per probe")
    args = parser.parse_args(argv)
    remove_shared_memory()
    end_leftover_processes()
    results = run(control=args.control, timeout=args.timeout)
    if shared_memory_left():
        results[0]["escapes"].append("its shared memory segment outlived the grader")
        remove_shared_memory()
    left = leftover_processes()
    if left:
        results[0]["escapes"].append(f"its process outlived the grader: {left}")
        end_leftover_processes()
    width = max(len(r["attempt"]) for r in results)
    print(f"{'what a student tried':{width}}  result")
    for result in results:
        verdict = "escaped: " + "; ".join(result["escapes"]) if result["escapes"] else "held"
        print(f"{result['attempt']:{width}}  {verdict}")
    if args.control:
        expected = [p.student for p in PROBES if p.escapes_unisolated]
        toothless = [r["student"] for r in results if r["student"] in expected and not r["escapes"]]
        print("\ncontrol run without isolation: these probes must escape to show they work")
        print("every probe that should escape did" if not toothless else f"toothless: {toothless}")
        return 0 if not toothless else 1
    held = not any(r["escapes"] for r in results)
    print("\nevery probe held" if held else "\nSOME PROBES ESCAPED: see above")
    return 0 if held else 1
