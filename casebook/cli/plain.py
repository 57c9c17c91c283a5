"""What the commands share that needs no click: the one error path's lines and exit codes,
opening the project, printing (lines, JSON) and the privacy gate of an output.

:mod:`casebook.cli.common` builds the click side on these, and `casebook codings` runs on
them alone when its command line is a plain one (:mod:`casebook.cli.quick`): one definition
of each, whichever way a command runs. Nothing here imports click.

Whatever goes wrong reaches the person as one line on stderr, never a traceback: bad input
(a :class:`~casebook.errors.CasebookError`, a database or file-system error, which names the
file and the field) exits with 2; an error that is a bug in Casebook says so in one line and
exits with :data:`EXIT_INTERNAL`.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from casebook.errors import CasebookError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any

    from casebook.privacy.guard import Gate
    from casebook.project import Project

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug, not the input
_SQL_FIELD = r"(?:constraint failed|no such (?:column|table)): ([\w.]+)"
_ANSI = r"\033\[[0-?]*[ -/]*[@-~]"  # a terminal style code, as click.echo strips them


class Session:
    """What this run of the command knows: its project's database, and whether the wait
    for another process was said already."""

    db: str | None = None
    said_waiting = False

    @classmethod
    def begin(cls) -> None:
        """A new run: nothing known yet."""
        cls.db, cls.said_waiting = None, False


def echo(text: str, *, err: bool = False) -> None:
    """``text`` and a newline on stdout (stderr with ``err``), flushed, as ``click.echo``
    prints a text: terminal style codes removed when the stream is not a terminal."""
    stream: IO[str] = sys.stderr if err else sys.stdout
    if "\x1b" in text and not _isatty(stream):
        import re

        text = re.sub(_ANSI, "", text)
    if _ascii(stream) and hasattr(stream, "buffer"):  # as click: UTF-8, not an error
        stream.flush()
        stream.buffer.write((text + "\n").encode("utf-8", "replace"))
        stream.buffer.flush()
        return
    stream.write(text)  # and the newline on its own: a long text is not copied for it
    stream.write("\n")
    stream.flush()


def _ascii(stream: IO[str]) -> bool:
    """Whether ``stream`` writes ASCII only (PYTHONIOENCODING=ascii): click.echo writes
    UTF-8 to it instead."""
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "ascii"
    except LookupError:
        return False


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except Exception:  # noqa: BLE001 -- a stream that cannot say is no terminal
        return False


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
            return str(CasebookError(f"database error: {err}", path=Session.db,
                                     field=named[1] if named else None))
    if isinstance(err, OverflowError):  # a number beyond what SQLite holds (2**63)
        return f"a number is too large ({err})"
    if isinstance(err, UnicodeEncodeError):  # an argument with bytes that are not UTF-8
        return f"not valid UTF-8 text: {err.object[err.start:err.end]!r} ({err.reason})"
    cause = err.__cause__ or err.__context__  # a library's error over a file-system error
    return one_line(cause) if isinstance(cause, OSError) else None


def failed(err: BaseException) -> int:
    """The exit code of a command that raised ``err``, its one line said on stderr: 130
    interrupted, 0 for a closed pipe (the reader had enough), 2 for bad input
    (:func:`one_line`), :data:`EXIT_INTERNAL` for a bug. Any other BaseException (SystemExit)
    goes on."""
    if isinstance(err, KeyboardInterrupt):
        echo("casebook: interrupted; nothing half-written was kept", err=True)
        return 130
    if isinstance(err, BrokenPipeError):
        return 0
    if not isinstance(err, Exception):
        raise err
    line = one_line(err)
    if line is not None:
        echo(f"casebook: {line}", err=True)
        return EXIT_BAD_INPUT
    echo(f"casebook: internal error ({type(err).__name__}: "
         f"{' '.join(str(err).split())[:300]}); please report it", err=True)
    return EXIT_INTERNAL


@contextmanager
def loading() -> Iterator[None]:
    """Collection off while modules that live as long as the process load, and what they
    made frozen after, then collection as it was (see :mod:`casebook.cli.group`)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def open_project(project_dir: str | None) -> Project:
    """The project a command works on (``project_dir``, else found from here upwards),
    what opening it repaired said on stderr. Opened as a command's module is loaded
    (:func:`loading`): it loads the project's and the store's modules."""
    with loading():
        from casebook.project import Project

        found = Project.find(project_dir, on_busy=_waiting, repair=False)
        try:
            Session.db = found.db_file  # database errors from here on name it
            found.repaired = found.repair()
        except BaseException:
            found.close()
            raise
    for line in found.repaired:
        echo(f"casebook: repaired: {line}", err=True)
    return found


def _waiting() -> None:
    """Said once, when another process holds the database (the command waits for it)."""
    if not Session.said_waiting:
        Session.said_waiting = True
        echo("casebook: waiting for another casebook process…", err=True)


def say(key: str, **values: object) -> str:
    """A text of :mod:`casebook.i18n` in the CLI's language: English, which scripts read and
    README shows ("2 codings", "1 coding")."""
    from casebook.i18n import tr

    return tr(key, "en", **values)


# -- the privacy gate of an output ----------------------------------------------------------
def make_gate(proj: Project, raw: bool, override: str = "--raw") -> Gate:
    """The gate of this output; with ``raw`` a warning line on stderr first."""
    from casebook.privacy.guard import Gate

    if raw:
        warn_raw(override)
    return Gate.for_project(proj.store, raw=raw, override=override)


def listing_gate(proj: Project, raw: bool) -> Gate | None:
    """The gate of a listing (:func:`casebook.coding.query.listing`); with ``raw`` none, the
    warning line only: the listing shows the stored text as a raw gate would, so ``--raw``
    loads none of the gate's modules."""
    if raw:
        warn_raw("--raw")
        return None
    return make_gate(proj, raw)


def warn_raw(override: str) -> None:
    """The line on stderr of an output that shows the original personal data."""
    echo(f"warning: {override}: this output holds the original personal data; "
         "do not hand it out", err=True)


# -- JSON -----------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    from dataclasses import asdict, is_dataclass

    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"cannot turn {type(value).__name__} into JSON")


def echo_json(value: Any) -> None:
    import json

    echo(json.dumps(value, default=_plain, ensure_ascii=False, indent=2))


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
        echo("[]")
        return
    encode = _encode_text()
    template = "  {\n" + ",\n".join(f"    {encode(key)}: %s" for key in keys) + "\n  }"
    encoded = [_json_column(column, encode) for column in columns]
    rows = [template % values for values in zip(*encoded)]
    rows[0] = "[\n" + rows[0]  # the text is made once, by join
    rows[-1] += "\n]"  # (the same row, when there is one)
    echo(",\n".join(rows))


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
