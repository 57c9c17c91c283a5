"""Reading a .qdpx (or a .docx: a zip too) without trusting it.

Nothing is extracted to disk: members are read into memory, after refusing

* zip-slip names (``..`` parts, absolute paths, drive letters),
* zip bombs: more than :data:`MAX_TOTAL` bytes uncompressed in all, or a member larger than
  :data:`RATIO_FLOOR` that expands more than :data:`MAX_RATIO` times; a member that turns
  out longer than its header says is refused too,
* encrypted members,

and a member that does not read back as its header says (CRC error, short read) is one
error line naming the archive and the member.

Members are read whole (:meth:`Archive.read`) or as a stream (:meth:`Archive.open`, for the
.qde), under the same guards. XML entities (XXE, billion laughs) are refused when the .qde
is parsed (:func:`casebook.refi.reader.parse_events`).
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from casebook.errors import CasebookError

MAX_TOTAL = 500 * 1024 * 1024  # bytes, uncompressed, all members together
MAX_RATIO = 100                # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")


def _unsafe(name: str) -> bool:
    plain = name.replace("\\", "/")
    return (plain.startswith("/") or bool(_DRIVE.match(plain))
            or ".." in PurePosixPath(plain).parts)


@dataclass(slots=True)
class Archive:
    """The members of a checked .qdpx, by name; read them with :meth:`read`."""

    path: str
    zf: zipfile.ZipFile
    members: dict[str, zipfile.ZipInfo] = field(default_factory=dict)
    budget: int = MAX_TOTAL
    base: str = ""  # the folder of the .qde ("" at the top): a re-zipped project nests
    lower: dict[str, str] = field(default_factory=dict)  # members by lower-case name

    def close(self) -> None:
        self.zf.close()

    def check(self) -> None:
        """Read every member once, so a damaged one is refused before any other reader
        (python-docx) meets it."""
        for member in self.members:
            self.read(member)

    def where(self, member: str) -> str:
        return f"{self.path}:{member}"

    def read(self, member: str) -> bytes:
        """The whole member, checked as :meth:`open` checks it."""
        return self.open(member).read()

    def open(self, member: str) -> MemberStream:
        """The member as a stream (for iterparse): refused before reading if it exceeds
        what is left of :data:`MAX_TOTAL`; while read, refused if it turns out longer than
        its header says, damaged if shorter or its CRC is wrong."""
        info = self.members[member]
        if info.file_size > self.budget:
            raise CasebookError(f"refused: more than {MAX_TOTAL // 2**20} MB read in all "
                                "(a zip bomb?)", path=self.where(member))
        self.budget -= info.file_size
        try:
            handle = self.zf.open(info)
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as err:
            raise CasebookError(f"damaged member ({err})", path=self.where(member)) from None
        return MemberStream(self.where(member), info.file_size, handle)

    def qde(self) -> str:
        """The one project file (*.qde, any name; the shallowest if nested)."""
        found = sorted((m for m in self.members if m.lower().endswith(".qde")),
                       key=lambda m: (m.count("/"), m))
        if not found:
            raise CasebookError("no project file (*.qde) in the archive: not a .qdpx",
                                path=self.path)
        top = [m for m in found if m.count("/") == found[0].count("/")]
        if len(top) > 1:
            raise CasebookError(f"several project files ({', '.join(top)}); expected one",
                                path=self.path)
        self.base = found[0].rpartition("/")[0] + "/" if "/" in found[0] else ""
        return found[0]

    def source(self, reference: str | None, guid: str | None) -> str | None:
        """The member a plainTextPath points at: ``internal://X`` or a relative path, in
        ``sources/`` or ``Sources/`` (any case), else ``sources/<guid>.txt``; next to the
        .qde first when that sits in a folder."""
        wanted: list[str] = []
        if reference:
            ref = reference.strip()
            for prefix in ("internal://", "relative://", "file://"):
                if ref.lower().startswith(prefix):
                    ref = ref[len(prefix):]
                    break
            ref = ref.replace("\\", "/").lstrip("./")
            name = ref.rsplit("/", 1)[-1]
            wanted += [ref.lower(), f"sources/{ref}".lower(), f"sources/{name}".lower()]
        if guid:
            wanted.append(f"sources/{guid}.txt".lower())
        by_lower = self.lower
        bases = [self.base.lower(), ""] if self.base else [""]
        return next((by_lower[b + w] for w in wanted for b in bases if b + w in by_lower),
                    None)


class MemberStream:
    """One member being read: never more than its header says, nor silently less."""

    def __init__(self, where: str, size: int, handle: IO[bytes]) -> None:
        self.where, self.size, self.handle, self.count = where, size, handle, 0

    def read(self, size: int = -1) -> bytes:
        try:
            data = self.handle.read(size if size >= 0 else self.size + 1 - self.count)
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as err:
            self.close()
            raise CasebookError(f"damaged member ({err})", path=self.where) from None
        self.count += len(data)
        if self.count > self.size:
            raise CasebookError("refused: the member is longer than its zip header says "
                                "(a zip bomb?)", path=self.where)
        if (not data or size < 0) and self.count < self.size:
            raise CasebookError(f"damaged member: {self.count} bytes where its zip header "
                                f"says {self.size}", path=self.where)
        if not data or self.count == self.size and size < 0:
            self.close()
        return data

    def close(self) -> None:
        self.handle.close()


def open_archive(path: str | Path, kind: str = ".qdpx") -> Archive:
    """Open and check the zip at ``path``; ``kind`` (.qdpx, .docx) names it in errors."""
    path = Path(path)
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise CasebookError("no such file", path=path) from None
    except (zipfile.BadZipFile, OSError) as err:
        raise CasebookError(f"not a readable {kind} file (zip: {err})", path=path) from None
    archive = Archive(str(path), zf)
    total = 0
    try:
        for info in zf.infolist():
            if _unsafe(info.filename):
                raise CasebookError("refused: member name points outside the archive "
                                    "(zip-slip)", path=archive.where(info.filename))
            if info.flag_bits & 0x1:
                raise CasebookError("refused: encrypted member", path=archive.where(info.filename))
            total += info.file_size
            if total > MAX_TOTAL:
                raise CasebookError(f"refused: more than {MAX_TOTAL // 2**20} MB uncompressed "
                                    "(a zip bomb?)", path=archive.where(info.filename))
            if info.file_size > RATIO_FLOOR and \
                    info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise CasebookError(
                    f"refused: expands {info.file_size // max(info.compress_size, 1)} times "
                    f"(more than {MAX_RATIO}; a zip bomb?)", path=archive.where(info.filename))
            if not info.is_dir():
                archive.members[info.filename.replace("\\", "/")] = info
        archive.lower = {m.lower(): m for m in archive.members}
    except BaseException:
        zf.close()
        raise
    return archive


def decode_raw(data: bytes, where: str) -> tuple[str, list[str]]:
    """Bytes of a source text -> (text without BOM but otherwise as it was, notes).
    Offsets in the .qde count in this text, so it is not normalised here."""
    notes: list[str] = []
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            data = data[len(bom):]
            notes.append(f"{where}: byte-order mark ({encoding}) removed")
            break
    else:
        encoding = "utf-8"
    try:
        return data.decode(encoding), notes
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise CasebookError(f"not valid {encoding}", path=where) from None
    notes.append(f"{where}: not UTF-8, read as cp1252")
    return data.decode("cp1252", errors="replace"), notes
