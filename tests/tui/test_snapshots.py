"""Snapshot tests (pytest-textual-snapshot): the workbench as a person sees it.

Update after an intended change of the look: pytest tests/tui --snapshot-update
"""

from __future__ import annotations

from casebook.tui.app import CasebookApp


async def _without_toasts(pilot) -> None:
    """Let pending notifications arrive, then clear them: a loaded machine must not leave
    a toast in the picture."""
    await pilot.pause(0.2)
    pilot.app.clear_notifications()
    await pilot.pause(0.2)


def test_workbench_after_coding(tui_project, snap_compare):
    async def code_two_fragments(pilot) -> None:
        await pilot.press("j", "2", "J", "t", "3", "J")
        await pilot.pause(0.6)  # the document list's counts are updated after a burst
        await _without_toasts(pilot)

    assert snap_compare(CasebookApp(tui_project), terminal_size=(120, 32),
                        run_before=code_two_fragments)


def test_help_screen_in_english(tui_project, snap_compare):
    async def help_in_english(pilot) -> None:
        await pilot.press("ctrl+l")
        await _without_toasts(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(CasebookApp(tui_project), terminal_size=(100, 45),
                        run_before=help_in_english)
