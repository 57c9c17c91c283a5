"""What every command shares: finding the project, printing JSON, and the one error path.

Whatever goes wrong reaches the person as one line on stderr, never a traceback: bad input
(a :class:`~casebook.errors.CasebookError`, a click usage error, a database or file-system
error, which names the file and the field) exits with 2; an error that is a bug in Casebook
says so in one line and exits with :data:`EXIT_INTERNAL`.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

import click

from casebook.errors import CasebookError

if TYPE_CHECKING:
    from rich.console import Console

    from casebook.project import Project

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug, not the input
_SQL_FIELD = r"(?:constraint failed|no such (?:column|table)): ([\w.]+)"


class _Session:
    """What this run of the command knows: its project's database, and whether the wait
    for another process was said already."""

    db: str | None = None
    said_waiting = False


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


def one_line(err: BaseException) -> str | None:
    """A database or operating-system error (or an error raised over one) as one line
    naming the file (and the field where SQLite names one); None for any other error."""
    if isinstance(err, CasebookError):
        return str(err)
    if isinstance(err, OSError):
        where = err.filename if err.filename is not None else None
        return str(CasebookError(err.strerror or str(err), path=where))
    if "sqlite3" in sys.modules:
        import re

        from casebook.store import DatabaseError

        if isinstance(err, DatabaseError):
            named = re.search(_SQL_FIELD, str(err))
            return str(CasebookError(f"database error: {err}", path=_Session.db,
                                     field=named[1] if named else None))
    if isinstance(err, OverflowError):  # a number beyond what SQLite holds (2**63)
        return f"a number is too large ({err})"
    if isinstance(err, UnicodeEncodeError):  # an argument with bytes that are not UTF-8
        return f"not valid UTF-8 text: {err.object[err.start:err.end]!r} ({err.reason})"
    cause = err.__cause__ or err.__context__  # a library's error over a file-system error
    return one_line(cause) if isinstance(cause, OSError) else None


def run(group: click.Group) -> int:
    """Run the command line as `casebook`: exit code 0, 2 for bad input, 130 interrupted,
    :data:`EXIT_INTERNAL` for a bug; always at most one line on stderr."""
    _Session.db, _Session.said_waiting = None, False
    try:
        result = group.main(prog_name="casebook", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("casebook: aborted", err=True)
        return 130
    except click.ClickException as err:
        err.show()
        return err.exit_code
    except KeyboardInterrupt:
        click.echo("casebook: interrupted; nothing half-written was kept", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # noqa: BLE001 -- the one place every error ends up
        line = one_line(err)
        if line is not None:
            click.echo(f"casebook: {line}", err=True)
            return EXIT_BAD_INPUT
        click.echo(f"casebook: internal error ({type(err).__name__}: "
                   f"{' '.join(str(err).split())[:300]}); please report it", err=True)
        return EXIT_INTERNAL
    return result if isinstance(result, int) else 0


def say(key: str, **values: object) -> str:
    """A text of :mod:`casebook.i18n` in the CLI's language: English, which scripts read and
    README shows ("2 codings", "1 coding")."""
    from casebook.i18n import tr

    return tr(key, "en", **values)


@contextmanager
def loading() -> Iterator[None]:
    """Collection off while modules that live as long as the process load, and what they
    made frozen after, then collection as it was (see :mod:`casebook.cli`)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def project(ctx: click.Context) -> Project:
    """The project this command works on. Opened as a command's module is loaded
    (:func:`loading`): it loads the project's and the store's modules."""
    obj = ctx.find_root().obj or {}
    found = obj.get("project")
    if found is None:
        with loading():
            from casebook.project import Project

            found = Project.find(obj.get("project_dir"), on_busy=_waiting, repair=False)
            obj["project"] = found
            ctx.find_root().obj = obj
            ctx.call_on_close(found.close)
            _Session.db = found.db_file  # database errors from here on name it
            found.repaired = found.repair()
        for line in found.repaired:
            click.echo(f"casebook: repaired: {line}", err=True)
    return found


def _waiting() -> None:
    """Said once, when another process holds the database (the command waits for it)."""
    if not _Session.said_waiting:
        _Session.said_waiting = True
        click.echo("casebook: waiting for another casebook process…", err=True)


def _plain(value: Any) -> Any:
    from dataclasses import asdict, is_dataclass

    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"cannot turn {type(value).__name__} into JSON")


def echo_json(value: Any) -> None:
    import json

    click.echo(json.dumps(value, default=_plain, ensure_ascii=False, indent=2))


def echo_json_rows(keys: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print ``rows`` as :func:`echo_json` prints a list of mappings of ``keys`` to each
    row's values (:func:`echo_json_columns` of their columns)."""
    echo_json_columns(keys, list(zip(*rows)))


def echo_json_columns(keys: Sequence[str], columns: Sequence[Sequence[Any]]) -> None:
    """Print the rows whose values ``columns`` hold (one column per key, each the values of
    every row in order; none: no rows) as :func:`echo_json` prints a list of mappings of
    ``keys`` to each row's values -- the same text, made column by column by json's own C
    encoder instead of json's Python one (which ``indent`` needs), without a mapping or a
    tuple per row."""
    if not columns or not len(columns[0]):
        click.echo("[]")
        return
    encode = _encode_text()
    template = "  {\n" + ",\n".join(f"    {encode(key)}: %s" for key in keys) + "\n  }"
    encoded = [_json_column(column, encode) for column in columns]
    click.echo("[\n" + ",\n".join(template % values for values in zip(*encoded)) + "\n]")


def _encode_text() -> Callable[[str], str]:
    """A text as ``json.dumps(text, ensure_ascii=False)`` writes it: json's own C function
    for it, without importing the json package (its decoder and scanner too: the import
    costs `codings --json` of a few codings more than printing them)."""
    try:
        from _json import encode_basestring  # what json.encoder uses, when it is there
    except ImportError:  # pragma: no cover -- a Python without json's C part
        from json.encoder import py_encode_basestring as encode_basestring
    return encode_basestring


def _json_column(values: Sequence[Any], encode: Callable[[str], str]) -> list[str]:
    """Each value of a column as JSON (``encode``: :func:`_encode_text`): whole columns of
    text, numbers or null at C speed."""
    kinds = set(map(type, values))
    if kinds <= {int}:
        return list(map(int.__repr__, values))
    if kinds <= {str, type(None)}:
        if len(values) > 64 and len(set(values[:64])) <= 16:  # names, codes, coders:
            shown = {value: "null" if value is None else encode(value)  # each encoded once
                     for value in set(values)}
            return list(map(shown.__getitem__, values))
        if kinds <= {str}:
            return list(map(encode, values))
        return [encode(value) if value is not None else "null" for value in values]
    import json

    return [json.dumps(value, default=_plain, ensure_ascii=False) for value in values]


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
