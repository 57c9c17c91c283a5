"""`casebook agree`: agreement between coders, per code, per exclusive/ordered group and
pooled; a reliability report for a methods section with --report."""

from __future__ import annotations

import json
from pathlib import Path

import click

from casebook.cli.common import echo_json, json_option, project
from casebook.cli.gate import make_gate, raw_option

DEFAULT = ("percent", "cohen", "fleiss", "alpha", "ac1", "alpha_u", "alpha_u_binary",
           "segments")
ORDERED_DEFAULT = ("kappa_quadratic", "alpha_ordinal")
ON_TEXT = {"alpha_u", "alpha_u_binary", "segments"}  # computed only when shown


def comma_list(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _keys(value: str | None, report) -> list[str]:
    """The figures to show: the default set (with the ordered ones when a group is
    ordered), ``all``, or a comma-separated list of keys and aliases."""
    from casebook.coders import figures
    from casebook.errors import CasebookError

    if value is None:
        ordered = any("alpha_ordinal" in g.figures for g in report.groups)
        return [*DEFAULT[:5], *(ORDERED_DEFAULT if ordered else ()), *DEFAULT[5:]]
    if value.strip() == "all":
        return list(figures.NAMES)
    keys = []
    for name in comma_list(value) or []:
        key = figures.ALIASES.get(name.lower(), name.lower().replace("-", "_"))
        if key not in figures.NAMES:
            raise CasebookError(f"unknown coefficient '{name}' (known: "
                                f"{', '.join(figures.NAMES)}, all)", field="--coefficients")
        keys.append(key)
    return keys


def _fmt(figure, digits: int = 3) -> str:
    if figure is None or figure.value is None:
        return "–"
    places = 1 if figure.key in ("percent", "segments") else digits
    text = f"{figure.value:.{places}f}"
    if figure.ci:
        text += f" [{figure.ci[0]:.{places}f}, {figure.ci[1]:.{places}f}]"
    return text


def _label(row, language: str) -> str:
    from casebook.i18n import tr

    if row.kind == "group":
        return tr("agree_group", language, code=row.code)
    return tr("agree_pooled", language) if row.kind == "pooled" else row.code


def _units(row) -> str:
    return f"{row.units:g}"


def _table(report, keys: list[str], language: str) -> None:
    from rich import box
    from rich.table import Column, Table

    from casebook.cli.common import console
    from casebook.coders import figures
    from casebook.i18n import tr

    unit_of = {k: report.pooled.figures[k].unit if k in report.pooled.figures else report.unit
               for k in keys}
    heads = [Column(tr("code", language)), Column(tr("agree_units", language))]
    heads += [Column(f"{figures.NAMES[k][1]}\n{tr(figures.UNIT_WORDS[unit_of[k]], language)}",
                     no_wrap=True) for k in keys]
    table = Table(*heads, box=box.SIMPLE_HEAD, title=tr(
        "agree_title", language, coders=", ".join(report.coders),
        unit=tr(figures.UNIT_WORDS[report.pooled.figures["percent"].unit], language)))
    for section in (report.codes, report.groups):
        for row in section:
            table.add_row(_label(row, language), _units(row),
                          *(_fmt(row.figures.get(k)) for k in keys))
        if section:
            table.add_section()
    pooled = report.pooled
    table.add_row(_label(pooled, language), _units(pooled),
                  *(_fmt(pooled.figures.get(k)) for k in keys), style="bold")
    console().print(table)


def _csv(report, keys: list[str]) -> str:
    """The figures as CSV text: a row per code, group and the pooled row."""
    import csv
    import io

    text = io.StringIO()
    writer = csv.writer(text)
    units = {k: report.pooled.figures[k].unit if k in report.pooled.figures else report.unit
             for k in keys}
    writer.writerow(["code", "units", *(f"{k} ({units[k]})" for k in keys)])
    for row in [*report.codes, *report.groups, report.pooled]:
        name = row.code if row.kind != "group" else f"{row.code} (group)"
        writer.writerow([name, _units(row), *(_fmt(row.figures.get(k)) for k in keys)])
    return text.getvalue()


def _document_name(gate, store, name: str) -> str:
    """A document as the JSON names it: its reviewed display name; one not reviewed yet by
    its number (its own name may name someone), unless --raw."""
    view = gate.view(store.document(name).id)
    return view.name if gate.raw or not view.raw else f"document {view.id}"


def _write_report(proj, report, keys: list[str], target: str, gate) -> None:
    from casebook.coders import reliability
    from casebook.errors import CasebookError
    from casebook.files import atomic_write

    suffix = Path(target).suffix.lower()
    if suffix not in (".md", ".pdf"):
        raise CasebookError("the report is a .md or a .pdf file", field="--report")
    language = proj.settings.language
    text = reliability.markdown(proj.store, report, keys, language)
    gate.check("agreement report", text)
    if suffix == ".md":
        atomic_write(target, text)
    else:
        from casebook.export import write_document

        write_document(reliability.html(text, language), target)
    click.echo(f"wrote {target}", err=True)


@click.command()
@click.option("--coders", help="Comma-separated coder names (default: every coder with "
              "codings, except consensus).")
@click.option("--codes", help="Comma-separated code ids (default: every code in use).")
@click.option("--docs", help="Comma-separated documents, by id or name (default: all).")
@click.option("--unit", type=click.Choice(["sentence", "turn", "char"]), default="sentence",
              show_default=True, help="What one judgement is about. A code applies to a "
              "sentence/turn when a coding overlaps at least --min-overlap of the shorter of "
              "the two; char: every character is a unit.")
@click.option("--min-overlap", type=float, default=0.5, show_default=True,
              help="Share of the shorter of unit and coding that must overlap.")
@click.option("--absent", type=click.Choice(["missing", "not-coded"]), default="missing",
              show_default=True, help="A document in which a coder has no codings: missing "
              "(not judged; Krippendorff 2011 on missing data) or not-coded (the coder read "
              "it and coded nothing: every character counts as 'not coded', as NVivo's "
              "coding comparison does).")
@click.option("--segment-rule", type=click.Choice(["own-overlap", "iou", "maxqda"]),
              default="own-overlap", show_default=True, help="own-overlap: a coding is "
              "matched when another coder coded the same code over at least --threshold % of "
              "it; iou: intersection over union of two codings (Jaccard) at least --threshold "
              "%; maxqda: MAXQDA's segment-level table (manual, 'Intercoder agreement'), "
              "codings paired one to one when they overlap at least --threshold % of the "
              "area both cover, agreement = pairs / (pairs + unpaired codings).")
@click.option("--threshold", type=float, default=90.0, show_default=True,
              help="Segment agreement: the overlap a match needs, in percent.")
@click.option("--coefficients", help="Comma-separated figures to show, or 'all': percent, "
              "cohen, scott, fleiss, bp (= bennett-s, randolph), ac1, alpha, kappa-linear, "
              "kappa-quadratic, ac2-linear, ac2-quadratic, alpha-ordinal, alpha-interval, "
              "alpha-ratio, alpha-u, alpha-u-binary, segments. --json always has every "
              "figure.")
@click.option("--ci", is_flag=True, help="Confidence intervals: bootstrap for Krippendorff's "
              "alpha (Hayes & Krippendorff 2007), Gwet's variance for AC1/AC2 (Gwet 2014).")
@click.option("--confidence", type=float, default=0.95, show_default=True,
              help="Confidence level of --ci.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False),
              help="Also write a reliability report (FILE.md or FILE.pdf): the table, the "
              "coefficients' definitions and references, and a sentence for a methods section.")
@json_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
@raw_option
@click.pass_context
def agree(ctx, coders, codes, docs, unit, min_overlap, absent, segment_rule, threshold,
          coefficients, ci, confidence, report_file, as_json, as_csv, raw) -> None:
    """Inter-coder agreement per code, per group of exclusive or ordered codes (codebook
    `exclusive: true` / `ordered: true`) and pooled over all codes.

    \b
    Per code (binary: applied or not, per unit): percent agreement; Cohen's kappa (1960;
    with 3+ coders the mean over pairs, Light 1971; each pair in --json); Scott's pi (1955);
    Fleiss' kappa (1971); Brennan & Prediger's kappa (1981) = Bennett's S = Randolph's
    free-marginal kappa (2005); Gwet's AC1 (2008); Krippendorff's alpha (2011). On the
    characters: Krippendorff's alpha-u (1995) and binary |u-alpha (2016, ATLAS.ti's
    alpha-binary); segment agreement by --segment-rule.
    A group: the same over its children as one variable ("(none)" when a coder applied
    none; two children on one unit count as missing and as a conflict); an ordered group
    also weighted kappa (Cohen 1968; linear, quadratic), Gwet's AC2 and alpha ordinal,
    interval and ratio, on the units that got a child.
    Pooled: every (code, unit) judgement as one binary set -- not the multi-category kappa
    of a group. Missing data follow Gwet (2014). "–": undefined (e.g. nobody used it)."""
    from casebook.coders import agreement

    proj = project(ctx)
    asked = None if coefficients is None else _keys(coefficients, None)
    report = agreement.compute(
        proj.store, coders=comma_list(coders), codes=comma_list(codes), docs=comma_list(docs),
        unit=unit, threshold=threshold, min_overlap=min_overlap, absent=absent,
        segment_rule=segment_rule, confidence=confidence if ci else None,
        on_text=bool(as_json or report_file or asked is None or set(asked) & ON_TEXT))
    keys = asked if asked is not None else _keys(None, report)
    gate = make_gate(proj, raw)  # every output passes the privacy gate: a coder's name or
    shown = report.as_dict()     # a code's id may name someone, as a document's name may
    shown["documents"] = [_document_name(gate, proj.store, name) for name in report.documents]
    text = _csv(report, keys) if as_csv and not as_json else None  # the codes only
    gate.check("agreement", text or json.dumps(shown, ensure_ascii=False))  # (the table
    if report_file:                                   # shows the coders and codes of it)
        _write_report(proj, report, keys, report_file, gate)
    if as_json:
        echo_json(shown)
    elif text is not None:
        click.echo(text, nl=False)
    else:
        _table(report, keys, proj.settings.language)
