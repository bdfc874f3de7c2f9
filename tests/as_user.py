"""Run a command as another, unprivileged user, for the tests that grade as an ordinary user.

    python -m tests.as_user --uid UID --gid GID --reach PATH... -- COMMAND...

Run as root (the tests do, in CI). The command sees the machine as that user would, with one
exception made in a mount namespace of its own, never on the host: folders that the user may not
enter on the way to a ``--reach`` path (this machine's Python lives under ``/root``, mode 700)
are covered by an empty folder into which only the entries leading to those paths are bound
back. Nothing in the checkout or on the host is loosened, and everything else under a covered
folder disappears for the command.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import os
import sys

CLONE_NEWNS = 0x00020000
MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 2, 4, 4096, 16384, 1 << 18


def _libc():
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p]
    return libc


def _mount(libc, source, target, fstype, flags, data=None) -> None:
    def c(value):
        return None if value is None else os.fsencode(value)

    if libc.mount(c(source), c(target), c(fstype), flags, c(data)) != 0:
        raise OSError(ctypes.get_errno(), f"mount {target}: {os.strerror(ctypes.get_errno())}")


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


def open_up(libc, paths: list[str]) -> None:
    for _ in range(16):
        blocked = sorted({b for b in map(_blocked, paths) if b})
        if not blocked:
            return
        folder = blocked[0]
        names = {p[len(folder) :].strip("/").split("/")[0] for p in paths if _inside(p, folder)}
        if "" in names:
            raise SystemExit(f"{folder} itself is needed but closed to other users")
        handles = {name: os.open(os.path.join(folder, name), os.O_PATH) for name in names}
        try:
            _mount(libc, "tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755")
            for name, handle in handles.items():
                target = os.path.join(folder, name)
                if os.path.isdir(f"/proc/self/fd/{handle}"):
                    os.mkdir(target)
                else:
                    open(target, "w").close()
                _mount(libc, f"/proc/self/fd/{handle}", target, None, MS_BIND | MS_REC)
        finally:
            for handle in handles.values():
                os.close(handle)
    raise SystemExit(f"could not open the way to {paths}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.as_user")
    parser.add_argument("--uid", type=int, required=True)
    parser.add_argument("--gid", type=int, required=True)
    parser.add_argument("--reach", action="append", default=[])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    libc = _libc()
    if libc.unshare(CLONE_NEWNS) != 0:
        raise SystemExit(f"unshare: {os.strerror(ctypes.get_errno())}")
    _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)
    open_up(libc, [os.path.realpath(p) for p in args.reach])
    os.setgroups([])
    os.setgid(args.gid)
    os.setuid(args.uid)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
