"""What every command shares: finding the project, printing JSON, turning errors into
one line and exit code 2."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, is_dataclass
from typing import Any

import click

from casebook.errors import CasebookError
from casebook.i18n import tr

EXIT_BAD_INPUT = 2


class CliError(click.ClickException):
    exit_code = EXIT_BAD_INPUT

    def show(self, file=None) -> None:  # one line, no "Error:" decoration twice
        click.echo(f"casebook: {self.format_message()}", err=True)


def usage_line(err: click.UsageError) -> str:
    """A click usage error as one line: the command, what is wrong, where help is.
    "import: Invalid value for '--kind': ... (see 'casebook import --help')"."""
    path = err.ctx.command_path if err.ctx else "casebook"
    command = path.partition(" ")[2]
    message = err.format_message().replace("\n", " ")
    return f"{command + ': ' if command else ''}{message} (see '{path} --help')"


def run(group: click.Group) -> int:
    """Run the command line as `casebook`: exit code 0, 2 for bad input, 130 interrupted."""
    try:
        result = group.main(prog_name="casebook", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("casebook: aborted", err=True)
        return 130
    except click.ClickException as err:
        err.show()
        return err.exit_code
    except CasebookError as err:
        click.echo(f"casebook: {err}", err=True)
        return EXIT_BAD_INPUT
    except Exception as err:
        if "sqlite3" not in sys.modules:
            raise
        from casebook.store import DatabaseError

        if not isinstance(err, DatabaseError):
            raise
        click.echo(f"casebook: database error: {err}", err=True)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        click.echo("casebook: interrupted; nothing half-written was kept", err=True)
        return 130
    except BrokenPipeError:
        return 0
    return result if isinstance(result, int) else 0


def say(key: str, **values: object) -> str:
    """A text of :mod:`casebook.i18n` in the CLI's language: English, which scripts read and
    README shows ("2 codings", "1 coding")."""
    return tr(key, "en", **values)


def project(ctx: click.Context):
    """The project this command works on."""
    from casebook.project import Project

    obj = ctx.find_root().obj or {}
    if "project" not in obj:
        obj["project"] = Project.find(obj.get("project_dir"))
        ctx.find_root().obj = obj
        ctx.call_on_close(obj["project"].close)
    return obj["project"]


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"cannot turn {type(value).__name__} into JSON")


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, default=_plain, ensure_ascii=False, indent=2))


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def console():
    """A rich Console for tables: the terminal's width at a terminal; into a pipe or a file
    no 80-column limit, so figures and ids are never cut."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=200)
