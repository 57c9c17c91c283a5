"""A project is a folder: casebook.yaml, casebook.db, codebooks/, cases/, sources/.

The database is the truth; the files beside it follow it. Opening a project
(:meth:`Project.find`) repairs what a kill may have left: ``.part`` files of writers that are
gone, a codebook YAML behind the database, copies in ``sources/`` of documents that were
never stored. :attr:`Project.repaired` says what was done, one line each. Every command
opens a project, so opening is cheap: a repair that a quick look shows is not needed does not
run, casebook.yaml as Casebook writes it is read without loading PyYAML, and opening works
on the folder's name as text (:mod:`pathlib`, with the URL parsing it loads, comes in only
when a command asks for :attr:`Project.root`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

from casebook.errors import CasebookError
from casebook.files import (
    atomic_write,
    copy_named,
    inside,
    inside_text,
    nonempty,
    read_bytes,
    remove_stale,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from casebook.model import Codebook
    from casebook.store import Store

SETTINGS_FILE = "casebook.yaml"
DB_FILE = "casebook.db"
FOLDERS = ("codebooks", "cases", "sources", "exports")
MAX_SETTINGS_BYTES = 1024 * 1024
_TEXT_FIELDS = ("name", "language", "coder", "codebook")
# A line of casebook.yaml as Casebook writes it, whose value YAML reads as that very text:
# ``key: value``, the key a name (ASCII letters, digits, _), the value a plain word or words (a
# letter first, then ASCII letters, digits and _./-, one space between; not one YAML reads as
# true/false/null) or a single-quoted text of printable ASCII. Read with str methods: compiling
# a regular expression for it cost every command more than reading the file.
_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./-")
_NOT_TEXT = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}


@dataclass(slots=True, init=False, repr=False, eq=False)
class Settings:
    """What casebook.yaml holds. Unknown keys are kept, so newer versions lose nothing.
    Every command opens a project: ``__init__``, ``__eq__`` and ``__repr__`` are written
    out, as @dataclass would make them (it compiles the ones it makes at every start)."""

    name: str = "Casebook project"
    language: str = "nl"
    coder: str | None = None
    codebook: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    __hash__ = None  # type: ignore[assignment]  # mutable: unhashable (no annotation: no field)

    def __init__(self, name: str = "Casebook project", language: str = "nl",
                 coder: str | None = None, codebook: str | None = None,
                 extra: dict[str, Any] | None = None) -> None:
        self.name, self.language, self.coder, self.codebook = name, language, coder, codebook
        self.extra = {} if extra is None else extra  # a new one each, as default_factory

    def _values(self) -> tuple[Any, ...]:
        return self.name, self.language, self.coder, self.codebook, self.extra

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __repr__(self) -> str:
        return "Settings(" + ", ".join(f"{f}={v!r}" for f, v in zip(
            ("name", "language", "coder", "codebook", "extra"), self._values())) + ")"

    @classmethod
    def load(cls, path: str | Path) -> Settings:
        """Read and check casebook.yaml; every problem is one line naming the field."""
        try:
            # utf-8 and then the BOM dropped, as utf-8-sig would (whose codec is a module to
            # import); an error's byte is counted from the file's start
            text = read_bytes(path, MAX_SETTINGS_BYTES).decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as err:
            raise CasebookError(f"not UTF-8 text ({err.reason} at byte {err.start})",
                                path=path) from None
        data = _plain_settings(text)
        if data is None:
            from casebook import yamlsafe

            data = yamlsafe.load(text, path) or {}
        if not isinstance(data, dict):
            raise CasebookError("expected a mapping of settings", path=path, line=1)
        known = {k: data.pop(k) for k in _TEXT_FIELDS if k in data}
        for key, value in known.items():
            if value is not None and not isinstance(value, str):
                raise CasebookError(f"must be text, not {value!r} (put it in quotes)",
                                    path=path, field=key)
        if known.get("name") is None:
            known.pop("name", None)
        known["language"] = known.get("language") or "nl"
        if known["language"] not in ("nl", "en"):
            raise CasebookError("must be nl or en", path=path, field="language")
        if known.get("codebook"):
            try:
                inside_text(os.path.dirname(path), known["codebook"])
            except ValueError:
                raise CasebookError("must be a file inside the project (codebooks/...)",
                                    path=path, field="codebook") from None
        return cls(**known, extra=data)

    def dump(self) -> str:
        data = {k: v for k, v in asdict(self).items() if k != "extra" and v is not None}
        data.update(self.extra)
        import yaml

        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _no_copies_without_database(root: Path) -> None:
    """Refuse to make a project of a folder whose ``sources/`` holds files named as
    Casebook's copies (``<12 hex digits>-<name>``) with no database to refer to them: the
    first open would remove them as copies no document refers to."""
    if nonempty(os.path.join(root, DB_FILE)):
        return
    try:
        found = sorted(p.name for p in (root / "sources").iterdir() if copy_named(p.name))
    except OSError:
        return
    if found:
        raise CasebookError(f"holds files named as Casebook's copies of originals ({found[0]}"
                            f"{', ...' if len(found) > 1 else ''}) and there is no casebook.db: "
                            "move them out of sources/ first", path=root / "sources")


def _upwards(folder: str) -> Iterator[str]:
    """``folder`` and each folder above it, up to the top."""
    while True:
        yield folder
        above = os.path.dirname(folder)
        if above == folder:
            return
        folder = above


def _plain_settings(text: str) -> dict[str, Any] | None:
    """casebook.yaml as Casebook writes it -- one ``key: text`` per line -- read without
    loading PyYAML (whose import costs a short command more than its work); None for any
    other text, which :func:`casebook.yamlsafe.load` reads. What this returns is what YAML
    reads (a test compares the two)."""
    lines = text.removeprefix("\ufeff").removesuffix("\n").split("\n")
    data: dict[str, Any] = {}
    for line in lines:
        found = _setting(line)
        if found is None:
            return None
        key, value, quoted = found
        if key in data or key.casefold() in _NOT_TEXT \
                or (not quoted and value.casefold() in _NOT_TEXT):
            return None
        data[key] = value
    return data


def _setting(line: str) -> tuple[str, str, bool] | None:
    """``(key, text, quoted)`` of a line as Casebook writes it (see :data:`_WORD`); None for
    any other line."""
    key, colon, value = line.partition(": ")
    if not (colon and key.isascii() and key.isidentifier()):
        return None
    if len(value) > 1 and value[0] == value[-1] == "'":
        bare = value[1:-1].replace("''", "")
        if "'" in bare or not all(" " <= char <= "~" for char in bare):
            return None
        return key, value[1:-1].replace("''", "'"), True
    if not (value[:1].isascii() and value[:1].isalpha()):
        return None
    if not all(word and _WORD.issuperset(word) for word in value.split(" ")):
        return None
    return key, value, False


class Project:
    def __init__(self, root: str | Path, settings: Settings, *,
                 on_busy: Callable[[], None] | None = None) -> None:
        self._folder = os.fspath(root)  # the folder as text: all that opening needs
        self._root: Path | None = None
        self.settings = settings
        self.on_busy = on_busy  # told when another process holds the database
        self.repaired: list[str] = []  # what opening it repaired, one line each
        self._store: Store | None = None
        self._creating = False  # Project.init: a new casebook.db is wanted

    # -- finding and making -------------------------------------------------------
    @classmethod
    def find(cls, start: str | Path | None = None, *,
             on_busy: Callable[[], None] | None = None, repair: bool = True) -> Project:
        """The project at ``start`` or the nearest folder above it with a casebook.yaml,
        repaired (see the module docstring) unless ``repair`` is false (then call
        :meth:`repair` next)."""
        here = os.path.realpath(start or os.environ.get("CASEBOOK_PROJECT") or os.getcwd())
        for folder in _upwards(here):
            settings = os.path.join(folder, SETTINGS_FILE)
            if os.path.isfile(settings):
                project = cls(folder, Settings.load(settings), on_busy=on_busy)
                try:
                    project.repaired = project.repair() if repair else []
                except BaseException:
                    project.close()
                    raise
                return project
        raise CasebookError(
            f"no {SETTINGS_FILE} in {here} or above it: run `casebook init DIR` or pass --project",
            path=here)

    @classmethod
    def init(cls, root: str | Path, *, name: str | None = None, language: str = "nl",
             coder: str | None = None) -> Project:
        from pathlib import Path

        root = Path(root).resolve()
        if (root / SETTINGS_FILE).exists():
            raise CasebookError("is a project already", path=root / SETTINGS_FILE)
        if root.exists() and not root.is_dir():
            raise CasebookError("is a file, not a folder", path=root)
        _no_copies_without_database(root)
        try:
            root.mkdir(parents=True, exist_ok=True)
            for folder in FOLDERS:
                (root / folder).mkdir(exist_ok=True)
        except OSError as err:
            raise CasebookError(f"cannot make the folder ({err.strerror})", path=root) from None
        settings = Settings(name=name or root.name, language=language, coder=coder)
        project = cls(root, settings)
        project._creating = True
        project.store.close()  # casebook.db made (or a file there checked) before the folder
        project._store = None  # becomes a project: casebook.yaml comes last
        atomic_write(root / SETTINGS_FILE, settings.dump())
        return project

    def save_settings(self) -> None:
        """Write this project's name, language and coder to casebook.yaml, under the write
        lock; ``codebook:`` follows the database and other keys stay as the file has them
        (another process may have switched codebooks since this one read the file)."""
        with self.store.transaction():
            changes = {"name": self.settings.name, "language": self.settings.language,
                       "coder": self.settings.coder}
            self.update_settings(**changes, codebook=self.store.codebook_source()
                                 or self.settings.codebook)

    def update_settings(self, **changes: str | None) -> None:
        """Change settings in casebook.yaml as it is now on disk (another process may have
        changed other ones). Call it holding the database's write lock (inside a
        transaction): that lock is what keeps two writers of the file apart."""
        path = self.root / SETTINGS_FILE
        current = Settings.load(path) if path.is_file() else self.settings
        for key, value in changes.items():
            setattr(current, key, value)
        atomic_write(path, current.dump())
        self.settings = current

    def repair(self) -> list[str]:
        """Put right what a kill left (see the module docstring); one line per repair."""
        folders = (self._folder, *(os.path.join(self._folder, f) for f in FOLDERS))
        messages = [f"{p.relative_to(self.root)}: removed (left by a process that was "
                    "stopped while writing it)" for folder in folders for p in remove_stale(folder)]
        if not self._codebook_file_current():
            from casebook.codebook.sync import repair as repair_codebook

            messages += repair_codebook(self)
        if self._unreferenced_sources():  # the import machinery only when it may be needed
            from casebook.ingest.sources import repair as repair_sources

            messages += repair_sources(self)
        return messages

    def _codebook_file_current(self) -> bool:
        """Whether the codebook YAML is one that :func:`casebook.codebook.sync.repair` leaves
        as it is without reading it: the database has not changed the codebook since
        Casebook wrote the file, which is there, and casebook.yaml names it."""
        store = self.store
        source = store.codebook_source()
        if source is None:
            return True
        if store.codebook_file_behind() or self.settings.codebook != source:
            return False
        try:
            path = inside_text(self._folder, source)
        except ValueError:
            return False
        return os.path.isfile(path) and os.access(path, os.R_OK)

    def _unreferenced_sources(self) -> bool:
        """Whether ``sources/`` holds a file that no document refers to (an orphaned copy
        among them is for :func:`casebook.ingest.sources.repair` to remove)."""
        try:
            names = [entry.name for entry in os.scandir(os.path.join(self._folder, "sources"))]
        except OSError:
            return False
        kept = self.store.document_sources() if names else set()
        return any(f"sources/{name}" not in kept for name in names)

    # -- parts ----------------------------------------------------------------------
    @property
    def root(self) -> Path:
        """The project's folder."""
        if self._root is None:
            from pathlib import Path

            self._root = Path(self._folder)
        return self._root

    @property
    def db_file(self) -> str:
        """The database file's name, as text (:attr:`db_path` as a Path)."""
        return os.path.join(self._folder, DB_FILE)

    @property
    def db_path(self) -> Path:
        return self.root / DB_FILE

    @property
    def store(self) -> Store:
        if self._store is None:
            from casebook.store import Store

            if not self._creating:
                self._check_database()
            self._store = Store(self.db_file, on_busy=self.on_busy)
        return self._store

    def _check_database(self) -> None:
        """Refuse to start a new, empty casebook.db beside originals in ``sources/``: the file
        is missing or empty (moved, restored badly, a cloud-sync placeholder), and the empty
        database's repair would remove every copy there as referred to by no document."""
        try:
            size: int | None = os.stat(self.db_file).st_size
        except FileNotFoundError:
            size = None
        except OSError:
            return  # the store says what is wrong with it
        if size or nonempty(self.db_file + "-wal"):
            return
        try:
            copies = [entry.name for entry in os.scandir(os.path.join(self._folder, "sources"))
                      if copy_named(entry.name)]
        except OSError:
            copies = []
        if copies:
            state = "missing" if size is None else "empty (0 bytes)"
            raise CasebookError(
                f"{state}, but sources/ holds {len(copies)} original"
                f"{'s' if len(copies) > 1 else ''} of its documents: restore "
                "casebook.db from a backup; Casebook does not start an empty one beside them",
                path=self.db_file)

    def codebook(self) -> Codebook:
        """The active codebook; one error line saying what to do if there is none yet."""
        codebook = self.store.codebook()
        if not codebook.codes:
            raise CasebookError("the project has no codebook yet: run `casebook codebook use "
                                "igm` (or a YAML file)", field="codebook")
        return codebook

    def inside(self, relative: str | Path, *, field: str | None = None) -> Path:
        """The project's file at ``relative``; one error line if it lies outside."""
        try:
            return inside(self.root, relative)
        except ValueError:
            raise CasebookError("lies outside the project: refused", path=relative,
                                field=field) from None

    def folder(self, name: str) -> Path:
        path = self.root / name
        path.mkdir(exist_ok=True)
        return path

    def coder_name(self, override: str | None = None) -> str:
        """``override``, else $CASEBOOK_CODER, the project's coder, the login name, "coder"."""
        named = override or os.environ.get("CASEBOOK_CODER") or self.settings.coder
        if named:
            return named
        import getpass  # only now: it loads the terminal modules

        return getpass.getuser() or "coder"

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
