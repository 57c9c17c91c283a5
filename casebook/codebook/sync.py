"""The codebook YAML follows the database.

A change to the codebook is committed to the database first; only then is its YAML file
written (:func:`write_files`), under the database's write lock, from what the database holds
at that moment -- so two processes that change the codebook at once leave the file as the
later state, and a kill between the COMMIT and the file leaves a file that is merely behind.
:func:`repair` (run whenever a project is opened) writes such a file again.

The database remembers the sha256 of the file as it last wrote it. A file that differs from
that and from the database was edited by hand: it is never overwritten (:func:`check_writable`
refuses, with one line), nor one that does not parse, nor one outside the project.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from casebook.codebook.schema import MAX_BYTES, dump_yaml, parse_text
from casebook.errors import CasebookError
from casebook.files import atomic_write, checkpoint, running
from casebook.model import Codebook

if TYPE_CHECKING:
    from casebook.project import Project

# The file's sha256 as check_writable last let it be overwritten, by path: between that check
# (in the change's transaction) and the write (after COMMIT, under the write lock again) a
# person may save the file; that edit is kept (see _kept_by_hand).
_CHECKED: dict[str, str] = {}


def _bytes(path: Path) -> bytes | None:
    """The file's bytes, None if there is none; larger than a codebook may be: refused."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise CasebookError(f"cannot read ({err.strerror})", path=path) from None
    if len(data) > MAX_BYTES:
        raise CasebookError(f"refused: larger than {MAX_BYTES // 2**20} MB (a codebook is "
                            "not); Casebook does not read or overwrite it", path=path)
    return data


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _parsed(data: bytes, where: str) -> tuple[Codebook | None, str | None, int | None]:
    """(the codebook in ``data``, else None with the first error and its line)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return None, f"not UTF-8 text (byte {err.start})", None
    codebook, problems = parse_text(text, where)
    errors = [p for p in problems if not p.warning]
    if errors:
        return None, f"{errors[0].field}: {errors[0].message}", errors[0].line
    return codebook, None, None


def check_writable(project: Project, path: Path, codebook: Codebook) -> None:
    """Refuse to write ``codebook`` over ``path`` if that file is not Casebook's to
    overwrite: it does not parse, or it was edited by hand and holds neither ``codebook``
    nor the active codebook."""
    relative = path.relative_to(project.root).as_posix()
    data = _bytes(path)
    store = project.store
    if data is None or _digest(data) == store.written_sha():
        return
    _CHECKED[str(path)] = _digest(data)
    found, error, line = _parsed(data, relative)
    if found is None:
        raise CasebookError(f"does not parse ({error}): Casebook does not overwrite it; fix "
                            "it or move it away", path=relative, line=line)
    if found in (codebook, store.codebook()) or store.written_sha() is None:
        return
    raise CasebookError("edited by hand and differs from the active codebook: Casebook does "
                        f"not overwrite it; make it active with `casebook codebook use "
                        f"{relative}`, or move it away", path=relative)


def _header(path: Path) -> str:
    """The comment lines at the top of the file being rewritten (they are kept)."""
    data = _bytes(path) or b""
    head = []
    for line in data.decode("utf-8-sig", errors="replace").splitlines(keepends=True):
        if not line.startswith("#"):
            break
        head.append(line)
    return "".join(head)


def _kept_by_hand(project: Project, path: Path, current: bytes | None,
                  codebook: Codebook) -> bool:
    """Whether ``current``, the file on disk now, was saved by a person since Casebook last
    wrote it (and since check_writable let it be overwritten): it is kept, not overwritten."""
    if current is None:
        return False
    digest, written = _digest(current), project.store.written_sha()
    if written is None or digest in (written, _CHECKED.get(str(path))):
        return False
    return _parsed(current, str(path))[0] != codebook


def _write(project: Project, text: str | None, notes: list[str] | None) -> str | None:
    """Write the active codebook's file from the database (``text``, the author's own
    words, if it holds just that); the caller holds the write lock. Returns its path."""
    store = project.store
    source = store.codebook_source()
    if source is None:
        return None
    path = project.inside(source, field="codebook")
    codebook = store.codebook()
    current = _bytes(path)
    if _kept_by_hand(project, path, current, codebook):
        if notes is not None:
            notes.append(f"{source}: edited by hand while this change was saved: left as it "
                         "is (the change is in the database; `casebook codebook use "
                         f"{source}` makes the file's codebook active instead)")
    else:
        if text is None or _parsed(text.encode("utf-8"), source)[0] != codebook:
            text = _header(path) + dump_yaml(codebook)
        data = text.encode("utf-8")
        if current != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data)
        store.set_written_sha(_digest(data))  # also when unchanged: the file is current now
    _CHECKED.pop(str(path), None)
    if project.settings.codebook != source:
        project.update_settings(codebook=source)
    return source


def write_files(project: Project, text: str | None = None,
                notes: list[str] | None = None) -> str | None:
    """After COMMIT: the codebook YAML (and casebook.yaml's ``codebook:``) as the database
    has them now. Returns the file's path in the project, or None if there is none. A file
    a person saved after the change's check is kept as it is; ``notes`` gets a line."""
    store = project.store
    if store.in_transaction:
        raise RuntimeError("the codebook's files are written after COMMIT")
    checkpoint("committed:codebook")
    with store.transaction():  # the write lock: one writer, from the latest state
        return _write(project, text, notes)


def repair(project: Project) -> list[str]:
    """Write the codebook YAML again if a kill left it behind the database (a file that
    Casebook wrote, or none); a file edited by hand is left alone, and so is a file whose
    writer still runs (it committed a change and is about to write it: nothing to repair)."""
    store = project.store
    source = store.codebook_source()
    writer = store.codebook_writer()
    if source is None or (writer is not None and running(writer)):
        return []
    path = project.inside(source, field="codebook")
    data = _bytes(path)
    if data is not None and _parsed(data, source)[0] == store.codebook():
        if project.settings.codebook == source:
            return []
        with store.transaction():
            project.update_settings(codebook=source)
        return [f"casebook.yaml: codebook: set to {source} again, as the database has it"]
    if data is not None and store.written_sha() not in (None, _digest(data)):
        return []  # edited by hand: check_writable refuses to overwrite it
    write_files(project)
    return [f"{source}: written again from the database (a change had not reached it)"]
