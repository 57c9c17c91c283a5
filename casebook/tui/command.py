"""`casebook tui`: open the coding workbench.

The command lives with the TUI (faces stay independent of each other), so it finds the
project itself, the way the CLI does: --project / CASEBOOK_PROJECT, else upwards from here.
"""

from __future__ import annotations

import click


@click.command()
@click.argument("document", required=False)
@click.pass_context
def tui(ctx, document: str | None) -> None:
    """Open the coding workbench (TUI) on the project, optionally on DOCUMENT (id or name).

    Keys: j/k sentence, J/K turn, w/b word, shift+arrows grow/shrink, s/t whole sentence/turn,
    codebook hotkeys or c to code, x remove, m memo, u undo, ctrl+r redo, / search, f filter,
    r retrieval, ? help, ctrl+l Nederlands/English, q quit.
    """
    from casebook.project import Project
    from casebook.tui.app import run

    root = ctx.find_root().obj or {}
    project = Project.find(root.get("project_dir"))
    try:
        if document is not None:
            project.store.document(document)  # a bad name fails here, before the screen
        run(project, document)
    finally:
        project.close()
