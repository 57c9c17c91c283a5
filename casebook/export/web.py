"""The casebook as one self-contained web page, for an LMS (Brightspace, Canvas, Moodle), a
phone or a screen reader: the same content as the PDF (:func:`casebook.export.html.body`).

One file: the CSS is inline and the fonts are the reader's own, so nothing is fetched, and a
Content-Security-Policy makes sure of it (an image a case links to is not loaded, as in the
PDF). It reads without JavaScript; a small inline script adds a "show codes" switch. Light or
dark follows the reader's system, with code colours computed per theme so that text on them
keeps a contrast of 4.5:1 (WCAG 2.1 AA); printing gives light pages.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from pathlib import Path

from casebook.export.html import Bundle, body, code_css, html_lang
from casebook.i18n import tr

CSS_FILE = Path(__file__).with_name("web.css")
LIGHT = ("#1b1b1b", "#ffffff")  # (--ink, --paper)
DARK = ("#e6e6e6", "#16181d")
ALPHAS = {LIGHT: (0.32, 0.2), DARK: (0.45, 0.3)}  # code colour under text, under a label

# Progressive enhancement: without JavaScript the codes are simply always shown.
SCRIPT = """(function () {
  var tools = document.getElementById("tools");
  var box = document.createElement("input");
  var label = document.createElement("label");
  box.type = "checkbox"; box.id = "show-codes"; box.checked = true;
  label.htmlFor = box.id;
  label.appendChild(box);
  label.appendChild(document.createTextNode(tools.getAttribute("data-label")));
  box.addEventListener("change", function () {
    document.body.classList.toggle("codes-hidden", !box.checked);
  });
  tools.appendChild(label);
  tools.hidden = false;
})();"""
POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
          "script-src 'sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest())
          .decode() + "'; base-uri 'none'; form-action 'none'")


def _theme(bundle: Bundle, colours: tuple[str, str]) -> str:
    ink, paper = colours
    return (f":root {{ --ink: {ink}; --paper: {paper}; }}\n"
            + code_css(bundle.codes, ink, paper, ALPHAS[colours]))


def render_web(bundle: Bundle) -> str:
    """The whole casebook as one HTML page; see the module docstring."""
    language = bundle.language
    tools = (f'<div class="tools" id="tools" data-label="{tr("web_show_codes", language)}" '
             "hidden></div>")
    css = (CSS_FILE.read_text(encoding="utf-8") + _theme(bundle, LIGHT)
           + "\n@media screen and (prefers-color-scheme: dark) {\n"
           + _theme(bundle, DARK) + "\n}\n")
    return (f'<!DOCTYPE html>\n<html lang="{html_lang(language)}">\n<head>\n'
            '<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
            '<meta name="referrer" content="no-referrer">\n'
            '<meta name="color-scheme" content="light dark">\n'
            '<meta name="generator" content="Casebook">\n'
            '<link rel="icon" href="data:,">\n'
            f"<title>{escape(bundle.title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
            f'<a class="skip" href="#main">{tr("web_skip", language)}</a>\n'
            f"{body(bundle, web=True, top=tools)}\n<script>{SCRIPT}</script>\n</body>\n</html>\n")
