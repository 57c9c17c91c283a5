"""`casebook adjudicate`: settle the differences between two coders into `consensus`."""

from __future__ import annotations

import click

from casebook.cli.agree import comma_list
from casebook.cli.common import console, echo_json, json_option, output_option, project, say
from casebook.cli.gate import make_gate, raw_option

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
    another extent. Each has an id for `casebook adjudicate decide`. A decided group whose
    codings changed since is listed (flag "changed"), and a decision whose codings are all
    gone too (flag "orphaned"): decide again or undo it."""
    from casebook.coders import adjudicate as adj

    store = project(ctx).store
    if auto_agreed:
        count = adj.auto_agreed(store, comma_list(coders))
        if not as_json:
            click.echo(f"{say('n_groups', n=count)} agreed: copied to consensus", err=True)
    items = adj.disagreements(store, comma_list(coders), agreed=show_all)
    if not show_all:
        items = [i for i in items if i.decision is None or i.flag]
    if as_json:
        echo_json([{**_plain(i), "start": i.start, "end": i.end} for i in items])
        return
    from rich.table import Table

    table = Table("id", "document", "code", "kind", "A", "B", "decision", "flag", box=None)
    for i in items:
        table.add_row(i.id, i.document, i.code_id, i.kind, adj.format_spans(i.a) or "–",
                      adj.format_spans(i.b) or "–", i.decision or "", i.flag or "")
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
    from casebook.coders import adjudicate as adj

    store = project(ctx).store
    with store.transaction():
        for key in ids:
            adj.decide(store, key, take, comma_list(coders))
    click.echo(f"decided {say('n_groups', n=len(ids))}: {take}")


@adjudicate.command("undo")
@click.argument("ids", nargs=-1, required=True)
@click.pass_context
def undo(ctx, ids) -> None:
    """Forget the decisions on IDS and remove the consensus codings they added."""
    from casebook.coders import adjudicate as adj

    store = project(ctx).store
    with store.transaction():
        for key in ids:
            adj.undo(store, key)
    click.echo(f"undone {say('n_decisions', n=len(ids))}")


@adjudicate.command("report")
@coders_option
@click.option("--format", "fmt", type=click.Choice(["csv", "md"]), default="md",
              show_default=True, help="CSV or Markdown.")
@output_option("-o", "--output", help="Write to this file "
              "(default: print).")
@raw_option
@click.pass_context
def report(ctx, coders, fmt, output, raw) -> None:
    """Every difference with its decision, as CSV or Markdown (in the project's language),
    pseudonymised unless --raw."""
    from casebook.coders import adjudicate as adj
    from casebook.files import atomic_write

    proj = project(ctx)
    text = adj.report(proj.store, comma_list(coders), fmt=fmt,
                      language=proj.settings.language, gate=make_gate(proj, raw))
    if output:
        atomic_write(output, text)
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
    from casebook.coders import adjudicate as adj
    from casebook.tui.screens.adjudicate import run as adjudication_screen

    if auto_agreed:
        adj.auto_agreed(project(ctx).store, comma_list(coders))
    adjudication_screen(project(ctx), comma_list(coders))
