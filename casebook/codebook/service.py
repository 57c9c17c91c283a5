"""Changing a project's active codebook. Every change reads the codebook, changes it and
stores it in one transaction (``BEGIN IMMEDIATE``: two processes changing it at once wait
their turn and lose nothing); after COMMIT the project's codebook YAML follows
(:mod:`casebook.codebook.sync`). Codes keep their ids: codings stay attached to them through
renames, moves, splits and merges."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from casebook.codebook import qdc, sync
from casebook.codebook.schema import COLOUR_RE, ID_RE, dump_yaml, load_yaml, parse_text
from casebook.errors import CasebookError
from casebook.model import Code, Codebook
from casebook.resources import shipped

if TYPE_CHECKING:
    from casebook.project import Project
    from casebook.store import Store

Edit = Callable[[Codebook, "ChangeReport"], Callable[[], None] | None]

# Readable highlight colours for codes added without one (Tableau 20).
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896",
           "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5")


@dataclass(slots=True)
class ChangeReport:
    """What a codebook command did, for the CLI to print (or dump as JSON)."""

    action: str
    codes: list[str] = field(default_factory=list)
    moved: int = 0
    dropped: int = 0
    retired: list[str] = field(default_factory=list)
    path: str | None = None
    messages: list[str] = field(default_factory=list)


# -- the active codebook ----------------------------------------------------------------
def resolve(ref: str | Path) -> Path:
    """A codebook file: a path, or the name of a shipped codebook (igm, gewogen-maatwerk)."""
    path = Path(ref)
    if path.is_file():
        return path
    name = str(ref)
    candidate = shipped("codebooks") / (name if name.endswith((".yaml", ".yml"))
                                        else f"{name}.yaml")
    if "/" not in name and candidate.is_file():
        return candidate
    known = ", ".join(sorted(p.stem for p in shipped("codebooks").glob("*.yaml")))
    raise CasebookError(f"no such file, and not a shipped codebook ({known})", path=ref)


def active(project: Project) -> Codebook:
    """The active codebook, refused if there is none (:meth:`Project.codebook`)."""
    return project.codebook()


def yaml_path(project: Project) -> Path:
    """Where the project keeps its active codebook as YAML (inside the project)."""
    recorded = project.store.codebook_source() or project.settings.codebook
    if recorded:
        return project.inside(recorded, field="codebook")
    return project.folder("codebooks") / f"{qdc.slug(project.store.codebook().name)}.yaml"


def validate(codebook: Codebook, where: str = "codebook") -> None:
    """Raise the first schema error of ``codebook`` (checked as the YAML it would be)."""
    problems = [p for p in parse_text(dump_yaml(codebook), where)[1] if not p.warning]
    if problems:
        first = problems[0]
        raise CasebookError(first.message, path=where, field=first.field)


def activate(project: Project, codebook: Codebook, path: Path | None = None, *,
             checked: bool = False) -> str:
    """Make ``codebook`` active in the database, to be kept in ``path`` (default: the
    current codebook file); returns that path in the project. Call inside a transaction,
    and :func:`casebook.codebook.sync.write_files` after its COMMIT."""
    path = project.inside(path or yaml_path(project), field="codebook")
    relative = path.relative_to(project.root).as_posix()
    if not checked:
        validate(codebook, relative)
    sync.check_writable(project, path, codebook)
    project.store.set_codebook(codebook, source=relative)
    return relative


def save(project: Project, codebook: Codebook, path: Path | None = None, *,
         checked: bool = False) -> str:
    """Make ``codebook`` active (one transaction) and write its YAML after COMMIT."""
    with project.store.transaction():
        relative = activate(project, codebook, path, checked=checked)
    sync.write_files(project)  # a hand edit meanwhile: kept (check_writable says so next)
    return relative


def retired(project: Project) -> list[str]:
    """Codes no longer in the codebook that keep codings."""
    active_ids, counts = {c.id for c in project.store.codes()}, project.store.coding_counts()
    return [c.id for c in project.store.codes(include_retired=True)
            if c.id not in active_ids and counts.get(c.id)]


def use(project: Project, ref: str | Path) -> ChangeReport:
    """Validate the codebook file, copy it into the project's codebooks/ folder and make it
    the active codebook. Codes of the old codebook that still have codings are kept as
    retired codes (their codings stay)."""
    source = resolve(ref)
    codebook = load_yaml(source)
    text = source.read_text(encoding="utf-8-sig")
    target = project.folder("codebooks") / source.name
    with project.store.transaction():
        relative = activate(project, codebook, target, checked=True)
    notes: list[str] = []
    sync.write_files(project, text, notes)  # the author's own file as written (comments too)
    return ChangeReport(action="use", codes=[c.id for c in codebook.codes],
                        retired=retired(project), path=relative,
                        messages=[f"{codebook.name} (version {codebook.version}): "
                                  f"{len(codebook.codes)} codes", *notes])


def _find(codebook: Codebook, project: Project, ref: str) -> Code:
    """An active code by id, hotkey or name."""
    by_id = codebook.by_id()
    if ref in by_id:
        return by_id[ref]
    code = project.store.code(ref)
    if code.id not in by_id:
        raise CasebookError(f"code '{code.id}' is retired (not in the active codebook)",
                            field="code")
    return by_id[code.id]


def _change(project: Project, action: str, edit: Edit) -> ChangeReport:
    """Apply ``edit(codebook, report)`` to a copy of the active codebook in one transaction.
    ``edit`` may return a function to run once the changed codebook is saved."""
    report = ChangeReport(action=action)
    with project.store.transaction():  # read, change and store: nobody in between
        codebook = active(project)
        codebook = replace(codebook, codes=[replace(c, examples=list(c.examples))
                                            for c in codebook.codes])
        after = edit(codebook, report)
        report.path = activate(project, codebook)
        if after is not None:
            after()
    sync.write_files(project, notes=report.messages)
    report.retired = retired(project)
    return report


def free_colour(codebook: Codebook) -> str:
    used = {c.colour.lower() for c in codebook.codes}
    return next((c for c in PALETTE if c not in used), PALETTE[len(codebook.codes) % 20])


def _insert_after_family(codebook: Codebook, anchor: str | None, new: list[Code]) -> None:
    """Put ``new`` after ``anchor`` and its descendants (at the end if anchor is None)."""
    if anchor is None:
        codebook.codes.extend(new)
        return
    family = {anchor}
    index = next(i for i, c in enumerate(codebook.codes) if c.id == anchor)
    last = index
    for i in range(index + 1, len(codebook.codes)):
        if codebook.codes[i].parent in family:
            family.add(codebook.codes[i].id)
            last = i
    codebook.codes[last + 1:last + 1] = new


def _new_code(codebook: Codebook, project: Project, code_id: str, name: str, parent: str | None,
              colour: str | None = None, hotkey: str | None = None) -> Code:
    if not ID_RE.match(code_id):
        raise CasebookError(f"'{code_id}' is not a valid id (letters, digits, '.', '_', '-')",
                            field="id")
    if code_id in {c.id for c in project.store.codes(include_retired=True)}:
        raise CasebookError(f"there is a code '{code_id}' already", field="id")
    if not name.strip():
        raise CasebookError("a code needs a name", field="name")
    if colour is not None and not COLOUR_RE.match(colour):
        raise CasebookError(f"'{colour}' is not a colour like #1f77b4", field="--colour")
    return Code(id=code_id, name=name.strip(), parent=parent,
                colour=(colour or free_colour(codebook)).lower(), hotkey=hotkey or None)


def add(project: Project, code_id: str, name: str, *, parent: str | None = None,
        colour: str | None = None, hotkey: str | None = None, name_en: str | None = None,
        description: str = "") -> ChangeReport:
    def edit(codebook: Codebook, report: ChangeReport) -> None:
        parent_id = _find(codebook, project, parent).id if parent else None
        code = _new_code(codebook, project, code_id, name, parent_id, colour, hotkey)
        code.name_en, code.description = name_en or None, description
        _insert_after_family(codebook, parent_id, [code])
        report.codes = [code.id]

    return _change(project, "add", edit)


def new_id(project: Project, name: str, parent: str | None = None) -> str:
    """A free id for a new code called ``name`` (the workbench names none): the slug of
    the name, under the parent's id ("kunnen.geld-zorgen"), numbered if it is taken."""
    base = (f"{parent}." if parent else "") + qdc.slug(name)[:40].strip("-")
    taken = {code.id for code in project.store.codes(include_retired=True)}
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def rename(project: Project, ref: str, new_name: str, *, english: bool = False) -> ChangeReport:
    def edit(codebook: Codebook, report: ChangeReport) -> None:
        code = _find(codebook, project, ref)
        if not new_name.strip():
            raise CasebookError("a code needs a name", field="name")
        old = code.name_en if english else code.name
        if english:
            code.name_en = new_name.strip()
        else:
            code.name = new_name.strip()
        report.codes = [code.id]
        report.messages.append(f"{code.id}: '{old}' -> '{new_name.strip()}'")

    return _change(project, "rename", edit)


def move(project: Project, ref: str, parent: str | None) -> ChangeReport:
    def edit(codebook: Codebook, report: ChangeReport) -> None:
        code = _find(codebook, project, ref)
        target = _find(codebook, project, parent).id if parent else None
        by_id, here = codebook.by_id(), target
        while here is not None:
            if here == code.id:
                raise CasebookError(f"'{target}' is '{code.id}' or lies under it",
                                    field="--parent")
            here = by_id[here].parent
        family = [code.id]
        for c in codebook.codes:  # the code moves with its descendants, in order
            if c.parent in family:
                family.append(c.id)
        moving = [c for c in codebook.codes if c.id in family]
        codebook.codes[:] = [c for c in codebook.codes if c.id not in family]
        code.parent = target
        _insert_after_family(codebook, target, moving)
        report.codes = [code.id]
        report.messages.append(f"{code.id}: parent is now {target or '(top level)'}")

    return _change(project, "move", edit)


def merge(project: Project, sources: list[str], into: str) -> ChangeReport:
    """Recode every coding of ``sources`` to ``into`` and remove the sources from the
    codebook; a coding that would repeat one already on ``into`` is dropped. Sources may be
    retired codes. Their sub-codes move under ``into``."""
    store = project.store

    def edit(codebook: Codebook, report: ChangeReport) -> Callable[[], None]:
        target = _find(codebook, project, into)
        ids = []
        for ref in sources:
            code = store.code(ref)
            if code.id == target.id:
                raise CasebookError(f"cannot merge '{code.id}' into itself", field="SRC")
            ids.append(code.id)
        for code_id in ids:
            moved, dropped = store.recode(code_id, target.id)
            store.move_code_guids(code_id, target.id)
            report.moved += moved
            report.dropped += dropped
            report.messages.append(f"{code_id} -> {target.id}: {moved} codings moved"
                                   + (f", {dropped} dropped as duplicates" if dropped else ""))
        by_id = codebook.by_id()
        for c in codebook.codes:
            if c.id == target.id:  # the target lay under a source: up to the first survivor
                while c.parent in ids:
                    c.parent = by_id[c.parent].parent if c.parent in by_id else None
            elif c.parent in ids:
                c.parent = target.id
        codebook.codes[:] = [c for c in codebook.codes if c.id not in ids]
        report.codes = [target.id, *ids]
        # once they left the codebook: another copy's codings on them follow (merge)
        return lambda: store.note_merged_into(ids, target.id)

    return _change(project, "merge", edit)


def split(project: Project, ref: str, new: list[tuple[str, str]], *,
          move_codings_to: str | None = None) -> ChangeReport:
    """Add ``new`` (id, name) codes as siblings right after ``ref``. Codings stay on ``ref``
    unless ``move_codings_to`` names one of the new codes."""
    store = project.store
    if not new:
        raise CasebookError("name at least one new code: --into NEW_ID:NAME", field="--into")

    def edit(codebook: Codebook, report: ChangeReport) -> Callable[[], None] | None:
        code = _find(codebook, project, ref)
        added: list[Code] = []
        for new_id, name in new:
            added.append(_new_code(codebook, project, new_id, name, code.parent))
            codebook.codes.append(added[-1])  # so the next colour differs
        codebook.codes[-len(added):] = []
        _insert_after_family(codebook, code.id, added)
        report.codes = [code.id, *(a.id for a in added)]
        if not move_codings_to:
            return None
        if move_codings_to not in {a.id for a in added}:
            raise CasebookError(f"'{move_codings_to}' is not one of the new codes",
                                field="--move-codings-to")

        def recode() -> None:  # once the new code exists
            report.moved, report.dropped = store.recode(code.id, move_codings_to)
            report.messages.append(f"{report.moved} codings of {code.id} moved to "
                                   f"{move_codings_to}")
        return recode

    return _change(project, "split", edit)


# -- REFI-QDA identity (the .qdc files themselves: casebook.codebook.exchange) ----------
def known_guids(project: Project) -> dict[str, str]:
    """GUID -> id for every code this project could mean: imported GUIDs, the derived GUIDs
    of its codes (also retired ones) and of the shipped codebooks' codes."""
    ids = {c.id for c in project.store.codes(include_retired=True)}
    for path in shipped("codebooks").glob("*.yaml"):
        try:
            ids.update(c.id for c in load_yaml(path).codes)
        except CasebookError:
            pass
    known = {qdc.code_guid(code_id): code_id for code_id in ids}
    known.update(project.store.code_guids())
    return known


def guids(store: Store) -> dict[str, str]:
    """Code id -> the GUID it has in REFI-QDA files (kept from an import, else derived).
    Use it for .qdpx ``<CodeRef targetGUID>`` so codings point at the exported codes."""
    kept = {code_id: guid for guid, code_id in sorted(store.code_guids().items())}
    return {code.id: kept.get(code.id) or qdc.code_guid(code.id)
            for code in store.codes(include_retired=True)}


__all__ = ["ChangeReport", "activate", "active", "add", "free_colour", "guids", "known_guids",
           "merge", "move", "new_id", "rename", "resolve", "retired", "save", "split", "use",
           "validate", "yaml_path"]
