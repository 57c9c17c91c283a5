"""`casebook init`."""

from __future__ import annotations

import click

from casebook.cli.common import echo_json


@click.command()
@click.argument("directory", type=click.Path(file_okay=False), default=".")
@click.option("--name", help="Project name (default: the folder's name).")
@click.option("--language", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Language of the interface and of exports.")
@click.option("--coder", help="Your coder name (default: $CASEBOOK_CODER or your login).")
@click.option("--json", "as_json", is_flag=True, help="Print the new project as JSON.")
def init(directory: str, name: str | None, language: str, coder: str | None,
         as_json: bool) -> None:
    """Make DIRECTORY a new Casebook project (casebook.yaml, casebook.db, folders)."""
    from casebook.project import Project

    project = Project.init(directory, name=name, language=language, coder=coder)
    if as_json:
        echo_json({"root": str(project.root), "name": project.settings.name,
                   "language": project.settings.language})
    else:
        click.echo(f"Created project '{project.settings.name}' in {project.root}")
        click.echo("Next: casebook codebook use igm  ·  casebook import FILE...")
