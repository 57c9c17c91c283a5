"""The codebook's tables: codes, the codebook's own fields, the REFI-QDA GUIDs of codes, and
the coders who apply them."""

from __future__ import annotations

import os

from casebook.errors import CasebookError, NotFound
from casebook.model import Code, Codebook, Coder, RemovedCode
from casebook.store.base import StoreBase
from casebook.store.jsoncol import as_json, json_field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# uuid is imported where a coder is named (it loads platform, which compiles nine patterns: ~2 ms
# of every command that opens a project)
CODER_NAMESPACE = "5b0c7a52-3f0e-4f39-9d2a-6c1f3b1e0a11"
_CODE_COLUMNS = ("id, name, parent, name_en, description, include, exclude, examples, colour,"
                 " hotkey, codable, exclusive, ordered")
_INSERT_CODE = (f"INSERT INTO codes ({_CODE_COLUMNS}, position, retired)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_UPSERT_CODE = (
    _INSERT_CODE
    + " ON CONFLICT(id) DO UPDATE SET name=excluded.name, parent=excluded.parent,"
    " name_en=excluded.name_en, description=excluded.description,"
    " include=excluded.include, exclude=excluded.exclude, examples=excluded.examples,"
    " colour=excluded.colour, hotkey=excluded.hotkey, codable=excluded.codable,"
    " exclusive=excluded.exclusive, ordered=excluded.ordered, position=excluded.position,"
    " retired=excluded.retired")


def coder_id_for(name: str) -> str:
    """A coder's stable id: the same name gives the same id in every project copy."""
    import uuid

    return str(uuid.uuid5(uuid.UUID(CODER_NAMESPACE), name.strip().casefold()))


def _code(row: dict[str, Any]) -> Code:
    return Code(**{**row, "examples": json_field(row["examples"], f"codes {row['id']}.examples",
                                                  list),
                    "codable": bool(row["codable"]), "exclusive": bool(row["exclusive"]),
                    "ordered": bool(row["ordered"])})


def _code_values(code: Code, position: int, retired: bool) -> list[Any]:
    return [code.id, code.name, code.parent, code.name_en, code.description, code.include,
            code.exclude, as_json(code.examples), code.colour,
            code.hotkey, int(code.codable), int(code.exclusive), int(code.ordered), position,
            int(retired)]


class CodeStore(StoreBase):
    # -- codes ----------------------------------------------------------------------
    def set_codebook(self, codebook: Codebook, *, source: str | None = None) -> None:
        """Make ``codebook`` the active one. Codes keep their ids, so codings stay attached;
        a code that is gone but still has codings is kept as retired."""
        with self.transaction():
            for key, value in (("name", codebook.name), ("version", codebook.version),
                               ("language", codebook.language),
                               ("description", codebook.description), ("source", source),
                               ("writer", str(os.getpid()))):  # its YAML's, after COMMIT
                self.db.execute("INSERT OR REPLACE INTO codebook (key, value) VALUES (?, ?)",
                                [key, value])
            self.db.execute("UPDATE codes SET retired = 1")
            for position, code in enumerate(codebook.codes):
                self.db.execute(_UPSERT_CODE, _code_values(code, position, retired=False))
            self.db.execute(
                "DELETE FROM codes WHERE retired = 1 AND id NOT IN (SELECT code_id FROM codings)"
                " AND id NOT IN (SELECT parent FROM codes WHERE parent IS NOT NULL)")

    def add_code(self, code: Code, *, retired: bool = False) -> None:
        """Append one code to the active codebook (``merge``: a code new to this project)."""
        with self.transaction():
            position = self._value("SELECT coalesce(max(position), -1) + 1 FROM codes")
            self.db.execute(_INSERT_CODE, _code_values(code, position, retired))

    def codebook(self) -> Codebook:
        """The active codebook: its fields and its codes in order."""
        meta = self._meta()
        return Codebook(name=meta.get("name") or "", codes=self.codes(),
                        version=meta.get("version") or "1", language=meta.get("language") or "nl",
                        description=meta.get("description") or "")

    def codebook_source(self) -> str | None:
        """The file the active codebook was loaded from."""
        return self._meta().get("source")

    def codebook_file_behind(self) -> bool:
        """Whether the codebook changed here since Casebook last wrote its YAML file (set by
        triggers, cleared by :meth:`set_written_sha`; see migration 0062)."""
        behind: int | None = self._value("SELECT behind FROM codebook_file")
        return behind != 0  # no row (a damaged database): behind, to be safe

    def codebook_writer(self) -> int | None:
        """The process that last changed the codebook and is to write its YAML after COMMIT
        (None once it did, see :meth:`set_written_sha`)."""
        writer = self._meta().get("writer")
        return int(writer) if writer and writer.isdigit() else None

    def written_sha(self) -> str | None:
        """The sha256 of the codebook YAML as Casebook last wrote it (None: not yet)."""
        return self._meta().get("written_sha256")

    def set_written_sha(self, digest: str) -> None:
        """Remember the sha256 of the codebook YAML just written (so a hand edit shows);
        the file is then no longer behind the database."""
        with self.transaction():  # (the DELETE marks the file behind; the INSERT, not)
            self.db.execute("DELETE FROM codebook WHERE key = 'writer'")
            self.db.execute("INSERT OR REPLACE INTO codebook (key, value) VALUES (?, ?)",
                            ["written_sha256", digest])

    def _meta(self) -> dict[str, str | None]:
        return {row["key"]: row["value"]
                for row in self._rows("SELECT key, value FROM codebook")}

    def codes(self, *, include_retired: bool = False) -> list[Code]:
        """The active codes in codebook order (retired ones too, if asked)."""
        where = "" if include_retired else "WHERE retired = 0"
        return [_code(row) for row in self._rows(
            f"SELECT {_CODE_COLUMNS} FROM codes {where} ORDER BY position, id")]

    def code(self, ref: str) -> Code:
        """A code by id, by hotkey, or by name (case-insensitive)."""
        row = self._row(f"SELECT {_CODE_COLUMNS} FROM codes WHERE id = ?", [ref]) or \
            self._row(f"SELECT {_CODE_COLUMNS} FROM codes WHERE retired = 0 AND hotkey = ?",
                      [ref]) or \
            self._row(f"SELECT {_CODE_COLUMNS} FROM codes WHERE lower(name) = lower(?)"
                      " OR lower(name_en) = lower(?) ORDER BY retired LIMIT 1", [ref, ref])
        if not row:
            raise NotFound(f"no code '{ref}' in the codebook (see `casebook codebook show`)",
                           field="code")
        return _code(row)

    def removed_codes(self) -> list[RemovedCode]:
        """The tombstones of codes that left the codebook (retired or deleted)."""
        return [RemovedCode(**row) for row in self._rows(
            "SELECT id, name, parent, description, removed, merged_into FROM removed_codes"
            " ORDER BY removed, id")]

    def note_merged_into(self, code_ids: list[str], target: str) -> None:
        """Record that ``code_ids`` left the codebook by being merged into ``target``."""
        with self.transaction():
            self.db.conn.executemany("UPDATE removed_codes SET merged_into = ? WHERE id = ?",
                                     [(target, code_id) for code_id in code_ids])

    def code_history(self) -> dict[str, list[tuple[str, str | None, str]]]:
        """Code id -> every earlier (name, parent, description) it had, oldest first."""
        history: dict[str, list[tuple[str, str | None, str]]] = {}
        for row in self._rows("SELECT code_id, name, parent, description FROM code_history"
                              " ORDER BY rowid"):
            history.setdefault(row["code_id"], []).append(
                (row["name"], row["parent"], row["description"]))
        return history

    # -- REFI-QDA GUIDs -----------------------------------------------------------------
    def code_guids(self) -> dict[str, str]:
        """GUID (lower case) -> code id, for codes that came from a REFI-QDA file."""
        return {row["guid"]: row["code_id"]
                for row in self._rows("SELECT guid, code_id FROM code_guids")}

    def set_code_guids(self, guids: dict[str, str]) -> None:
        """Remember ``code id -> GUID`` so export and re-import use the same GUID."""
        with self.transaction():
            for code_id, guid in guids.items():
                self.db.execute("INSERT OR REPLACE INTO code_guids (guid, code_id) VALUES (?, ?)",
                                [guid.lower(), code_id])

    def move_code_guids(self, source: str, target: str) -> None:
        """After a merge the source's GUIDs point at the target (a re-import matches)."""
        with self.transaction():
            self.db.execute("UPDATE code_guids SET code_id = ? WHERE code_id = ?",
                            [target, source])

    # -- coders ---------------------------------------------------------------------
    def coder(self, name: str, *, coder_id: str | None = None) -> Coder:
        """The coder of that name, created if new."""
        name = name.strip()
        if not name:
            raise CasebookError("a coder needs a name", field="coder")
        row = self._row("SELECT id, name FROM coders WHERE name = ?", [name])
        if row:
            return Coder(**row)
        new = Coder(id=coder_id or coder_id_for(name), name=name)
        with self.transaction():
            self.db.execute("INSERT INTO coders (id, name) VALUES (?, ?)", [new.id, new.name])
        return new

    def find_coder(self, ref: str) -> Coder:
        """A coder by name or id."""
        row = self._row("SELECT id, name FROM coders WHERE name = ? OR id = ?", [ref, ref])
        if not row:
            raise NotFound(f"no coder '{ref}'", field="coder")
        return Coder(**row)

    def coders(self) -> list[Coder]:
        """Every coder, by name."""
        return [Coder(**row) for row in self._rows("SELECT id, name FROM coders ORDER BY name")]
