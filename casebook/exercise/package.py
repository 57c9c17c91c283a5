"""`casebook exercise create`: the student package, one file students code in.

The package (``NAME.casebook-exercise``, a zip) holds a small project: the chosen documents
as the privacy gate shows them (pseudonymised text, neutral names, speakers' pseudonyms,
turns and sentences moved onto that text), the codebook with its descriptions, include and
exclude criteria and examples, the instructions in Markdown, and the manifest. Never a
coding, a memo, the raw text, the pseudonym mapping or the docent's name. A document whose
pseudonymisation is not reviewed is refused; every text that goes in passes the gate, and
the finished files are searched once more for every original review accepted.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from casebook import privacy
from casebook.codebook import service as codebooks
from casebook.codebook.qdc import slug
from casebook.codebook.schema import load_yaml
from casebook.errors import CasebookError
from casebook.exercise import archive
from casebook.exercise.spec import (
    MANIFEST,
    PACKAGE_SUFFIX,
    Exercise,
    ExerciseDocument,
    check_name,
    dump_manifest,
    folder,
    names,
    save,
    save_placement,
)
from casebook.i18n import tr
from casebook.model import CONSENSUS, Codebook, Document, Sentence, Speaker, Turn
from casebook.offsets import sha256
from casebook.privacy.guard import Gate, View, spaced
from casebook.project import Project


@dataclass(slots=True)
class Created:
    exercise: Exercise
    package: str
    documents: list[str] = field(default_factory=list)
    codes: int = 0


def create(project: Project, name: str, *, documents: list[str] | None = None,
           references: list[str] | None = None, codebook: str | None = None,
           instructions: Path | None = None, output: Path | None = None) -> Created:
    """Make the exercise ``name`` and write its student package (see the module docstring)."""
    check_name(name)
    if name in names(project.root):
        raise CasebookError(f"exercise '{name}' exists already", field="NAME")
    store = project.store
    docs = _documents(store, documents)
    book, book_path = _codebook(project, codebook)
    refs = _references(store, references, {i for i, _doc in docs})
    gate = Gate.for_project(store, override="(no override: students get pseudonymised text)")
    views = [gate.shown(i) for i, _doc in docs]
    gate.check_codes(book.codes, book_path)
    gate.check("codebook name", book.name, path=book_path)
    gate.check("codebook description", book.description, path=book_path)
    gate.check("NAME", spaced(name))  # the package's file name: "week1Samira" too
    language = project.settings.language
    text = instructions.read_text(encoding="utf-8") if instructions else \
        tr("ex_instructions", language, name=name, file=name + PACKAGE_SUFFIX)
    gate.check("instructions", text, path=instructions)
    exercise = Exercise(
        id=secrets.token_hex(16), name=name, language=language, references=refs,
        created=datetime.now(UTC).isoformat(timespec="seconds"), codes=[c.id for c in book.codes],
        documents=[ExerciseDocument(i, doc.sha256, v.name, sha256(v.text))
                   for (i, doc), v in zip(docs, views)])
    members = _members(project, exercise, book, views, text)
    for member, data in members.items():  # once more, every byte that leaves
        gate.check(f"package member {member}", data.decode("utf-8", errors="replace"))
    target = output or folder(project.root, name) / (name + PACKAGE_SUFFIX)
    archive.write(Path(target), members)
    save_placement(project.root, exercise, {v.id: v.replacements for v in views})
    save(project.root, exercise)
    return Created(exercise, str(target), [v.name for v in views], len(book.codes))


def _documents(store: Any, refs: list[str] | None) -> list[tuple[int, Document]]:
    """The documents named (default: all) with their ids; each must be reviewed."""
    found = []
    for ref in refs or [str(s.id) for s in store.documents()]:
        doc = store.document(ref)
        status = privacy.status(store, doc.id)
        if status != "reviewed":
            raise CasebookError(f"document '{doc.name}' is not pseudonymised (status: "
                                f"{status}); run `casebook pseudo scan`, `review` and "
                                "`apply` first", field="--documents")
        found.append((doc.id, doc))
    if not found:
        raise CasebookError("the project has no documents", field="--documents")
    return found


def _codebook(project: Project, ref: str | None) -> tuple[Codebook, Path | None]:
    """The exercise's codebook: the project's active one, or a file whose every code is a
    code of the project (the reference codings hang on those ids)."""
    if ref is None:
        book = codebooks.active(project)
        path = codebooks.yaml_path(project)
        return book, path if path.is_file() else None
    path = codebooks.resolve(ref)
    book = load_yaml(path)
    known = {c.id for c in project.store.codes(include_retired=True)}
    for code in book.codes:
        if code.id not in known:
            raise CasebookError(f"code '{code.id}' is not a code of this project: the "
                                "reference codings could not be compared", path=path,
                                field="codes")
    return book, path


def _references(store: Any, names_: list[str] | None, ids: set[int]) -> list[str]:
    """The reference coders (default: consensus), each with codings in the documents."""
    wanted = names_ or [CONSENSUS]
    found = []
    for ref in wanted:
        try:
            coder = store.find_coder(ref)
        except CasebookError:
            hint = (": settle one with `casebook adjudicate`, or name experts with --reference"
                    if ref == CONSENSUS else "")
            raise CasebookError(f"no coder '{ref}'{hint}", field="--reference") from None
        if not any(c.document_id in ids for c in store.codings(coder_ids=[coder.id])):
            raise CasebookError(f"coder '{coder.name}' has no codings in these documents",
                                field="--reference")
        found.append(coder.name)
    return list(dict.fromkeys(found))


def student_document(doc: Document, view: View, turns: list[Turn],
                     sentences: list[Sentence], speakers: list[Speaker]
                     ) -> tuple[Document, list[Turn], list[Sentence], list[Speaker]]:
    """A document as a student package holds it: the view's text and name, the turns and
    sentences moved onto that text, the speakers under their pseudonyms."""
    shown = Document(name=view.name, text=view.text, sha256=sha256(view.text), kind=doc.kind,
                     format=doc.format, attributes=dict(view.attributes))
    moved = [Turn(*view.span(t.start, t.end), view.speaker(t.speaker), t.time_start,
                  t.time_end) for t in turns]
    units = [Sentence(*view.span(s.start, s.end)) for s in sentences]
    people = {view.speaker(s.label) or s.label: Speaker(view.speaker(s.label) or s.label, s.role)
              for s in speakers}
    return shown, moved, units, list(people.values())


def _members(project: Project, exercise: Exercise, book: Codebook, views: list[View],
             instructions: str) -> dict[str, bytes]:
    """The package's files, built as a project in a temporary folder."""
    store = project.store
    work = Path(tempfile.mkdtemp(prefix="casebook-exercise-"))
    try:
        student = Project.init(work / "p", name=exercise.name, language=exercise.language)
        try:
            yaml_file = student.folder("codebooks") / f"{slug(book.name)}.yaml"
            codebooks.save(student, book, yaml_file)
            with student.store.transaction():
                for part in exercise.documents:
                    view = views[exercise.documents.index(part)]
                    doc = store.document(part.id)
                    student.store.add_document(*student_document(
                        doc, view, store.turns(part.id), store.sentences(part.id),
                        store.speakers(part.id)))
            student.store.compact()  # one file, no write-ahead log beside it
        finally:
            student.close()
        root = student.root
        return {"casebook.yaml": (root / "casebook.yaml").read_bytes(),
                "casebook.db": (root / "casebook.db").read_bytes(),
                f"codebooks/{yaml_file.name}": yaml_file.read_bytes(),
                "instructions.md": instructions.encode("utf-8"),
                MANIFEST: dump_manifest(exercise.manifest())}
    finally:
        shutil.rmtree(work, ignore_errors=True)
