"""Kill the workbench right after an action: what it committed is in the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from casebook.project import Project

CHILD = textwrap.dedent("""
    import asyncio, os, signal, sys
    from casebook.project import Project
    from casebook.tui.app import CasebookApp

    async def main():
        app = CasebookApp(Project.find(sys.argv[1]))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("j", "1", "m", *"net voor de kill", "ctrl+s", "J", "3", "x")
            os.kill(os.getpid(), signal.SIGKILL)  # no clean exit, no close

    asyncio.run(main())
""")


def test_nothing_committed_is_lost_when_killed(tui_project):
    root = tui_project.root
    tui_project.close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
           "CASEBOOK_CODER": "tester"}
    done = subprocess.run([sys.executable, "-c", CHILD, str(root)], env=env, timeout=120,
                          capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    project = Project.find(root)
    try:
        found = [(c.code_id, c.memo) for c in project.store.codings()]
        # j 1 m: willen on the 2nd sentence, with a memo; J 3 x: kunnen added and removed
        assert found == [("willen", "net voor de kill")]
    finally:
        project.close()
