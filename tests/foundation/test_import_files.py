"""Import of transcript files, as the bench measures it: each text hashed once, the cyclic
collector on again afterwards (also after a refused file), nothing stored on an error, and
what is stored the same as reading and segmenting each file on its own."""

from __future__ import annotations

import gc
import hashlib

import pytest

from casebook.errors import CasebookError
from casebook.ingest import import_files, read_file
from casebook.ingest.segment import sentences

ONE = "I: Hoe ging het?\nR: Goed. Nou ja, eerst niet.\nDaarna wel! Echt?\n"
TWO = "Ellen: Ik wil werken.\nKlantmanager: Dat is mooi. Wat heb je nodig?\n"


def files(tmp_path, *texts: str):
    paths = []
    for number, text in enumerate(texts):
        path = tmp_path / f"gesprek-{number}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_each_text_is_hashed_once(project, tmp_path, monkeypatch):
    hashed: list[bytes] = []
    real = hashlib.sha256

    def counting(data: bytes = b"", **kwargs):
        hashed.append(bytes(data))
        return real(data, **kwargs)

    monkeypatch.setattr(hashlib, "sha256", counting)
    results = import_files(project, files(tmp_path, ONE, TWO))
    assert [r.status for r in results] == ["imported", "imported"]
    texts = [project.store.document(r.document_id).text.encode() for r in results]
    assert sorted(hashed.count(text) for text in texts) == [1, 1]


def test_the_collector_is_on_again_after_an_import_and_after_a_refused_one(project, tmp_path):
    assert gc.isenabled()
    import_files(project, files(tmp_path, ONE))
    assert gc.isenabled()
    bad = tmp_path / "kapot.txt"
    bad.write_bytes(b"\x00\x01binary")
    with pytest.raises(CasebookError, match="binary"):
        import_files(project, [files(tmp_path, TWO)[0], bad])
    assert gc.isenabled()
    assert [d.name for d in project.store.documents()] == ["gesprek-0"]  # TWO not stored


def test_stored_turns_and_sentences_are_the_files_own(project, tmp_path):
    paths = files(tmp_path, ONE, TWO)
    import_files(project, paths)
    store = project.store
    for path, summary in zip(paths, sorted(store.documents(), key=lambda d: d.name)):
        transcript = read_file(path)
        expected = sentences(transcript.text, transcript.turns)
        assert store.document(summary.id).text == transcript.text
        assert [(s.start, s.end) for s in store.sentences(summary.id)] == \
            [(s.start, s.end) for s in expected]
        assert len(expected) >= 2
