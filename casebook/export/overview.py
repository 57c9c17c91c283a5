"""The class overview as a PDF (or one web page): the hardest codes, the fragments most
students missed, the students × codes heat map (:mod:`casebook.export.heatmap`, a picture
inside the page) and the grade book's totals; in the style of the student feedback
(:mod:`casebook.export.feedback`)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from casebook.exercise.feedback import ClassFeedback
from casebook.exercise.overview import Overview
from casebook.export.feedback import check, figure, page, reference
from casebook.export.heatmap import data_url, svg
from casebook.i18n import tr


def overview_html(view: Overview, result: ClassFeedback, web: bool = False) -> str:
    lang = view.language

    def t(key: str, **values: object) -> str:
        return escape(tr(key, lang, **values))

    index = {c.id: n for n, c in enumerate(result.codes)}
    refs = reference(view.references, lang)
    out = [f'<header class="feedback"><h1>{t("ex_overview")}</h1>'
           f'<p class="subtitle">{escape(view.exercise)} · '
           f'{t("ex_students", n=len(view.students))} · {escape(refs)}</p></header>',
           f'<section><h2>{t("ex_hardest")}</h2><p class="note">{t("ex_figure")}</p>'
           '<table class="scores"><thead><tr>'
           + "".join(f"<th>{t(k).capitalize()}</th>" for k in
                     ("code", "ex_agreement", "ex_fragments", "ex_found"))
           + "</tr></thead><tbody>"]
    for row in view.codes:
        width = max(0.0, row.agreement or 0.0) * 20
        found = "–" if row.found is None else f"{100 * row.found:.0f}"
        out.append(f'<tr><td><span class="swatch l{index[row.code]}" aria-hidden="true">'
                   f"</span>{escape(row.name)}</td><td>{figure(row.agreement, lang)}"
                   f'<span class="bar" style="width: {width:.1f}mm" aria-hidden="true"></span>'
                   f"</td><td>{row.fragments}</td><td>{found}</td></tr>")
    out.append("</tbody></table></section>")
    picture = svg(view.students, view.heat_codes, view.heat, lang, tr("ex_heat", lang))
    out.append(f'<section><h2>{t("ex_heat")}</h2><figure class="heat">'
               f'<img src="{data_url(picture)}" alt="{t("ex_heat_alt")}">'
               f'<figcaption>{t("ex_heat_alt")}</figcaption></figure></section>')
    out.append(f'<section><h2>{t("ex_most_missed")}</h2><table class="scores"><thead><tr>'
               + "".join(f'<th class="{c}">{t(k).capitalize()}</th>' for k, c in
                         (("text", "text"), ("code", "text"), ("ex_missed", ""),
                          ("ex_other", "")))
               + "</tr></thead><tbody>")
    for m in view.missed:
        who = f"<b>{escape(m.speaker)}:</b> " if m.speaker else ""
        out.append(f'<tr><td class="text">{who}{escape(m.text)}<br><span class="note">'
                   f"{escape(m.document)}</span></td><td class=\"text\">{escape(m.code)}</td>"
                   f"<td>{m.missed}/{m.students}</td><td>{m.other}/{m.students}</td></tr>")
    out.append("</tbody></table></section>")
    out.append(f'<section><h2>{t("ex_grades")}</h2><table class="scores"><thead><tr>'
               + "".join(f"<th>{escape(c)}</th>" for c in view.grade_columns[:8])
               + "</tr></thead><tbody>")
    for grade in view.grades:
        found = "–" if grade[6] is None else f"{grade[6]:.1f}"
        cells = [escape(str(v)) for v in grade[:6]] + [
            found.replace(".", ",") if lang != "en" else found, figure(grade[7], lang)]
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table></section>")
    title = f"{tr('ex_overview', lang)}: {view.exercise}"
    html = page(title, lang, "".join(out), result.codes, web)
    people = view.students + view.references
    check(result.gate, "the class overview", html, people)
    check(result.gate, "the heat map", picture, people)
    return html


def write_overview(view: Overview, result: ClassFeedback, target: Path,
                   web: bool = False) -> int | None:
    """The overview at ``target`` (PDF, or HTML with ``web``); returns the PDF's pages."""
    from casebook.export import write_document

    return write_document(overview_html(view, result, web), target, web=web)
