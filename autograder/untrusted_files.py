"""Reading SUBMISSIONS as untrusted input: no symbolic links, nothing but folders and regular
files, and bounded sizes.

A submission folder is written by students (or by whatever unpacked their uploads), so any entry
may be a symbolic link to the course's source notebook, to another student's folder or to
``/proc/kmsg``, a FIFO that blocks whoever opens it, or a device. Every step here works on file
descriptors opened with ``O_NOFOLLOW`` relative to the folder above (``openat``), so a link is
never followed even if it is swapped in while we look, and a file is only read after ``fstat``
says it is a regular file. Anything else is refused with a sentence saying what it is.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

MAX_ENTRIES = 10_000  # entries listed per folder; a student folder holds a handful

KINDS = {
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
    stat.S_IFREG: "a file",
}

LINK, FOLDER, FILE = KINDS[stat.S_IFLNK], KINDS[stat.S_IFDIR], KINDS[stat.S_IFREG]


class Refused(OSError):
    """An entry that is not what it must be; ``str()`` says what it is instead."""


def kind_of(mode: int) -> str:
    return KINDS.get(stat.S_IFMT(mode), "an unknown kind of file")


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str  # one of KINDS' values

    @property
    def is_dir(self) -> bool:
        return self.kind == FOLDER

    @property
    def is_file(self) -> bool:
        return self.kind == FILE


def lkind(name: str, dir_fd: int | None = None) -> str | None:
    """What ``name`` is, without following it; None if it does not exist."""
    try:
        return kind_of(os.lstat(name, dir_fd=dir_fd).st_mode)
    except FileNotFoundError:
        return None


def open_folder(name: str, dir_fd: int | None = None) -> int:
    """A descriptor of the folder ``name``; ``Refused`` if it is anything but a real folder."""
    what = lkind(name, dir_fd)
    if what is None:
        raise FileNotFoundError(name)
    if what != FOLDER:
        raise Refused(what)
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        return os.open(name, flags, dir_fd=dir_fd)
    except (PermissionError, FileNotFoundError):
        raise  # a folder we may not enter: its own, plain message
    except OSError as error:  # replaced by a link or a file since lstat
        raise Refused(lkind(name, dir_fd) or "gone") from error


def list_folder(fd: int) -> list[Entry]:
    """The entries of an open folder, sorted, without following any of them."""
    entries = []
    with os.scandir(fd) as scan:
        for item in scan:
            if len(entries) >= MAX_ENTRIES:
                break
            try:
                mode = item.stat(follow_symlinks=False).st_mode
            except OSError:
                continue
            entries.append(Entry(item.name, kind_of(mode)))
    return sorted(entries, key=lambda entry: entry.name)


def read_regular(name: str, dir_fd: int, limit: int) -> bytes:
    """The bytes of the regular file ``name``, at most ``limit`` of them.

    ``Refused`` if it is a link, a FIFO, a device or anything else; ``OverflowError`` if it is
    larger than ``limit``. ``O_NONBLOCK`` keeps a FIFO swapped in after the check from blocking
    the open."""
    what = lkind(name, dir_fd)
    if what is None:
        raise FileNotFoundError(name)
    if what != FILE:
        raise Refused(what)
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY
    try:
        fd = os.open(name, flags, dir_fd=dir_fd)
    except (PermissionError, FileNotFoundError):
        raise
    except OSError as error:
        raise Refused(lkind(name, dir_fd) or "gone") from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(kind_of(info.st_mode))
        if info.st_size > limit:
            raise OverflowError(info.st_size)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while we read
            raise OverflowError(size)
        return b"".join(chunks)
    finally:
        os.close(fd)
