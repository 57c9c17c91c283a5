"""The PDF's streams are deflated once (casebook.export._deflate_once): the file is byte for
byte the one WeasyPrint and pydyf write by themselves, identifier (/ID) included."""

from __future__ import annotations

import io
import zlib

from pypdf import PdfReader

from casebook import export
from casebook.export.html import render
from casebook.resources import shipped


def _weasyprint_alone(html: str) -> bytes:
    """The same HTML written as before: WeasyPrint and pydyf alone, no finisher."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=1)
    document = HTML(string=html, base_url=export.BASE_URL, url_fetcher=fetcher).render()
    data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=b"casebook")
    assert isinstance(data, bytes)
    return data


def test_the_demo_casebook_is_the_same_file_byte_for_byte(demo_project, tmp_path):
    cases = [p for p in sorted(shipped("cases").glob("*.md")) if p.name != "README.md"]
    out = tmp_path / "book.pdf"
    result = export.export(demo_project, list(cases), out, allow_raw=True)
    html = render(export.bundle(demo_project, list(cases), allow_raw=True))
    expected = _weasyprint_alone(html)
    assert result.pages and result.pages > 5
    assert out.read_bytes() == expected
    assert b"/ID [(casebook)" in expected  # the identifier is still there


def test_each_stream_is_deflated_once(monkeypatch):
    html = ('<html lang="nl"><body>' + "".join(
        f'<p style="page-break-before: always">Pagina {n} <b>vet</b></p>' for n in range(5))
        + "</body></html>")
    calls = []
    real = zlib.compressobj

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(zlib, "compressobj", counting)
    data, pages = export.write_pdf(html)
    assert data is not None and pages == 5
    streams = data.count(b"endstream")  # pages, fonts, the object and xref streams
    # once each; the object stream pydyf builds while writing, a second time for the /ID
    assert len(calls) == streams + 1, (len(calls), streams)
    monkeypatch.undo()
    assert data == _weasyprint_alone(html)
    assert "Pagina 4" in PdfReader(io.BytesIO(data)).pages[4].extract_text()
