"""The originals of imported documents, kept in the project's ``sources/`` folder.

A copy is written only after the import's COMMIT (:func:`keep`, through a ``.part`` file),
so a kill leaves at most a document without its copy, never a copy -- full of personal
data -- without its document. :func:`repair` removes such copies all the same (an import
by an earlier version, a disk that filled up): a file named like a copy
(``<12 hex digits>-<name>``) that no document refers to.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from casebook.errors import CasebookError
from casebook.files import replacing

if TYPE_CHECKING:
    from casebook.project import Project

FOLDER = "sources"
_COPY = re.compile(r"^[0-9a-f]{12}-.+")


def copy_name(sha256: str, name: str) -> str:
    """The name in ``sources/`` of the original called ``name`` of a text with ``sha256``
    (a name that is a copy's already loses its own hash first)."""
    return f"{sha256[:12]}-{name[13:] if _COPY.match(name) else name}"


def keep(path: Path, copy: Path) -> None:
    """Copy the original at ``path`` to ``copy`` (whole or not at all), unless it is
    there already."""
    if copy.exists():
        return
    try:
        with replacing(copy) as tmp:
            shutil.copyfile(path, tmp)
    except (OSError, CasebookError) as err:
        reason = err.message if isinstance(err, CasebookError) else err.strerror
        raise CasebookError(f"imported, but the original was not kept ({reason})",
                            path=copy) from None


def repair(project: Project) -> list[str]:
    """Remove copies in ``sources/`` that no document refers to; one line if any were."""
    folder = project.root / FOLDER
    try:  # the folder first, the database after: a copy is made after its COMMIT
        copies = sorted(p for p in folder.iterdir() if _COPY.match(p.name) and p.is_file())
    except OSError:
        return []
    if not copies:
        return []
    kept = project.store.document_sources()
    orphans = [p for p in copies if f"{FOLDER}/{p.name}" not in kept]
    for orphan in orphans:
        orphan.unlink(missing_ok=True)
    if not orphans:
        return []
    return [f"{FOLDER}/: removed {len(orphans)} cop{'y' if len(orphans) == 1 else 'ies'} of "
            f"an original no document refers to ({', '.join(p.name for p in orphans)})"]
