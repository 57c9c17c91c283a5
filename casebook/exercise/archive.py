"""The one-file forms of an exercise: a zip written whole or not at all, and read with
suspicion (a student package or a hand-in comes back from someone else's computer).

Only the members an exercise file has are read: ``casebook.yaml``, ``casebook.db``,
``instructions.md``, the manifest and ``codebooks/NAME.yaml``; anything else, a path that
climbs out, a member that unpacks to more than it may (a zip bomb) is refused in one line.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from casebook.errors import CasebookError
from casebook.exercise.spec import MANIFEST, read_manifest
from casebook.files import replacing

MEMBERS = re.compile(r"(casebook\.yaml|casebook\.db|instructions\.md|"
                     + re.escape(MANIFEST) + r"|codebooks/[A-Za-z0-9._-]{1,80}\.yaml)")
MAX_MEMBER = 256 * 1024 * 1024  # a casebook.db of many long transcripts stays far below
MAX_RATIO = 200  # deflate rarely packs text more than 20:1
_STAMP = (2020, 1, 1, 0, 0, 0)  # fixed: the same content makes the same file


def write(path: Path, members: dict[str, bytes]) -> None:
    """A zip of ``members`` (name -> bytes) at ``path``, whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, _STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def read(path: str | Path, needed: tuple[str, ...] = (MANIFEST,)) -> dict[str, bytes]:
    """The members of the exercise file at ``path`` (and its manifest checked for its
    shape); a member of ``needed`` that is missing is an error."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = {info.filename: _member(archive, info, path)
                       for info in archive.infolist() if not info.is_dir()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error,
            NotImplementedError) as err:  # (a broken deflate stream, an unknown method)
        raise CasebookError(f"not a Casebook exercise file ({err})", path=path) from None
    except OSError as err:
        raise CasebookError(f"cannot read ({err.strerror or err})", path=path) from None
    for name in needed:
        if name not in members:
            raise CasebookError(f"not a Casebook exercise file ({name} is missing)", path=path)
    read_manifest(members[MANIFEST], path)
    return members


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str | Path) -> bytes:
    if not MEMBERS.fullmatch(info.filename):
        raise CasebookError(f"not a Casebook exercise file (unexpected member "
                            f"{info.filename[:80]!r})", path=path)
    if info.file_size > MAX_MEMBER or info.file_size > MAX_RATIO * max(info.compress_size,
                                                                        1024):
        raise CasebookError(f"refused: member {info.filename} unpacks to "
                            f"{info.file_size:,} bytes", path=path)
    if info.flag_bits & 0x1:  # zipfile would ask for a password
        raise CasebookError(f"not a Casebook exercise file (member {info.filename} is "
                            "encrypted)", path=path)
    with archive.open(info) as member:
        data = member.read(MAX_MEMBER + 1)
    if len(data) > info.file_size:
        raise CasebookError(f"refused: member {info.filename} is larger than it says",
                            path=path)
    return data

