"""Importing transcripts: read any supported file into a normalised Transcript, segment it,
and store it -- all files of one command in one transaction."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from casebook.errors import CasebookError
from casebook.ingest.build import build
from casebook.ingest.decode import read_text
from casebook.ingest.subtitles import read_srt, read_vtt
from casebook.ingest.text import guess_role, read_lines
from casebook.model import DOCUMENT_KINDS, Document, Speaker, Transcript
from casebook.offsets import sha256

SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".vtt", ".srt")
_DATE_IN_NAME = re.compile(r"(20\d\d|19\d\d)[-_.]?([01]\d)[-_.]?([0-3]\d)")


def read_docx(path: Path) -> list[str]:
    import zipfile

    from docx import Document as Docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        docx = Docx(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise CasebookError(f"not a readable .docx file ({err})", path=path) from None
    lines = [p.text for p in docx.paragraphs]
    for table in docx.tables:  # some transcription services put turns in a table
        for row in table.rows:
            lines.extend(" ".join(cell.text for cell in row.cells).split("\n"))
    return [line for part in lines for line in part.split("\n")]


def read_file(path: str | Path) -> Transcript:
    """Read one transcript file; unknown layouts become plain paragraphs."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise CasebookError(f"unsupported file type '{suffix or '(none)'}';"
                            f" expected one of {', '.join(SUFFIXES)}", path=path)
    if suffix == ".docx":
        if not path.is_file():
            raise CasebookError("no such file", path=path)
        from casebook.offsets import normalise

        raw, fmt = read_lines(normalise("\n".join(read_docx(path))).split("\n"))
        fmt = f"docx-{fmt}"
    else:
        text, _encoding = read_text(path)
        if suffix == ".vtt" or text.startswith("WEBVTT"):
            raw, fmt = read_vtt(text, path)
        elif suffix == ".srt":
            raw, fmt = read_srt(text, path)
        else:
            raw, fmt = read_lines(text.split("\n"))
    transcript = build(raw, fmt)
    if not transcript.text.strip():
        raise CasebookError("contains no text", path=path)
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


@dataclass(slots=True)
class ImportResult:
    path: str
    name: str
    status: str  # "imported" | "duplicate"
    format: str
    document_id: int | None = None
    turns: int = 0
    sentences: int = 0
    speakers: list[str] = field(default_factory=list)
    duplicate_of: str | None = None


def _unique_name(stem: str, taken: set[str]) -> str:
    name, n = stem, 2
    while name in taken:
        name, n = f"{stem}-{n}", n + 1
    taken.add(name)
    return name


def import_files(
    project,
    paths: Iterable[str | Path],
    *,
    kind: str | None = None,
    date: str | None = None,
    attributes: dict[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[ImportResult]:
    """Import files into ``project``. All of them are stored, or -- on any error -- none."""
    from casebook.ingest.segment import sentences as segment

    if kind is not None and kind not in DOCUMENT_KINDS:
        raise CasebookError(f"must be one of {', '.join(DOCUMENT_KINDS)}", field="--kind")
    store = project.store
    parsed = []
    for path in map(Path, paths):
        transcript = read_file(path)
        parsed.append((path, transcript, segment(transcript.text, transcript.turns)))
        if progress:
            progress(path.name)

    results: list[ImportResult] = []
    copied: list[Path] = []
    taken = store.document_names()
    seen: dict[str, str] = {}
    try:
        with store.transaction():
            for path, transcript, sents in parsed:
                digest = sha256(transcript.text)
                existing = store.document_by_sha(digest)
                if existing or digest in seen:
                    results.append(ImportResult(
                        str(path), existing.name if existing else seen[digest], "duplicate",
                        transcript.format, existing.id if existing else None,
                        duplicate_of=existing.name if existing else seen[digest]))
                    continue
                name = _unique_name(path.stem, taken)
                seen[digest] = name
                source = project.folder("sources") / f"{digest[:12]}-{path.name}"
                if not source.exists():
                    shutil.copy2(path, source)
                    copied.append(source)
                found = _DATE_IN_NAME.search(path.stem)
                doc = Document(
                    name=name, text=transcript.text, sha256=digest,
                    kind=kind or guess_kind(transcript),
                    date=date or (f"{found[1]}-{found[2]}-{found[3]}" if found else None),
                    format=transcript.format,
                    source=str(source.relative_to(project.root)),
                    attributes=dict(attributes or {}))
                speakers = speakers_of(transcript)
                doc_id = store.add_document(doc, transcript.turns, sents, speakers)
                results.append(ImportResult(
                    str(path), name, "imported", transcript.format, doc_id,
                    len(transcript.turns), len(sents), [s.label for s in speakers]))
    except BaseException:
        for source in copied:
            source.unlink(missing_ok=True)
        raise
    return results
