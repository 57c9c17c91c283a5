"""`casebook report`: frequencies, co-occurrence, code x speaker and coded fragments."""

from __future__ import annotations

import click

from casebook.cli.common import console, echo_json, output_option, project, say
from casebook.cli.gate import make_gate, raw_option

_FILTERS = [
    click.option("--coder", "coders", multiple=True,
                 help="Only codings of this coder (name or id); repeat for several."),
    click.option("--code", "codes", multiple=True,
                 help="Only this code and its subcodes (id, name or hotkey); repeat for "
                      "several."),
    click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table."),
    click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table."),
    output_option("--xlsx", "xlsx",
                 help="Write an Excel workbook to this file instead."),
    raw_option,
]


def _filters(function):
    for option in reversed(_FILTERS):
        function = option(function)
    return function


def _show(ctx, kind: str, by: str | None, coders, codes, as_json, as_csv, xlsx, raw) -> None:
    from casebook import reports

    proj = project(ctx)
    report = reports.make(proj.store, kind, by=by, coders=list(coders), codes=list(codes),
                          language=proj.settings.language, gate=make_gate(proj, raw))
    if xlsx:
        reports.write_xlsx([report], xlsx)
        click.echo(f"{xlsx}: {say('n_rows', n=len(report.rows))}")
    elif as_json:
        echo_json(report.as_dict())
    elif as_csv:
        click.echo(reports.to_csv(report), nl=False)
    elif kind == "fragments":
        for row in report.as_dict()["rows"]:
            click.echo(f"{row['code']}  {row['document']} {row['start']}-{row['end']}  "
                       f"{row['speaker'] or '-'}  [{row['coder']}]")
            click.echo(f"    {row['text']}")
            if row["memo"]:
                click.echo(f"    memo: {row['memo']}")
    else:
        from rich.table import Table

        table = Table(title=report.title)
        for number, label in enumerate(report.labels):
            table.add_column(label, justify="right" if number >= 2 else "left",
                             overflow="fold")
        for row in report.rows:
            table.add_row(*(str(value) for value in row))
        console().print(table)


@click.group()
def report() -> None:
    """Analysis reports over the codings, as a table, JSON, CSV or Excel."""


@report.command()
@click.option("--by", type=click.Choice(["document", "speaker", "role"]), default="document",
              show_default=True, help="Split each code's count by document, speaker or role "
              "(a coding counts for every speaker whose turn it overlaps).")
@_filters
@click.pass_context
def frequencies(ctx, by, coders, codes, as_json, as_csv, xlsx, raw) -> None:
    """How many codings each code has, split by document, speaker or role."""
    _show(ctx, "frequencies", by, coders, codes, as_json, as_csv, xlsx, raw)


@report.command()
@_filters
@click.pass_context
def cooccurrence(ctx, coders, codes, as_json, as_csv, xlsx, raw) -> None:
    """Code x code: pairs of overlapping codings by the same coder (diagonal: the code's
    own number of codings)."""
    _show(ctx, "cooccurrence", None, coders, codes, as_json, as_csv, xlsx, raw)


@report.command()
@_filters
@click.pass_context
def speakers(ctx, coders, codes, as_json, as_csv, xlsx, raw) -> None:
    """Code x speaker: how many characters of each speaker's turns carry the code."""
    _show(ctx, "speakers", None, coders, codes, as_json, as_csv, xlsx, raw)


@report.command()
@_filters
@click.pass_context
def fragments(ctx, coders, codes, as_json, as_csv, xlsx, raw) -> None:
    """Every coded fragment per code: document, speaker, coder, span, text and memo."""
    _show(ctx, "fragments", None, coders, codes, as_json, as_csv, xlsx, raw)


@report.command()
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--coder", "coders", multiple=True,
              help="Only codings of this coder (name or id); repeat for several.")
@click.option("--code", "codes", multiple=True,
              help="Only this code and its subcodes (id, name or hotkey); repeat for several.")
@raw_option
@click.pass_context
def workbook(ctx, out, coders, codes, raw) -> None:
    """Write every report to one Excel workbook, one worksheet each."""
    from casebook import reports

    proj = project(ctx)
    made = reports.all_reports(proj.store, coders=list(coders), codes=list(codes),
                               language=proj.settings.language, gate=make_gate(proj, raw))
    reports.write_xlsx(made, out)
    click.echo(f"{out}: {', '.join(r.sheet or r.kind for r in made)}")
