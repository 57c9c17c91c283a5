"""An exercise as the docent's project keeps it, and the manifest its files carry.

The docent's side lives in ``exercises/NAME/exercise.yaml`` in the project: the exercise's
random id, its documents (the project's id and text hash, and the name and text hash the
students see), the codes of its codebook, the reference coders and the students collected so
far. It holds no text and nothing a student sees that the package does not show already.
Beside it, ``placement.json``: where each document's pseudonyms lie in its stored text, as
the package showed them, so that ``collect`` places the hand-ins without building the
privacy gate again (and on the very text the students saw, whatever review did since).

A student package and a hand-in carry a manifest (``exercise.json``): the id, the name, the
documents as the students see them (name and hash of the pseudonymised text) and the codes;
a hand-in adds its students. ``collect`` checks a hand-in against the exercise with it.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from casebook import yamlsafe
from casebook.errors import CasebookError
from casebook.files import atomic_write

FOLDER = "exercises"
SPEC_FILE = "exercise.yaml"
# libyaml's writer where PyYAML has it (it wraps long lines its own way; what it writes reads
# back the same, tests/exercise/test_spec_yaml.py; the pure-Python writer took
# 8-15 ms of every `exercise collect`)
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
PLACEMENT_FILE = "placement.json"
MANIFEST = "exercise.json"
PACKAGE_SUFFIX = ".casebook-exercise"
HAND_IN_SUFFIX = ".casebook-handin"
FORMAT = "casebook-exercise"
VERSION = 1
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def check_name(name: str) -> str:
    """An exercise name: letters, digits, '.', '_' and '-' (it names files), at most 64."""
    if not _NAME.fullmatch(name or ""):
        raise CasebookError("an exercise name is 1-64 letters, digits, '.', '_' or '-', "
                            "starting with a letter or digit", field="NAME")
    return name


def file_part(name: str) -> str:
    """A student's name as part of a file name ("Anna de Vries" -> "anna-de-vries")."""
    from casebook.codebook.qdc import slug

    return slug(name)


@dataclass(slots=True)
class ExerciseDocument:
    """One document of an exercise: the project's and the students' view of it."""

    id: int  # the document's id in the docent's project
    sha256: str  # of its stored text
    name: str  # the name students see (pseudonymised)
    shown_sha256: str  # of the text students see


@dataclass(slots=True)
class Exercise:
    id: str
    name: str
    created: str
    language: str
    references: list[str]
    documents: list[ExerciseDocument]
    codes: list[str]
    students: list[str] = field(default_factory=list)

    def manifest(self, **extra: Any) -> dict[str, Any]:
        """What the package carries: nothing of the project but what students see."""
        return {"format": FORMAT, "version": VERSION, "id": self.id, "name": self.name,
                "language": self.language, "created": self.created,
                "documents": [{"name": d.name, "sha256": d.shown_sha256}
                              for d in self.documents],
                "codes": list(self.codes), **extra}

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def folder(root: Path, name: str) -> Path:
    return Path(root) / FOLDER / check_name(name)


def names(root: Path) -> list[str]:
    """The exercises of the project at ``root``, by name."""
    base = Path(root) / FOLDER
    return sorted(p.parent.name for p in base.glob(f"*/{SPEC_FILE}")) if base.is_dir() else []


def load(root: Path, name: str | None = None) -> Exercise:
    """The exercise ``name`` of the project at ``root`` (or its only one)."""
    if name is None:
        found = names(root)
        if len(found) != 1:
            raise CasebookError("name the exercise (--exercise NAME): the project has "
                                + (", ".join(found) if found else "none yet (casebook "
                                   "exercise create)"), field="--exercise")
        name = found[0]
    path = folder(root, name) / SPEC_FILE
    if not path.is_file():
        raise CasebookError(f"no exercise '{name}' in this project "
                            f"({', '.join(names(root)) or 'none yet'})", field="--exercise")
    try:
        data = yamlsafe.load(path.read_text(encoding="utf-8"), path)
        data["documents"] = [ExerciseDocument(**d) for d in data["documents"]]
        return Exercise(**data)
    except (KeyError, TypeError) as err:
        raise CasebookError(f"not an exercise file ({type(err).__name__}: {err})",
                            path=path) from None


def save(root: Path, exercise: Exercise) -> Path:
    path = folder(root, exercise.name) / SPEC_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, yaml.dump(exercise.as_dict(), Dumper=_DUMPER, allow_unicode=True,
                                 sort_keys=False))
    return path


Replacements = list[tuple[int, int, str]]  # (start, end, pseudonym) in the stored text


def save_placement(root: Path, exercise: Exercise, placed: dict[int, Replacements]) -> None:
    """Where each document's pseudonyms lie in its stored text (``View.replacements``)."""
    path = folder(root, exercise.name) / PLACEMENT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps({"id": exercise.id, "documents": {
        str(i): [list(r) for r in reps] for i, reps in placed.items()}}, ensure_ascii=False))


def load_placement(root: Path, exercise: Exercise) -> dict[int, Replacements] | None:
    """What :func:`save_placement` wrote for ``exercise``; None for an exercise made before
    Casebook kept it. Its use checks it: the text it makes must be the text the students
    saw (``shown_sha256``)."""
    path = folder(root, exercise.name) / PLACEMENT_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["id"] != exercise.id:
            raise ValueError("it is another exercise's")
        return {int(i): [(int(s), int(e), str(new)) for s, e, new in reps]
                for i, reps in data["documents"].items()}
    except (ValueError, TypeError, KeyError, AttributeError) as err:
        raise CasebookError(f"not a placement file ({type(err).__name__}: {err})",
                            path=path) from None


def read_manifest(data: bytes, source: str | Path) -> dict[str, Any]:
    """A package's or hand-in's manifest, checked for its shape."""
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CasebookError(f"not a Casebook exercise file (its {MANIFEST}: {err})",
                            path=source) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise CasebookError("not a Casebook exercise file", path=source)
    if manifest.get("version") != VERSION:
        raise CasebookError(f"made by another version of Casebook (exercise format "
                            f"{manifest.get('version')!r})", path=source)
    for key, kind in (("id", str), ("name", str), ("documents", list), ("codes", list)):
        if not isinstance(manifest.get(key), kind):
            raise CasebookError(f"not a Casebook exercise file ({MANIFEST} has no {key})",
                                path=source)
    return manifest


def dump_manifest(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
