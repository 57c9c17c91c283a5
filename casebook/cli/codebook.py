"""`casebook codebook ...`: check, use, show and change the codebook; REFI-QDA .qdc."""

from __future__ import annotations

import click

from casebook.cli.common import echo_json, json_option, output_option, print_table, project, say
from casebook.cli.gate import make_gate, raw_option
from casebook.errors import CasebookError


@click.group()
def codebook() -> None:
    """Check, choose, show and change the project's codebook (codings stay attached to
    codes by id), and exchange it with ATLAS.ti, MAXQDA and NVivo as REFI-QDA .qdc."""


def _print_report(report, as_json: bool) -> None:
    if as_json:
        echo_json(report)
        return
    for message in report.messages:
        click.echo(message)
    if report.retired:
        click.echo("retired codes (not in the codebook, codings kept): "
                   + ", ".join(report.retired))
    click.echo(f"{report.action}: ok; written to {report.path}")


@codebook.command("check")
@click.argument("file", type=click.Path(dir_okay=False))
@json_option
def check(file, as_json) -> None:
    """Check a codebook YAML FILE: every problem on one line as FILE:LINE: field: message.
    Exit code 2 if there are errors."""
    from casebook.codebook import schema

    problems = schema.check(file)
    errors = [p for p in problems if not p.warning]
    if as_json:
        echo_json({"file": file, "ok": not errors, "problems": problems})
    else:
        for problem in problems:
            click.echo(str(problem))
    if errors:
        raise click.exceptions.Exit(2)
    if not as_json:
        book = schema.load_yaml(file)
        click.echo(f"{file}: OK: {book.name}, version {book.version}, "
                   f"{say('n_codes', n=len(book.codes))}, depth {schema.depth(book)}"
                   + (f", {say('n_warnings', n=len(problems))}" if problems else ""))


@codebook.command("use")
@click.argument("source")
@json_option
@click.pass_context
def use(ctx, source, as_json) -> None:
    """Make SOURCE the active codebook: a YAML file, or a shipped one (igm,
    gewogen-maatwerk). It is checked, copied into the project's codebooks/ folder and
    recorded in casebook.yaml. Codes that keep their id keep their codings."""
    from casebook.codebook import service

    _print_report(service.use(project(ctx), source), as_json)


@codebook.command("show")
@json_option
@click.option("--all", "show_all", is_flag=True, help="Also list retired codes (codes no "
              "longer in the codebook that still have codings).")
@click.pass_context
def show(ctx, as_json, show_all) -> None:
    """The active codebook as a tree, with hotkeys and the number of codings per code."""
    proj = project(ctx)
    book = proj.codebook()
    counts = proj.store.coding_counts()
    retired = [c for c in proj.store.codes(include_retired=True)
               if c.id not in book.by_id()] if show_all else []
    if as_json:
        echo_json({"name": book.name, "version": book.version, "language": book.language,
                   "path": proj.settings.codebook,
                   "codes": [{**_code_dict(code), "level": level,
                              "codings": counts.get(code.id, 0)}
                             for level, code in book.tree()],
                   "retired": [{**_code_dict(c), "codings": counts.get(c.id, 0)}
                               for c in retired]})
        return
    english = proj.settings.language == "en"
    rows = [(code.hotkey or "", "  " * level + _swatch(code.colour)
             + ((code.name_en or code.name) if english else code.name), code.id,
             str(counts.get(code.id, 0))) for level, code in book.tree()]
    rows += [("", click.style(f"{code.name} (retired)", dim=True), code.id,
              str(counts.get(code.id, 0))) for code in retired]
    print_table(("key", "code", "id", "codings"), rows, right=("codings",),
                title=f"{book.name} (version {book.version})")


def _swatch(colour: str) -> str:
    """A square in the code's colour (#RRGGBB) at a terminal, before its name."""
    try:
        rgb = (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))
    except ValueError:  # not a colour (a damaged database): the square without one
        return "■ "
    return click.style("■", fg=rgb) + " "


def _code_dict(code) -> dict:
    from dataclasses import asdict

    return asdict(code)


@codebook.command("add")
@click.argument("code_id", metavar="ID")
@click.argument("name")
@click.option("--parent", help="Parent code (id, name or hotkey); default: top level.")
@click.option("--colour", help="Highlight colour #RRGGBB (default: an unused one).")
@click.option("--hotkey", help="One key (a digit or letter) that applies the code in the TUI.")
@click.option("--name-en", help="English name.")
@click.option("--description", default="", help="What the code means.")
@json_option
@click.pass_context
def add(ctx, code_id, name, parent, colour, hotkey, name_en, description, as_json) -> None:
    """Add a code ID called NAME to the active codebook."""
    from casebook.codebook import service

    _print_report(service.add(project(ctx), code_id, name, parent=parent, colour=colour,
                              hotkey=hotkey, name_en=name_en, description=description),
                  as_json)


@codebook.command("rename")
@click.argument("code_ref", metavar="ID")
@click.argument("new_name")
@click.option("--en", "english", is_flag=True, help="Change the English name (name_en).")
@json_option
@click.pass_context
def rename(ctx, code_ref, new_name, english, as_json) -> None:
    """Give code ID a new name. Its id, and so its codings, stay."""
    from casebook.codebook import service

    _print_report(service.rename(project(ctx), code_ref, new_name, english=english), as_json)


@codebook.command("move")
@click.argument("code_ref", metavar="ID")
@click.option("--parent", help="New parent code; leave out to move ID to the top level.")
@json_option
@click.pass_context
def move(ctx, code_ref, parent, as_json) -> None:
    """Move code ID (with its sub-codes) under another parent. Codings stay."""
    from casebook.codebook import service

    _print_report(service.move(project(ctx), code_ref, parent), as_json)


@codebook.command("merge")
@click.argument("sources", metavar="SRC...", nargs=-1, required=True)
@click.option("--into", "target", required=True, help="The code that remains.")
@json_option
@click.pass_context
def merge(ctx, sources, target, as_json) -> None:
    """Merge codes SRC... into one: their codings are recoded to --into (a coding that would
    repeat one already there is dropped and counted) and they leave the codebook."""
    from casebook.codebook import service

    report = service.merge(project(ctx), list(sources), target)
    _print_report(report, as_json)


def _pair(value: str) -> tuple[str, str]:
    code_id, sep, name = value.partition(":")
    if not sep or not code_id.strip() or not name.strip():
        raise CasebookError(f"'{value}' is not NEW_ID:NAME", field="--into")
    return code_id.strip(), name.strip()


@codebook.command("split")
@click.argument("code_ref", metavar="ID")
@click.option("--into", "parts", multiple=True, required=True, metavar="NEW_ID:NAME",
              help="A new sibling code (repeatable).")
@click.option("--move-codings-to", metavar="NEW_ID",
              help="Move ID's codings to this new code (default: they stay on ID).")
@json_option
@click.pass_context
def split(ctx, code_ref, parts, move_codings_to, as_json) -> None:
    """Split code ID: add new sibling codes after it. Recode fragments to them in the TUI,
    or move all of ID's codings with --move-codings-to."""
    from casebook.codebook import service

    _print_report(service.split(project(ctx), code_ref, [_pair(p) for p in parts],
                                move_codings_to=move_codings_to), as_json)


@codebook.command("export")
@output_option("-o", "--output", required=True,
              help="The .qdc file to write.")
@raw_option
@json_option
@click.pass_context
def export(ctx, output, raw, as_json) -> None:
    """Export the active codebook as REFI-QDA .qdc (for ATLAS.ti, MAXQDA, NVivo). A code
    whose description or examples name what the transcripts pseudonymise is refused,
    unless --raw."""
    from casebook.codebook import exchange

    proj = project(ctx)
    result = exchange.export_qdc(proj, output, make_gate(proj, raw))
    if as_json:
        echo_json(result)
        return
    click.echo(f"{say('n_codes', n=result['codes'])} written to {result['path']}")
    for item in result["not_carried"]:
        click.echo(f"not carried over: {item}")


@codebook.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--merge", "merge_into_active", is_flag=True,
              help="Add the file's new codes to the active codebook instead of replacing it.")
@click.option("--dry-run", is_flag=True, help="Only report what would happen.")
@json_option
@click.pass_context
def import_(ctx, file, merge_into_active, dry_run, as_json) -> None:
    """Import a REFI-QDA .qdc codebook (from ATLAS.ti, MAXQDA, NVivo) as the active
    codebook, and report what could not be carried over (sets, other attributes)."""
    from casebook.codebook import exchange

    result = exchange.import_qdc(project(ctx), file, merge_into_active=merge_into_active,
                                dry_run=dry_run)
    if as_json:
        echo_json(result)
        return
    verb = "would import" if dry_run else "imported"
    click.echo(f"{verb} {say('n_codes', n=result['codes'])} from {file}: "
               f"{len(result['added'])} new, "
               f"{len(result['matched'])} matching codes already known")
    for item in result["not_carried"]:
        click.echo(f"not carried over: {item}")
    for item in result["notes"]:
        click.echo(f"note: {item}")
    if result["retired"]:
        click.echo("retired codes (not in the codebook, codings kept): "
                   + ", ".join(result["retired"]))
    if result["path"]:
        click.echo(f"active codebook: {result['path']}")

