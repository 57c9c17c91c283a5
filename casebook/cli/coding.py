"""`casebook code add|remove`, `codings`, `memo`."""

from __future__ import annotations

import click

from casebook.cli.common import echo_json, json_option, project, say
from casebook.cli.gate import raw_option
from casebook.errors import CasebookError
from casebook.model import MEMO_TARGETS, Memo


@click.group(invoke_without_command=True)
@click.pass_context
def code(ctx) -> None:
    """Code transcripts. Without a subcommand: open the coding workbench (TUI)."""
    if ctx.invoked_subcommand is None:
        from casebook.tui.app import run as workbench

        workbench(project(ctx))


@code.command("add")
@click.argument("document", required=False)
@click.option("--start", type=int, help="First character (code point offset).")
@click.option("--end", type=int, help="Character after the last (exclusive).")
@click.option("--quote", help="Instead of --start/--end: the exact text to code.")
@click.option("--occurrence", type=int, default=1, show_default=True,
              help="With --quote: which occurrence.")
@click.option("--code", "code_ref", help="Code id, name or hotkey.  [required without --from]")
@click.option("--coder", help="Coder name (default: the project's coder); with --from: for "
              "rows that name none.")
@click.option("--memo", help="A memo on this coding.")
@click.option("--from", "from_file", metavar="FILE",
              help="Code every row of a CSV or JSON Lines file (- reads stdin), instead of "
              "DOCUMENT and the options above.")
@click.option("--strict", is_flag=True, help="With --from: write nothing if any row is refused.")
@click.option("--dry-run", is_flag=True, help="With --from: check every row, write nothing.")
@json_option
@click.pass_context
def add(ctx, document, start, end, quote, occurrence, code_ref, coder, memo, from_file, strict,
        dry_run, as_json) -> None:
    """Code a span of DOCUMENT (by offsets or by quote). Prints the new coding's id.

    With --from FILE: code every row of a CSV or JSON Lines file, in one transaction. A CSV
    has a header row naming its columns: document (id or name), start and end (character
    offsets) or quote (and occurrence), code (id, name or hotkey), and optionally coder
    (default: --coder, or the project's coder) and memo. A JSON Lines file (.jsonl) holds
    one object per line with those keys:

    \b
      document,start,end,code,memo
      gesprek-01,120,245,willen.houding,twijfelt
      {"document": "gesprek-01", "quote": "ik wil werken", "code": "W"}

    Each row is checked as one `code add` is. Refused rows are listed on stderr as
    FILE:LINE: field: reason; the others are added (with --strict: none). A row repeating
    a coding adds nothing, so loading a file twice is harmless. Exit code 0 when every row
    was fine; 2 when a row was refused or the file cannot be read (then nothing is
    written)."""
    if from_file is not None:
        given = [name for name, value in (("DOCUMENT", document), ("--start", start),
                                          ("--end", end), ("--quote", quote),
                                          ("--code", code_ref), ("--memo", memo)) if value
                 is not None]
        if ctx.get_parameter_source("occurrence") == click.core.ParameterSource.COMMANDLINE:
            given.append("--occurrence")
        if given:
            raise CasebookError(f"give --from or {', '.join(given)}, not both", field="--from")
        _add_from(ctx, from_file, coder, strict, dry_run, as_json)
        return
    if strict or dry_run:
        raise CasebookError("--strict and --dry-run go with --from", field="--from")
    if document is None:
        raise click.UsageError("Missing argument 'DOCUMENT' (or give --from FILE).", ctx)
    if code_ref is None:
        raise click.UsageError("Missing option '--code'.", ctx)
    _add_one(ctx, document, start, end, quote, occurrence, code_ref, coder, memo, as_json)


def _add_one(ctx, document, start, end, quote, occurrence, code_ref, coder, memo,
             as_json) -> None:
    """`code add DOCUMENT`: one coding."""
    from casebook.coding import service as coding

    proj = project(ctx)
    if quote is not None:
        if start is not None or end is not None:
            raise CasebookError("give --quote or --start/--end, not both", field="--quote")
        start, end = coding.find_quote(proj.store.document(document).text, quote, occurrence)
    elif start is None or end is None:
        raise CasebookError("give --start and --end, or --quote", field="--start/--end")
    made = coding.add(proj.store, document, start, end, code_ref, proj.coder_name(coder), memo)
    if as_json:
        echo_json(made)
    else:
        click.echo(f"coding {made.id}: {made.code_id} {made.start}-{made.end} by {made.coder_name}")


def _add_from(ctx, from_file, coder, strict, dry_run, as_json) -> None:
    """`code add --from FILE`: :func:`casebook.cli.quick.add_from`, as it runs without click."""
    from casebook.cli.quick import add_from

    code = add_from(project(ctx), from_file, coder, strict=strict, dry_run=dry_run,
                    as_json=as_json)
    if code:
        ctx.exit(code)


@code.command("remove")
@click.argument("coding_ids", nargs=-1, type=int, required=True)
@click.pass_context
def remove(ctx, coding_ids) -> None:
    """Remove codings by id (all in one transaction)."""
    store = project(ctx).store
    with store.transaction():
        for coding_id in coding_ids:
            store.remove_coding(coding_id)
    click.echo(f"removed {say('n_codings', n=len(coding_ids))}")


@click.command()
@click.option("--doc", "document", help="Only this document (id or name).")
@click.option("--code", "codes", multiple=True, help="Only this code id (repeatable).")
@click.option("--coder", "coders", multiple=True, help="Only this coder (repeatable).")
@click.option("--text/--no-text", default=True, help="Include the coded text.")
@json_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
@raw_option
@click.pass_context
def codings(ctx, document, codes, coders, text, as_json, as_csv, raw) -> None:
    """List codings, with their text (pseudonymised unless --raw)."""
    from casebook.cli.quick import codings as list_codings

    list_codings(project(ctx), document, codes, coders, text=text, as_json=as_json,
                 as_csv=as_csv, raw=raw)


@click.group()
def memo() -> None:
    """Memos on the project, a document, a code or a coding."""


@memo.command("add")
@click.option("--on", "target", type=click.Choice(MEMO_TARGETS), default="project",
              show_default=True, help="What the memo is about.")
@click.option("--id", "target_id", default="", help="Document name/id, code id or coding id.")
@click.option("--coder", help="Author (default: the project's coder).")
@click.argument("text")
@click.pass_context
def memo_add(ctx, target, target_id, coder, text) -> None:
    """Write a memo."""
    proj = project(ctx)
    store = proj.store
    if target == "document":
        target_id = str(store.document(target_id).id)
    elif target == "code":
        target_id = store.code(target_id).id
    elif target == "coding":
        if not (target_id.isascii() and target_id.isdigit()):
            raise CasebookError("give the coding's number", field="--id")
        store.get_coding(int(target_id))
    with store.transaction():
        memo_id = store.add_memo(Memo(target_kind=target, target_id=target_id, text=text,
                                      coder_id=store.coder(proj.coder_name(coder)).id))
    click.echo(f"memo {memo_id}")


@memo.command("list")
@click.option("--on", "target", type=click.Choice(MEMO_TARGETS), help="Only memos on these.")
@json_option
@click.pass_context
def memo_list(ctx, target, as_json) -> None:
    """List memos."""
    memos = project(ctx).store.memos(target)
    if as_json:
        echo_json(memos)
        return
    for m in memos:
        click.echo(f"{m.id:>4} {m.target_kind} {m.target_id}: {m.text}")
