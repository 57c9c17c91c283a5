"""Feedback for a student as a PDF (or one web page), in the casebook's visual style: the
casebook's CSS and code colours (:func:`casebook.export.html.code_css`) and the same PDF
writer (:func:`casebook.export.write_pdf`).

A page says per code one figure and the counts, then, document by document, every fragment:
a mark and a word for its outcome (never colour alone), the text as the privacy gate shows
it in the code's colour, the student's own fragment where it differs, and the "why". The
finished HTML passes the gate once more (the names of the students and references aside:
they are the class's, not the transcripts').
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path

from casebook.exercise.feedback import ClassFeedback, CodeScore, Item, StudentFeedback
from casebook.exercise.spec import file_part
from casebook.export.html import CSS_FILE, code_css, html_lang
from casebook.export.web import CSS_FILE as WEB_CSS
from casebook.export.web import DARK, LIGHT
from casebook.i18n import tr
from casebook.ingest.plan import unique_name
from casebook.model import Code
from casebook.privacy.guard import Gate

FEEDBACK_CSS = Path(__file__).with_name("feedback.css")
MARKS = {"hit": "✓", "missed": "✗", "other": "⇄", "extra": "+"}  # never colour alone
KINDS = {"hit": "ex_hit", "missed": "ex_missed", "other": "ex_other", "extra": "ex_extra"}
SAYS = {"hit": "ex_says_hit", "missed": "ex_says_missed", "other": "ex_says_other",
        "extra": "ex_says_extra"}
POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
          "form-action 'none'")
WHY = {"memo": "ex_why_memo", "description": "ex_why_description",
       "include": "ex_why_include", "exclude": "ex_why_exclude"}


def figure(value: float | None, language: str) -> str:
    """One figure as a student reads it: two decimals, a comma in Dutch; "–" for none."""
    if value is None:
        return "–"
    text = f"{round(value, 2) + 0.0:.2f}"
    return text.replace(".", ",") if language != "en" else text


def reference(names: list[str], language: str) -> str:
    """The reference in words: "the reference coding (consensus)", "the coding of the
    experts anna, bram"."""
    return tr("ex_reference" if len(names) == 1 else "ex_experts", language,
              names=", ".join(names))


def page(title: str, language: str, body: str, codes: list[Code], web: bool = False) -> str:
    """A whole HTML page around ``body``: for the PDF (casebook.css) or for a browser
    (web.css, light and dark, nothing fetched)."""
    extra = FEEDBACK_CSS.read_text(encoding="utf-8")
    if web:
        themes = [f":root {{ --ink: {ink}; --paper: {paper}; }}\n"
                  + code_css(codes, ink, paper, alphas) for (ink, paper), alphas in
                  ((LIGHT, (0.32, 0.2)), (DARK, (0.45, 0.3)))]
        css = (WEB_CSS.read_text(encoding="utf-8") + themes[0]
               + "\n@media screen and (prefers-color-scheme: dark) {\n" + themes[1] + "\n}\n"
               + extra)
        head = (f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
                '<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,">')
    else:
        css = CSS_FILE.read_text(encoding="utf-8") + "\n" + code_css(codes) + "\n" + extra
        css += f'\n@page {{ @bottom-right {{ content: "{tr("book_page", language)} " ' \
               "counter(page); } }"
        head = ""
    return (f'<!DOCTYPE html>\n<html lang="{html_lang(language)}"><head><meta charset="utf-8">'
            f"{head}<title>{escape(title)}</title><style>{css}</style></head>"
            f'<body><main id="main">{body}</main></body></html>')


class _Writer:
    def __init__(self, feedback: StudentFeedback, codes: list[Code]) -> None:
        self.fb, self.lang = feedback, feedback.language
        self.index = {c.id: n for n, c in enumerate(codes)}
        self.names = {c.id: c.name for c in codes}
        self.out: list[str] = []

    def tr(self, key: str, **values: object) -> str:
        return escape(tr(key, self.lang, **values))

    def chip(self, code: str) -> str:
        n = self.index.get(code)
        swatch = f'<span class="swatch l{n}" aria-hidden="true"></span>' if n is not None \
            else ""
        return f"{swatch}<b>{escape(self.names.get(code, code))}</b>"

    def header(self) -> None:
        fb = self.fb
        refs = reference(fb.references, self.lang)
        hello = self.tr("ex_hello", student=fb.student, exercise=fb.exercise, reference=refs)
        self.out.append(
            f'<header class="feedback"><h1>{self.tr("ex_title")}</h1>'
            f'<p class="subtitle">{escape(fb.exercise)} · {escape(fb.student)}</p>'
            f'<p class="hello">{hello}</p></header>')

    def scores(self) -> None:
        heads = ["code", "ex_agreement", "ex_hit", "ex_missed", "ex_other", "ex_extra"]
        self.out.append(f'<section class="per-code"><h2>{self.tr("ex_per_code")}</h2>'
                        f'<p class="note">{self.tr("ex_figure")}</p><table class="scores">'
                        "<thead><tr>" + "".join(f"<th>{self.tr(h).capitalize()}</th>"
                                                for h in heads) + "</tr></thead><tbody>")
        for score in self.fb.codes:
            if score.agreement is None and not any(
                    getattr(score, k) for k in ("hit", "missed", "other", "extra")):
                continue  # a code only others in the class used
            self.out.append(f"<tr><td>{self.chip(score.code)}</td><td>{self._bar(score)}</td>"
                            + "".join(f"<td>{getattr(score, k)}</td>"
                                      for k in ("hit", "missed", "other", "extra"))
                            + "</tr>")
        self.out.append("</tbody></table></section>")

    def _bar(self, score: CodeScore) -> str:
        width = max(0.0, score.agreement or 0.0) * 20
        bar = f'<span class="bar" style="width: {width:.1f}mm" aria-hidden="true"></span>' \
            if score.agreement is not None else ""
        return figure(score.agreement, self.lang) + bar

    def items(self) -> None:
        self.out.append(f'<section class="fragments"><h2>{self.tr("ex_per_fragment")}</h2>')
        documents = list(dict.fromkeys(item.document for item in self.fb.items))
        if not documents:
            self.out.append(f"<p>{self.tr('ex_nothing')}</p>")
        for document in documents:
            self.out.append(f'<section class="document"><h3>{escape(document)}</h3>')
            for item in self.fb.items:
                if item.document == document:
                    self.item(item)
            self.out.append("</section>")
        self.out.append("</section>")

    def item(self, item: Item) -> None:
        says = tr(SAYS[item.kind], self.lang, code="\0code\0", mine="\0mine\0")
        says = escape(says).replace("\0code\0", self.chip(item.code)).replace(
            "\0mine\0", self.chip(item.student_code or ""))
        by = f'<span class="by">({self.tr("ex_by", names=", ".join(item.references))})</span>' \
            if item.references and len(self.fb.references) > 1 else ""
        n = self.index.get(item.code)
        who = f'<span class="speaker">{escape(item.speaker)}</span>' if item.speaker else ""
        self.out.append(
            f'<div class="item {item.kind}"><p class="says"><span class="badge">'
            f'{MARKS[item.kind]} {self.tr(KINDS[item.kind]).capitalize()}</span>{says}{by}</p>'
            f'<blockquote>{who}<span class="c{n}">{_text(item.text)}</span></blockquote>')
        if item.student_text:
            self.out.append(f'<p class="yours">{self.tr("ex_yours")}: '
                            f"“{_text(item.student_text)}”</p>")
        if item.why:
            self.out.append('<dl class="why">')
            for key, text in item.why:
                label = self.tr("ex_why_not", code=self.names.get(key[4:], key[4:])) \
                    if key.startswith("not:") else self.tr(WHY[key])
                self.out.append(f"<dt>{label}</dt><dd>{escape(text)}</dd>")
            self.out.append("</dl>")
        self.out.append("</div>")


def _text(text: str, limit: int = 700) -> str:
    """A fragment's text, escaped, a very long one cut in the middle."""
    if len(text) > limit:
        text = text[:limit // 2].rsplit(" ", 1)[0] + " … " + text[-limit // 2:].split(" ", 1)[-1]
    return escape(text).replace("\n", "<br>")


def student_html(feedback: StudentFeedback, codes: list[Code], web: bool = False) -> str:
    """One student's feedback as a whole HTML page."""
    w = _Writer(feedback, codes)
    w.header()
    w.scores()
    w.items()
    title = f"{tr('ex_title', feedback.language)}: {feedback.exercise} · {feedback.student}"
    return page(title, feedback.language, "".join(w.out), codes, web)


def check(gate: Gate, what: str, html: str, people: Iterable[str]) -> None:
    """The gate's last look at a page, the names of the class left out."""
    for name in sorted(people, key=len, reverse=True):
        html = re.sub(re.escape(escape(name)), " ", html, flags=re.IGNORECASE)
    gate.check(what, html, markup=True)


def write_feedback(result: ClassFeedback, folder: Path, *, web: bool = False,
                   progress: Callable[[str], None] | None = None) -> list[Path]:
    """Every student's feedback in ``folder`` (``STUDENT.pdf``, or ``.html``; the name as a
    file name, made unique)."""
    from casebook.export import write_document

    folder.mkdir(parents=True, exist_ok=True)
    people = [s.student for s in result.students] + result.exercise.references
    written: list[Path] = []
    taken: set[str] = set()
    for feedback in result.students:
        html = student_html(feedback, result.codes, web)
        check(result.gate, f"feedback for {feedback.student}", html, people)
        stem = unique_name(file_part(feedback.student), taken)  # "Anna B" and "anna-b"
        target = folder / f"{stem}.{'html' if web else 'pdf'}"
        write_document(html, target, web=web)
        written.append(target)
        if progress:
            progress(feedback.student)
    return written
