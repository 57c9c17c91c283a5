"""Reading transcript files: any supported file becomes a normalised
:class:`~casebook.model.Transcript` (text, turns, format and, if the file has one, a title).

A title is a heading before the first speaker: a Markdown heading (``# Leertafel 3``) on
the first line that is not blank, or a Word paragraph in the Title or a Heading style
that comes first. It is not text of the document (no speakerless first turn): the
import stores it as the document attribute ``title``; the name stays the file's stem,
which is short and unique.

Hostile files are refused in one line naming the file: a .docx whose XML parts hold more
than :data:`MAX_DOCX_XML` bytes (a few kilobytes of zip can stand for gigabytes of XML),
XML nested deeper than libxml2 allows (256), or XML that does not parse."""

from __future__ import annotations

from pathlib import Path

from casebook.errors import CasebookError
from casebook.ingest.build import build
from casebook.ingest.decode import read_text
from casebook.ingest.subtitles import read_srt, read_vtt
from casebook.ingest.text import guess_role, read_lines, split_title
from casebook.model import Speaker, Transcript
from casebook.offsets import normalise

SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".vtt", ".srt")
MAX_DOCX_XML = 64 * 1024 * 1024  # bytes of XML, uncompressed, in one .docx
_TITLE_STYLES = ("title", "heading")


def _check_docx(path: Path) -> None:
    """Refuse a .docx that is not a sound zip, or whose XML is too large to read."""
    from casebook.refi.archive import open_archive

    archive = open_archive(path, ".docx")  # a damaged member: one line, not a traceback
    try:
        xml = sum(info.file_size for name, info in archive.members.items()
                  if name.lower().endswith((".xml", ".rels")))
        if xml > MAX_DOCX_XML:
            raise CasebookError(f"refused: {xml // 2**20} MB of XML inside (more than "
                                f"{MAX_DOCX_XML // 2**20} MB; a zip bomb?)", path=path)
        archive.check()
    finally:
        archive.close()


def read_docx(path: Path) -> tuple[str | None, list[str]]:
    """(title, lines) of a Word file; turns in a table (some services write them so) too."""
    import zipfile

    from docx import Document as Docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_docx(path)
    try:
        docx = Docx(str(path))
    except SyntaxError as err:  # lxml's XMLSyntaxError: broken or too deeply nested XML
        raise CasebookError(f"not a readable .docx file (XML: {err})", path=path) from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise CasebookError(f"not a readable .docx file ({err})", path=path) from None
    title: str | None = None
    lines: list[str] = []
    for paragraph in docx.paragraphs:
        style = (getattr(paragraph.style, "name", "") or "").casefold()
        if title is None and not any(lines) and paragraph.text.strip() and \
                style.startswith(_TITLE_STYLES):
            title = " ".join(paragraph.text.split())
            continue
        lines.append(paragraph.text)
    for table in docx.tables:
        for row in table.rows:
            lines.extend(" ".join(cell.text for cell in row.cells).split("\n"))
    return title, [line for part in lines for line in part.split("\n")]


def read_file(path: str | Path) -> Transcript:
    """Read one transcript file; unknown layouts become plain paragraphs."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise CasebookError(f"unsupported file type '{suffix or '(none)'}';"
                            f" expected one of {', '.join(SUFFIXES)}", path=path)
    title = None
    if suffix == ".docx":
        if not path.is_file():
            raise CasebookError("no such file", path=path)
        title, lines = read_docx(path)
        raw, fmt = read_lines(normalise("\n".join(lines)).split("\n"))
        fmt = f"docx-{fmt}"
    else:
        text, _encoding = read_text(path)
        if suffix == ".vtt" or text.startswith("WEBVTT"):
            raw, fmt = read_vtt(text, path)
        elif suffix == ".srt":
            raw, fmt = read_srt(text, path)
        else:
            title, lines = split_title(text.split("\n"))
            raw, fmt = read_lines(lines)
    transcript = build(raw, fmt)
    if not transcript.text.strip():
        raise CasebookError("contains no text", path=path)
    transcript.title = title
    return transcript


def guess_kind(transcript: Transcript) -> str:
    speakers = {t.speaker for t in transcript.turns if t.speaker}
    if len(speakers) >= 4:
        return "focus group"
    return "interview" if len(speakers) >= 2 else "other"


def speakers_of(transcript: Transcript) -> list[Speaker]:
    seen: dict[str, Speaker] = {}
    for turn in transcript.turns:
        if turn.speaker and turn.speaker not in seen:
            seen[turn.speaker] = Speaker(label=turn.speaker, role=guess_role(turn.speaker))
    return list(seen.values())
