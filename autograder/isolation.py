"""What a student's process can see and touch, for a grader running as root or as anyone else.

Two layers, both built on kernel namespaces:

1. **The sandbox** (host side, ``sandbox_command``): the fork server runs under bubblewrap with an
   allow-list file system: the system's shared libraries, the Python runtime and the installed
   packages read-only, a few device nodes, a fresh ``/proc``, and nothing else of the host (no
   ``/home``, ``/root``, ``/srv``, ``/work``, no course, no submissions, no outputs, wherever
   they are). It has its own PID, IPC, network, UTS and mount namespaces; as an ordinary user
   also its own user namespace.
2. **Each exercise process** (inside the sandbox, ``confine_child``): before any student code
   runs, the child gets fresh PID, IPC, network, UTS and mount namespaces of its own (it is PID 1
   of its namespace, so when it ends the kernel ends everything it started), a private empty
   ``/tmp`` and ``/dev/shm`` with a size cap, every other mount read-only, resource limits, and no
   privileges: as root it becomes a user id of its own that no account has; as an ordinary user
   it drops every capability.

The in-sandbox half imports nothing from the repository (it runs where the repository does not
exist) and talks to the kernel through ctypes; the host half runs in the grader.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import re
import shutil
import sys
import sysconfig

# Namespaces and mount flags (linux/sched.h, linux/mount.h).
CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 4, 24, 38
CAP_LAST = 63

# What the fork server keeps, to give each child namespaces, a user id of its own (as root), and
# an empty bounding set; each child drops all of them before student code runs.
SANDBOX_CAPABILITIES = ("CAP_SYS_ADMIN", "CAP_SETUID", "CAP_SETGID", "CAP_KILL", "CAP_SETPCAP")
CHILD_UID_BASE = 2_000_000_000  # as root, a child's user id is above every account's
KEY_LISTINGS = ("/proc/keys", "/proc/key-users")
PRIVATE_MOUNTS = ("/tmp", "/dev/shm")  # the only writable places of a child, fresh each time
MODES = ("root", "user", "none")


# ---------------------------------------------------------------------------------------------
# Host side: the bubblewrap command line
# ---------------------------------------------------------------------------------------------


class Unavailable(RuntimeError):
    """Isolation cannot be set up on this machine; the message says why and what to do."""


def mode() -> str:
    """``root`` (a container, CI) or ``user`` (a laptop, JupyterHub): what the grader runs as."""
    return "root" if os.geteuid() == 0 else "user"


def bwrap() -> str:
    path = shutil.which("bwrap")
    if path is None:
        raise Unavailable(
            "bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap; Fedora: "
            "dnf install bubblewrap)"
        )
    return path


def python_folders() -> list[str]:
    """The files and folders a sandboxed Python needs to read: the interpreter, its standard
    library and shared library, the installed packages, and the virtual environment. Not the
    installation's whole prefix: with the system's Python that is ``/usr``, and a course
    under ``/usr/local/src`` would be visible. Nothing else of ``sys.path`` is included: the
    repository, the current folder and ``PYTHONPATH`` entries stay out."""
    paths = sysconfig.get_paths()
    base = sysconfig.get_paths(vars={"base": sys.base_prefix, "platbase": sys.base_exec_prefix})
    wanted = [
        *_interpreter_folders(),
        paths["stdlib"],
        paths["platstdlib"],
        paths["purelib"],
        paths["platlib"],
        base["purelib"],
        base["platlib"],
    ]
    if sys.prefix != sys.base_prefix:
        wanted.append(sys.prefix)  # a virtual environment: its pyvenv.cfg, bin/ and packages
    library = sysconfig.get_config_var("LDLIBRARY") or ""
    libdir = sysconfig.get_config_var("LIBDIR") or ""
    if sysconfig.get_config_var("Py_ENABLE_SHARED") and library and libdir:
        wanted.append(os.path.join(libdir, library))
    return _covering([os.path.realpath(p) for p in wanted if p and os.path.exists(p)])


SYSTEM_LIBRARIES = [p for p in ("/usr/lib", "/usr/lib64", "/usr/lib32", "/usr/libx32")]


def _interpreter_folders() -> list[str]:
    """The folders of every link on the way from ``sys.executable`` to the interpreter
    (``.venv/bin/python`` -> ``python3`` -> ``python3.11``), so that each link resolves."""
    folders, path = [], sys.executable
    for _ in range(40):
        folders.append(os.path.dirname(os.path.abspath(path)))
        if not os.path.islink(path):
            break
        path = os.path.join(os.path.dirname(path), os.readlink(path))
    return folders


def _covering(paths: list[str]) -> list[str]:
    """The existing folders and files, without those inside a folder of the list: one bind
    covers them."""
    existing = {p for p in paths if os.path.exists(p) and not os.path.islink(p)}
    kept: list[str] = []
    for path in sorted(existing):
        if not any(path.startswith(k.rstrip("/") + "/") for k in kept if os.path.isdir(k)):
            kept.append(path)
    return kept


def _top_level_entries() -> list[list[str]]:
    """``/bin``, ``/lib`` and friends as the host has them: symbolic links into ``/usr`` on a
    merged-usr system, real folders elsewhere."""
    arguments = []
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = f"/{name}"
        if os.path.islink(path):
            arguments.append(["--symlink", os.readlink(path), path])
        elif os.path.isdir(path):
            arguments.append(["--ro-bind", path, path])
    return arguments


# A seccomp filter that refuses to create user namespaces (unshare and clone with
# CLONE_NEWUSER; clone3, whose flags a classic filter cannot read, says ENOSYS and the C library
# falls back to clone). In a new user namespace an unprivileged process holds every capability
# over the namespaces it makes next; nothing in the sandbox needs that, so nobody gets it. It
# also refuses memfd_create and shmget: their memory counts against no process's RLIMIT_AS.
#
# And the kernel's keyrings, which no namespace separates: a session keyring is shared by every
# process of a login (and the grader's holds the instructor's tokens), a user keyring by every
# process of a user id (an ordinary user's children all have the same one). add_key and
# request_key are refused; keyctl is allowed for one thing only, joining a new anonymous session
# keyring (no name: a named one could be joined again by the next child), which the fork server
# and each child do before student code runs.
SYSCALLS = {  # machine: (audit architecture, unshare, clone, clone3, memfd_create, shmget,
    #                      add_key, request_key, keyctl)
    "x86_64": (0xC000003E, 272, 56, 435, 319, 29, 248, 249, 250),
    "aarch64": (0xC00000B7, 97, 220, 435, 279, 194, 217, 218, 219),
}
CLONE_NEWUSER = 0x10000000
KEYCTL_JOIN_SESSION_KEYRING = 1


def key_syscalls() -> tuple[int, int, int] | None:
    """add_key, request_key and keyctl on this machine (None where no filter is written)."""
    import platform

    numbers = SYSCALLS.get(platform.machine())
    return numbers[6:9] if numbers else None


def seccomp_filter() -> bytes:
    """The compiled classic-BPF program, in the form ``bwrap --seccomp FD`` reads."""
    import platform
    import struct

    machine = platform.machine()
    if machine not in SYSCALLS:
        raise Unavailable(f"no seccomp filter is written for {machine} yet")
    arch, unshare, clone, clone3, memfd_create, shmget = SYSCALLS[machine][:6]
    add_key, request_key, keyctl = key_syscalls()
    allow, kill = 0x7FFF0000, 0x80000000  # SECCOMP_RET_ALLOW, SECCOMP_RET_KILL_PROCESS
    eperm, enosys = 0x00050000 | 1, 0x00050000 | 38  # SECCOMP_RET_ERRNO | errno

    def statement(code, k):
        return struct.pack("=HBBI", code, 0, 0, k)

    def jump(code, k, true, false):
        return struct.pack("=HBBI", code, true, false, k)

    load, jeq, jset, ret = 0x20, 0x15, 0x45, 0x06  # BPF_LD|W|ABS, JMP|JEQ|K, JMP|JSET|K, RET|K
    program = [
        statement(load, 4),  # seccomp_data.arch
        jump(jeq, arch, 1, 0),
        statement(ret, kill),
        statement(load, 0),  # seccomp_data.nr
        jump(0x35, 0x40000000, 0, 1),  # JGE: an x32 system call number
        statement(ret, kill),
        jump(jeq, clone3, 0, 1),
        statement(ret, enosys),
        # Memory that no per-process limit counts: anonymous files and System V segments.
        jump(jeq, memfd_create, 1, 0),
        jump(jeq, shmget, 0, 1),
        statement(ret, eperm),
        # Keyrings: refuse all but keyctl(KEYCTL_JOIN_SESSION_KEYRING, NULL).
        jump(jeq, add_key, 1, 0),
        jump(jeq, request_key, 0, 1),
        statement(ret, eperm),
        jump(jeq, keyctl, 0, 10),  # not keyctl: past the 10 statements of this check
        statement(load, 16),  # the first argument, low half then high half
        jump(jeq, KEYCTL_JOIN_SESSION_KEYRING, 0, 6),
        statement(load, 20),
        jump(jeq, 0, 0, 4),
        statement(load, 24),  # the second argument (the name): NULL
        jump(jeq, 0, 0, 2),
        statement(load, 28),
        jump(jeq, 0, 1, 0),
        statement(ret, eperm),
        statement(ret, allow),
        jump(jeq, unshare, 1, 0),
        jump(jeq, clone, 0, 3),
        statement(load, 16),  # the low half of the first argument: the flags
        jump(jset, CLONE_NEWUSER, 0, 1),
        statement(ret, eperm),
        statement(ret, allow),
    ]
    return b"".join(program)


def _parents(folder: str, made: set[str]) -> list[str]:
    """Folders on the way to a bind target, created traversable: bubblewrap would otherwise
    make them 0700, and as root the children (other user ids) could not reach Python."""
    arguments = []
    parts = folder.strip("/").split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        parent = "/" + "/".join(parts[:depth])
        if parent not in made:
            made.add(parent)
            arguments += ["--perms", "0755", "--dir", parent]
    return arguments


def hidden_inside(folders: list[str], secrets: list[str]) -> list[str]:
    """The secret folders (the course, its packages if installed into the environment, the
    submissions, the outputs) that an allowed folder would otherwise show. ``Unavailable`` if a
    secret is an allowed folder itself, or holds one: hiding it would hide Python too."""
    shown = []
    for secret in secrets:
        real = os.path.realpath(secret)
        for folder in folders:
            if real == folder:
                raise Unavailable(
                    f"{real} is where this Python lives, so the sandbox cannot hide it from "
                    f"student code: install the virtual environment outside the course"
                )
            if real.startswith(folder.rstrip("/") + "/"):
                shown.append(real)
    return sorted(set(shown))


def sandbox_command(
    run_as: str, secrets: list[str] = (), seccomp_fd: int | None = None
) -> list[str]:
    """The bubblewrap command that starts a Python process in the allow-list sandbox.

    ``run_as``: ``root`` keeps the real root user (with only the capabilities the fork server
    needs to give each child its namespaces and a user id of its own); ``user`` adds a user
    namespace, inside which an ordinary user holds those same capabilities.
    ``secrets``: folders to cover with an empty folder if an allowed folder contains them.
    ``seccomp_fd``: a descriptor holding ``seccomp_filter()``, loaded for everything inside."""
    folders = python_folders()
    command = [bwrap(), "--die-with-parent", "--new-session"]
    # --as-pid-1: the fork server is PID 1 itself, with no init of bubblewrap's between it and
    # us. Such an init exits without passing on the CPU time of what it reaped, so the grader's
    # own accounting (and benchmarks/grading_cost.py) would miss every child's time.
    command += ["--unshare-ipc", "--unshare-pid", "--as-pid-1", "--unshare-net", "--unshare-uts"]
    command += ["--unshare-cgroup-try"]
    if run_as == "user":
        command += ["--unshare-user"]
    for entry in _top_level_entries():
        command += entry
    if os.path.exists("/etc/ld.so.cache"):
        command += ["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    # The private folders first, so that a Python that lives under one (a course checked out
    # under /tmp) is bound on top of it rather than covered by it.
    command += ["--tmpfs", "/tmp", "--dir", "/dev/shm"]
    made: set[str] = {"/tmp", "/dev", "/dev/shm"}
    for folder in _covering(SYSTEM_LIBRARIES + folders):
        command += _parents(folder, made) + ["--ro-bind", folder, folder]
    for secret in hidden_inside(folders, list(secrets)):
        command += ["--tmpfs", secret, "--remount-ro", secret]
    for device in ("null", "zero", "random", "urandom"):
        command += ["--dev-bind", f"/dev/{device}", f"/dev/{device}"]
    command += ["--symlink", "/proc/self/fd", "/dev/fd"]
    for number, name in enumerate(("stdin", "stdout", "stderr")):
        command += ["--symlink", f"/proc/self/fd/{number}", f"/dev/{name}"]
    command += ["--proc", "/proc"]
    command += ["--remount-ro", "/", "--chdir", "/tmp", "--clearenv"]
    command += ["--cap-drop", "ALL"]
    for capability in SANDBOX_CAPABILITIES:
        command += ["--cap-add", capability]
    if seccomp_fd is not None:
        command += ["--seccomp", str(seccomp_fd)]
    return command


# ---------------------------------------------------------------------------------------------
# Inside the sandbox: the fork server and each child
# ---------------------------------------------------------------------------------------------


def _libc():
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    text = ctypes.c_char_p
    libc.mount.argtypes = [text, text, text, ctypes.c_ulong, text]
    libc.unshare.argtypes = [ctypes.c_int]
    libc.setns.argtypes = [ctypes.c_int, ctypes.c_int]
    libc.prctl.argtypes = [ctypes.c_int, *[ctypes.c_ulong] * 4]
    libc.syscall.restype = ctypes.c_long
    return libc


class ConfinementError(OSError):
    """A step of the confinement failed: the child must not run student code."""


def _check(result: int, what: str) -> None:
    if result != 0:
        raise ConfinementError(f"{what}: {os.strerror(ctypes.get_errno())}")


def _mount(libc, source, target, fstype, flags, data=None) -> int:
    def c(value):
        return None if value is None else os.fsencode(value)

    return libc.mount(c(source), c(target), c(fstype), flags, c(data))


MOUNT_FLAGS = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC}


def _mount_points() -> list[tuple[str, int]]:
    """Each mount point of this namespace with the flags a read-only remount must keep."""
    points = []
    with open("/proc/self/mountinfo", encoding="utf-8") as table:
        for line in table:
            fields = line.split()
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
            flags = sum(MOUNT_FLAGS.get(option, 0) for option in fields[5].split(","))
            points.append((point, flags))
    return points


class ForkServer:
    """The fork server's own state: it makes a fresh PID namespace for each child it forks."""

    def __init__(self, run_as: str):
        self.run_as = run_as
        self.carried = under_private_mounts(python_folders())
        self.libc = _libc() if run_as != "none" else None
        self.pid_namespace = None
        if self.libc is not None:
            # Nothing in this process is worth reading, but no child may try: not dumpable
            # means no /proc/<pid>/mem, environ or ptrace for anyone without privileges.
            self.libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
            self.pid_namespace = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
            new_session_keyring(self.libc)

    def before_fork(self) -> None:
        """Make the next child PID 1 of a new PID namespace (only children move into it)."""
        if self.libc is None:
            return
        _check(self.libc.setns(self.pid_namespace, CLONE_NEWPID), "reset the PID namespace")
        _check(self.libc.unshare(CLONE_NEWPID), "new PID namespace")

    def after_fork(self) -> None:
        if self.libc is not None:
            _check(self.libc.setns(self.pid_namespace, CLONE_NEWPID), "reset the PID namespace")

    def close_in_child(self) -> None:
        if self.pid_namespace is not None:
            os.close(self.pid_namespace)


def new_session_keyring(libc) -> None:
    """Leave the grader's session keyring (the instructor's tokens) for an empty anonymous one.
    A kernel without keyrings, or a container that refuses keyctl, leaves nothing to reach."""
    numbers = key_syscalls()
    if numbers is None:
        raise ConfinementError("no keyctl system call number is known for this machine")
    keyctl = numbers[2]
    long = ctypes.c_long  # whole registers: the filter reads both halves of each argument
    if libc.syscall(long(keyctl), long(KEYCTL_JOIN_SESSION_KEYRING), ctypes.c_void_p(None)) < 0:
        error = ctypes.get_errno()
        if error not in (errno.ENOSYS, errno.EPERM, errno.EACCES):
            raise ConfinementError(f"a session keyring of its own: {os.strerror(error)}")


def under_private_mounts(folders: list[str]) -> dict[str, list[str]]:
    """The Python folders that lie under a child's private folders, by private folder."""
    return {
        private: [f for f in folders if f.startswith(private + "/")] for private in PRIVATE_MOUNTS
    }


OPEN_TREE, MOVE_MOUNT = 428, 429  # the same number on every architecture (Linux 5.2)
OPEN_TREE_CLONE, AT_RECURSIVE = 1, 0x8000
MOVE_MOUNT_F_EMPTY_PATH, MOVE_MOUNT_T_EMPTY_PATH = 0x4, 0x40
AT_FDCWD = -100


def _private_folder(libc, folder: str, owner: int, options: str, keep: list[str]) -> None:
    """A fresh tmpfs on ``folder``, with the Python folders in ``keep`` (which lie under it)
    carried over: each is detached as a copy of its mount before the tmpfs covers it, and
    moved back onto a folder of the same name inside."""
    detached = []
    for path in keep:
        fd = libc.syscall(
            ctypes.c_long(OPEN_TREE),
            ctypes.c_long(AT_FDCWD),
            os.fsencode(path),
            ctypes.c_long(OPEN_TREE_CLONE | AT_RECURSIVE | os.O_CLOEXEC),
        )
        _check(0 if fd >= 0 else -1, f"keep {path} under a private {folder}")
        detached.append((path, fd))
    _check(
        _mount(libc, "tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, options),
        f"a private {folder}",
    )
    for path, fd in detached:
        # As the folder's owner: the sandbox's root has no right to write into a folder of
        # another user's (it keeps no CAP_DAC_OVERRIDE), and the tmpfs belongs to the child.
        # The mount is then moved onto that folder by descriptor, with no path to look up.
        euid = os.geteuid()
        os.seteuid(owner)
        try:
            os.makedirs(path, mode=0o755, exist_ok=True)
            target = os.open(path, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
        finally:
            os.seteuid(euid)
        moved = libc.syscall(
            ctypes.c_long(MOVE_MOUNT),
            ctypes.c_long(fd),
            b"",
            ctypes.c_long(target),
            b"",
            ctypes.c_long(MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH),
        )
        os.close(fd)
        os.close(target)
        _check(0 if moved == 0 else -1, f"keep {path} under a private {folder}")


def confine_child(
    run_as: str, uid: int, limits: dict, carried: dict[str, list[str]] | None = None
) -> None:
    """In a freshly forked child, before student code: namespaces, mounts, limits, privileges.

    ``carried``: the Python folders under each private folder, carried over into it.
    Raises ConfinementError if any step fails; the caller must then exit without running
    student code."""
    libc = None
    if run_as != "none":
        libc = _libc()
        flags = CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWUTS
        _check(libc.unshare(flags), "new mount, IPC, network and UTS namespaces")
        _check(_mount(libc, None, "/", None, MS_REC | MS_PRIVATE), "private mounts")
        _check(
            _mount(libc, "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC),
            "a /proc of its own",
        )
        for listing in KEY_LISTINGS:  # the keys its user id may view: the grader's own, as a user
            if os.path.exists(listing):
                _check(_mount(libc, "/dev/null", listing, None, MS_BIND), f"an empty {listing}")
        owner = uid if run_as == "root" else os.getuid()
        size = int(limits["disk"])
        for folder in PRIVATE_MOUNTS:
            options = f"size={size},nr_inodes=4096,mode=0700,uid={owner},gid={owner}"
            _private_folder(libc, folder, owner, options, (carried or {}).get(folder, []))
        for point, kept in _mount_points():
            if point in PRIVATE_MOUNTS or point == "/proc" or point.startswith("/proc/"):
                continue
            if point.startswith(tuple(f"{private}/" for private in PRIVATE_MOUNTS)):
                continue  # a Python folder carried over: read-only binds, copied as they were
            if _mount(libc, None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept) != 0:
                raise ConfinementError(f"read-only {point}: {os.strerror(ctypes.get_errno())}")
    _limit(limits, run_as)
    if run_as != "none":
        new_session_keyring(libc)  # not the fork server's: nothing of another child's either
        _drop_bounding_set(libc)
    if run_as == "root":
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)  # drops the effective and permitted capabilities
        _drop_capabilities(libc)  # and the inheritable ones: the child is nobody in particular
    elif run_as == "user":
        _drop_capabilities(libc)
    if run_as != "none":
        libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # its own /proc/self is its own to read
        _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no new privileges")
        if _capabilities_left():
            raise ConfinementError("capabilities are left after dropping them")
    os.chdir("/tmp" if run_as != "none" else os.getcwd())


def _limit(limits: dict, run_as: str) -> None:
    import resource

    with open("/proc/self/statm") as statm:
        in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    memory = in_use + int(limits["memory"])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    seconds = int(float(limits["timeout"])) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limits["disk"]), int(limits["disk"])))
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
    if run_as != "none":
        count = int(limits["processes"])
        resource.setrlimit(resource.RLIMIT_NPROC, (count, count))


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _drop_bounding_set(libc) -> None:
    """No capability can ever come back, whatever the process executes."""
    for capability in range(CAP_LAST + 1):
        libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0)  # EINVAL past the kernel's last one


def _drop_capabilities(libc) -> None:
    """Empty the effective, permitted and inheritable sets."""
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    _check(libc.capset(ctypes.byref(header), data), "drop capabilities")


def _capabilities_left() -> bool:
    with open("/proc/self/status", encoding="utf-8") as status:
        for line in status:
            capability_sets = ("CapEff:", "CapPrm:", "CapInh:", "CapBnd:", "CapAmb:")
            if line.startswith(capability_sets) and int(line.split()[1], 16):
                return True
    return False


def report() -> dict:
    """What the fork server sees of itself: shown by the self-test and the summary line."""
    visible = sorted(os.listdir("/"))
    return {"root_entries": visible, "pid": os.getpid(), "uid": os.getuid()}
