-- A casebook.db as Casebook 0.1 made it (schema version 6, before coding ids were
-- AUTOINCREMENT): the SQL of its migrations 0001..0040 as that code ran them, dumped
-- with sqlite3's iterdump, plus a little data. tests/foundation/test_migrations.py opens it.
PRAGMA user_version = 6;
CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL);
INSERT INTO "_migrations" VALUES('0001_documents','2025-01-01T00:00:00+00:00');
INSERT INTO "_migrations" VALUES('0002_codings','2025-01-01T00:00:00+00:00');
INSERT INTO "_migrations" VALUES('0003_document_length','2025-01-01T00:00:00+00:00');
INSERT INTO "_migrations" VALUES('0010_code_guids','2025-01-01T00:00:00+00:00');
INSERT INTO "_migrations" VALUES('0030_adjudication','2025-01-01T00:00:00+00:00');
INSERT INTO "_migrations" VALUES('0040_privacy','2025-01-01T00:00:00+00:00');
CREATE TABLE adjudications (
            key TEXT PRIMARY KEY,
            coder_a TEXT NOT NULL,
            coder_b TEXT NOT NULL,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            code_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            take TEXT NOT NULL CHECK (take IN ('a', 'b', 'both', 'neither', 'agreed')),
            coding_ids TEXT NOT NULL DEFAULT '[]',
            decided TEXT NOT NULL);
CREATE TABLE code_guids (
            guid TEXT PRIMARY KEY,
            code_id TEXT NOT NULL);
CREATE TABLE codebook (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE coders (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);
CREATE TABLE codes (
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
            retired INTEGER NOT NULL DEFAULT 0);
CREATE TABLE codings (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            code_id TEXT NOT NULL REFERENCES codes(id) ON UPDATE CASCADE,
            coder_id TEXT NOT NULL REFERENCES coders(id) ON UPDATE CASCADE,
            created TEXT NOT NULL,
            memo TEXT,
            CHECK (start >= 0 AND "end" > start),
            UNIQUE (document_id, code_id, coder_id, start, "end"));
CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL DEFAULT 'other',
            date TEXT,
            format TEXT NOT NULL,
            source TEXT,
            sha256 TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}',
            imported_at TEXT NOT NULL, length INTEGER);
CREATE TABLE memos (
            id INTEGER PRIMARY KEY,
            target_kind TEXT NOT NULL CHECK (target_kind IN ('project', 'document', 'code', 'coding')),
            target_id TEXT NOT NULL,
            text TEXT NOT NULL,
            coder_id TEXT REFERENCES coders(id),
            created TEXT NOT NULL);
CREATE TABLE privacy_documents (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            scanned_sha256 TEXT NOT NULL,
            scanned_at TEXT NOT NULL,
            detectors TEXT NOT NULL,
            reviewed_sha256 TEXT,
            reviewed_at TEXT);
CREATE TABLE privacy_findings (
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
            UNIQUE (document_id, start, "end"));
CREATE TABLE privacy_mapping (
            category TEXT NOT NULL,
            key TEXT NOT NULL,
            replacement TEXT NOT NULL,
            created TEXT NOT NULL,
            PRIMARY KEY (category, key));
CREATE TABLE sentences (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            PRIMARY KEY (document_id, idx)) WITHOUT ROWID;
CREATE TABLE speakers (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            role TEXT,
            pseudonym TEXT,
            PRIMARY KEY (document_id, label));
CREATE TABLE turns (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            speaker TEXT,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            time_start REAL,
            time_end REAL,
            PRIMARY KEY (document_id, idx)) WITHOUT ROWID;
CREATE TRIGGER documents_text_immutable BEFORE UPDATE OF text, sha256 ON documents
           BEGIN SELECT RAISE(ABORT, 'document text is immutable'); END;
CREATE INDEX codings_document ON codings (document_id, start);
CREATE INDEX codings_code ON codings (code_id);
CREATE INDEX memos_target ON memos (target_kind, target_id);
CREATE INDEX code_guids_code ON code_guids (code_id);
CREATE INDEX privacy_findings_key ON privacy_findings (category, key);
-- data: codings 3 and 4 were removed before the upgrade; coding 9 (a consensus coding named
-- by an adjudication) was removed too, so it is the highest id ever given out.
INSERT INTO documents VALUES(1,'interview-anna','interview',NULL,'text',NULL,'7384607156e1c1c0aafc0df5c2fc3b91f7f8b71f1c0385bdcd5e89a90a831740','I: Wat wil je?

R: Ik wil werken. Maar het lukt niet.','{}','2025-01-01T00:00:00+00:00',53);
INSERT INTO speakers VALUES(1,'I','interviewer',NULL);
INSERT INTO speakers VALUES(1,'R','client',NULL);
INSERT INTO turns VALUES(1,0,'I',3,14,NULL,NULL);
INSERT INTO turns VALUES(1,1,'R',19,53,NULL,NULL);
INSERT INTO sentences VALUES(1,0,3,14);
INSERT INTO sentences VALUES(1,1,19,33);
INSERT INTO sentences VALUES(1,2,34,53);
INSERT INTO coders VALUES('9f1c7c6e-0000-5000-8000-000000000001','anna');
INSERT INTO coders VALUES('9f1c7c6e-0000-5000-8000-000000000002','consensus');
INSERT INTO codebook VALUES('name','IGM');
INSERT INTO codes VALUES('willen','Willen',NULL,'Motivation','','','','[]','#1f77b4','1',0,0);
INSERT INTO codes VALUES('kunnen','Kunnen',NULL,NULL,'','','','[]','#ff7f0e','2',1,0);
INSERT INTO codings VALUES(1,1,19,33,'willen','9f1c7c6e-0000-5000-8000-000000000001','2025-01-02T10:00:00+00:00','wil werken');
INSERT INTO codings VALUES(2,1,34,53,'kunnen','9f1c7c6e-0000-5000-8000-000000000001','2025-01-02T10:01:00+00:00',NULL);
INSERT INTO codings VALUES(5,1,19,33,'willen','9f1c7c6e-0000-5000-8000-000000000002','2025-01-03T09:00:00+00:00',NULL);
INSERT INTO memos VALUES(1,'coding','1','eerste memo','9f1c7c6e-0000-5000-8000-000000000001','2025-01-02T10:02:00+00:00');
INSERT INTO adjudications VALUES('1:willen:19-33','anna','bram',1,'willen','only_a','a','[5, 9]','2025-01-03T09:00:00+00:00');
