"""Browser tests: Playwright for Python driving Debian's chromium (`./dev` installs it;
Playwright's own browser download is not used), and a `casebook serve` in a subprocess."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from casebook.project import Project
from tests.tui.conftest import CODEBOOK, TURNS, make_document

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module (Playwright's sync API keeps its own event loop)."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed: `./dev test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def served_project(tmp_path, monkeypatch):
    """A project with the TUI tests' codebook (hotkeys 1-4) and one interview."""
    monkeypatch.setenv("CASEBOOK_CODER", "the-server")  # no session may code as this
    project = Project.init(tmp_path / "klas", name="Werkcollege")
    project.store.set_codebook(CODEBOOK)
    make_document(project.store, "interview-1", turns=TURNS[:2])
    project.close()
    return project.root


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid: int) -> list[int]:
    """The processes ``pid`` started that are still running (Linux)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


@contextmanager
def serving(root: Path, *options: str):
    """`casebook serve ROOT` on a free port; yields (base URL, the server's process)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "casebook", "serve", str(root), "--port", str(port), *options],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "COLUMNS": "200"})
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    pytest.fail(f"casebook serve did not start:\n{process.communicate()[0]}")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
