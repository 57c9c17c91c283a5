"""`casebook tui`: open the coding workbench. Textual is loaded only when it runs."""

from __future__ import annotations

import click

from casebook.cli.common import project


@click.command()
@click.argument("document", required=False)
@click.pass_context
def tui(ctx, document: str | None) -> None:
    """Open the coding workbench (TUI) on the project, optionally on DOCUMENT (id or name).

    Keys: j/k sentence, J/K turn, w/b word, shift+arrows grow/shrink (also across turns),
    s/t whole sentence/turn, Home/End, g go to turn, ]/[ next/previous coding of the code,
    codebook hotkeys or c to code, + new code, i in vivo, a autocode, x remove, m memo,
    M document/project memos, u undo, ctrl+r redo, / search, f filter (speaker, code,
    coder), r retrieval, ctrl+t/ctrl+o code tree/documents, ? help, ctrl+l
    Nederlands/English, q quit.
    """
    from casebook.tui.app import run as workbench

    proj = project(ctx)
    if document:
        proj.store.document(document)  # an unknown document: one line, exit 2, before the UI
    workbench(proj, document)
