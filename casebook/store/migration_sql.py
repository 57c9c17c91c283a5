"""Pieces of SQL that several migrations (:mod:`casebook.store.migrations`) are made of."""

from __future__ import annotations

CODINGS = """CREATE TABLE {name} (
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
CODINGS_INDEXES = (
    "CREATE INDEX codings_document ON codings (document_id, start)",
    "CREATE INDEX codings_code ON codings (code_id)",
)

NOW = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"  # as base.now() writes it
OLD_CODING = ('d.sha256, old.code_id, old.coder_id, old.start, old."end", old.created,'
               f" old.changed, {NOW} FROM documents d WHERE d.id = old.document_id")
NEW_CODING = ('code_id = new.code_id AND coder_id = new.coder_id AND start = new.start AND'
               ' "end" = new."end" AND document_sha256 ='
               " (SELECT sha256 FROM documents WHERE id = new.document_id)")
OLD_CODE = f"old.id, old.name, old.parent, old.description, {NOW}"
COUNT_NEW = """INSERT INTO coding_counts (document_id, code_id, coder_id, n)
               VALUES (new.document_id, new.code_id, new.coder_id, 1)
               ON CONFLICT DO UPDATE SET n = n + 1;
             DELETE FROM document_coverage WHERE document_id = new.document_id;"""
OLD_KEY = "document_id = old.document_id AND code_id = old.code_id AND coder_id = old.coder_id"
UNCOUNT_OLD = f"""DELETE FROM coding_counts WHERE {OLD_KEY} AND n = 1;
             UPDATE coding_counts SET n = n - 1 WHERE {OLD_KEY};
             DELETE FROM document_coverage WHERE document_id = old.document_id;"""
