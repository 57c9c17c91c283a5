"""The first migrations of casebook.db (0001-0052): see :mod:`casebook.store.migrations`."""

from __future__ import annotations

from casebook.store.migration_sql import (
    CODINGS,
    CODINGS_INDEXES,
    NEW_CODING,
    NOW,
    OLD_CODE,
    OLD_CODING,
)

FIRST: list[tuple[str, tuple[str, ...]]] = [
    ("0001_documents", (
        """CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL DEFAULT 'other',
            date TEXT,
            format TEXT NOT NULL,
            source TEXT,
            sha256 TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}',
            imported_at TEXT NOT NULL)""",
        """CREATE TRIGGER documents_text_immutable BEFORE UPDATE OF text, sha256 ON documents
           BEGIN SELECT RAISE(ABORT, 'document text is immutable'); END""",
        """CREATE TABLE speakers (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            role TEXT,
            pseudonym TEXT,
            PRIMARY KEY (document_id, label))""",
        """CREATE TABLE turns (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            speaker TEXT,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            time_start REAL,
            time_end REAL,
            PRIMARY KEY (document_id, idx)) WITHOUT ROWID""",
        """CREATE TABLE sentences (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            PRIMARY KEY (document_id, idx)) WITHOUT ROWID""",
    )),
    ("0002_codings", (
        "CREATE TABLE coders (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE)",
        "CREATE TABLE codebook (key TEXT PRIMARY KEY, value TEXT)",
        """CREATE TABLE codes (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            parent TEXT REFERENCES codes(id) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
            name_en TEXT,
            description TEXT NOT NULL DEFAULT '',
            include TEXT NOT NULL DEFAULT '',
            exclude TEXT NOT NULL DEFAULT '',
            examples TEXT NOT NULL DEFAULT '[]',
            colour TEXT NOT NULL DEFAULT '#888888',
            hotkey TEXT,
            position INTEGER NOT NULL DEFAULT 0,
            retired INTEGER NOT NULL DEFAULT 0)""",
        CODINGS.format(name="codings", autoincrement=""),
        *CODINGS_INDEXES,
        """CREATE TABLE memos (
            id INTEGER PRIMARY KEY,
            target_kind TEXT NOT NULL
                CHECK (target_kind IN ('project', 'document', 'code', 'coding')),
            target_id TEXT NOT NULL,
            text TEXT NOT NULL,
            coder_id TEXT REFERENCES coders(id),
            created TEXT NOT NULL)""",
        "CREATE INDEX memos_target ON memos (target_kind, target_id)",
    )),
    # Checking a coding's span needs the text's length; length(text) reads the whole text.
    ("0003_document_length", (
        "ALTER TABLE documents ADD COLUMN length INTEGER",
        "UPDATE documents SET length = length(text)",
    )),
    ("0010_code_guids", (
        """CREATE TABLE code_guids (
            guid TEXT PRIMARY KEY,
            code_id TEXT NOT NULL)""",
        "CREATE INDEX code_guids_code ON code_guids (code_id)",
    )),
    ("0030_adjudication", (
        """CREATE TABLE adjudications (
            key TEXT PRIMARY KEY,
            coder_a TEXT NOT NULL,
            coder_b TEXT NOT NULL,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            code_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            take TEXT NOT NULL CHECK (take IN ('a', 'b', 'both', 'neither', 'agreed')),
            coding_ids TEXT NOT NULL DEFAULT '[]',
            decided TEXT NOT NULL)""",
    )),
    ("0040_privacy", (
        """CREATE TABLE privacy_findings (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            category TEXT NOT NULL,
            text TEXT NOT NULL,
            key TEXT NOT NULL,
            replacement TEXT NOT NULL,
            decision TEXT NOT NULL DEFAULT 'proposed'
                CHECK (decision IN ('proposed', 'accepted', 'rejected', 'edited')),
            detector TEXT NOT NULL,
            created TEXT NOT NULL,
            decided TEXT,
            CHECK (start >= 0 AND "end" > start),
            UNIQUE (document_id, start, "end"))""",
        "CREATE INDEX privacy_findings_key ON privacy_findings (category, key)",
        """CREATE TABLE privacy_mapping (
            category TEXT NOT NULL,
            key TEXT NOT NULL,
            replacement TEXT NOT NULL,
            created TEXT NOT NULL,
            PRIMARY KEY (category, key))""",
        """CREATE TABLE privacy_documents (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            scanned_sha256 TEXT NOT NULL,
            scanned_at TEXT NOT NULL,
            detectors TEXT NOT NULL,
            reviewed_sha256 TEXT,
            reviewed_at TEXT)""",
    )),
    # A coding id is never given out twice: adjudications and undo hold on to ids. The table
    # is rebuilt with AUTOINCREMENT (ids, constraints and indexes kept); the counter starts
    # above every id in use or named by an adjudication.
    ("0041_coding_ids_never_reused", (
        CODINGS.format(name="codings_new", autoincrement=" AUTOINCREMENT"),
        'INSERT INTO codings_new (id, document_id, start, "end", code_id, coder_id, created,'
        ' memo) SELECT id, document_id, start, "end", code_id, coder_id, created, memo'
        " FROM codings",
        "DROP TABLE codings",
        "ALTER TABLE codings_new RENAME TO codings",
        *CODINGS_INDEXES,
        "DELETE FROM sqlite_sequence WHERE name = 'codings'",
        """INSERT INTO sqlite_sequence (name, seq) SELECT 'codings', max(
               coalesce((SELECT max(id) FROM codings), 0),
               coalesce((SELECT max(j.value) FROM adjudications a, json_each(a.coding_ids) j),
                        0))""",
    )),
    # REFI-QDA's isCodable: a code that only groups others (a category) is kept as such.
    ("0042_code_codable", (
        "ALTER TABLE codes ADD COLUMN codable INTEGER NOT NULL DEFAULT 1",
    )),
    # Agreement: a code may make its children one variable (exclusive, ordered); a decision
    # remembers the codings of A and B it settled (ids and spans), so it survives edits and
    # is flagged when they change. No foreign key: a decision outlives its codings.
    ("0050_code_groups_decision_sources", (
        "ALTER TABLE codes ADD COLUMN exclusive INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE codes ADD COLUMN ordered INTEGER NOT NULL DEFAULT 0",
        """CREATE TABLE adjudication_sources (
            key TEXT NOT NULL REFERENCES adjudications(key) ON DELETE CASCADE,
            coding_id INTEGER NOT NULL,
            side TEXT NOT NULL CHECK (side IN ('a', 'b')),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            PRIMARY KEY (key, coding_id))""",
        "CREATE INDEX adjudication_sources_coding ON adjudication_sources (coding_id)",
    )),
    # Privacy: a reviewed document's neutral display name ("clientgesprek-1"), and the one
    # way its text may change: `casebook pseudo purge` marks the documents it rewrites in
    # privacy_purging (inside its transaction, emptied before COMMIT).
    ("0051_privacy_display_name_and_purge", (
        "ALTER TABLE privacy_documents ADD COLUMN display_name TEXT",
        "CREATE TABLE privacy_purging (document_id INTEGER PRIMARY KEY)",
        "DROP TRIGGER documents_text_immutable",
        """CREATE TRIGGER documents_text_immutable BEFORE UPDATE OF text, sha256 ON documents
           WHEN NOT EXISTS (SELECT 1 FROM privacy_purging WHERE document_id = OLD.id)
           BEGIN SELECT RAISE(ABORT, 'document text is immutable'); END""",
    )),
    # What `merge` needs to tell a removal or a rename from something the other copy never had:
    # tombstones of removed codings (which coding: text, code, coder, span; which version of it:
    # created, changed -- no memo text, which may name people) and of codes that left the
    # codebook (their meaning then, and the code a `codebook merge` moved them into), and every
    # earlier meaning of a code, role and pseudonym of a speaker. Triggers keep them, whatever
    # removes or changes a row.
    ("0052_removals_and_code_history", (
        "ALTER TABLE codings ADD COLUMN changed TEXT",
        f"""CREATE TRIGGER codings_memo_changed AFTER UPDATE OF memo ON codings
            WHEN old.memo IS NOT new.memo
            BEGIN UPDATE codings SET changed = {NOW} WHERE id = new.id; END""",
        """CREATE TABLE removed_codings (
            document_sha256 TEXT NOT NULL,
            code_id TEXT NOT NULL,
            coder_id TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            created TEXT NOT NULL,
            changed TEXT,
            removed TEXT NOT NULL,
            PRIMARY KEY (document_sha256, code_id, coder_id, start, "end"))""",
        f"""CREATE TRIGGER codings_removed AFTER DELETE ON codings
            BEGIN INSERT OR REPLACE INTO removed_codings SELECT {OLD_CODING}; END""",
        f"""CREATE TRIGGER codings_moved
            AFTER UPDATE OF document_id, code_id, coder_id, start, "end" ON codings
            BEGIN INSERT OR REPLACE INTO removed_codings SELECT {OLD_CODING};
                  DELETE FROM removed_codings WHERE {NEW_CODING}; END""",
        f"""CREATE TRIGGER codings_back AFTER INSERT ON codings
            BEGIN DELETE FROM removed_codings WHERE {NEW_CODING}; END""",
        """CREATE TABLE removed_codes (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            parent TEXT,
            description TEXT NOT NULL,
            removed TEXT NOT NULL,
            merged_into TEXT)""",
        f"""CREATE TRIGGER codes_retired AFTER UPDATE OF retired ON codes
            WHEN old.retired = 0 AND new.retired = 1
            BEGIN INSERT OR REPLACE INTO removed_codes (id, name, parent, description, removed)
                  VALUES ({OLD_CODE}); END""",
        """CREATE TRIGGER codes_active_again AFTER UPDATE OF retired ON codes
            WHEN new.retired = 0
            BEGIN DELETE FROM removed_codes WHERE id = new.id; END""",
        f"""CREATE TRIGGER codes_deleted AFTER DELETE ON codes
            BEGIN INSERT OR IGNORE INTO removed_codes (id, name, parent, description, removed)
                  VALUES ({OLD_CODE}); END""",
        """CREATE TRIGGER codes_added AFTER INSERT ON codes WHEN new.retired = 0
            BEGIN DELETE FROM removed_codes WHERE id = new.id; END""",
        """CREATE TABLE code_history (
            code_id TEXT NOT NULL,
            name TEXT NOT NULL,
            parent TEXT,
            description TEXT NOT NULL,
            until TEXT NOT NULL)""",
        "CREATE INDEX code_history_code ON code_history (code_id)",
        f"""CREATE TRIGGER codes_changed AFTER UPDATE OF name, parent, description ON codes
            WHEN old.name IS NOT new.name OR old.parent IS NOT new.parent
                 OR old.description IS NOT new.description
            BEGIN INSERT INTO code_history VALUES ({OLD_CODE}); END""",
        """CREATE TABLE speaker_history (
            document_sha256 TEXT NOT NULL,
            label TEXT NOT NULL,
            role TEXT,
            pseudonym TEXT,
            until TEXT NOT NULL)""",
        f"""CREATE TRIGGER speakers_changed AFTER UPDATE OF role, pseudonym ON speakers
            WHEN old.role IS NOT new.role OR old.pseudonym IS NOT new.pseudonym
            BEGIN INSERT INTO speaker_history SELECT d.sha256, old.label, old.role,
                  old.pseudonym, {NOW} FROM documents d WHERE d.id = old.document_id; END""",
    )),
]
