"""Export teaching cases as a casebook: model -> HTML -> PDF, or one web page
(:mod:`casebook.export.web`).

The only place WeasyPrint is imported (lazily, in :func:`write_pdf`). It fetches nothing but
``data:`` URLs: no file, no network, whatever a case's Markdown links to.

Everything goes through the project's privacy gate (:mod:`casebook.privacy.guard`): the
fragments are pseudonymised, the cases' own text, memos, the codebook appendix, the title and
the finished HTML are checked; ``allow_raw`` lets un-reviewed documents and leaks through,
with every such case's pages marked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from casebook import cases as case_service
from casebook.errors import CasebookError
from casebook.export.html import Bundle, render
from casebook.export.web import render_web
from casebook.files import replacing
from casebook.privacy import guard

if TYPE_CHECKING:
    from casebook.project import Project

BASE_URL = "data:,"  # fixed: relative URLs in a case resolve to nothing fetchable


@dataclass(slots=True)
class ExportResult:
    output: str
    cases: int
    fragments: int
    pages: int | None
    raw_documents: list[str]
    leaks: list[str] = field(default_factory=list)  # let through by allow_raw


def write_pdf(html: str, target: BinaryIO | None = None) -> tuple[bytes | None, int]:
    """Render HTML to a tagged PDF (PDF/UA-1); returns (bytes or None, page count)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=1)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    data = document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_identifier=b"casebook",
                              finisher=_deflate_once)
    return data, len(document.pages)


def _deflate_once(_document: object, pdf: Any) -> None:
    """WeasyPrint's finisher, run just before pydyf writes the file: every compressed
    stream (a page's drawing, a font) is deflated here, once, into the very bytes pydyf
    would write. The file identifier (``/ID``) is a hash of all the objects' bytes: without
    this pydyf builds and deflates every page and font a second time for it (about 40 ms at
    13 pages, 350 ms at 100). The file is the same byte for byte (tests/export)."""
    import zlib

    import pydyf

    to_bytes = getattr(pydyf, "_to_bytes", None)  # pydyf's own; if it goes, only slower
    if to_bytes is None:
        return
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.compress and obj.free != "f":
            deflate = zlib.compressobj(level=9)  # as pydyf.Stream.data does
            raw = b"\n".join(to_bytes(item) for item in obj.stream)
            obj.stream = [deflate.compress(raw) + deflate.flush()]
            obj.extra = {**obj.extra, "Filter": "/FlateDecode"}
            obj.compress = False


def write_document(html: str, target: str | Path, *, web: bool = False) -> int | None:
    """``html`` written to ``target`` as it is (``web``) or as a PDF, atomically: a kill
    leaves the old file or the new one, never half a file. Returns the PDF's pages."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with replacing(target) as tmp:
        if web:
            tmp.write_text(html, encoding="utf-8")
            return None
        with tmp.open("wb") as handle:
            return write_pdf(html, handle)[1]


def bundle(project: Project, paths: list[str | Path], *, title: str | None = None,
           coders: list[str] | None = None, allow_raw: bool = False,
           progress: Callable[[str], None] | None = None) -> Bundle:
    """Read and resolve the cases; refuse raw (un-reviewed) text unless ``allow_raw``."""
    if not paths:
        raise CasebookError("name at least one case file (cases/*.md)", field="CASE")
    step = progress or (lambda _name: None)
    store, resolved = project.store, []
    gate = guard.Gate.for_project(store, override="--allow-raw")
    students = _students(project)
    for path in paths:
        resolved.append(case_service.resolve(store, case_service.load(path), coders=coders,
                                             gate=gate, unless_named=students))
        step(Path(path).stem)
    if not allow_raw:
        guard.refuse_raw(resolved, gate)
        gate.check("--title", title)
        gate.check("coders", ", ".join(coders or []))
        gate.check_codes(store.codes(), _codebook_file(project))
    languages = {rc.case.language for rc in resolved if rc.case.language}
    language = languages.pop() if len(languages) == 1 else project.settings.language
    first = resolved[0].case
    return Bundle(title=title or (first.title if len(resolved) == 1 else project.settings.name),
                  subtitle=first.subtitle if len(resolved) == 1 and not title else None,
                  cases=resolved, codes=store.codes(), language=language or "nl", gate=gate)


def _students(project: Project) -> frozenset[str]:
    """The students of the project's exercises: teaching material draws their codings only
    where a case or --coder names them (else the next class would read this one's names)."""
    from casebook.exercise import spec

    return frozenset(student for name in spec.names(project.root)
                     for student in spec.load(project.root, name).students)


def _codebook_file(project: Project) -> Path | None:
    """The active codebook's YAML file (a refusal names its line), if it is there."""
    from casebook.codebook.service import yaml_path

    try:
        path = yaml_path(project)
    except CasebookError:
        return None
    return path if path.is_file() else None


def export(project: Project, paths: list[str | Path], output: str | Path, *, as_html: bool = False,
           title: str | None = None, coders: list[str] | None = None, allow_raw: bool = False,
           progress: Callable[[str], None] | None = None) -> ExportResult:
    """Write the casebook to ``output`` (PDF, or a web page with ``as_html``). The file
    appears whole or not at all."""
    book = bundle(project, paths, title=title, coders=coders, allow_raw=allow_raw,
                  progress=progress)
    html = render_web(book) if as_html else render(book)
    if not allow_raw and book.gate is not None:  # what a field check could not see
        book.gate.check("the casebook's HTML", html, markup=True)
    output = Path(output)
    pages = write_document(html, output, web=as_html)
    if progress:
        progress("PDF" if not as_html else "HTML")
    raw = sorted({f.document for rc in book.cases for f in rc.fragments if f.raw})
    leaks = [f"{leak.path or ''}{':' if leak.path else ''}{leak.line or ''} {leak.field}: "
             f"'{leak.hit.found}'" for rc in book.cases for leak in rc.leaks]
    return ExportResult(output=str(output), cases=len(book.cases),
                        fragments=sum(len(rc.fragments) for rc in book.cases),
                        pages=pages, raw_documents=raw, leaks=leaks)
