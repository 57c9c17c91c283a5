"""A project is a folder: casebook.yaml, casebook.db, codebooks/, cases/, sources/."""

from __future__ import annotations

import getpass
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from casebook.errors import CasebookError
from casebook.files import atomic_write

SETTINGS_FILE = "casebook.yaml"
DB_FILE = "casebook.db"
FOLDERS = ("codebooks", "cases", "sources", "exports")


@dataclass(slots=True)
class Settings:
    """What casebook.yaml holds. Unknown keys are kept, so newer versions lose nothing."""

    name: str = "Casebook project"
    language: str = "nl"
    coder: str | None = None
    codebook: str | None = None
    extra: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            raise CasebookError(f"not valid YAML ({getattr(err, 'problem', err)})", path=path,
                                line=mark.line + 1 if mark else None) from None
        except OSError as err:
            raise CasebookError(f"cannot read ({err.strerror})", path=path) from None
        if not isinstance(data, dict):
            raise CasebookError("expected a mapping of settings", path=path, line=1)
        known = {k: data.pop(k) for k in ("name", "language", "coder", "codebook") if k in data}
        if known.get("language", "nl") not in ("nl", "en"):
            raise CasebookError("must be nl or en", path=path, field="language")
        return cls(**known, extra=data)

    def dump(self) -> str:
        data = {k: v for k, v in asdict(self).items() if k != "extra" and v is not None}
        data.update(self.extra)
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


class Project:
    def __init__(self, root: Path, settings: Settings) -> None:
        self.root = root
        self.settings = settings
        self._store = None

    # -- finding and making -------------------------------------------------------
    @classmethod
    def find(cls, start: str | Path | None = None) -> Project:
        """The project at ``start`` or the nearest folder above it with a casebook.yaml."""
        here = Path(start or os.environ.get("CASEBOOK_PROJECT") or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / SETTINGS_FILE).is_file():
                return cls(folder, Settings.load(folder / SETTINGS_FILE))
        raise CasebookError(
            f"no {SETTINGS_FILE} in {here} or above it: run `casebook init DIR` or pass --project",
            path=here)

    @classmethod
    def init(cls, root: str | Path, *, name: str | None = None, language: str = "nl",
             coder: str | None = None) -> Project:
        root = Path(root).resolve()
        if (root / SETTINGS_FILE).exists():
            raise CasebookError("is a project already", path=root / SETTINGS_FILE)
        if root.exists() and not root.is_dir():
            raise CasebookError("is a file, not a folder", path=root)
        root.mkdir(parents=True, exist_ok=True)
        for folder in FOLDERS:
            (root / folder).mkdir(exist_ok=True)
        settings = Settings(name=name or root.name, language=language, coder=coder)
        (root / SETTINGS_FILE).write_text(settings.dump(), encoding="utf-8")
        project = cls(root, settings)
        project.store.close()  # creates casebook.db with the current schema
        project._store = None
        return project

    def save_settings(self) -> None:
        atomic_write(self.root / SETTINGS_FILE, self.settings.dump())

    # -- parts ----------------------------------------------------------------------
    @property
    def db_path(self) -> Path:
        return self.root / DB_FILE

    @property
    def store(self):
        if self._store is None:
            from casebook.store import Store

            self._store = Store(self.db_path)
        return self._store

    def folder(self, name: str) -> Path:
        path = self.root / name
        path.mkdir(exist_ok=True)
        return path

    def coder_name(self, override: str | None = None) -> str:
        return (override or os.environ.get("CASEBOOK_CODER") or self.settings.coder
                or getpass.getuser() or "coder")

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
