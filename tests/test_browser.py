"""The release in JupyterLab, in a real browser, as a student first meets it.

A JupyterLab server from the project's environment serves a throwaway copy of the release on
127.0.0.1 (a free port, a token, its own HOME and ``JUPYTER_*`` folders, so nothing of the
user's configuration leaks in, and no ``PYTHONPATH``: the kernel sees only the student's folder).
Headless Chromium (Debian's package, driven by Playwright; never a downloaded browser) opens a
notebook, clicks Run > Run All Cells, and reads what the page shows:

(a) the untouched release: the run stops at exercise 1 with the words of its stub;
(b) the release filled with the reference solutions: every cell runs, every test cell prints its
    "all N cases passed.", no cell shows an error, every figure loads;
(c) a ``conv_forward`` with the stride bug: the test cell's report opens with its hint.

Each check leaves a screenshot in ``out/browser-tests/`` (git-ignored) and prints its path.
Where Playwright or Chromium is missing the checks are skipped, with the reason; with ``CI`` set
they fail instead, so CI cannot pass without running them.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

import public_tests
from autograder import course, zoo
from autograder.course import REPO_ROOT
from coursekit.examples import fill

ASSIGNMENT = course.get(course.assignment_ids()[0])
NOTEBOOK = ASSIGNMENT.notebook_name
RELEASE = REPO_ROOT / "release" / ASSIGNMENT.id
CHROMIUM = Path("/usr/bin/chromium")
# The machine's network is closed: background connections of Chromium would only misbehave.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO_ROOT / "out" / "browser-tests"
# What a student's ``pip install jupyter`` does not bring: nbgrader's and jupytext's extensions
# (installed here for the instructor) are switched off, so the page is the one a student sees.
NOT_A_STUDENTS = {
    "lab": ["@jupyter/nbgrader", "jupyterlab-jupytext"],
    "server": [
        "nbgrader.server_extensions.assignment_list",
        "nbgrader.server_extensions.course_list",
        "nbgrader.server_extensions.formgrader",
        "nbgrader.server_extensions.validate_assignment",
        "jupyterlab_jupytext",
    ],
}
# Run All has finished: the kernel is idle, no cell is queued or running ([*]), and at least one
# cell has run (before the click, no cell has an execution count).
FINISHED = """() => {
    const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
    const prompts = [...document.querySelectorAll('.jp-Notebook .jp-InputPrompt')]
        .map(prompt => prompt.textContent);
    return indicator !== null && indicator.dataset.status === 'idle'
        && !prompts.some(text => text.includes('*'))
        && prompts.some(text => /\\[\\d+\\]/.test(text));
}"""
# Each cell of the notebook as the page shows it, in order.
CELLS = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map(cell => ({
    code: cell.classList.contains('jp-CodeCell'),
    prompt: (cell.querySelector('.jp-InputPrompt') || {textContent: ''}).textContent.trim(),
    outputs: [...cell.querySelectorAll('.jp-OutputArea-output')].map(output => ({
        mime: output.dataset.mimeType || '', text: output.textContent})),
}))"""
ERROR_MIME = "application/vnd.jupyter.stderr"  # how JupyterLab renders a traceback (and stderr)


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -r requirements.txt)"
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM} (on Debian: apt-get install chromium)"
    return None


def require_a_browser() -> None:
    """Skip, saying why, where no browser can run; fail instead in CI (``CI`` set), which must
    never pass without the browser tests."""
    reason = _unavailable()
    if reason and os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests, but {reason}")
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser_available() -> None:
    require_a_browser()


# ---------------------------------------------------------------------------------------------
# A JupyterLab server of the project's environment, isolated from the user's configuration
# ---------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Lab:
    process: subprocess.Popen
    port: int
    token: str
    runtime_dir: Path

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}?token={self.token}"

    def ready(self) -> bool:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/status",
            headers={"Authorization": f"token {self.token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False


def _isolated_environment(home: Path) -> dict[str, str]:
    """A student's environment: the project's Python first on PATH, every Jupyter and IPython
    folder inside ``home``, no PYTHONPATH (the kernel must import public_tests from the
    notebook's own folder, as on a student's machine)."""
    folders = {
        "HOME": home,
        "JUPYTER_CONFIG_DIR": home / "jupyter-config",
        "JUPYTER_DATA_DIR": home / "jupyter-data",
        "JUPYTER_RUNTIME_DIR": home / "jupyter-runtime",
        "JUPYTERLAB_SETTINGS_DIR": home / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": home / "lab-workspaces",
        "IPYTHONDIR": home / "ipython",
        "MPLCONFIGDIR": home / "matplotlib",
    }
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    path = os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"])
    env = {name: str(folder) for name, folder in folders.items()}
    env.update({"PATH": path, "LANG": "C.UTF-8", "JUPYTER_PLATFORM_DIRS": "1"})
    return env


def _configure(env: dict[str, str]) -> None:
    """No news or update check (they would try the network and pop up a notice), and no
    extension a student would not have."""
    config = Path(env["JUPYTER_CONFIG_DIR"])
    (config / "labconfig").mkdir()
    disabled = {"disabledExtensions": {name: True for name in NOT_A_STUDENTS["lab"]}}
    (config / "labconfig" / "page_config.json").write_text(json.dumps(disabled))
    server = {"ServerApp": {"jpserver_extensions": dict.fromkeys(NOT_A_STUDENTS["server"], False)}}
    (config / "jupyter_server_config.json").write_text(json.dumps(server))
    notices = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / "@jupyterlab" / "apputils-extension"
    notices.mkdir(parents=True)
    quiet = {"fetchNews": "false", "checkForUpdates": False}
    (notices / "notification.jupyterlab-settings").write_text(json.dumps(quiet))


def _kernels_left(runtime_dir: Path) -> list[int]:
    """Kernels this server started (their connection file is in its runtime folder) that are
    still running: each is ended by its id."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if "ipykernel" in command and str(runtime_dir) in command:
                found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def lab(browser_available, tmp_path_factory) -> Iterator[Lab]:
    """JupyterLab on a throwaway root holding one copy of the release per check."""
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "root"
    untouched = nbformat.read(RELEASE / NOTEBOOK, as_version=4)
    for folder, notebook in (
        ("untouched", untouched),
        ("solved", fill(untouched, "complete", ASSIGNMENT.id)),
        ("stride_bug", _with_stride_bug(fill(untouched, "complete", ASSIGNMENT.id))),
    ):
        shutil.copytree(RELEASE, root / folder)
        nbformat.write(notebook, root / folder / NOTEBOOK)
    env = _isolated_environment(base / "home")
    _configure(env)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port, token = _free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--allow-root",  # CI runs as root
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    with open(ARTIFACTS / "jupyterlab.log", "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Lab(process, port, token, Path(env["JUPYTER_RUNTIME_DIR"]))
    try:
        deadline = time.monotonic() + 90
        while not server.ready():
            assert process.poll() is None, f"JupyterLab exited; see {ARTIFACTS / 'jupyterlab.log'}"
            assert time.monotonic() < deadline, "JupyterLab did not answer within 90 s"
            time.sleep(0.25)
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the server shuts its kernels down on SIGTERM
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        for pid in _kernels_left(server.runtime_dir):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def browser(lab, tmp_path_factory):
    """Headless Chromium with a fresh profile."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 1100},
        )
        try:
            yield context
        finally:
            context.close()


# ---------------------------------------------------------------------------------------------
# Driving the page as a student does
# ---------------------------------------------------------------------------------------------


def _with_stride_bug(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The solved notebook whose conv_forward is the zoo's corner_ignores_stride."""
    entry = next(e for e in zoo.entries("conv_forward") if e.id == "corner_ignores_stride")
    source = inspect.getsource(entry.implementation)
    source = source[source.index("def corner_ignores_stride(") :]
    for cell in notebook.cells:
        if cell.id == "conv_forward":
            cell.source = source.replace("def corner_ignores_stride(", "def conv_forward(")
    return notebook


def run_all(browser, lab: Lab, folder: str):
    """Open ``folder``'s notebook, wait for its kernel, click Run > Run All Cells and wait
    until the run is over; the page, and each cell as it shows it, in notebook order."""
    page = browser.new_page()
    # A workspace of its own: JupyterLab would otherwise restore the previous check's notebook
    # into this tab too.
    page.goto(lab.url(f"lab/workspaces/{folder}/tree/{folder}/{NOTEBOOK}"))
    count = len(_ids())
    page.wait_for_function(
        f"() => document.querySelectorAll('.jp-Notebook .jp-Cell').length === {count}",
        timeout=90_000,
    )
    page.get_by_text(re.compile(r"\| Idle$")).wait_for(timeout=90_000)  # the kernel is up
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(FINISHED, timeout=300_000)
    return page, page.evaluate(CELLS)


def screenshot(page, locator, name: str, capsys, block: str = "center") -> Path:
    """Scroll ``locator`` to the ``block`` (start, center, end) of the notebook and keep a
    screenshot of the window."""
    for _ in range(2):  # cells scrolled into view are laid out anew: heights change, aim again
        locator.evaluate(f"element => element.scrollIntoView({{block: '{block}'}})")
        page.wait_for_timeout(400)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    with capsys.disabled():
        print(f"\n    screenshot: {path.relative_to(REPO_ROOT)}")
    return path


def _release_notebook() -> nbformat.NotebookNode:
    return nbformat.read(RELEASE / NOTEBOOK, as_version=4)


def _ids() -> list[str]:
    return [cell.id for cell in _release_notebook().cells]


# ---------------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------------


def test_untouched_notebook_run_all_shows_the_message_of_exercise_1(browser, lab, capsys):
    page, cells = run_all(browser, lab, "untouched")
    ids = _ids()
    ran = [ids[i] for i, cell in enumerate(cells) if re.fullmatch(r"\[\d+\]:", cell["prompt"])]
    first = ASSIGNMENT.exercise_names[0]
    assert ran[-1] == f"{first}_example", "Run All stops at the first example cell"
    outputs = cells[ids.index(ran[-1])]["outputs"]
    assert [o["mime"] for o in outputs] == [ERROR_MIME]
    words = f"Exercise 1 ({first}) is not written yet: replace this raise with your code."
    assert outputs[0]["text"].rstrip().endswith(f"NotImplementedError: {words}")
    assert not any(cells[ids.index(i)]["outputs"] for i in ran[:-1]), "nothing else printed"
    shown = page.locator(".jp-OutputArea-output", has_text=words)
    screenshot(page, shown, "a-untouched-run-all.png", capsys)
    page.close()


def test_solved_notebook_runs_every_cell_passes_every_test_and_shows_every_figure(
    browser, lab, capsys
):
    page, cells = run_all(browser, lab, "solved")
    ids = _ids()
    code = [(ids[i], cell) for i, cell in enumerate(cells) if cell["code"]]
    assert all(re.fullmatch(r"\[\d+\]:", cell["prompt"]) for _, cell in code), "every cell ran"
    errors = [i for i, cell in code if any(o["mime"] == ERROR_MIME for o in cell["outputs"])]
    assert errors == []
    for exercise in ASSIGNMENT.exercises:
        count = len(getattr(public_tests, f"{exercise.name}_cases")())
        for test_id in exercise.test_ids:
            texts = [o["text"] for o in cells[ids.index(test_id)]["outputs"]]
            assert texts == [f"{exercise.name}: all {count} cases passed.\n"], test_id
    images = page.locator(".jp-Notebook img")
    figures = 0
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        image.evaluate("img => img.decode().catch(() => null)")  # wait until it has loaded
        source = image.get_attribute("src") or ""
        width = image.evaluate("img => img.complete ? img.naturalWidth : 0")
        assert width > 0, f"broken image: {source[:80]}"
        figures += "/images/" in source
    markdown = "\n".join(c.source for c in _release_notebook().cells)
    assert figures == len(re.findall(r"\]\(images/[^)]+\.png\)", markdown)) > 0
    figure = page.locator(".jp-Notebook img[src*='/images/']").first
    screenshot(page, figure, "b-solved-first-figure.png", capsys)
    last_test = ASSIGNMENT.exercises[-1].test_ids[-1]  # the run went to the end
    cell = page.locator(".jp-Notebook .jp-Cell").nth(ids.index(last_test))
    screenshot(page, cell, "b-solved-run-all.png", capsys)
    page.close()


def test_stride_bug_shows_its_hint_first(browser, lab, capsys):
    page, cells = run_all(browser, lab, "stride_bug")
    ids = _ids()
    ran = [ids[i] for i, cell in enumerate(cells) if re.fullmatch(r"\[\d+\]:", cell["prompt"])]
    assert ran[-1] == "test_conv_forward", "Run All stops at the failing test"
    outputs = cells[ids.index("test_conv_forward")]["outputs"]
    assert [o["mime"] for o in outputs] == [ERROR_MIME]
    lines = outputs[0]["text"].splitlines()
    assert lines[:4] == [
        "conv_forward failed 3 of 5 cases.",
        "Hint: your output matches what happens when the window's top-left corner ignores the "
        "stride: use",
        "  vert_start = h * stride and horiz_start = w * stride.",
        "",
    ]
    assert sum("Hint:" in line for line in lines) == 1
    assert "public_tests.py" not in outputs[0]["text"]
    hint = page.locator(".jp-OutputArea-output", has_text="Hint: your output matches")
    screenshot(page, hint, "c-stride-bug-hint.png", capsys, block="start")
    page.close()


# ---------------------------------------------------------------------------------------------
# Where no browser can run
# ---------------------------------------------------------------------------------------------


def test_without_chromium_the_browser_tests_skip_with_the_reason(monkeypatch, tmp_path):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", tmp_path / "no-chromium")
    with pytest.raises(pytest.skip.Exception, match="no Chromium at .*apt-get install chromium"):
        require_a_browser()


def test_without_playwright_in_ci_the_browser_tests_fail(monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import fails
    with pytest.raises(
        pytest.fail.Exception, match="CI must run the browser tests, but Playwright"
    ):
        require_a_browser()
