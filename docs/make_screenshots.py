"""Textual SVG screenshots of the workbench on the demo project, for the README.

Run: .venv/bin/python docs/make_screenshots.py   (writes docs/*.svg)
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
HERE = Path(__file__).resolve().parent


async def shoot(project, name: str, size: tuple[int, int], keys: list[str],
                after=None) -> None:
    from textual.widgets import Input

    from casebook.tui.app import CasebookApp

    app = CasebookApp(project)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        await pilot.press(*keys)
        if after is not None:
            await after(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause(0.6)
        app.clear_notifications()
        for field in app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause(0.3)
        app.save_screenshot(str(HERE / f"{name}.svg"))


async def main() -> None:
    from casebook.demo import build
    from casebook.privacy import service
    from casebook.project import Project

    os.environ["CASEBOOK_CODER"] = "anna"
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp) / "demo")
        project = Project.find(Path(tmp) / "demo")
        service.scan(project.store, use_deduce=False)
        coding = ["j", "j", "j", "3", "J", "t", "1", "m", *"kantelpunt?", "ctrl+s", "J"]
        await shoot(project, "workbench-160x45", (160, 45), coding)
        await shoot(project, "workbench-80x24", (80, 24), ["J", "J", "J"])
        await shoot(project, "picker", (100, 30), ["c", *"omg"])
        await shoot(project, "autocode", (120, 36), ["a", *"werk", "enter", "enter",
                                                     "down", "enter", *"kunn", "enter"])

        async def review(app, pilot) -> None:
            await app.open_registered("review")
            await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            await pilot.press("a", "a", "r")
        await shoot(project, "review", (140, 36), [], review)
        project.close()


if __name__ == "__main__":
    asyncio.run(main())
