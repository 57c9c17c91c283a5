"""The schema of casebook.db, as one ordered list of migrations.

A migration is applied once and then never changed: to change the schema, append one.
:mod:`casebook.store.migrate` applies them.
"""

from __future__ import annotations

_CODINGS = """CREATE TABLE {name} (
            id INTEGER PRIMARY KEY{autoincrement},
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            code_id TEXT NOT NULL REFERENCES codes(id) ON UPDATE CASCADE,
            coder_id TEXT NOT NULL REFERENCES coders(id) ON UPDATE CASCADE,
            created TEXT NOT NULL,
            memo TEXT,
            CHECK (start >= 0 AND "end" > start),
            UNIQUE (document_id, code_id, coder_id, start, "end"))"""
_CODINGS_INDEXES = (
    "CREATE INDEX codings_document ON codings (document_id, start)",
    "CREATE INDEX codings_code ON codings (code_id)",
)

_NOW = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"  # as base.now() writes it
_OLD_CODING = ('d.sha256, old.code_id, old.coder_id, old.start, old."end", old.created,'
               f" old.changed, {_NOW} FROM documents d WHERE d.id = old.document_id")
_NEW_CODING = ('code_id = new.code_id AND coder_id = new.coder_id AND start = new.start AND'
               ' "end" = new."end" AND document_sha256 ='
               " (SELECT sha256 FROM documents WHERE id = new.document_id)")
_OLD_CODE = f"old.id, old.name, old.parent, old.description, {_NOW}"
_COUNT_NEW = """INSERT INTO coding_counts (document_id, code_id, coder_id, n)
               VALUES (new.document_id, new.code_id, new.coder_id, 1)
               ON CONFLICT DO UPDATE SET n = n + 1;
             DELETE FROM document_coverage WHERE document_id = new.document_id;"""
_OLD_KEY = "document_id = old.document_id AND code_id = old.code_id AND coder_id = old.coder_id"
_UNCOUNT_OLD = f"""DELETE FROM coding_counts WHERE {_OLD_KEY} AND n = 1;
             UPDATE coding_counts SET n = n - 1 WHERE {_OLD_KEY};
             DELETE FROM document_coverage WHERE document_id = old.document_id;"""

STEPS: list[tuple[str, tuple[str, ...]]] = [
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
        _CODINGS.format(name="codings", autoincrement=""),
        *_CODINGS_INDEXES,
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
        _CODINGS.format(name="codings_new", autoincrement=" AUTOINCREMENT"),
        'INSERT INTO codings_new (id, document_id, start, "end", code_id, coder_id, created,'
        ' memo) SELECT id, document_id, start, "end", code_id, coder_id, created, memo'
        " FROM codings",
        "DROP TABLE codings",
        "ALTER TABLE codings_new RENAME TO codings",
        *_CODINGS_INDEXES,
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
            BEGIN UPDATE codings SET changed = {_NOW} WHERE id = new.id; END""",
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
            BEGIN INSERT OR REPLACE INTO removed_codings SELECT {_OLD_CODING}; END""",
        f"""CREATE TRIGGER codings_moved
            AFTER UPDATE OF document_id, code_id, coder_id, start, "end" ON codings
            BEGIN INSERT OR REPLACE INTO removed_codings SELECT {_OLD_CODING};
                  DELETE FROM removed_codings WHERE {_NEW_CODING}; END""",
        f"""CREATE TRIGGER codings_back AFTER INSERT ON codings
            BEGIN DELETE FROM removed_codings WHERE {_NEW_CODING}; END""",
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
                  VALUES ({_OLD_CODE}); END""",
        """CREATE TRIGGER codes_active_again AFTER UPDATE OF retired ON codes
            WHEN new.retired = 0
            BEGIN DELETE FROM removed_codes WHERE id = new.id; END""",
        f"""CREATE TRIGGER codes_deleted AFTER DELETE ON codes
            BEGIN INSERT OR IGNORE INTO removed_codes (id, name, parent, description, removed)
                  VALUES ({_OLD_CODE}); END""",
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
            BEGIN INSERT INTO code_history VALUES ({_OLD_CODE}); END""",
        """CREATE TABLE speaker_history (
            document_sha256 TEXT NOT NULL,
            label TEXT NOT NULL,
            role TEXT,
            pseudonym TEXT,
            until TEXT NOT NULL)""",
        f"""CREATE TRIGGER speakers_changed AFTER UPDATE OF role, pseudonym ON speakers
            WHEN old.role IS NOT new.role OR old.pseudonym IS NOT new.pseudonym
            BEGIN INSERT INTO speaker_history SELECT d.sha256, old.label, old.role,
                  old.pseudonym, {_NOW} FROM documents d WHERE d.id = old.document_id; END""",
    )),
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
            BEGIN UPDATE codings SET changed = {_NOW} WHERE id = CAST(new.target_id AS INTEGER);
            END""",
        f"""CREATE TRIGGER coding_memo_changed AFTER UPDATE OF text ON memos
            WHEN new.target_kind = 'coding' AND old.text IS NOT new.text
            BEGIN UPDATE codings SET changed = {_NOW} WHERE id = CAST(new.target_id AS INTEGER);
            END""",
        f"""CREATE TRIGGER coding_memo_removed AFTER DELETE ON memos
            WHEN old.target_kind = 'coding'
            BEGIN UPDATE codings SET changed = {_NOW} WHERE id = CAST(old.target_id AS INTEGER);
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
             {_UNCOUNT_OLD}
           END""",
        f"""CREATE TRIGGER codings_recounted AFTER UPDATE OF document_id, code_id, coder_id,
             start, "end" ON codings
           WHEN (old.document_id, old.code_id, old.coder_id, old.start, old."end")
             IS NOT (new.document_id, new.code_id, new.coder_id, new.start, new."end")
           BEGIN
             {_UNCOUNT_OLD}
             {_COUNT_NEW}
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
    # codings made again, unique by codings_document: statements derived from these (migrate)
    ("0066_codings_unique_by_place", ()),
]

KNOWN = [name for name, _ in STEPS]
