"""`casebook tui` and `casebook code` (without a subcommand) open the workbench."""

from __future__ import annotations

from click.testing import CliRunner

from casebook.cli import cli


def test_tui_command_opens_the_workbench_on_a_document(tui_project, monkeypatch):
    opened = []
    monkeypatch.setattr("casebook.tui.app.run",
                        lambda project, document=None: opened.append((project.root, document)))
    result = CliRunner().invoke(cli, ["-p", str(tui_project.root), "tui", "interview-2"])
    assert result.exit_code == 0, result.output
    assert opened == [(tui_project.root, "interview-2")]
    result = CliRunner().invoke(cli, ["-p", str(tui_project.root), "code"])
    assert result.exit_code == 0, result.output
    assert opened[-1] == (tui_project.root, None)


def test_tui_command_refuses_an_unknown_document_in_one_line(tui_project, monkeypatch):
    monkeypatch.setattr("casebook.tui.app.run", lambda *a, **k: None)
    result = CliRunner().invoke(cli, ["-p", str(tui_project.root), "tui", "nope"])
    assert result.exit_code == 2
    assert "no document 'nope'" in result.output and "Traceback" not in result.output


def test_tui_help_names_the_keys():
    result = CliRunner().invoke(cli, ["tui", "--help"])
    text = " ".join(result.output.split())
    assert result.exit_code == 0 and "ctrl+r redo" in text and "? help" in text
