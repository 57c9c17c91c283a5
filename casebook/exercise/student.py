"""The student's side: open a package into a folder and code it as oneself; hand it in.

``open_package`` unpacks a student package into a project folder (``NAME-STUDENT`` beside
where the student works, or a folder of their choice) with the student as its coder; opening
it again reopens that folder and keeps the work in it. ``hand_in`` writes the coded copy back
as one file (``NAME-STUDENT.casebook-handin``): the project's database (vacuumed into small
pages: collect unpacks thirty) and the manifest, with the names of the students who coded in
it (one, or a class when the folder was served with `casebook serve --exercise`). The copy
handed in has no turns and sentences (:data:`EMPTIED`): they are the package's, and collect
reads of a hand-in only its documents' texts, coders, codings, memos and tombstones (a
fifth less to unpack, two fifths less to send). The student's own folder keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from casebook.errors import CasebookError
from casebook.exercise import archive
from casebook.exercise.spec import (
    HAND_IN_SUFFIX,
    MANIFEST,
    PACKAGE_SUFFIX,
    dump_manifest,
    file_part,
    read_manifest,
)
from casebook.project import SETTINGS_FILE, Project

EMPTIED = ("turns", "sentences")  # tables a hand-in's database carries without rows


def opened_manifest(root: Path) -> dict[str, Any]:
    """The manifest of the exercise opened in the folder ``root``."""
    path = Path(root) / MANIFEST
    if not path.is_file():
        raise CasebookError("not an opened exercise: open the package first with `casebook "
                            f"exercise open FILE{PACKAGE_SUFFIX} --student NAME`", path=root)
    return read_manifest(path.read_bytes(), path)


def open_package(package: str | Path, student: str | None, target: Path | None = None
                 ) -> Path:
    """Unpack ``package`` into ``target`` (default: ``NAME-STUDENT`` in the current folder)
    with ``student`` as the coder, or reopen it there; returns the folder."""
    members = archive.read(package, needed=(MANIFEST, "casebook.yaml", "casebook.db"))
    manifest = read_manifest(members[MANIFEST], package)
    if student is not None and not student.strip():
        raise CasebookError("a student needs a name", field="--student")
    suffix = f"-{file_part(student)}" if student else ""
    root = Path(target or Path.cwd() / f"{manifest['name']}{suffix}").resolve()
    if (root / MANIFEST).is_file():
        if opened_manifest(root)["id"] != manifest["id"]:
            raise CasebookError("holds another exercise already", path=root)
    elif root.exists() and any(root.iterdir()):
        raise CasebookError("folder is not empty: choose another with --folder", path=root)
    else:
        for name, data in members.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
    project = Project.find(root)
    if student and project.settings.coder != student.strip():
        project.settings.coder = student.strip()
        project.save_settings()
    project.close()
    return root


@dataclass(slots=True)
class HandedIn:
    path: str
    students: list[str]
    codings: int


def hand_in(root: Path, output: Path | None = None) -> HandedIn:
    """Write the coded copy of the exercise opened in ``root`` as one file."""
    manifest = opened_manifest(root)
    project = Project.find(root)
    if project.root != Path(root).resolve() or not (project.root / SETTINGS_FILE).is_file():
        raise CasebookError("not an opened exercise", path=root)
    store = project.store
    try:
        counts: dict[str, int] = {}
        for coding in store.codings():
            name = coding.coder_name or coding.coder_id
            counts[name] = counts.get(name, 0) + 1
        if not counts:
            raise CasebookError("nothing is coded yet: code the documents first (casebook "
                                "exercise open)", path=root)
        store.compact()
        data = store.packed(emptied=EMPTIED)
    finally:
        project.close()
    students = sorted(counts)
    who = project.settings.coder if project.settings.coder in counts else (
        students[0] if len(students) == 1 else "class")
    target = Path(output or Path.cwd() / f"{manifest['name']}-{file_part(who)}{HAND_IN_SUFFIX}")
    manifest.update(kind="hand-in", students=students,
                    handed_in=datetime.now(UTC).isoformat(timespec="seconds"))
    archive.write(target, {MANIFEST: dump_manifest(manifest), "casebook.db": data})
    return HandedIn(str(target), students, sum(counts.values()))
