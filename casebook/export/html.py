"""Resolved cases -> one HTML document (the first half of the export pipeline).

Everything from a person (case text, transcript, memos, codebook) is escaped; Markdown goes
through markdown-it ``js-default``, which renders no raw HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from casebook.cases import Fragment, FragmentTurn, ResolvedCase
from casebook.export.contrast import hex_colour, highlight, rgb
from casebook.i18n import clock, tr
from casebook.model import Code
from casebook.privacy.guard import Gate

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

CSS_FILE = Path(__file__).with_name("casebook.css")
INK, PAPER = "#111111", "#ffffff"  # the PDF's text and page

@dataclass(slots=True)
class Bundle:
    title: str
    cases: list[ResolvedCase]
    codes: list[Code]
    language: str = "nl"
    subtitle: str | None = None
    made: str = field(default_factory=lambda: date.today().isoformat())
    gate: Gate | None = None  # the gate the cases were resolved through


def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("js-default")


def code_css(codes: list[Code], text: str = INK, ground: str = PAPER,
             alphas: tuple[float, float] = (0.32, 0.18)) -> str:
    """One class per code: a highlight under the text (``.cN``) and a margin chip
    (``.lN``), the code's colour blended into ``ground`` at up to ``alphas`` (text,
    chip), never so strongly that ``text`` on it falls below 4.5:1 (WCAG AA)."""
    rules = []
    for n, code in enumerate(codes):
        under = highlight(code.colour, text, ground, alphas[0])
        chip = highlight(code.colour, text, ground, alphas[1])
        solid = hex_colour(rgb(code.colour))
        rules.append(f".c{n} {{ background-color: {under}; }}\n"
                     f"li.l{n}, .l{n} {{ border-left-color: {solid}; "
                     f"background-color: {chip}; }}")
    return "\n".join(rules)


class _Writer:
    """Writes the casebook's body; ``web``: for a browser (code names for screen readers,
    see :mod:`casebook.export.web`), else for the PDF."""

    def __init__(self, bundle: Bundle, web: bool = False) -> None:
        self.bundle, self.web = bundle, web
        self.index = {code.id: n for n, code in enumerate(bundle.codes)}
        self.names = {code.id: code.name for code in bundle.codes}
        self.md = _markdown()
        self.out: list[str] = []

    def tr(self, key: str) -> str:
        return tr(key, self.bundle.language)

    def w(self, *parts: str) -> None:
        self.out.extend(parts)

    def markdown(self, text: str) -> str:
        """A case's Markdown body; its headings sit below the case's own (h4 and lower).
        On the web an image that is not a ``data:`` URL becomes its alt text in brackets:
        the page never asks another server for anything (the PDF does not fetch it)."""
        tokens = self.md.parse(text)
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(6, int(token.tag[1]) + 2)}"
            for child in (token.children or []) if self.web else []:
                if child.type == "image" and not str(child.attrGet("src")).startswith("data:"):
                    alt = "".join(part.content for part in child.children or [])
                    child.type, child.content, child.children = "text", f"[{alt}]", None
        return str(self.md.renderer.render(tokens, self.md.options, {}))

    def code_class(self, code_id: str, prefix: str) -> str:
        return f"{prefix}{self.index[code_id]}" if code_id in self.index else ""

    # -- parts --------------------------------------------------------------------
    def title_page(self) -> None:
        b = self.bundle
        self.w('<header class="titlepage">', f'<h1 class="booktitle">{escape(b.title)}</h1>')
        if b.subtitle:
            self.w(f'<p class="subtitle">{escape(b.subtitle)}</p>')
        authors = list(dict.fromkeys(a for rc in b.cases for a in rc.case.authors))
        if authors:
            self.w(f'<p class="authors">{escape(", ".join(authors))}</p>')
        self.w(f'<p class="made">{self.tr("book_made")} {escape(b.made)}</p></header>')

    def contents(self) -> None:
        contents = self.tr("book_contents")
        self.w(f'<nav class="toc" aria-label="{contents}"><h2>{contents}</h2><ol>')
        for n, rc in enumerate(self.bundle.cases, 1):
            self.w(f'<li><a href="#case-{n}">{escape(rc.case.title)}</a></li>')
        self.w(f'<li class="appendix"><a href="#codebook">{self.tr("book_appendix")}</a></li>'
               "</ol></nav>")

    def case(self, n: int, rc: ResolvedCase) -> None:
        c = rc.case
        self.w(f'<article class="case{" raw" if rc.raw else ""}" id="case-{n}">',
               f"<h2>{escape(c.title)}</h2>")
        if c.subtitle:
            self.w(f'<p class="case-subtitle">{escape(c.subtitle)}</p>')
        if c.authors:
            self.w(f'<p class="case-authors">{escape(", ".join(c.authors))}</p>')
        if rc.raw:
            self.w(f'<p class="raw-banner">{self.tr("book_raw")}</p>')
        if c.learning_goals:
            self.w(f'<section class="goals"><h3>{self.tr("book_goals")}</h3><ul>')
            self.w(*(f"<li>{escape(g)}</li>" for g in c.learning_goals))
            self.w("</ul></section>")
        self.w(f'<section class="fragments"><h3>{self.tr("book_fragments")}</h3>')
        if rc.coders:
            self.w(f'<p class="coders">{self.tr("book_codes_by")}: '
                   f'{escape(", ".join(rc.coders))}</p>')
        for k, fragment in enumerate(rc.fragments, 1):
            self.fragment(k, fragment)
        self.w("</section>")
        if c.body.strip():
            self.w(f'<section class="commentary"><h3>{self.tr("book_commentary")}</h3>',
                   self.markdown(c.body), "</section>")
        if c.questions:
            self.w(f'<section class="questions"><h3>{self.tr("book_questions")}</h3><ol>')
            self.w(*(f"<li>{self.md.renderInline(q)}</li>" for q in c.questions))
            self.w("</ol></section>")
        self.w("</article>")

    def fragment(self, k: int, f: Fragment) -> None:
        self.w(f'<figure class="fragment{" raw" if f.raw else ""}">',
               f'<figcaption>{self.tr("book_fragment")} {k} · {escape(f.document)}'
               + (f' · <span class="raw-tag">{self.tr("book_raw")}</span>' if f.raw else "")
               + "</figcaption>")
        if f.note:
            self.w(f'<p class="fragment-note">{escape(f.note)}</p>')
        for turn in f.turns:
            self.turn(turn)
        self.w("</figure>")

    def turn(self, turn: FragmentTurn) -> None:
        who = escape(turn.speaker or "")
        role = f'<span class="role">{escape(turn.role)}</span>' if turn.role else ""
        when = f'<span class="time">{clock(turn.time_start)}</span>' if turn.time_start \
            is not None else ""
        self.w('<div class="turn">', f'<div class="who">{who}{role}{when}</div>',
               '<ul class="labels">')
        for code_id in turn.labels:
            self.w(f'<li class="label {self.code_class(code_id, "l")}">'
                   f"{escape(self.names.get(code_id, code_id))}</li>")
        self.w('</ul><p class="said">')
        for piece in turn.pieces:
            text = escape(piece.text).replace("\n", "<br>")
            classes = [self.code_class(c, "c") for c in piece.codes[:1]]
            if len(piece.codes) > 1:
                classes.append("multi")
            if piece.replaced:
                classes.append("pseudo")
            if classes:
                title = ", ".join(self.names.get(c, c) for c in piece.codes)
                if self.web and title:
                    self.w(f'<span class="vh">{self.tr("code")} {escape(title)}: </span>')
                self.w(f'<span class="{" ".join(x for x in classes if x)}"'
                       + (f' title="{escape(title)}"' if title else "") + f">{text}</span>")
            else:
                self.w(text)
        for code_id, memo in turn.memos:
            self.w(f'<span class="memo"><b>{escape(self.names.get(code_id, code_id))}:</b> '
                   f"{escape(memo)}</span>")
        self.w("</p></div>")

    def appendix(self) -> None:
        self.w(f'<section class="codebook" id="codebook"><h2>{self.tr("book_appendix")}</h2>')
        for code in self.bundle.codes:
            depth = code.id.count(".")
            self.w(f'<section class="code depth{min(depth, 3)}">'
                   f'<h3><span class="swatch {self.code_class(code.id, "l")}" '
                   'aria-hidden="true"></span>'
                   f'{escape(code.name)} <code>{escape(code.id)}</code></h3>')
            if code.description:
                self.w(f"<p>{escape(code.description)}</p>")
            self.w("<dl>")
            for key, value in ((self.tr("book_include"), code.include),
                               (self.tr("book_exclude"), code.exclude)):
                if value:
                    self.w(f"<dt>{key}</dt><dd>{escape(value)}</dd>")
            if code.examples:
                self.w(f'<dt>{self.tr("examples")}</dt>',
                       *(f"<dd>“{escape(e)}”</dd>" for e in code.examples))
            self.w("</dl></section>")
        self.w("</section>")


def _watermark(label: str) -> str:
    """A data: URL of a large, faint, diagonal label (the only kind of URL the PDF loads)."""
    from urllib.parse import quote

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="210" height="297" '
           'viewBox="0 0 210 297"><text x="105" y="148" font-family="DejaVu Sans, sans-serif" '
           'font-size="13" font-weight="bold" fill="#b00020" fill-opacity="0.13" '
           'text-anchor="middle" transform="rotate(-55 105 148)">'
           f"{escape(label)}</text></svg>")
    return '"data:image/svg+xml,' + quote(svg) + '"'


def body(bundle: Bundle, web: bool = False, top: str = "") -> str:
    """The casebook's content: title page (header), contents (nav), the cases and the
    codebook appendix (main, which begins with ``top``)."""
    w = _Writer(bundle, web)
    w.title_page()
    w.contents()
    w.w('<main id="main">', top)
    for n, rc in enumerate(bundle.cases, 1):
        w.case(n, rc)
    w.appendix()
    w.w("</main>")
    return "".join(w.out)


def render(bundle: Bundle) -> str:
    """The whole casebook as one HTML string for the PDF (CSS inline)."""
    language = bundle.language
    css = CSS_FILE.read_text(encoding="utf-8")
    raw, page = tr("book_raw", language), tr("book_page", language)
    return (f'<!DOCTYPE html>\n<html lang="{html_lang(language)}"><head><meta charset="utf-8">'
            f"<title>{escape(bundle.title)}</title>"
            f'<style>{css}\n{code_css(bundle.codes)}\n'
            f'@page {{ @bottom-right {{ content: "{page} " counter(page); }} }}\n'
            f'@page raw {{ @top-right {{ content: "{raw}"; }} '
            f"background: url({_watermark(raw)}) center / 100% no-repeat; }}</style>"
            f"</head><body>{body(bundle)}</body></html>")


def html_lang(language: str) -> str:
    """The ``lang`` of a casebook in ``language`` (Dutch unless English)."""
    return "en" if language == "en" else "nl"
