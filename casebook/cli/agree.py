"""`casebook agree`: agreement between coders, per code and overall."""

from __future__ import annotations

import csv
import sys

import click

from casebook.cli.common import echo_json, json_option, project

HEADINGS = {
    "nl": ("code", "eenheden", "% overeenst.", "Cohen κ", "Fleiss κ", "α", "αu", "|uα", "segm. %"),
    "en": ("code", "units", "% agreement", "Cohen κ", "Fleiss κ", "α", "αu", "|uα", "segm. %"),
}
TITLE = {"nl": "Overeenstemming tussen {coders} (eenheid: {unit})",
         "en": "Agreement between {coders} (unit: {unit})"}


def comma_list(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _cells(row) -> list[str]:
    percent = None if row.percent is None else 100 * row.percent
    return [row.code, str(row.units), _fmt(percent, 1), _fmt(row.cohen_mean), _fmt(row.fleiss),
            _fmt(row.alpha), _fmt(row.u_alpha), _fmt(row.u_alpha_binary),
            _fmt(row.segment_percent, 1)]


@click.command()
@click.option("--coders", help="Comma-separated coder names (default: every coder with "
              "codings, except consensus).")
@click.option("--codes", help="Comma-separated code ids (default: every code in use).")
@click.option("--docs", help="Comma-separated documents, by id or name (default: all).")
@click.option("--unit", type=click.Choice(["sentence", "turn", "char"]), default="sentence",
              show_default=True, help="What one judgement is about. A code applies to a "
              "sentence/turn when a coding overlaps at least --min-overlap of the shorter of "
              "the two; char: every character is a unit.")
@click.option("--threshold", type=float, default=90.0, show_default=True,
              help="Segment match: a coding is matched when another coder coded the same code "
              "over at least this percentage of it.")
@click.option("--min-overlap", type=float, default=0.5, show_default=True,
              help="Share of the shorter of unit and coding that must overlap.")
@json_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
@click.pass_context
def agree(ctx, coders, codes, docs, unit, threshold, min_overlap, as_json, as_csv) -> None:
    """Inter-coder agreement per code and overall: percent agreement, Cohen's kappa (mean of
    coder pairs; each pair in --json), Fleiss' kappa, Krippendorff's alpha (nominal, binary
    per code), on the characters Krippendorff's unitized alpha-u (1995) and binary |u-alpha
    (2016, ATLAS.ti's alpha-binary), and a MAXQDA-style segment match.

    Units a coder never looked at (a document without any of their codings) count as
    missing, not as "not coded". "–" means undefined (for example nobody used the code)."""
    from casebook.coders import agreement as reliability

    proj = project(ctx)
    report = reliability.compute(proj.store, coders=comma_list(coders),
                                 codes=comma_list(codes), docs=comma_list(docs), unit=unit,
                                 threshold=threshold, min_overlap=min_overlap)
    if as_json:
        echo_json(report.as_dict())
        return
    language = proj.settings.language if proj.settings.language in HEADINGS else "nl"
    rows = [_cells(r) for r in [*report.codes, report.overall]]
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(HEADINGS["en"])
        writer.writerows(rows)
        return
    from rich import box
    from rich.table import Column, Table

    from casebook.cli.common import console

    table = Table(*(Column(h, no_wrap=True) for h in HEADINGS[language]),
                  box=box.SIMPLE_HEAD, title=TITLE[language].format(
                      coders=", ".join(report.coders), unit=unit))
    for cells in rows[:-1]:
        table.add_row(*cells)
    table.add_section()
    table.add_row(*rows[-1], style="bold")
    console().print(table)
