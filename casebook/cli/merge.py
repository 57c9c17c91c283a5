"""`casebook merge`: bring other coders' project files into this project."""

from __future__ import annotations

import click

from casebook.cli.agree import comma_list
from casebook.cli.common import EXIT_BAD_INPUT, console, echo_json, json_option, project


@click.command()
@click.argument("others", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--dry-run", is_flag=True, help="Show what would be added and every conflict; "
              "change nothing.")
@click.option("--skip-conflicts", is_flag=True, help="Merge everything that does not "
              "conflict and leave the conflicting documents, codes and coders out.")
@json_option
@click.pass_context
def merge(ctx, others, dry_run, skip_conflicts, as_json) -> None:
    """Merge OTHERS (casebook.db files or project folders of other coders) into this project.

    Documents are matched by the sha256 of their text, codes by id, coders by id; a coding
    that is here already is not added twice, so merging the same file again changes nothing.
    A document with the same name but another text, or a code id with another name, parent
    or description here, is a conflict: listed, never joined. With conflicts nothing is
    written and the exit code is 2, unless --skip-conflicts."""
    from casebook.merge import merge as run_merge

    report = run_merge(project(ctx).store, list(others), dry_run=dry_run,
                       skip_conflicts=skip_conflicts)
    if as_json:
        echo_json(report.as_dict())
    else:
        _print(report)
    if report.conflicts and not skip_conflicts:
        ctx.exit(EXIT_BAD_INPUT)


def _print(report) -> None:
    verb = "would add" if report.dry_run else ("added" if report.applied else "not merged;"
                                                                               " would add")
    click.echo(f"{verb}: {len(report.documents_added)} document(s), "
               f"{len(report.codes_added)} code(s), {len(report.coders_added)} coder(s), "
               f"{report.codings_added} coding(s), {report.memos_added} memo(s)")
    for label, items in (("documents", report.documents_added), ("codes", report.codes_added),
                         ("coders", report.coders_added)):
        if items:
            click.echo(f"  {label}: {', '.join(items)}")
    click.echo(f"already here: {len(report.documents_matched)} document(s), "
               f"{report.codings_present} coding(s); left out: {report.codings_skipped} "
               "coding(s) on conflicting documents, codes or coders")
    for conflict in report.conflicts:
        click.echo(f"conflict: {conflict.source}: {conflict.kind}: {conflict.item}: "
                   f"{conflict.detail}", err=True)
    if report.conflicts and not report.applied and not report.dry_run:
        click.echo(f"{len(report.conflicts)} conflict(s): nothing merged (see --skip-conflicts)",
                   err=True)


coders_option = click.option(
    "--coders", help="The two coders A,B (default: the only two coders with codings, "
    "consensus aside).")


@click.group()
def adjudicate() -> None:
    """Settle the differences between two coders into the coder `consensus`."""


@adjudicate.command("list")
@coders_option
@click.option("--auto-agreed", is_flag=True, help="First copy every span both coders coded "
              "identically to consensus.")
@click.option("--all", "show_all", is_flag=True, help="Also list agreed and decided groups.")
@json_option
@click.pass_context
def list_(ctx, coders, auto_agreed, show_all, as_json) -> None:
    """List the groups of codings on which A and B differ: A only, B only, or both with
    another extent. Each has an id for `casebook adjudicate decide`."""
    from casebook import adjudicate as adj

    store = project(ctx).store
    if auto_agreed:
        count = adj.auto_agreed(store, comma_list(coders))
        if not as_json:
            click.echo(f"{count} agreed span group(s) copied to consensus", err=True)
    items = adj.disagreements(store, comma_list(coders), agreed=show_all)
    if not show_all:
        items = [i for i in items if i.decision is None]
    if as_json:
        echo_json([{**_plain(i), "start": i.start, "end": i.end} for i in items])
        return
    from rich.table import Table

    table = Table("id", "document", "code", "kind", "A", "B", "decision", box=None)
    for i in items:
        table.add_row(i.id, i.document, i.code_id, i.kind, adj.format_spans(i.a) or "–",
                      adj.format_spans(i.b) or "–", i.decision or "")
    console().print(table)


def _plain(item) -> dict:
    from dataclasses import asdict

    return asdict(item)


@adjudicate.command("decide")
@click.argument("ids", nargs=-1, required=True)
@click.option("--take", type=click.Choice(["a", "b", "both", "neither"]), required=True,
              help="a: A's spans; b: B's spans; both: their union; neither: no coding.")
@coders_option
@click.pass_context
def decide(ctx, ids, take, coders) -> None:
    """Decide the groups IDS: write the chosen spans as consensus codings (one transaction;
    deciding again replaces the earlier decision)."""
    from casebook import adjudicate as adj

    store = project(ctx).store
    with store.transaction():
        for key in ids:
            adj.decide(store, key, take, comma_list(coders))
    click.echo(f"decided {len(ids)} group(s): {take}")


@adjudicate.command("undo")
@click.argument("ids", nargs=-1, required=True)
@click.pass_context
def undo(ctx, ids) -> None:
    """Forget the decisions on IDS and remove the consensus codings they added."""
    from casebook import adjudicate as adj

    store = project(ctx).store
    with store.transaction():
        for key in ids:
            adj.undo(store, key)
    click.echo(f"undone {len(ids)} decision(s)")


@adjudicate.command("report")
@coders_option
@click.option("--format", "fmt", type=click.Choice(["csv", "md"]), default="md",
              show_default=True, help="CSV or Markdown.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file "
              "(default: print).")
@click.pass_context
def report(ctx, coders, fmt, output) -> None:
    """Every difference with its decision, as CSV or Markdown (in the project's language)."""
    from pathlib import Path

    from casebook import adjudicate as adj

    proj = project(ctx)
    text = adj.report(proj.store, comma_list(coders), fmt=fmt,
                      language=proj.settings.language)
    if output:
        Path(output).write_text(text, encoding="utf-8", newline="")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@adjudicate.command("tui")
@coders_option
@click.option("--auto-agreed", is_flag=True, help="First copy every span both coders coded "
              "identically to consensus.")
@click.pass_context
def tui(ctx, coders, auto_agreed) -> None:
    """Walk the differences side by side in the terminal: a / b / o (both) / n (neither),
    j / k to move, u to undo."""
    import importlib

    if auto_agreed:
        from casebook import adjudicate as adj

        adj.auto_agreed(project(ctx).store, comma_list(coders))
    screen = importlib.import_module("casebook.tui.screens.adjudicate")
    screen.run(project(ctx), comma_list(coders))
