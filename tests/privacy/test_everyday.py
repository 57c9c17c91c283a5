"""The everyday words the gate reads from the store (privacy_words, migration 0065): whatever
changed, a gate is given what reading every text again gives, and so searches for the same
forms; the stored words are written without waiting and never on a read-only store, and a
document's removal or purge takes its row along."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from casebook.model import Document, PrivacyFinding, Speaker, Turn
from casebook.offsets import sha256
from casebook.privacy import digest, everyday
from casebook.privacy.guard import Gate
from casebook.privacy.lookup import common_words
from casebook.store import Store
from casebook.store.migrations import KNOWN

TEXT = ("I: Wie is er bij het gesprek?\n\nSamira: Ik, en mijn dochter Roos. Mijn broer Best "
        "woont in Best. Mail naar info@voorbeeld.nl, zie www.bloemen.nl.\n")


def add(store: Store, text: str, name: str) -> int:
    """A reviewed document with one accepted finding of each name in it ("Roos", "Best")
    and the speaker Samira with a pseudonym."""
    turns = [Turn(3, text.index("\n\n"), "I"), Turn(text.index("Samira:") + 8, len(text),
                                                    "Samira")]
    doc = store.add_document(Document(name=name, text=text, sha256=sha256(text)), turns, [],
                             [Speaker("I"), Speaker("Samira", pseudonym="Persoon 1")])
    for word, pseudonym in (("Roos", "Persoon 2"), ("Best", "Persoon 3")):
        at = text.find(word)
        if at >= 0:
            store.add_privacy_finding(PrivacyFinding(None, doc, at, at + len(word), "persoon", word,
                                                     word.lower(), pseudonym, "accepted"))
    store.set_privacy_scanned(doc, sha256(text), "rules")
    store.set_privacy_reviewed(doc, sha256(text))
    return doc


def uncached(store: Store) -> set[str]:
    """The everyday words as the gate made them before they were stored: every text read."""
    words = set(common_words())
    for document_id in store.document_ids():
        words.update(everyday.text_words(store.document(document_id).text))
    return words


def stored(store: Store) -> dict[str, str]:
    return dict(store.db.execute("SELECT document_sha256, words FROM privacy_words"))


def assert_as_uncached(store: Store) -> Gate:
    """The gate made now searches for what a gate given the words of every text read again
    searches for, and shows every document alike."""
    gate = Gate.for_project(store)
    fresh = Gate(store, gate.originals, everyday=uncached(store),
                 findings=store.privacy_findings())
    assert (gate.forms.by_form, gate.forms.capital) == (fresh.forms.by_form, fresh.forms.capital)
    assert gate.forms.pattern is not None and fresh.forms.pattern is not None
    assert gate.forms.pattern.pattern == fresh.forms.pattern.pattern
    for document_id in store.document_ids():
        view, again = gate.view(document_id), fresh.view(document_id)
        assert (view.name, view.text, view.replacements, view.leaks) == \
            (again.name, again.text, again.replacements, again.leaks)
    return gate


def test_the_words_are_stored_per_text_and_read_back_alike(store):
    add(store, TEXT, "een")
    assert everyday.everyday_words(store) == uncached(store)
    rows = stored(store)
    assert list(rows) == [sha256(TEXT)]
    assert set(rows[sha256(TEXT)].split()) == everyday.text_words(TEXT)
    assert {"info", "bloemen", "nl"}.isdisjoint(rows[sha256(TEXT)].split())  # no addresses
    assert everyday.everyday_words(store) == uncached(store)  # now read from the row
    # the row is what is read: a word planted in it is an everyday word from then on
    store.db.execute("UPDATE privacy_words SET words = words || ' plantje'")
    assert "plantje" in everyday.everyday_words(store)
    assert "plantje" not in uncached(store)


def test_a_row_of_other_rules_is_not_used_and_goes_when_words_are_stored(store, monkeypatch):
    add(store, TEXT, "een")
    everyday.everyday_words(store)
    store.db.execute("UPDATE privacy_words SET words = 'plantje'")
    monkeypatch.setattr(everyday, "rules", lambda: "other rules")
    assert everyday.everyday_words(store) == uncached(store)
    assert list(store.db.execute("SELECT rules FROM privacy_words")) == [("other rules",)]


def test_the_rules_are_the_digest_of_the_code_that_makes_the_words():
    words = ("casebook.privacy.everyday", "casebook.privacy.variants", "casebook.privacy.unseen")
    assert everyday.rules() == digest.code(*words) and len(everyday.rules() or "") == 64
    assert digest.code(*words[:2]) != everyday.rules()
    assert digest.code(*words, "casebook.privacy.no_such_module") is None


def test_each_kind_of_change_gives_what_an_uncached_gate_gives(store):
    """A new text, a finding's decision, a speaker's pseudonym, a new original, an everyday
    word coming in with a new text and going with its document: after each, the gate is the
    one every text read again makes."""
    first = add(store, TEXT, "een")
    gate = assert_as_uncached(store)
    assert "roos" not in gate.forms.capital  # no text has "roos" in lower case
    # an everyday word comes in with a new text: "Roos" is then found only with its capital
    second = add(store, "I: Wat bloeit er?\n\nSamira: Een roos, en nog een roos.\n", "twee")
    gate = assert_as_uncached(store)
    assert "roos" in gate.forms.capital and len(stored(store)) == 2
    # a finding's decision
    finding = next(f for f in store.privacy_findings(first) if f.text == "Best")
    store.decide_privacy_finding(finding.id, "rejected")
    gate = assert_as_uncached(store)
    assert "best" not in gate.forms.by_form
    store.decide_privacy_finding(finding.id, "accepted")
    assert "best" in assert_as_uncached(store).forms.by_form
    # a speaker's pseudonym, and a new original
    store.db.execute("UPDATE speakers SET pseudonym = NULL WHERE label = 'Samira'")
    assert "samira" not in assert_as_uncached(store).forms.by_form
    store.add_privacy_finding(PrivacyFinding(None, first, 0, 1, "persoon", "Wie", "wie",
                                             "Persoon 9", "accepted"))
    assert "wie" in assert_as_uncached(store).forms.capital  # "wie": an everyday word
    # the document with the everyday word goes: so do its row and the word
    with store.transaction():
        store.db.execute("DELETE FROM documents WHERE id = ?", [second])
    assert len(stored(store)) == 1
    assert "roos" not in assert_as_uncached(store).forms.capital


def test_read_only_and_other_threads_store_nothing(tmp_path):
    path = tmp_path / "casebook.db"
    with_data = Store(path)
    add(with_data, TEXT, "een")
    with_data.close()
    read_only = Store.open(path, read_only=True)
    assert everyday.everyday_words(read_only) == uncached(read_only)
    read_only.close()
    writer = Store(path)
    assert stored(writer) == {}
    result: list[set[str]] = []
    worker = threading.Thread(target=lambda: result.append(everyday.everyday_words(writer)))
    worker.start()
    worker.join()
    assert result == [uncached(writer)] and stored(writer) == {}
    writer.close()


def test_a_write_lock_held_elsewhere_is_not_waited_for(tmp_path):
    path = tmp_path / "casebook.db"
    store = Store(path)
    add(store, TEXT, "een")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    assert everyday.everyday_words(store) == uncached(store)
    assert time.monotonic() - started < 1 and stored(store) == {}
    other.execute("ROLLBACK")
    other.close()
    everyday.everyday_words(store)
    assert list(stored(store)) == [sha256(TEXT)]
    store.close()


def test_inside_a_transaction_the_words_are_stored_in_it(store):
    add(store, TEXT, "een")
    with pytest.raises(RuntimeError):
        with store.transaction():
            everyday.everyday_words(store)
            assert list(stored(store)) == [sha256(TEXT)]
            raise RuntimeError
    assert stored(store) == {}


def test_a_text_that_changes_takes_its_row_along(store):
    """A purge is the one way a text changes: the trigger drops the row of the old text (its
    words are the original's); the new text gets its own when a gate reads it."""
    doc = add(store, TEXT, "een")
    everyday.everyday_words(store)
    new = TEXT.replace("Samira", "Persoon 1")
    store.purge_document(doc, text=new, sha256=sha256(new), name="een", attributes={},
                         source=None, turns=[], sentences=[], speakers=[])
    assert stored(store) == {}
    everyday.everyday_words(store)
    assert list(stored(store)) == [sha256(new)]


def without(path: Path, tables: tuple[str, ...], step: str) -> Store:
    """The closed database at ``path`` as the Casebook before migration ``step`` left it (its
    ``tables`` not there), opened read-only (so nothing migrates it)."""
    conn = sqlite3.connect(path)
    conn.executescript("".join(f"DROP TABLE {table};" for table in tables)
                       + f" PRAGMA user_version = {len(KNOWN) - 1};"
                       f" DELETE FROM _sqlite_migrations WHERE name = '{step}';")
    conn.close()
    return Store.open(path, read_only=True)


def test_a_database_without_the_table_opened_read_only_reads_the_texts(tmp_path):
    path = tmp_path / "casebook.db"
    store = Store(path)
    add(store, TEXT, "een")
    store.close()
    old = without(path, ("privacy_words", "privacy_views"), "0065_privacy_gate")
    assert everyday.everyday_words(old) == uncached(old)
    assert_as_uncached(old)  # its views are made, not read
    old.close()

