"""Progress bars on stderr (rich), silent when stderr is not a terminal or in CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(label: str, total: int | None) -> Iterator[Callable[[str], None]]:
    """Yield ``advance(description)``; shows a bar only for a person at a terminal."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield lambda _description="": None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)

        def advance(description: str = "") -> None:
            bar.update(task, advance=1, description=f"{label} {description}".strip())

        yield advance
