"""Grading as root and as an ordinary user that the tests create themselves.

Most instructors grade as an ordinary user (a laptop, a JupyterHub server, a CI runner without
root); CI runs as root. Every isolation test therefore runs twice: ``as_grader("root", ...)``
runs a command as it is, ``as_grader("user", ...)`` runs it as a user created for the test
session (``useradd``, removed at the end) through ``tests/as_user.py``, which makes the Python
installation and the checkout reachable for that user without loosening anything on disk.
When the tests themselves run as an ordinary user, "user" is that user and "root" is skipped.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.course import REPO_ROOT

IS_ROOT = os.geteuid() == 0
MODES = ["root", "user"]


@dataclass(frozen=True)
class Grader:
    """Who runs the grader in a test: a name, and the ids a scratch folder must belong to."""

    mode: str
    uid: int
    gid: int
    user: str | None  # the account created for the test, if any


def create_user() -> Grader:
    name = f"agtest{uuid.uuid4().hex[:8]}"
    subprocess.run(
        ["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", "--user-group", name],
        check=True,
        capture_output=True,
    )
    entry = pwd.getpwnam(name)
    return Grader("user", entry.pw_uid, entry.pw_gid, name)


def remove_user(grader: Grader) -> None:
    if grader.user:
        subprocess.run(["userdel", grader.user], capture_output=True)


def grader_for(mode: str, created: dict) -> Grader:
    """The grader of one mode for this session; skip what this machine cannot do."""
    if mode == "root":
        if not IS_ROOT:
            if os.environ.get("CI"):
                pytest.fail("CI runs as root, so that both modes are tested")
            pytest.skip("grading as root needs the tests to run as root")
        return Grader("root", 0, 0, None)
    if not IS_ROOT:
        return Grader("user", os.getuid(), os.getgid(), None)
    if "user" not in created:
        if shutil.which("useradd") is None:
            message = "useradd is not installed: cannot create an unprivileged user"
            if os.environ.get("CI"):
                pytest.fail(f"{message} (CI must grade as an ordinary user too)")
            pytest.skip(message)
        created["user"] = create_user()
    return created["user"]


def scratch_for(grader: Grader) -> Path:
    """A folder the grader can write into and the other tests' user can reach."""
    folder = Path(tempfile.mkdtemp(prefix=f"grading-as-{grader.mode}-", dir="/tmp"))
    os.chmod(folder, 0o755)
    if IS_ROOT:
        os.chown(folder, grader.uid, grader.gid)
    return folder


def give(path: Path, grader: Grader) -> None:
    """Hand a folder the test prepared as root over to the grader's user."""
    if IS_ROOT and grader.mode == "user":
        for item in [path, *path.rglob("*")]:
            os.lchown(item, grader.uid, grader.gid)


def command_as(grader: Grader, command: list[str], reach: list[Path] = ()) -> list[str]:
    if grader.mode == "root" or not IS_ROOT:
        return command
    paths = [sys.prefix, sys.base_prefix, os.path.realpath(sys.executable), REPO_ROOT, *reach]
    launcher = [sys.executable, "-m", "tests.as_user", "--uid", str(grader.uid)]
    launcher += ["--gid", str(grader.gid)]
    for path in paths:
        launcher += ["--reach", str(path)]
    return [*launcher, "--", *command]


def run_as(grader: Grader, command: list[str], scratch: Path, timeout: float = 600, **options):
    """Run ``command`` as the grader, with HOME in its scratch folder and the checkout on the
    import path, and return the finished process."""
    environment = {
        **os.environ,
        "HOME": str(scratch),
        "PYTHONPATH": str(REPO_ROOT),
        "MPLBACKEND": "Agg",
        **options.pop("env", {}),
    }
    return subprocess.run(
        command_as(grader, command, [scratch]),
        capture_output=True,
        text=True,
        env=environment,
        cwd=scratch,
        timeout=timeout,
        **options,
    )
