"""The gate's verdicts kept in the store (privacy_checked, casebook.privacy.stored.checked): a
listing whose texts a gate found clean before is shown without searching them again, and only
for the same texts and the same search; after any change the listing is what a gate that
keeps nothing shows (or refuses as it refuses)."""

from __future__ import annotations

import pytest

from casebook.coding.query import listing
from casebook.errors import CasebookError
from casebook.model import Code, Codebook, Coding, PrivacyFinding
from casebook.privacy import stored
from casebook.privacy.guard import Gate
from casebook.store import Store
from tests.privacy.test_everyday import TEXT, add, without


def listed(store: Store) -> list[tuple]:
    return listing(store, Gate.for_project(store))


def fresh(store: Store, monkeypatch) -> list[tuple]:
    """The listing as a gate that keeps and reads no verdict shows it."""
    with monkeypatch.context() as m:
        m.setattr(stored, "checked", lambda *args: None)
        return listed(store)


def kept(store: Store) -> list[str]:
    return [row[0] for row in store.db.execute("SELECT inputs FROM privacy_checked ORDER BY id")]


@pytest.fixture
def coded(store):
    return store, *code(store)


def code(store: Store) -> tuple[int, list[int]]:
    """A reviewed document with two codings, the first with a memo that names nobody."""
    doc = add(store, TEXT, "een")
    store.set_codebook(Codebook("boek", [Code("c", "Code")]))
    coder = store.coder("anna").id
    ids = [store.add_coding(Coding(doc, TEXT.index("Wie"), TEXT.index("?"), "c", coder,
                                   memo="vraagt wie er is")),
           store.add_coding(Coding(doc, TEXT.index("woont"), TEXT.index(" Mail"), "c", coder))]
    return doc, ids


def test_a_clean_listing_is_kept_and_shown_again_without_searching(coded, monkeypatch):
    store, _doc, _ids = coded
    first = fresh(store, monkeypatch)
    assert kept(store) == []
    assert listed(store) == first and len(kept(store)) == 1

    def no_search(*args: object) -> None:
        raise AssertionError("a kept verdict is searched again")

    monkeypatch.setattr(Gate, "names_nothing", no_search)
    monkeypatch.setattr(Gate, "pseudonymise", no_search)
    gate = Gate.for_project(store)
    assert listing(store, gate) == first
    assert gate._forms is None and gate._words is not None and gate._words._words is None


def test_a_memo_that_names_someone_now_is_refused(coded, monkeypatch):
    store, _doc, ids = coded
    listed(store)
    store.db.execute("UPDATE memos SET text = 'vraagt of Róós er is' WHERE target_id = ?",
                     [str(ids[0])])
    with pytest.raises(CasebookError, match="names 'Roos'") as refused:
        listed(store)
    assert refused.value.field == f"memo on coding {ids[0]}"


def test_a_memo_pseudonymised_is_shown_pseudonymised_and_kept_no_verdict(coded, monkeypatch):
    store, _doc, ids = coded
    store.db.execute("UPDATE memos SET text = 'Roos en Best' WHERE target_id = ?", [str(ids[0])])
    first = fresh(store, monkeypatch)
    assert first[0][9] == "Persoon 2 en Persoon 3"
    assert listed(store) == first == listed(store)
    assert kept(store) == []


def test_what_the_gate_searches_for_changed_gives_the_listing_made_afresh(coded, monkeypatch):
    """A memo names a word that only later becomes an original review accepted: the verdict
    kept before does not hold for the gate after, which pseudonymises it."""
    store, doc, ids = coded
    store.db.execute("UPDATE memos SET text = 'vraagt naar Kerem' WHERE target_id = ?",
                     [str(ids[0])])
    assert listed(store)[0][9] == "vraagt naar Kerem" and len(kept(store)) == 1
    store.add_privacy_finding(PrivacyFinding(None, doc, 0, 1, "persoon", "Kerem", "kerem",
                                             "Persoon 9", "accepted"))
    assert listed(store) == fresh(store, monkeypatch)
    assert listed(store)[0][9] == "vraagt naar Persoon 9" and len(kept(store)) == 1


def test_each_listed_value_is_in_the_verdict(coded, monkeypatch):
    store, doc, ids = coded
    listed(store)
    before = kept(store)
    for change in ("UPDATE memos SET text = 'anders'",  # a memo
                   "UPDATE coders SET name = 'bram'",  # a coder's name
                   "UPDATE codings SET created = '2020-01-01T00:00:00'"):  # a timestamp
        store.db.execute(change)
        assert listed(store) == fresh(store, monkeypatch)
        assert kept(store)[-1] not in before
        before = kept(store)
    store.set_privacy_display_name(doc, "gesprek-x")  # a document's shown name
    assert listed(store)[0][1] == "gesprek-x" and kept(store)[-1] not in before


def test_other_code_does_not_read_what_this_code_kept(coded, monkeypatch):
    store, _doc, _ids = coded
    listed(store)
    monkeypatch.setattr(stored, "code", lambda *modules: "other code")
    calls = []
    real = Gate.names_nothing
    monkeypatch.setattr(Gate, "names_nothing", lambda *a: calls.append(1) or real(*a))
    listed(store)
    assert calls and len(kept(store)) == 2


def test_words_read_after_the_identity_changed_keep_no_verdict(coded):
    store, _doc, _ids = coded
    store.db.execute("UPDATE memos SET text = 'zegt het best'")  # the search reads the words
    listed(store)  # (each text's words kept: the next identity is read without them)
    store.db.execute("DELETE FROM privacy_checked")
    gate = Gate.for_project(store)
    assert gate._words is not None
    gate._words.identity()
    add(store, "I: Hoe ging het?\n\nSamira: Het ging best goed.\n", "drie")
    assert gate.unchanged({"zegt het best"}, set())
    assert gate._words.moved and kept(store) == []


def test_the_newest_hundred_are_kept(store):
    for n in range(130):
        assert store.store_privacy_checked(f"v{n}")
    assert store.store_privacy_checked("v129")  # again: kept once
    rows = [r[0] for r in store.db.execute("SELECT inputs FROM privacy_checked ORDER BY id")]
    assert rows == [f"v{n}" for n in range(30, 130)]
    assert store.privacy_checked("v129") and not store.privacy_checked("v29")


def test_a_database_without_the_table_opened_read_only_is_listed(tmp_path, monkeypatch):
    path = tmp_path / "casebook.db"
    store = Store(path)
    code(store)
    first = fresh(store, monkeypatch)
    store.close()
    old = without(path, ("privacy_checked",), "0067_privacy_checked")
    assert listed(old) == first == listed(old)
    old.close()


def test_a_raw_gate_keeps_nothing(coded):
    store, _doc, _ids = coded
    gate = Gate.for_project(store, raw=True)
    assert gate.unchanged({"Roos"}, {"Best"}) and kept(store) == []
