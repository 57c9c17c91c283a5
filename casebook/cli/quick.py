"""Two commands without click, when their command line is a plain one: `casebook codings`
and `casebook code add --from FILE`.

Loading click (and the command modules on it) costs a listing more than reading and printing
12,500 codings, and a script that codes 10,000 rows from a file a fifth of its time. So
:func:`casebook.cli.main` first asks :func:`plain_command` whether the command line is
exactly one of these grammars::

    casebook [-p DIR | --project DIR] codings [--doc D] [--code X]... [--coder Y]...
             [--text | --no-text] [--json] [--csv] [--raw]
    casebook [-p DIR | --project DIR] code add --from FILE [--coder Y] [--strict]
             [--dry-run] [--json]

each option known and spelled out, each value there and not starting with ``-`` (but
``--from -``, standard input), no ``--help``; and if so runs it here (:func:`run`),
importing neither click nor the click side of the CLI. Anything else -- another command, a
misspelt option, ``--doc=D``, help, `code add` with a DOCUMENT -- goes to click as ever,
which says what is wrong. Both ways run :func:`codings` or :func:`add_from`, print with
:mod:`casebook.cli.plain` and end in its one error path: the same output, the same lines on
stderr and the same exit code (tests/foundation/test_cli.py and test_quick_add.py run
matrices of command lines both ways).

Collection is off while a listing runs: the listing makes no cycles, and every object it
makes lives until it is printed, so the collector would only go through them again and again
(through the project's and the store's modules too): a few milliseconds at 12,500 codings,
a quarter of the listing's time at 200,000 (bench/bench_listing.py). And `casebook` ends
as soon as the command's output is written and its database closed (:func:`exit_now`).
"""

from __future__ import annotations

import gc
import os
import sys

from casebook.cli.plain import (
    EXIT_BAD_INPUT,
    Session,
    echo,
    echo_json,
    echo_json_columns,
    failed,
    listing_gate,
    open_project,
    say,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn

    from casebook.coding.bulk import BulkReport
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

    def run(self, proj: Project) -> int:
        codings(proj, self.document, self.codes, self.coders, text=self.text,
                as_json=self.as_json, as_csv=self.as_csv, raw=self.raw)
        return 0


class AddFrom:
    """A `casebook code add --from FILE` command line, as its click command receives it."""

    def __init__(self) -> None:
        self.project_dir: str | None = None
        self.from_file: str | None = None
        self.coder: str | None = None
        self.strict, self.dry_run, self.as_json = False, False, False

    def run(self, proj: Project) -> int:
        assert self.from_file is not None  # noqa: S101 -- plain_command made sure
        return add_from(proj, self.from_file, self.coder, strict=self.strict,
                        dry_run=self.dry_run, as_json=self.as_json)


def plain_command(args: list[str]) -> Codings | AddFrom | None:
    """``args`` (the command line after `casebook`) as a :class:`Codings` or an
    :class:`AddFrom`, when they are a plain grammar of the module docstring and click would
    take them as given; None for anything else (click's to read)."""
    project_dir = os.environ.get("CASEBOOK_PROJECT") or None  # click's envvar
    rest = args
    if rest[:1] in (["-p"], ["--project"]):
        if len(rest) < 2 or not _value(rest[1]):
            return None
        project_dir, rest = rest[1], rest[2:]
    if not _folder_ok(project_dir):
        return None
    given: Codings | AddFrom | None = None
    if rest[:1] == ["codings"]:
        given = _codings(rest[1:])
    elif rest[:2] == ["code", "add"]:
        given = _add_from(rest[2:])
    if given is not None:
        given.project_dir = project_dir
    return given


def _codings(rest: list[str]) -> Codings | None:
    """The options of a plain `codings` command line (after the command)."""
    given = Codings()
    n = 0
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


_ADD_FLAGS = {"--strict": "strict", "--dry-run": "dry_run", "--json": "as_json"}
_ADD_VALUED = {"--from": "from_file", "--coder": "coder"}


def _add_from(rest: list[str]) -> AddFrom | None:
    """The options of a plain `code add --from FILE` command line (after `code add`); None
    without ``--from`` (a DOCUMENT to code is click's)."""
    given = AddFrom()
    n = 0
    while n < len(rest):
        option = rest[n]
        if option in _ADD_FLAGS:
            setattr(given, _ADD_FLAGS[option], True)
            n += 1
        elif option in _ADD_VALUED and n + 1 < len(rest) and (
                _value(rest[n + 1]) or (option == "--from" and rest[n + 1] == "-")):
            setattr(given, _ADD_VALUED[option], rest[n + 1])  # the last one, as click
            n += 2
        else:
            return None
    return given if given.from_file is not None else None


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


def run(given: Codings | AddFrom) -> int:
    """Run the command as :func:`casebook.cli.common.run` runs it through click: the exit
    code; on stderr what the command says, and at most one line of error."""
    Session.begin()
    collecting = gc.isenabled()
    if isinstance(given, Codings):
        gc.disable()  # a listing makes no cycles: no collection to go through what it made
    try:
        proj = open_project(given.project_dir)
        try:
            code = given.run(proj)
        finally:
            proj.close()  # as click closes the command's context: an error here is one line
    except (KeyboardInterrupt, Exception) as err:  # noqa: BLE001 -- the one error path
        return failed(err)
    finally:
        if collecting:
            gc.enable()
    return code


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


def add_from(proj: Project, from_file: str, coder: str | None, *, strict: bool, dry_run: bool,
             as_json: bool) -> int:
    """`casebook code add --from FILE` on ``proj`` (either way it runs): every row of the file
    (``-``: standard input), a bar while it runs, what was refused on stderr, then a summary
    line (or the report as JSON). The exit code: 0, or :data:`EXIT_BAD_INPUT` when a row was
    refused."""
    from casebook.cli.progress import progress_bar
    from casebook.coding.bulk import code_from

    stream = sys.stdin.buffer if from_file == "-" else None
    with progress_bar("Coding", 100) as advance:
        shown = 0

        def progress(done: float | None, rows: int) -> None:
            nonlocal shown
            while done is not None and shown < int(100 * done):
                shown += 1
                advance(say("n_rows", n=rows))

        report = code_from(proj.store, "<stdin>" if stream else from_file, stream=stream,
                           coder=proj.coder_name(coder), dry_run=dry_run, strict=strict,
                           keep_ids=as_json, on_message=lambda line: echo(line, err=True),
                           on_progress=progress)
    if as_json:
        echo_json(report.as_dict())
    else:
        echo(_summary(report, strict))
    return EXIT_BAD_INPUT if report.refused else 0


def _summary(report: BulkReport, strict: bool) -> str:
    """The line `code add --from` ends with: what was added, present, refused."""
    from casebook.coding.rowfile import printable

    refused = f"{say('n_rows', n=report.refused)} refused"
    coders = ", ".join(report.new_coders)[:200]
    coders = f" (new coders: {printable(coders)})" if coders else ""
    if report.dry_run:
        return f"dry run: {say('n_rows', n=report.valid)} fine, {refused}{coders}; nothing written"
    if strict and report.refused:
        return f"nothing written (--strict): {refused}, {say('n_rows', n=report.valid)} fine"
    parts = [f"{say('n_codings', n=report.added)} added"]
    if report.present:
        parts.append(f"{report.present} already present")
    if report.refused:
        parts.append(refused)
    return ", ".join(parts) + coders
