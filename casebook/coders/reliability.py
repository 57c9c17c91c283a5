"""The reliability report for a methods section (`casebook agree --report`): the table, a
sentence to start from, the rules applied, each coefficient's definition and reference.

Markdown in the project's language; :func:`html` renders it for the PDF (which only
:mod:`casebook.export` writes). Document names are not in it: only counts leave.
"""

from __future__ import annotations

from casebook.coders import figures as fig
from casebook.coders.unitized import SEGMENT_RULES
from casebook.i18n import tr

REFERENCES = {
    "percent": "Gwet, K. L. (2014). Handbook of inter-rater reliability (4th ed.). "
               "Advanced Analytics.",
    "cohen": "Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational "
             "and Psychological Measurement, 20(1), 37-46.",
    "scott": "Scott, W. A. (1955). Reliability of content analysis: The case of nominal scale "
             "coding. Public Opinion Quarterly, 19(3), 321-325.",
    "fleiss": "Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. "
              "Psychological Bulletin, 76(5), 378-382.",
    "bp": "Brennan, R. L., & Prediger, D. J. (1981). Coefficient kappa: Some uses, misuses, "
          "and alternatives. Educational and Psychological Measurement, 41(3), 687-699. "
          "Randolph, J. J. (2005). Free-marginal multirater kappa. Joensuu Learning and "
          "Instruction Symposium.",
    "ac1": "Gwet, K. L. (2008). Computing inter-rater reliability and its variance in the "
           "presence of high agreement. British Journal of Mathematical and Statistical "
           "Psychology, 61(1), 29-48.",
    "alpha": "Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. "
             "University of Pennsylvania. Hayes, A. F., & Krippendorff, K. (2007). Answering "
             "the call for a standard reliability measure for coding data. Communication "
             "Methods and Measures, 1(1), 77-89.",
    "kappa_linear": "Cohen, J. (1968). Weighted kappa. Psychological Bulletin, 70(4), 213-220.",
    "alpha_u": "Krippendorff, K. (1995). On the reliability of unitizing continuous data. "
               "Sociological Methodology, 25, 47-76.",
    "alpha_u_binary": "Krippendorff, K., Mathet, Y., Bouvry, S., & Widlöcher, A. (2016). On "
                      "the reliability of unitizing textual continua. Quality & Quantity, "
                      "50(6), 2347-2364.",
    "light": "Light, R. J. (1971). Measures of response agreement for qualitative data. "
             "Psychological Bulletin, 76(5), 365-377.",
}
_SOURCE = {"kappa_quadratic": "kappa_linear", "ac2_linear": "ac1", "ac2_quadratic": "ac1",
           "alpha_ordinal": "alpha", "alpha_interval": "alpha", "alpha_ratio": "alpha"}


def _num(value: float | None, key: str = "") -> str:
    if value is None:
        return "–"
    if key in ("percent", "segments"):
        return f"{value:.1f}"
    return f"{value:.3f}".replace("0.", ".", 1) if abs(value) < 1 else f"{value:.3f}"


def _cell(figure) -> str:
    if figure is None:
        return ""
    text = _num(figure.value, figure.key)
    if figure.ci:
        text += f" [{_num(figure.ci[0], figure.key)}, {_num(figure.ci[1], figure.key)}]"
    return text


def _sentence(store, report, language: str) -> str:
    words = sum(len(store.document(name).text.split()) for name in report.documents)
    pooled = report.pooled.figures
    unit = tr(fig.UNIT_WORDS[pooled["percent"].unit], language)
    parts = [f"{name} = {_num(pooled[key].value)}" for key, name in
             (("alpha", "Krippendorff's α"), ("alpha_u", "αu"))
             if pooled.get(key) and pooled[key].value is not None]
    return tr("rel_sentence", language, coders=tr("n_coders", language, n=len(report.coders)),
              docs=tr("n_documents", language, n=len(report.documents)),
              words=f"{words:,}".replace(",", "," if language == "en" else "."),
              codes=tr("n_codes", language, n=len(report.codes)),
              unit=unit, figure=tr("rel_and", language).join(parts) or "–")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _table(report, keys: list[str], language: str) -> list[str]:
    heads = [tr("code", language), tr("agree_units", language)]
    units = {k: f.unit for k, f in report.pooled.figures.items()}
    heads += [f"{fig.NAMES[k][1]} ({tr(fig.UNIT_WORDS[units[k]], language)})"
              if k in units else fig.NAMES[k][1] for k in keys]
    lines = [_row(heads), "|" + "---|" * len(heads)]
    for row in [*report.codes, *report.groups, report.pooled]:
        label = {"group": tr("agree_group", language, code=row.code),
                 "pooled": tr("agree_pooled", language)}.get(row.kind, row.code)
        cells = [label, f"{row.units:g}", *(_cell(row.figures.get(k)) for k in keys)]
        lines.append(_row(cells))
    return lines


def _rules(report, language: str) -> list[str]:
    unit = tr(fig.UNIT_WORDS[report.pooled.figures["percent"].unit], language)
    rules = [tr("rel_absent_missing" if report.absent == "missing" else "rel_absent_not_coded",
                language)]
    if report.unit != "char":
        rules.append(tr("rel_overlap", language, unit=unit, share=report.min_overlap))
    rules.append(tr("rel_segments", language, rule=report.segment_rule,
                    text=tr(SEGMENT_RULES[report.segment_rule], language,
                            threshold=report.threshold)))
    if report.confidence:
        rules += [tr("rel_ci_alpha", language, level=report.confidence),
                  tr("rel_ci_ac", language, level=report.confidence)]
    return [f"- {rule}" for rule in rules]


def markdown(store, report, keys: list[str], language: str = "nl") -> str:
    """The report as Markdown."""
    lines = [f"# {tr('rel_title', language)}", "", f"## {tr('rel_method', language)}", "",
             _sentence(store, report, language), "", f"## {tr('rel_table', language)}", "",
             *_table(report, keys, language), "", f"## {tr('rel_rules', language)}", "",
             *_rules(report, language), "", f"## {tr('rel_definitions', language)}", ""]
    lines += [f"- **{fig.NAMES[k][0]}** ({fig.NAMES[k][1]}): "
              f"{tr(fig.DEFINITIONS[k], language)}." for k in keys]
    cited = {_SOURCE.get(k, k) for k in keys} | ({"light"} if len(report.coders) > 2 else set())
    lines += ["", f"## {tr('rel_references', language)}", ""]
    lines += [f"- {text}" for key, text in REFERENCES.items() if key in cited]
    return "\n".join(lines) + "\n"


def html(text: str, language: str = "nl") -> str:
    """The Markdown report as a standalone HTML page (markdown-it, no raw HTML)."""
    from markdown_it import MarkdownIt

    body = MarkdownIt("js-default").enable("table").render(text)
    style = ("body{font-family:'DejaVu Sans',sans-serif;font-size:9pt}"
             "table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 4px}"
             "@page{size:A4 landscape;margin:15mm}")
    return (f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
            f"<title>{tr('rel_title', language)}</title><style>{style}</style></head>"
            f"<body>{body}</body></html>")
