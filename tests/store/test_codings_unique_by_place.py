"""Migration 0066: the codings table made again without its UNIQUE constraint, unique by the
index codings_document over (document, start, end, code, coder). A database of the schema
before it keeps every coding (ids and all), memo, count, tombstone, coverage and the
sequence; the triggers are made again exactly; all of them still work after; and what read
the old codings_document still reads an index."""

from __future__ import annotations

import random
import re
import sqlite3
from pathlib import Path

import sqlite_utils

from casebook.model import Coding
from casebook.offsets import sha256
from casebook.store import Store, migrate
from casebook.store.migrations import KNOWN
from tests.conftest import add_small_document
from tests.foundation.test_counts import assert_true

STEP = "0066_codings_unique_by_place"
MADE = "2025-03-01T09:00:00+00:00"
CODERS = ("anna", "bram")
TEXTS = ("x" * 200, "y" * 150, "z" * 90)


def previous_schema(path: Path) -> sqlite3.Connection:
    """A database with every migration before 0066 (as the Casebook before made it)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA recursive_triggers = ON")
    migrate.migrations().apply(sqlite_utils.Database(conn), stop_before=STEP)
    conn.execute(f"PRAGMA user_version = {KNOWN.index(STEP):d}")
    return conn


def filled(conn: sqlite3.Connection) -> None:
    """Documents, codes, coders and codings with ids not in a row, written the way the
    store before wrote them (counted by it), then memos, removals, a move, coverage."""
    rng = random.Random(66)
    for n, text in enumerate(TEXTS, 1):
        conn.execute("INSERT INTO documents (id, name, format, sha256, text, imported_at,"
                     " length) VALUES (?, ?, 'txt', ?, ?, ?, ?)",
                     [n, f"doc{n}", sha256(text), text, MADE, len(text)])
    for code in ("willen", "kunnen", "doen"):
        conn.execute("INSERT INTO codes (id, name) VALUES (?, ?)", [code, code.title()])
    for coder in CODERS:
        conn.execute("INSERT INTO coders (id, name) VALUES (?, ?)", [coder, coder])
    rows, seen, next_id = [], set(), 3
    while len(rows) < 120:
        doc = rng.randint(1, 3)
        start = rng.randrange(len(TEXTS[doc - 1]) - 1)
        key = (doc, start, rng.randint(start + 1, len(TEXTS[doc - 1])),
               rng.choice(["willen", "kunnen", "doen"]), rng.choice(CODERS))
        if key not in seen:
            seen.add(key)
            next_id += rng.choice([1, 1, 1, 2, 5])
            rows.append((next_id, *key, MADE, rng.choice([None, MADE])))
    conn.executemany('INSERT INTO codings (id, document_id, start, "end", code_id, coder_id,'
                     " created, changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("INSERT INTO coding_counts (document_id, code_id, coder_id, n) SELECT"
                  " document_id, code_id, coder_id, count(*) FROM codings GROUP BY 1, 2, 3")
    for coding_id, *_rest in rows[::7]:
        conn.execute("INSERT INTO memos (target_kind, target_id, text, coder_id, created)"
                     " VALUES ('coding', ?, 'waarom', 'anna', ?)", [str(coding_id), MADE])
    conn.execute("INSERT INTO memos (target_kind, target_id, text, coder_id, created)"
                 " VALUES ('code', 'willen', 'over willen', 'bram', ?)", [MADE])
    for coding_id in (rows[-1][0], rows[14][0], rows[21][0]):  # the last id among them
        conn.execute("DELETE FROM codings WHERE id = ?", [coding_id])
    conn.execute('UPDATE codings SET start = 0, "end" = 1 WHERE id = ?', [rows[30][0]])
    conn.execute("INSERT INTO document_coverage (document_id, coded_chars) VALUES (2, 7)")


def contents(conn: sqlite3.Connection) -> dict[str, object]:
    """Every row the migration must keep, and the statements of every trigger."""
    found: dict[str, object] = {table: sorted(conn.execute(
        f"SELECT * FROM {table}").fetchall(), key=repr) for table in (
        "codings", "memos", "coding_counts", "document_coverage", "removed_codings",
        "sqlite_sequence", "documents", "codes", "coders")}
    found["triggers"] = conn.execute("SELECT name, tbl_name, sql FROM sqlite_master"
                                     " WHERE type = 'trigger' ORDER BY name").fetchall()
    found["codings_by_code"] = conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'codings_by_code'").fetchall()
    return found


def test_a_database_of_the_schema_before_keeps_everything_and_its_triggers(tmp_path):
    path = tmp_path / "casebook.db"
    conn = previous_schema(path)
    filled(conn)
    before = contents(conn)
    assert any("UNIQUE" in sql for (sql,) in conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'codings'"))
    seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'codings'").fetchone()[0]
    assert seq > conn.execute("SELECT max(id) FROM codings").fetchone()[0]  # the last removed
    conn.close()
    store = Store(path)  # migrates
    try:
        assert STEP in migrate.applied(store.db.conn) and store.schema_version == len(KNOWN)
        assert contents(store.db.conn) == before
        table = store.db.execute("SELECT sql FROM sqlite_master WHERE name = 'codings'"
                                 ).fetchone()[0]
        assert "UNIQUE" not in table and "AUTOINCREMENT" in table
        assert [(r[1], r[2]) for r in store.db.execute("PRAGMA index_list(codings)")
                if r[1] == "codings_document"] == [("codings_document", 1)]
        assert [r[2] for r in store.db.execute("PRAGMA index_info(codings_document)")] == \
            ["document_id", "start", "end", "code_id", "coder_id"]
        assert store.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
        triggers_still_work(store, seq)
    finally:
        store.close()


def triggers_still_work(store: Store, seq: int) -> None:
    some = store.codings()[5]
    assert store.add_coding(Coding(some.document_id, some.start, some.end, some.code_id,
                                   some.coder_id)) == some.id  # unique: the one present
    new = store.add_coding(Coding(1, 3, 9, "doen", "bram"))
    assert new == seq + 1  # the sequence went on from where it was
    first, stored = store.add_coding_rows([(1, 3, 9, "doen", "bram", None, None),
                                           (1, 4, 9, "doen", "bram", None, None)])
    assert first == new + 1 and stored == 1
    noted = next(c for c in store.codings() if c.memo)
    store.remove_coding(noted.id)  # codings_removed, _take_their_memos, _uncounted
    assert store.memos("coding", str(noted.id)) == []
    assert (noted.start, noted.end, noted.code_id) in {
        (t.start, t.end, t.code_id) for t in store.removed_codings()}
    other = store.codings()[0]
    store.set_coding_memo(other.id, "nu wel")  # coding_memo_added: the coding changed
    assert store.get_coding(other.id).changed not in (None, other.changed)
    moved = store.codings()[9]
    with store.transaction():  # codings_moved, codings_recounted
        store.db.execute('UPDATE codings SET "end" = "end" + 1 WHERE id = ?', [moved.id])
    assert (moved.start, moved.end) in {(t.start, t.end) for t in store.removed_codings()}
    store.recode("kunnen", "willen")
    with store.transaction():  # its codings go by the foreign key; their counts with them
        store.db.execute("DELETE FROM documents WHERE id = 3")
    assert store.codings(document_id=3) == []
    assert_true(store)


def test_what_read_the_old_index_still_reads_an_index(store):
    doc = add_small_document(store)
    anna = store.coder("anna").id
    store.add_codings([Coding(doc, s, s + 5, c, anna) for s in range(0, 30, 3)
                       for c in ("willen", "kunnen")])
    read: list[str] = []
    store.db.conn.set_trace_callback(read.append)
    store.documents()  # coverage, computed again
    store.coding_list()
    store.coding_list(document_id=doc)
    store.codings(document_id=doc, before=20)
    store.coding_rows(doc)
    store.noted_codings(doc, 20)
    store.find_coding(doc, "willen", anna, 3, 8)
    store.db.conn.set_trace_callback(None)
    selects = [sql for sql in read if re.search(r"\bFROM codings\b", sql)]
    assert len(selects) >= 7
    for sql in selects:
        plan = " | ".join(row[3] for row in store.db.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "INDEX codings_document" in plan, (sql, plan)
