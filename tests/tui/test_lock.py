"""Another process holds the write lock for 8 s (a large merge or import): the workbench
says it is waiting, keeps moving, and applies every coding made meanwhile, in order, when the
lock frees -- nothing is lost, nothing crashes."""

from __future__ import annotations

import sqlite3
import threading
import time

from casebook.tui.app import CasebookApp
from tests.tui.helpers import codings, screen_text

SIZE = (120, 40)
HOLD = 8.0


def hold_the_lock(path, seconds: float) -> threading.Event:
    """Hold the database's write lock from another connection for ``seconds``; returns an
    event set once the lock is taken."""
    taken = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        taken.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()
    threading.Thread(target=hold, daemon=True).start()
    return taken


async def test_codings_made_while_the_database_is_locked_are_applied_later(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        started = time.monotonic()
        hold_the_lock(tui_project.db_path, HOLD).wait()
        await pilot.press("1", "j", "2", "j", "3")
        await pilot.pause(0.3)
        assert "wachten op een ander casebook-proces" in screen_text(app)
        assert codings(tui_project) == []  # nothing yet, and nothing lost
        assert app.session.selection.span != (0, 0) and app.is_running  # moves go on
        while time.monotonic() - started < HOLD + 3 and len(codings(tui_project)) < 3:
            await pilot.pause(0.25)
        assert [c[0] for c in codings(tui_project)] == ["willen", "willen.houding", "kunnen"]
        assert [c[2] for c in codings(tui_project)] == [
            "Hoe gaat het met het zoeken naar werk?", "Vertel eens.", "Ik wil graag werken."]
        await pilot.pause(0.3)
        assert "wachten op" not in screen_text(app)
        await pilot.press("u")  # and undo works as ever
        assert [c[0] for c in codings(tui_project)] == ["willen", "willen.houding"]
    check = sqlite3.connect(tui_project.db_path)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()
