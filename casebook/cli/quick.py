"""`casebook codings` without click, when its command line is a plain one.

Loading click (and the command modules on it) costs a listing more than reading and printing
12,500 codings. So :func:`casebook.cli.main` first asks :func:`plain_codings` whether the
command line is exactly this grammar::

    casebook [-p DIR | --project DIR] codings [--doc D] [--code X]... [--coder Y]...
             [--text | --no-text] [--json] [--csv] [--raw]

each option known and spelled out, each value there and not starting with ``-``, no
``--help``; and if so runs it here (:func:`run`), importing neither click nor the click side
of the CLI. Anything else -- another command, a misspelt option, ``--doc=D``, help -- goes to
click as ever, which says what is wrong. Both ways run :func:`codings`, print with
:mod:`casebook.cli.plain` and end in its one error path: the same output, the same lines on
stderr and the same exit code (tests/foundation/test_cli.py runs a matrix of command lines
both ways).

Collection is off while it runs: the listing makes no cycles, and every object it makes
lives until it is printed, so the collector would only go through them again and again
(through the project's and the store's modules too): a few milliseconds at 12,500 codings,
a quarter of the listing's time at 200,000 (bench/bench_listing.py). And `casebook` ends
as soon as the listing is written (:func:`exit_now`).
"""

from __future__ import annotations

import gc
import os
import sys

from casebook.cli.plain import (
    Session,
    echo,
    echo_json_columns,
    failed,
    listing_gate,
    open_project,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn

    from casebook.project import Project

_VALUED = {"--doc": "document", "--code": "codes", "--coder": "coders"}
_FLAGS = {"--text": ("text", True), "--no-text": ("text", False), "--json": ("as_json", True),
          "--csv": ("as_csv", True), "--raw": ("raw", True)}


class Codings:
    """A `casebook codings` command line, as its click command receives it. (A plain
    class: @dataclass would compile its methods at every start.)"""

    def __init__(self) -> None:
        self.project_dir: str | None = None
        self.document: str | None = None
        self.codes: list[str] = []
        self.coders: list[str] = []
        self.text, self.as_json, self.as_csv, self.raw = True, False, False, False


def plain_codings(args: list[str]) -> Codings | None:
    """``args`` (the command line after `casebook`) as a :class:`Codings`, when they are
    the plain grammar of the module docstring and click would take them as given; None for
    anything else (click's to read)."""
    given = Codings()
    rest = args
    if rest[:1] in (["-p"], ["--project"]):
        if len(rest) < 2 or not _value(rest[1]):
            return None
        given.project_dir, rest = rest[1], rest[2:]
    else:
        given.project_dir = os.environ.get("CASEBOOK_PROJECT") or None  # click's envvar
    if rest[:1] != ["codings"] or not _folder_ok(given.project_dir):
        return None
    n = 1
    while n < len(rest):
        option = rest[n]
        if option in _FLAGS:
            name, value = _FLAGS[option]
            setattr(given, name, value)
            n += 1
        elif option in _VALUED and n + 1 < len(rest) and _value(rest[n + 1]):
            name = _VALUED[option]
            if name == "document":
                given.document = rest[n + 1]
            else:
                getattr(given, name).append(rest[n + 1])
            n += 2
        else:  # help, an option click reads otherwise or not at all, an argument
            return None
    return given


def _value(arg: str) -> bool:
    return not arg.startswith("-")


def _folder_ok(folder: str | None) -> bool:
    """Whether click's ``click.Path(file_okay=False)`` takes ``folder`` as it is: one that
    is not there, or a folder it may read (a file or an unreadable folder: click says so)."""
    if folder is None:
        return True
    try:
        os.stat(folder)
    except OSError:
        return True  # not there: click takes it as it is
    except ValueError:  # a NUL in it: click's own error
        return False
    return os.path.isdir(folder) and os.access(folder, os.R_OK)


def run(given: Codings) -> int:
    """Run `casebook codings` as :func:`casebook.cli.common.run` runs it through click: the
    exit code, at most one line on stderr."""
    Session.begin()
    collecting = gc.isenabled()
    gc.disable()  # a listing makes no cycles: no collection to go through what it made
    try:
        proj = open_project(given.project_dir)
        try:
            codings(proj, given.document, given.codes, given.coders, text=given.text,
                    as_json=given.as_json, as_csv=given.as_csv, raw=given.raw)
        finally:
            proj.close()  # as click closes the command's context: an error here is one line
    except (KeyboardInterrupt, Exception) as err:  # noqa: BLE001 -- the one error path
        return failed(err)
    finally:
        if collecting:
            gc.enable()
    return 0


def exit_now(code: int) -> NoReturn:
    """End the process with ``code`` once stdout and stderr are flushed, without Python's
    teardown (as mypy's ``--fast-exit``): a listing has closed its database and written
    all it writes, and tearing down the modules it loaded one by one -- the store's, the
    model's, the gate's -- costs a listing of 12,500 codings about 2 ms of its 40."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more to write
            pass
    os._exit(code)


def codings(proj: Project, document: str | None, codes: list[str] | tuple[str, ...],
            coders: list[str] | tuple[str, ...], *, text: bool, as_json: bool, as_csv: bool,
            raw: bool) -> None:
    """List the codings of ``proj`` (`casebook codings`, either way it runs)."""
    from casebook.coding.query import LISTED, listing_columns

    store, gate = proj.store, listing_gate(proj, raw)
    doc_id = store.document(document).id if document else None
    coder_ids = [store.find_coder(c).id for c in coders] or None
    keys = LISTED if text else LISTED[:-1]
    columns = listing_columns(store, gate, document_id=doc_id, code_ids=list(codes) or None,
                              coder_ids=coder_ids, text=text)
    if as_json:
        echo_json_columns(keys, columns)
        return
    rows = list(zip(*columns))
    if as_csv:
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(keys if rows else ["id"])
        writer.writerows(rows)
        return
    lines = []
    for row in rows:
        snippet = row[-1].replace("\n", " ") if text else ""
        snippet = snippet if len(snippet) <= 70 else snippet[:67] + "..."
        lines.append(f"{row[0]:>5} {row[1]} {row[3]}-{row[4]} {row[5]} [{row[6]}] {snippet}")
    if lines:
        echo("\n".join(lines))
