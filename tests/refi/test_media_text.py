"""The text of a PDF (its Representation) and of a recording (its Transcript, with
TranscriptSelections between SyncPoints) come in as documents with their codings."""

from __future__ import annotations

import zipfile

from lxml import etree

from casebook.refi.importer import import_qdpx

CODE = "aaaaaaaa-0000-4000-8000-000000000001"
PDF_TEXT = "Beleidsnotitie: maatwerk in de bijstand.\nDe klantmanager beslist.\n"
TRANSCRIPT = "I: Hoe gaat het?\nR: Ik wil graag werken.\n"


def coding(n: int) -> str:
    return (f'<Coding guid="cccccccc-0000-4000-8000-{n:012d}"><CodeRef targetGUID="{CODE}"/>'
            f'</Coding>')


def test_pdf_representation_and_audio_transcript(fresh, tmp_path, schema):
    pdf_start = PDF_TEXT.index("De klantmanager")
    t_start, t_end = TRANSCRIPT.index("Ik wil"), TRANSCRIPT.index(" werken") + 7
    sources = (
        '<PDFSource guid="11111111-0000-4000-8000-000000000001" name="notitie.pdf" '
        'path="internal://11111111-0000-4000-8000-000000000001.pdf">'
        '<PDFSelection guid="22222222-0000-4000-8000-000000000001" page="1" firstX="1" '
        f'firstY="1" secondX="9" secondY="9">{coding(1)}</PDFSelection>'
        '<Representation guid="33333333-0000-4000-8000-000000000001" '
        'plainTextPath="internal://33333333-0000-4000-8000-000000000001.txt">'
        '<PlainTextSelection guid="44444444-0000-4000-8000-000000000001" '
        f'startPosition="{pdf_start}" endPosition="{pdf_start + 15}">{coding(2)}'
        '</PlainTextSelection></Representation></PDFSource>'
        '<AudioSource guid="55555555-0000-4000-8000-000000000001" name="interview.mp3" '
        'path="internal://55555555-0000-4000-8000-000000000001.mp3">'
        '<Transcript guid="66666666-0000-4000-8000-000000000001" name="interview" '
        'plainTextPath="internal://66666666-0000-4000-8000-000000000001.txt">'
        f'<SyncPoint guid="77777777-0000-4000-8000-000000000001" timeStamp="1000" '
        f'position="{t_start}"/>'
        f'<SyncPoint guid="77777777-0000-4000-8000-000000000002" timeStamp="2500" '
        f'position="{t_end}"/>'
        '<TranscriptSelection guid="88888888-0000-4000-8000-000000000001" '
        'fromSyncPoint="77777777-0000-4000-8000-000000000001" '
        f'toSyncPoint="77777777-0000-4000-8000-000000000002">{coding(3)}'
        '</TranscriptSelection>'
        '<TranscriptSelection guid="88888888-0000-4000-8000-000000000002" '
        'fromSyncPoint="77777777-0000-4000-8000-000000000001" '
        f'toSyncPoint="77777777-0000-4000-8000-000000000009">{coding(4)}'
        '</TranscriptSelection></Transcript>'
        '<AudioSelection guid="99999999-0000-4000-8000-000000000001" begin="0" end="10">'
        f'{coding(5)}</AudioSelection></AudioSource>'
        '<PictureSource guid="aaaaaaaa-1111-4000-8000-000000000001" name="foto.jpg"/>')
    qde = (f'<?xml version="1.0"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="x">'
           f'<CodeBook><Codes><Code guid="{CODE}" name="Maatwerk" isCodable="true"/>'
           f'</Codes></CodeBook><Sources>{sources}</Sources></Project>')
    schema.assertValid(etree.fromstring(qde.encode()))
    path = tmp_path / "media.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde)
        zf.writestr("sources/33333333-0000-4000-8000-000000000001.txt", PDF_TEXT)
        zf.writestr("sources/66666666-0000-4000-8000-000000000001.txt", TRANSCRIPT)
        zf.writestr("sources/11111111-0000-4000-8000-000000000001.pdf", b"%PDF-1.4")
    report = import_qdpx(fresh, path)
    store = fresh.store
    assert sorted(report.documents_added) == ["interview.mp3", "notitie.pdf"]
    found = sorted((store.document(c.document_id).name,
                    store.document(c.document_id).text[c.start:c.end]) for c in store.codings())
    assert found == [("interview.mp3", "Ik wil graag werken"),
                     ("notitie.pdf", "De klantmanager")]
    dropped = " | ".join(report.dropped)
    assert "1 transcript selections without text positions (interview.mp3)" in dropped
    assert "selections of PDF sources on the media itself" in dropped
    assert "selections of audio sources on the media itself" in dropped
    assert "1 picture sources (foto.jpg)" in dropped
