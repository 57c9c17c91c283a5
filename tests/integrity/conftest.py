"""Helpers for the integrity tests: running Casebook in another process, as a second shell
would, and a project with a codebook and one document."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.codebook import service
from casebook.project import Project

ROOT = Path(__file__).resolve().parents[2]
TEXT = "I: Wat wil je?\n\nR: Ik wil werken. Maar het lukt niet. Ik zoek een baan.\n"


def child_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "CASEBOOK_CODER": "tester", **extra}


def casebook(project_root: Path, *args: str, timeout: float = 120,
             **env: str) -> subprocess.CompletedProcess[str]:
    """The real command line, in another process."""
    return subprocess.run([sys.executable, "-m", "casebook", "--project", str(project_root),
                           *args], capture_output=True, text=True, timeout=timeout,
                          env=child_env(**env))


@pytest.fixture
def coded_project(tmp_path):
    """A project with the igm codebook (written to codebooks/igm.yaml) and one document."""
    from casebook.ingest import import_files

    project = Project.init(tmp_path / "proj", name="Test")
    service.use(project, "igm")
    source = tmp_path / "gesprek.txt"
    source.write_text(TEXT, encoding="utf-8")
    import_files(project, [source])
    project.close()
    project = Project.find(project.root)
    yield project
    project.close()
