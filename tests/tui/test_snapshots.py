"""Snapshot tests (pytest-textual-snapshot): the workbench as a person sees it, wide and at
80x24, with the cursor's blink frozen.

Update after an intended change of the look: pytest tests/tui --snapshot-update
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from casebook.tui.app import CasebookApp


async def _without_toasts(pilot) -> None:
    """Let pending notifications and workers finish, then clear the notifications: a loaded
    machine must not leave a toast in the picture."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.6)  # the document list's counts are updated after a burst
    pilot.app.clear_notifications()
    await pilot.pause(0.2)


async def _code_two_fragments(pilot) -> None:
    await pilot.press("j", "2", "J", "t", "3", "m", *"twijfel", "ctrl+s", "J")
    await _without_toasts(pilot)


@pytest.mark.parametrize("size", [(160, 45), (80, 24)], ids=["160x45", "80x24"])
def test_workbench_after_coding(tui_project, snap_compare, size):
    assert snap_compare(CasebookApp(tui_project), terminal_size=size,
                        run_before=_code_two_fragments)


def test_code_picker_at_80x24(tui_project, snap_compare):
    async def pick(pilot) -> None:
        await _without_toasts(pilot)
        await pilot.press("c", *"kun")
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause(0.2)

    assert snap_compare(CasebookApp(tui_project), terminal_size=(80, 24), run_before=pick)


def test_help_screen_in_english(tui_project, snap_compare):
    async def help_in_english(pilot) -> None:
        await pilot.press("ctrl+l")
        await _without_toasts(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(CasebookApp(tui_project), terminal_size=(100, 45),
                        run_before=help_in_english)
