"""`casebook serve`: the coding workbench in a browser (textual-serve), for a class."""

from __future__ import annotations

from pathlib import Path

import click

from casebook.errors import CasebookError

LOCAL = ("127.0.0.1", "localhost", "::1")


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; another than this computer's own needs --token.")
@click.option("--token", help="A secret every address must carry (?token=...); a wrong or "
                              "missing one gets 403. At least 12 characters.")
@click.option("--exercise", type=click.Path(dir_okay=False, exists=True),
              help="Serve a student package (casebook exercise) instead of a project: it is "
                   "unpacked into DIRECTORY (default: the exercise's name, here).")
@click.pass_context
def serve(ctx, directory, port, host, token, exercise) -> None:
    """Serve the coding workbench of the project in DIRECTORY (default: the current project)
    to web browsers: each browser asks for a name and codes under it in its own workbench,
    side by side on the same project. Prints the address to open; Ctrl+C stops.

    Only this computer can connect, unless --host names another address (0.0.0.0: every
    network this computer is on); then --token is required and the printed address carries
    it. Over a network, put the server behind HTTPS (a reverse proxy) for anything but a
    classroom's own network.
    """
    from casebook.project import Project

    if token is not None and len(token) < 12:
        raise click.BadParameter("must be at least 12 characters", param_hint="--token")
    if host not in LOCAL and token is None:
        import secrets

        raise click.UsageError(f"--host {host} opens the workbench to other computers: add "
                               f"--token (for example --token {secrets.token_urlsafe(12)})")
    obj = ctx.find_root().obj or {}
    if exercise:  # unpacked into DIRECTORY (default: the exercise's name here), or reopened
        from casebook.exercise.student import open_package

        directory = open_package(exercise, None, Path(directory) if directory else None)
    project = Project.find(directory or obj.get("project_dir"))
    project.close()
    try:
        from casebook.serve import Workbench, exercise_workbench
    except ImportError as err:
        raise CasebookError(f"casebook serve needs textual-serve ({err.name} is missing): "
                            "pip install 'casebook[serve]'") from None
    if host not in LOCAL and not exercise:
        click.echo("warning: the workbench shows the transcripts as imported, not "
                   "pseudonymised: serve a project to co-researchers; give students a "
                   "student package (--exercise)", err=True)
    options = {"host": host, "port": port, "token": token,
               "language": project.settings.language}
    server = exercise_workbench(Path(project.root), **options) if exercise else \
        Workbench(Path(project.root), title=project.settings.name, **options)
    if exercise:
        click.echo(f"{project.root}: the students' work is kept here; hand it in with "
                   f"casebook exercise hand-in --project {project.root}")
    try:
        server.serve()
    except OSError as err:  # the port is taken, the address is not this computer's
        raise CasebookError(f"cannot listen on {host}:{port} ({err.strerror})") from None
