"""The coding workbench in a browser (`casebook serve`), for students and colleagues who do
not live in a terminal: the same Textual workbench through textual-serve, one process per
browser session, each coding under the name it gives (see :mod:`casebook.serve.server`).

textual-serve is an extra (``pip install 'casebook[serve]'``); this package is imported only
when `casebook serve` runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casebook.serve.server import Workbench

__all__ = ["Workbench", "exercise_workbench"]


def exercise_workbench(opened: Path, **options: Any) -> Workbench:
    """The workbench on a student package that `casebook exercise` (issue 12) has opened
    into the project folder ``opened``: `casebook serve --exercise FILE` calls this once
    that command can open FILE. Every session asks its student's name and codes under it."""
    return Workbench(opened, title=f"Casebook: {opened.name}", **options)
