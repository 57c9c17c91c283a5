"""The active codebook to and from a REFI-QDA .qdc file (ATLAS.ti, MAXQDA, NVivo): export,
read, and import, either replacing the codebook or adding the file's new codes to it. Each
reports what the other side cannot hold; an import is one transaction."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casebook.codebook import qdc, sync
from casebook.codebook.service import (
    activate,
    active,
    free_colour,
    guids,
    known_guids,
    retired,
    validate,
    yaml_path,
)
from casebook.files import atomic_write, read_bytes
from casebook.model import DEFAULT_COLOUR, Codebook

if TYPE_CHECKING:
    from casebook.privacy.guard import Gate
    from casebook.project import Project

MAX_BYTES = 32 * 1024 * 1024  # a .qdc larger than this is refused
# (the codebook to make active, the codes it adds, the codes it matches, its file)
Combined = tuple[Codebook, list[str], list[str], Path]


def export_qdc(project: Project, out: str | Path, gate: Gate | None = None) -> dict[str, Any]:
    """Write the active codebook to ``out`` through the privacy gate (default: the
    project's; a code's text naming what the transcripts pseudonymise is refused, with its
    YAML line); the report names what .qdc cannot carry."""
    from casebook.privacy.guard import Gate

    gate = gate or Gate.for_project(project.store)
    codebook = active(project)
    path = yaml_path(project)
    gate.check("codebook name", codebook.name)
    gate.check("codebook description", codebook.description)
    gate.check_codes(codebook.codes, path if path.is_file() else None)
    data = qdc.to_bytes(qdc.codes_to_xml(codebook, qdc.CODEBOOK_NS, guids(project.store)),
                        qdc.CODEBOOK_NS)
    gate.check(".qdc", data.decode("utf-8"), markup=True)
    atomic_write(out, data)
    lost = []
    if any(c.name_en for c in codebook.codes):
        lost.append("English names (name_en): .qdc has one name per code")
    if any(c.hotkey for c in codebook.codes):
        lost.append("hotkeys: .qdc has no place for them")
    flagged = [c.id for c in codebook.codes if c.exclusive or c.ordered]
    if flagged:
        lost.append("exclusive/ordered groups (" + ", ".join(flagged) + "): .qdc has no place "
                    "for them; importing the file back into this project keeps them")
    return {"path": str(out), "codes": len(codebook.codes), "not_carried": lost}


def read_qdc(path: str | Path, known: dict[str, str] | None = None
             ) -> tuple[Codebook, qdc.ImportReport]:
    """The codebook in a .qdc file; ``known`` (GUID -> code id) maps codes to ours."""
    path = Path(path)
    data = read_bytes(path, MAX_BYTES)
    return qdc.codes_from_xml(qdc.parse_bytes(data, str(path)), known=known, source=str(path))


def _added_to_active(project: Project, imported: Codebook) -> Combined:
    """(the active codebook with the imported codes it lacks after it, added, matched, file).
    A new code whose parent is in neither codebook goes to the top level."""
    codebook = active(project)
    existing = codebook.by_id()
    imported_ids = {c.id for c in imported.codes}
    added, matched = [], []
    for code in imported.codes:
        if code.id in existing:
            matched.append(code.id)
            continue
        if code.parent and code.parent not in existing and code.parent not in imported_ids:
            code.parent = None
        codebook.codes.append(code)
        existing[code.id] = code
        added.append(code.id)
    return codebook, added, matched, yaml_path(project)


def _instead_of_active(project: Project, imported: Codebook) -> Combined:
    """(the imported codebook, added, matched, file). A code the project knows keeps what
    .qdc cannot hold: its English name, hotkey (a hotkey once) and exclusive/ordered flags."""
    known = {c.id: c for c in project.store.codes(include_retired=True)}
    keys: set[str | None] = set()
    for code in imported.codes:
        if code.id in known:
            code.exclusive, code.ordered = known[code.id].exclusive, known[code.id].ordered
            code.name_en, hotkey = known[code.id].name_en, known[code.id].hotkey
            code.hotkey = hotkey if hotkey not in keys else None
            keys.add(hotkey)
    matched = [c.id for c in imported.codes if c.id in known]
    added = [c.id for c in imported.codes if c.id not in known]
    return imported, added, matched, project.root / "codebooks" / f"{qdc.slug(imported.name)}.yaml"


def import_qdc(project: Project, path: str | Path, *, merge_into_active: bool = False,
               dry_run: bool = False) -> dict[str, Any]:
    """Import a REFI-QDA codebook as the active codebook (or, with ``merge_into_active``,
    add its new codes to the active one). Returns a report of what was and was not
    carried over; ``dry_run`` writes nothing."""
    imported, report = read_qdc(path, known_guids(project))
    combine = _added_to_active if merge_into_active else _instead_of_active
    result: dict[str, Any] = {
        "source": str(path), "codes": report.codes, "not_carried": report.not_carried,
        "notes": report.notes, "dry_run": dry_run, "merge": merge_into_active, "path": None,
        "retired": []}
    if dry_run:
        _combined(project, imported, combine, path, result)
        return result
    with project.store.transaction():  # read the active codebook and change it: one step
        codebook, target = _combined(project, imported, combine, path, result)
        activate(project, codebook, target, checked=True)
        project.store.set_code_guids(report.guids)
    result["path"] = sync.write_files(project, notes=result["notes"])
    result["retired"] = retired(project)
    return result


def _combined(project: Project, imported: Codebook,
              combine: Callable[[Project, Codebook], Combined], path: str | Path,
              result: dict[str, Any]) -> tuple[Codebook, Path]:
    """(the codebook to make active, its file); notes added and matched in ``result``."""
    codebook, added, matched, target = combine(project, imported)
    new_ids = set(added)
    for code in codebook.codes:  # codes that came without a colour get distinct ones
        if code.id in new_ids and code.colour == DEFAULT_COLOUR:
            code.colour = free_colour(codebook)
    validate(codebook, str(path))
    result["added"], result["matched"] = added, matched
    return codebook, target
