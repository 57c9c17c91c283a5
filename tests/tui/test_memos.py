"""One memo store: a memo made in the workbench is a memo `casebook memo list` shows, a
memo added with `casebook memo add --on coding` shows in the workbench; document and
project memos are reachable with M."""

from __future__ import annotations

from click.testing import CliRunner

from casebook.cli import cli
from casebook.tui.app import CasebookApp
from casebook.tui.screens.memo import MemoEditor
from casebook.tui.screens.picker import Picker
from tests.tui.helpers import screen_text, transcript_lines

SIZE = (120, 40)


def memo_cli(project, *args):
    result = CliRunner().invoke(cli, ["-p", str(project.root), "memo", *args])
    assert result.exit_code == 0, result.output
    return result.output


async def test_a_workbench_memo_is_listed_by_the_cli(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "m", *"uit de werkbank", "ctrl+s")
    [coding] = tui_project.store.codings()
    assert f"coding {coding.id}: uit de werkbank" in memo_cli(tui_project, "list")


async def test_a_cli_memo_shows_in_the_workbench(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
    [coding] = tui_project.store.codings()
    memo_cli(tui_project, "add", "--on", "coding", "--id", str(coding.id), "van de cli")
    memo_cli(tui_project, "add", "--on", "coding", "--id", str(coding.id), "--coder", "bram",
             "van bram")
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("Willen ✎ T" in line for line in transcript_lines(app))
        await pilot.press("m")
        assert isinstance(app.screen, MemoEditor)
        text = screen_text(app)
        assert "✎ van bram" in text  # another coder's memo, beside the editor
        assert app.screen.query_one("#memo").text == "van de cli"  # the coder's own memo


async def test_document_and_project_memos(tui_project):
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("M")
        assert isinstance(app.screen, Picker)
        await pilot.press(*"document", "enter")
        await pilot.press(*"over dit gesprek", "ctrl+s")
        await pilot.press("M", *"project", "enter", *"over alles", "ctrl+s")
        await pilot.pause()
    doc = tui_project.store.document("interview-1")
    assert [m.text for m in tui_project.store.memos("document", str(doc.id))] == \
        ["over dit gesprek"]
    assert [m.text for m in tui_project.store.memos("project")] == ["over alles"]
    app = CasebookApp(tui_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("M")
        assert "over dit gesprek" in screen_text(app) and "over alles" in screen_text(app)


def test_the_memo_migration_moves_coding_memos_and_they_go_with_their_coding(tui_project):
    from casebook.model import Coding

    store = tui_project.store
    doc = store.document("interview-1")
    coding_id = store.add_coding(Coding(doc.id, 0, 5, "willen", store.coder("anna").id,
                                        memo="eigen"))
    assert [(m.target_id, m.text) for m in store.memos("coding")] == [(str(coding_id), "eigen")]
    assert store.get_coding(coding_id).memo == "eigen"
    store.remove_coding(coding_id)
    assert store.memos("coding") == []
