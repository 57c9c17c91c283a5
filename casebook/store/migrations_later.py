"""The later migrations of casebook.db (0060 on): see :mod:`casebook.store.migrations`.

A step that makes a table again (``DROP TABLE`` takes its triggers and indexes with it) makes
them again exactly as the steps before it made them last (:func:`_made_last`)."""

from __future__ import annotations

import re

from casebook.store.migration_sql import COUNT_NEW, NOW, UNCOUNT_OLD
from casebook.store.migrations_first import FIRST

LATER: list[tuple[str, tuple[str, ...]]] = [
    # One memo store: a coding's own memo (the workbench's) moves into the memos table, as
    # a memo on the coding by its coder; memos on a coding go when the coding goes, and a
    # change of one marks the coding changed (as a change of codings.memo did: merge reads it).
    ("0060_coding_memos", (
        "DROP TRIGGER codings_memo_changed",
        "INSERT INTO memos (target_kind, target_id, text, coder_id, created)"
        " SELECT 'coding', CAST(id AS TEXT), memo, coder_id, created FROM codings"
        " WHERE trim(coalesce(memo, '')) <> '' ORDER BY id",
        "ALTER TABLE codings DROP COLUMN memo",
        """CREATE TRIGGER codings_take_their_memos AFTER DELETE ON codings BEGIN
             DELETE FROM memos WHERE target_kind = 'coding' AND target_id = CAST(old.id AS TEXT);
           END""",
        f"""CREATE TRIGGER coding_memo_added AFTER INSERT ON memos
            WHEN new.target_kind = 'coding'
            BEGIN UPDATE codings SET changed = {NOW} WHERE id = CAST(new.target_id AS INTEGER);
            END""",
        f"""CREATE TRIGGER coding_memo_changed AFTER UPDATE OF text ON memos
            WHEN new.target_kind = 'coding' AND old.text IS NOT new.text
            BEGIN UPDATE codings SET changed = {NOW} WHERE id = CAST(new.target_id AS INTEGER);
            END""",
        f"""CREATE TRIGGER coding_memo_removed AFTER DELETE ON memos
            WHEN old.target_kind = 'coding'
            BEGIN UPDATE codings SET changed = {NOW} WHERE id = CAST(old.target_id AS INTEGER);
            END""",
    )),
    # Covering indexes: the codings of some codes in listing order (`casebook codings --code
    # X`; it begins with code_id, so it serves what codings_code served) and the spans of each
    # document in order (coverage, `casebook docs`) are read from the index alone.
    ("0061_codings_covering_indexes", (
        "DROP INDEX codings_code",
        'CREATE INDEX codings_by_code ON codings (code_id, document_id, start, "end",'
        " coder_id, created, changed)",
        "DROP INDEX codings_document",
        'CREATE INDEX codings_document ON codings (document_id, start, "end")',
    )),
    # Whether the codebook in the database changed since Casebook last wrote its YAML file
    # (sync.write_files records written_sha256 then): while not, opening a project need not
    # read that file to know it is current. Unknown for a database made before: behind. (A
    # table of its own: a trigger that wrote into codebook would clash with the REPLACE that
    # fired it.)
    ("0062_codebook_file_behind", (
        "CREATE TABLE codebook_file (id INTEGER PRIMARY KEY CHECK (id = 1),"
        " behind INTEGER NOT NULL)",
        "INSERT INTO codebook_file (id, behind) VALUES (1, 1)",
        *(f"""CREATE TRIGGER codes_{event.lower()}_file_behind AFTER {event} ON codes
              BEGIN UPDATE codebook_file SET behind = 1; END"""
          for event in ("INSERT", "UPDATE", "DELETE")),
        *(f"""CREATE TRIGGER codebook_{event.lower()}_file_behind AFTER {event} ON codebook
              WHEN {row}.key <> 'written_sha256'
              BEGIN UPDATE codebook_file SET behind = 1; END"""
          for event, row in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old"))),
        """CREATE TRIGGER codebook_file_written AFTER INSERT ON codebook
           WHEN new.key = 'written_sha256'
           BEGIN UPDATE codebook_file SET behind = 0; END""",
    )),
    # A coding stored again is no longer removed: 0052's trigger codings_back took its
    # tombstone, firing for every row stored -- a quarter of the time of a bulk insert
    # (collect: thirty hand-ins, 20,000 codings), tombstones or not. The store's two inserts
    # of codings (add_coding, add_codings: the only ones) take them instead, in one
    # statement, and only while there are tombstones (CodingStore._back).
    ("0063_codings_back_by_the_store", (
        "DROP TRIGGER codings_back",
    )),
    # Stored counts, so that `casebook docs` and `codebook show` read a few rows however many
    # codings there are: coding_counts holds the number of codings per document, code and
    # coder (rows with none are not kept); document_coverage each document's coded
    # characters (the union of its codings' spans) as last computed, which any change of the
    # document's codings drops and the store computes again when it is read
    # (DocumentStore.coded_chars). Triggers keep both on every delete and change of a coding,
    # whichever code path makes it (remove, recode, merge, a document's removal); the store's
    # two inserts of codings (the only ones, see 0063) count what they stored in one
    # statement (CodingStore._counted): a trigger per row stored would cost a bulk insert
    # half its time again. A migration that rebuilds the codings table must make these
    # triggers again.
    ("0064_coding_counts", (
        """CREATE TABLE coding_counts (
            document_id INTEGER NOT NULL,
            code_id TEXT NOT NULL,
            coder_id TEXT NOT NULL,
            n INTEGER NOT NULL CHECK (n > 0),
            PRIMARY KEY (document_id, code_id, coder_id)) WITHOUT ROWID""",
        "INSERT INTO coding_counts (document_id, code_id, coder_id, n)"
        " SELECT document_id, code_id, coder_id, count(*) FROM codings"
        " GROUP BY document_id, code_id, coder_id",
        "CREATE TABLE document_coverage (document_id INTEGER PRIMARY KEY,"
        " coded_chars INTEGER NOT NULL)",
        f"""CREATE TRIGGER codings_uncounted AFTER DELETE ON codings BEGIN
             {UNCOUNT_OLD}
           END""",
        f"""CREATE TRIGGER codings_recounted AFTER UPDATE OF document_id, code_id, coder_id,
             start, "end" ON codings
           WHEN (old.document_id, old.code_id, old.coder_id, old.start, old."end")
             IS NOT (new.document_id, new.code_id, new.coder_id, new.start, new."end")
           BEGIN
             {UNCOUNT_OLD}
             {COUNT_NEW}
           END""",
        """CREATE TRIGGER documents_uncounted AFTER DELETE ON documents BEGIN
             DELETE FROM coding_counts WHERE document_id = old.id;
             DELETE FROM document_coverage WHERE document_id = old.id;
           END""",
    )),
    # The privacy gate's stored work (casebook.privacy.everyday, .guard): per text (sha256)
    # its lower-case words, per document its last view; a row is used only under the digest
    # of everything it was made from. A document's removal or new text drops its rows.
    ("0065_privacy_gate", (
        "CREATE TABLE privacy_words (document_sha256 TEXT NOT NULL, rules TEXT NOT NULL,"
        " words TEXT NOT NULL, PRIMARY KEY (document_sha256, rules)) WITHOUT ROWID",
        "CREATE TABLE privacy_views (document_id INTEGER PRIMARY KEY, inputs TEXT NOT NULL,"
        " name TEXT NOT NULL, replacements TEXT NOT NULL, kept TEXT NOT NULL,"
        " attributes TEXT NOT NULL)",
        """CREATE TRIGGER documents_unworded AFTER DELETE ON documents BEGIN
             DELETE FROM privacy_words WHERE document_sha256 = old.sha256;
             DELETE FROM privacy_views WHERE document_id = old.id; END""",
        """CREATE TRIGGER documents_reworded AFTER UPDATE OF text, sha256 ON documents BEGIN
             DELETE FROM privacy_words WHERE document_sha256 IN (old.sha256, new.sha256);
             DELETE FROM privacy_views WHERE document_id = old.id; END""",
    )),
]


def _made_last(names: tuple[str, ...]) -> tuple[str, ...]:
    """The statements that made these triggers and indexes, as the steps made them last."""
    made = {found[1]: sql for _, step in [*FIRST, *LATER] for sql in step
            if (found := _MAKES.match(sql))}
    return tuple(made[name] for name in names)


_MAKES = re.compile(r"CREATE (?:UNIQUE )?(?:TRIGGER|INDEX) (\w+)")
_MEMO_TRIGGERS = ("coding_memo_added", "coding_memo_changed", "coding_memo_removed")


def _codings_unique_by_place() -> tuple[str, ...]:
    """0066: the codings table without its UNIQUE constraint; the same codings are unique
    by the index codings_document, now over (document, start, end, code, coder). Collect's
    bulk insert keeps one index fewer up to date (16x: 13 % fewer instructions in SQLite),
    and what read the old codings_document (a document's spans in order) reads this one.
    Ids, the sequence, codings_by_code, the triggers on codings (DROP TABLE takes them)
    and on memos (they name codings: the RENAME would refuse them) are made again as they
    were; the copy fires no trigger and changes no memo, count or tombstone."""
    return (
        *(f"DROP TRIGGER {name}" for name in _MEMO_TRIGGERS),
        """CREATE TABLE codings_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            code_id TEXT NOT NULL REFERENCES codes(id) ON UPDATE CASCADE,
            coder_id TEXT NOT NULL REFERENCES coders(id) ON UPDATE CASCADE,
            created TEXT NOT NULL,
            changed TEXT,
            CHECK (start >= 0 AND "end" > start))""",
        'INSERT INTO codings_new (id, document_id, start, "end", code_id, coder_id, created,'
        ' changed) SELECT id, document_id, start, "end", code_id, coder_id, created, changed'
        " FROM codings ORDER BY id",
        "DELETE FROM sqlite_sequence WHERE name = 'codings_new'",
        "INSERT INTO sqlite_sequence (name, seq) SELECT 'codings_new', seq FROM sqlite_sequence"
        " WHERE name = 'codings'",
        "DROP TABLE codings",
        "ALTER TABLE codings_new RENAME TO codings",
        'CREATE UNIQUE INDEX codings_document ON codings (document_id, start, "end", code_id,'
        " coder_id)",
        *_made_last(("codings_by_code", "codings_removed", "codings_moved",
                     "codings_take_their_memos", "codings_uncounted", "codings_recounted",
                     *_MEMO_TRIGGERS)),
    )


LATER.append(("0066_codings_unique_by_place", _codings_unique_by_place()))

# The gate's verdicts kept (casebook.privacy.stored.checked): the digest of a set of texts an
# output checked, and of what the gate searched them for, when they named nothing; the newest
# hundred (no text, no original: only digests).
LATER.append(("0067_privacy_checked", (
    "CREATE TABLE privacy_checked (id INTEGER PRIMARY KEY, inputs TEXT NOT NULL UNIQUE)",
)))
