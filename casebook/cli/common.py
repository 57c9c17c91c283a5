"""What every command shares: finding the project, printing JSON, and the one error path.

Whatever goes wrong reaches the person as one line on stderr, never a traceback: bad input
(a :class:`~casebook.errors.CasebookError`, a click usage error, a database or file-system
error, which names the file and the field) exits with 2; an error that is a bug in Casebook
says so in one line and exits with :data:`EXIT_INTERNAL`. The parts that need no click are
:mod:`casebook.cli.plain`'s (`casebook codings` runs on them alone, see
:mod:`casebook.cli.quick`); this module builds click's side on them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

import click

from casebook.cli.plain import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    Session,
    echo_json,
    echo_json_columns,
    echo_json_rows,
    failed,
    loading,
    one_line,
    open_project,
    say,
)
from casebook.errors import CasebookError

if TYPE_CHECKING:
    from rich.console import Console

    from casebook.project import Project

__all__ = ["EXIT_BAD_INPUT", "EXIT_INTERNAL", "CliError", "console", "echo_json",
           "echo_json_columns", "echo_json_rows", "json_option", "loading", "one_line",
           "output_option", "print_table", "project", "run", "say", "usage_line"]


class CliError(click.ClickException):
    exit_code = EXIT_BAD_INPUT

    def show(self, file: IO[Any] | None = None) -> None:  # one line, "casebook: " once
        click.echo(f"casebook: {self.format_message()}", err=True)


def usage_line(err: click.UsageError) -> str:
    """A click usage error as one line: the command, what is wrong, where help is.
    "import: Invalid value for '--kind': ... (see 'casebook import --help')"."""
    path = err.ctx.command_path if err.ctx else "casebook"
    command = path.partition(" ")[2]
    message = err.format_message().replace("\n", " ")
    return f"{command + ': ' if command else ''}{message} (see '{path} --help')"


def run(group: click.Group) -> int:
    """Run the command line as `casebook`: exit code 0, 2 for bad input, 130 interrupted,
    :data:`EXIT_INTERNAL` for a bug; always at most one line on stderr
    (:func:`casebook.cli.plain.failed`)."""
    Session.begin()
    try:
        result = group.main(prog_name="casebook", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("casebook: aborted", err=True)
        return 130
    except click.ClickException as err:
        err.show()
        return err.exit_code
    except (KeyboardInterrupt, Exception) as err:  # noqa: BLE001 -- the one error path
        return failed(err)
    return result if isinstance(result, int) else 0


def project(ctx: click.Context) -> Project:
    """The project this command works on (:func:`casebook.cli.plain.open_project`), opened
    once per command line and closed with its context."""
    obj = ctx.find_root().obj or {}
    found: Project | None = obj.get("project")
    if found is None:
        found = open_project(obj.get("project_dir"))
        obj["project"] = found
        ctx.find_root().obj = obj
        ctx.call_on_close(found.close)
    return found


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def _output_path(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An output file must be named before any work is done (``-o ''`` names nothing)."""
    if value is not None and not value.strip():
        raise CasebookError("names no file", field="/".join(param.opts))
    return value


def output_option(*names: str, **options: Any) -> Any:
    """A click option naming a file to write: checked as the command line is read."""
    return click.option(*names, type=click.Path(dir_okay=False), callback=_output_path,
                        **options)


def print_table(header: Sequence[str], rows: Iterable[Sequence[str]], *,
                right: Sequence[str] = (), title: str | None = None) -> None:
    """A table as plain lines: the columns lined up two spaces apart (those named in
    ``right`` aligned to the right), the header first and ``title`` above it. A cell may
    hold click styles (colour at a terminal, stripped in a pipe); widths are measured
    without them. For the listings that must start fast: no rich."""
    table = [list(header), *(list(row) for row in rows)]
    widths = [max(len(click.unstyle(row[n])) for row in table) for n in range(len(header))]
    table[0] = [click.style(cell, bold=True) for cell in header]
    if title is not None:
        click.echo(title)
    for row in table:
        cells = []
        for name, cell, width in zip(header, row, widths):
            pad = " " * (width - len(click.unstyle(cell)))
            cells.append(pad + cell if name in right else cell + pad)
        click.echo("  ".join(cells).rstrip())


def console() -> Console:
    """A rich Console for tables: the terminal's width at a terminal; into a pipe or a file
    no 80-column limit, so figures and ids are never cut."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=200)
