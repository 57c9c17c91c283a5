"""`casebook demo`: a ready-made project on the bundled Dutch sample data -- transcripts in
four real-world formats, the IGM codebook, and the codings of two coders (anna, bram)."""

from __future__ import annotations

import glob
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from casebook.coding import service as coding
from casebook.errors import CasebookError
from casebook.project import SETTINGS_FILE, Project
from casebook.resources import shipped

DEMO_NAME = "Demo: re-integratie en gewogen maatwerk"
CODINGS_FILE = Path(__file__).with_name("codings.yaml")
ROLES = {  # speaker label -> role, as a researcher would set them with `casebook speaker`
    "I": "interviewer", "R": "client", "Karim Bouzid": "interviewer",
    "Ellen Jansen": "klantmanager", "Rob Verhoeven": "klantmanager",
    "Marieke de Vries": "gespreksleider", "Petra Smit": "teamleider", "Hans Kok": "werkgever",
}


@dataclass(slots=True)
class DemoReport:
    root: str
    documents: list[str] = field(default_factory=list)
    codes: int = 0
    codings: dict[str, int] = field(default_factory=dict)
    cases: list[str] = field(default_factory=list)


def transcripts() -> list[Path]:
    folder = shipped("demo/transcripts")
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def apply_codings(project: Project, path: Path = CODINGS_FILE) -> dict[str, int]:
    """Add the scripted codings of ``path`` (quote-anchored) in one transaction."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    store = project.store
    counts: dict[str, int] = {}
    with store.transaction():
        texts: dict[str, str] = {}
        for number, item in enumerate(items, 1):
            try:
                doc = item["document"]
                if doc not in texts:
                    texts[doc] = store.document(doc).text
                start, end = coding.find_quote(texts[doc], item["quote"],
                                               int(item.get("occurrence", 1)))
                coding.add(store, doc, start, end, item["code"], item["coder"], item.get("memo"))
            except (KeyError, CasebookError) as err:
                raise CasebookError(f"item {number}: {err}", path=path) from None
            counts[item["coder"]] = counts.get(item["coder"], 0) + 1
    return counts


def build(target: str | Path, *, force: bool = False,
          progress: Callable[[str], None] | None = None) -> DemoReport:
    """Build the demo project in ``target`` (an empty or new folder; with ``force`` also a
    project there, replaced). It is built in a hidden folder beside it and moved into place
    when whole, so a build that is killed or fails leaves ``target`` as it was (and the next
    build removes what a killed one left)."""
    target = Path(target).resolve()
    if (target / SETTINGS_FILE).exists():
        if not force:
            raise CasebookError("a project exists here already; use --force to rebuild it",
                                path=target)
    elif target.exists() and any(target.iterdir()):
        raise CasebookError("folder is not empty and not a Casebook project", path=target)
    _remove_left_behind(target)
    staging = target.with_name(f".{target.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        report = _fill(staging, progress or (lambda _msg: None))
        _move_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report.root = str(target)
    return report


def _remove_left_behind(target: Path) -> None:
    """The hidden folders of demo builds into ``target`` whose process no longer runs."""
    from casebook.files import running

    for left in target.parent.glob(glob.escape(f".{target.name}.") + "*-*"):
        kind, _, pid = left.name.rpartition("-")
        if kind.endswith((".building", ".replaced")) and pid.isdigit() and not running(int(pid)):
            shutil.rmtree(left, ignore_errors=True)


def _move_into_place(staging: Path, target: Path) -> None:
    """``staging`` renamed to ``target``; a project there first moved aside and then
    removed, an empty folder there replaced."""
    if target.exists() and any(target.iterdir()):
        old = target.with_name(f".{target.name}.replaced-{os.getpid()}")
        os.replace(target, old)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, target)  # onto an empty folder too (POSIX)


def _fill(root: Path, step: Callable[[str], None]) -> DemoReport:
    """Make the demo project in the new folder ``root``."""
    from casebook.codebook.service import use
    from casebook.ingest import import_files

    project = Project.init(root, name=DEMO_NAME, language="nl", coder="anna")
    try:
        for source in shipped("codebooks").glob("*.yaml"):  # to switch to later
            shutil.copy2(source, project.folder("codebooks") / source.name)
        codes = len(use(project, "igm").codes)
        step("codebook")
        results = import_files(project, transcripts(), progress=step)
        with project.store.transaction():
            for result in results:
                for label in result.speakers:
                    if label in ROLES:
                        project.store.set_speaker(result.document_id, label, role=ROLES[label])
        counts = apply_codings(project)
        step("codings")
        cases = []
        try:
            for case in sorted(shipped("cases").glob("*.md")):
                if case.name == "README.md":
                    continue
                shutil.copy2(case, project.folder("cases") / case.name)
                cases.append(case.name)
        except FileNotFoundError:
            pass
        return DemoReport(root=str(project.root), documents=[r.name for r in results],
                          codes=codes, codings=counts, cases=cases)
    finally:
        project.close()
