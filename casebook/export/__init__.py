"""Export teaching cases as a casebook: model -> HTML -> PDF.

The only place WeasyPrint is imported (lazily, in :func:`write_pdf`). It fetches nothing but
``data:`` URLs: no file, no network, whatever a case's Markdown links to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casebook import cases as case_service
from casebook.errors import CasebookError
from casebook.export.html import Bundle, render
from casebook.files import replacing
from casebook.privacy import guard

BASE_URL = "data:,"  # fixed: relative URLs in a case resolve to nothing fetchable


@dataclass(slots=True)
class ExportResult:
    output: str
    cases: int
    fragments: int
    pages: int | None
    raw_documents: list[str]


def write_pdf(html: str, target=None) -> tuple[bytes | None, int]:
    """Render HTML to a tagged PDF (PDF/UA-1); returns (bytes or None, page count)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=1)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    data = document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_identifier=b"casebook")
    return data, len(document.pages)


def bundle(project, paths: list[str | Path], *, title: str | None = None,
           coders: list[str] | None = None, allow_raw: bool = False,
           progress: Callable[[str], None] | None = None) -> Bundle:
    """Read and resolve the cases; refuse raw (un-reviewed) text unless ``allow_raw``."""
    if not paths:
        raise CasebookError("name at least one case file (cases/*.md)", field="CASE")
    step = progress or (lambda _name: None)
    store, resolved = project.store, []
    for path in paths:
        resolved.append(case_service.resolve(store, case_service.load(path), coders=coders))
        step(Path(path).stem)
    if not allow_raw:
        guard.refuse_raw(resolved)
    languages = {rc.case.language for rc in resolved if rc.case.language}
    language = languages.pop() if len(languages) == 1 else project.settings.language
    first = resolved[0].case
    return Bundle(title=title or (first.title if len(resolved) == 1 else project.settings.name),
                  subtitle=first.subtitle if len(resolved) == 1 and not title else None,
                  cases=resolved, codes=store.codes(), language=language or "nl")


def export(project, paths: list[str | Path], output: str | Path, *, as_html: bool = False,
           title: str | None = None, coders: list[str] | None = None, allow_raw: bool = False,
           progress: Callable[[str], None] | None = None) -> ExportResult:
    """Write the casebook to ``output`` (PDF, or HTML with ``as_html``). The file appears
    whole or not at all."""
    book = bundle(project, paths, title=title, coders=coders, allow_raw=allow_raw,
                  progress=progress)
    html = render(book)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    pages = None
    with replacing(output) as tmp:
        if as_html:
            tmp.write_text(html, encoding="utf-8")
        else:
            with tmp.open("wb") as handle:
                _data, pages = write_pdf(html, handle)
        if progress:
            progress("PDF" if not as_html else "HTML")
    raw = sorted({f.document for rc in book.cases for f in rc.fragments if f.raw})
    return ExportResult(output=str(output), cases=len(book.cases),
                        fragments=sum(len(rc.fragments) for rc in book.cases),
                        pages=pages, raw_documents=raw)
