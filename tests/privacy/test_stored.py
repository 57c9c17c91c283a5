"""The gate's views kept in the store (privacy_views, casebook.privacy.stored): a kept view is
read back only for the same inputs, so after any change a gate shows what a gate that keeps
nothing shows; a view that names someone is never kept, and a document no longer reviewed is
refused whatever was kept of it."""

from __future__ import annotations

import pytest

from casebook.errors import CasebookError
from casebook.model import PrivacyFinding
from casebook.offsets import sha256
from casebook.privacy import digest, stored
from casebook.privacy.guard import Gate, View
from tests.privacy.test_everyday import TEXT, add

OTHER = "I: En verder?\n\nSamira: Kerem belt morgen, zegt Roos.\n"


def seen(view: View) -> tuple[object, ...]:
    return (view.name, view.text, view.replacements, view.kept, view.attributes,
            view.speakers, view.leaks, view.plain, view.raw, view.status)


def views(store) -> dict[int, tuple[object, ...]]:
    gate = Gate.for_project(store)
    return {d: seen(gate.view(d)) for d in store.document_ids()}


def made(store, monkeypatch) -> dict[int, tuple[object, ...]]:
    """The views as a gate that keeps and reads nothing makes them."""
    with monkeypatch.context() as m:
        m.setattr(stored, "inputs", lambda *args: None)
        return views(store)


def kept(store) -> dict[int, str]:
    return dict(store.db.execute("SELECT document_id, inputs FROM privacy_views"))


def assert_alike(store, monkeypatch) -> dict[int, str]:
    """Views read or made now are the views made afresh; what is kept after it."""
    assert views(store) == made(store, monkeypatch)
    assert views(store) == made(store, monkeypatch)  # the second time from what was kept
    return kept(store)


@pytest.fixture
def two(store):
    first = add(store, TEXT, "een")
    second = add(store, OTHER, "twee")
    return store, first, second


def test_a_view_is_kept_and_read_back_without_searching_again(two, monkeypatch):
    store, first, second = two
    fresh = made(store, monkeypatch)
    assert kept(store) == {}
    assert views(store) == fresh and set(kept(store)) == {first, second}

    def no_search(*args: object) -> None:
        raise AssertionError("a kept view is searched again")

    monkeypatch.setattr(Gate, "_replacements", no_search)
    monkeypatch.setattr(Gate, "_view_leaks", no_search)
    assert views(store) == fresh
    # what is read is the kept row: a pseudonym planted in it is shown
    store.db.execute("UPDATE privacy_views SET replacements ="
                     " replace(replacements, 'Persoon 2', 'Geplant') WHERE document_id = ?",
                     [first])
    assert "Geplant" in views(store)[first][1]


def test_each_input_changed_in_turn_gives_the_view_made_afresh(two, monkeypatch):
    store, first, second = two
    before = assert_alike(store, monkeypatch)

    def changed(*documents: int) -> None:
        nonlocal before
        now = assert_alike(store, monkeypatch)
        assert {d for d in now if now[d] != before.get(d)} >= set(documents), (now, before)
        before = now

    roos = next(f for f in store.privacy_findings(first) if f.text == "Roos")
    store.decide_privacy_finding(roos.id, "rejected")  # a decision: "Roos" kept
    changed(first, second)
    assert views(store)[first][3]  # the span review kept
    store.decide_privacy_finding(roos.id, "edited", "Persoon 8")  # a replacement
    changed(first)
    assert "Persoon 8" in views(store)[first][1]
    store.db.execute("UPDATE speakers SET pseudonym = 'Persoon 5' WHERE document_id = ?"
                     " AND label = 'Samira'", [first])  # a speaker's pseudonym
    changed(first)
    # a new original in the other document: "Kerem" replaced in this one too
    store.add_privacy_finding(PrivacyFinding(None, second, OTHER.index("Kerem"),
                                             OTHER.index("Kerem") + 5, "persoon", "Kerem",
                                             "kerem", "Persoon 6", "accepted"))
    store.set_privacy_reviewed(second, sha256(OTHER))
    changed(first, second)
    # an everyday word: a third text with "best" in lower case
    add(store, "I: Hoe ging het?\n\nSamira: Het ging best goed.\n", "drie")
    changed(first, second)
    store.set_privacy_display_name(first, "gesprek-1")  # the display name
    changed(first)
    assert views(store)[first][0] == "gesprek-1"
    store.db.execute("UPDATE documents SET attributes = ? WHERE id = ?",
                     ['{"over": "Samira en Kerem"}', second])  # the attributes
    changed(second)
    shown = views(store)[second][4]
    assert list(shown) == ["over"] and "Samira" not in shown["over"] \
        and shown["over"].endswith(" en Persoon 6")
    store.db.execute("UPDATE documents SET name = 'twee-samira' WHERE id = ?", [second])
    changed(second)  # the name (shown without "samira")
    assert "samira" not in str(views(store)[second][0])


def test_other_code_does_not_read_what_this_code_kept(two, monkeypatch):
    store, first, _second = two
    views(store)
    store.db.execute("UPDATE privacy_views SET replacements ="
                     " replace(replacements, 'Persoon 2', 'Geplant')")
    assert "Geplant" in views(store)[first][1]
    assert stored.code is digest.code  # what stored digests the code with
    monkeypatch.setattr(stored, "code", lambda *modules: "other code")
    assert "Geplant" not in views(store)[first][1]


def test_a_new_text_drops_the_kept_view(two, monkeypatch):
    store, first, _second = two
    views(store)
    new = TEXT.replace("Samira", "Persoon 1")
    store.purge_document(first, text=new, sha256=sha256(new), name="een", attributes={},
                         source=None, turns=[], sentences=[], speakers=[])
    assert first not in kept(store)


def test_a_view_that_names_someone_is_refused_and_never_kept(two, monkeypatch):
    store, first, second = two
    # the other document's speaker is shown as a name review accepted to replace
    store.db.execute("UPDATE speakers SET pseudonym = 'Roos' WHERE document_id = ?"
                     " AND label = 'I'", [second])
    for _ in range(2):
        gate = Gate.for_project(store)
        with pytest.raises(CasebookError, match="Roos"):
            gate.shown(second)
        assert second not in kept(store)
    assert views(store) == made(store, monkeypatch)


def test_a_document_no_longer_reviewed_is_refused_whatever_was_kept(two):
    store, first, _second = two
    views(store)
    assert first in kept(store)
    store.add_privacy_finding(PrivacyFinding(None, first, 0, 1, "persoon", "I", "i",
                                             "Persoon 9", "proposed"))
    with pytest.raises(CasebookError, match="not pseudonymised"):
        Gate.for_project(store).shown(first)
    assert Gate.for_project(store).view(first).text == TEXT  # raw, the stored text


def test_a_text_changed_behind_its_sha256_is_searched_again(two, monkeypatch):
    """A database whose text was changed without its sha256 and without the triggers that
    drop kept rows (by hand, or by other code) never has the kept view read for it: the name
    now in it is replaced, as a gate that keeps nothing replaces it."""
    store, first, second = two
    views(store)
    assert set(kept(store)) == {first, second}
    text = store.document(first).text
    for trigger in ("documents_text_immutable", "documents_reworded"):
        store.db.execute(f"DROP TRIGGER {trigger}")
    store.db.execute("UPDATE documents SET text = ? WHERE id = ?",
                     [text.replace("Wie is er", "Samira is"), first])  # as long as before
    assert set(kept(store)) == {first, second}
    assert store.document(first).sha256 == sha256(text)  # the column still says the old text
    shown = Gate.for_project(store).shown(first).text
    assert "Samira" not in shown and " is bij het gesprek" in shown
    assert views(store) == made(store, monkeypatch)


def test_what_the_forms_are_made_of_changed_gives_the_view_made_afresh(two, monkeypatch):
    """The views are kept under what the gate's forms are made of, not the forms: deduce's
    common words, the rules the everyday words are kept under, a text whose words are not
    kept, and the code that makes the forms each change the digest (and the view shown is
    the one made afresh)."""
    from casebook.privacy import everyday, lookup

    store, first, second = two
    before = assert_alike(store, monkeypatch)
    sources = lookup.common_sources()
    assert sources and all(content for _path, content in sources)
    # deduce's list of common words, one word more
    monkeypatch.setattr(lookup, "common_sources",
                        lambda: [(p, c + b"\nsamira") for p, c in sources])
    now = assert_alike(store, monkeypatch)
    assert set(now) == {first, second} and all(now[d] != before[d] for d in now)
    monkeypatch.undo()
    assert assert_alike(store, monkeypatch) == before  # as it was: as it was kept
    # other rules for the everyday words
    rules = everyday.rules()
    monkeypatch.setattr(everyday, "rules", lambda: f"other {rules}")
    now = assert_alike(store, monkeypatch)
    assert all(now[d] != before[d] for d in now)
    monkeypatch.undo()
    # a text whose words are not kept (they are read, and kept again)
    store.db.execute("DELETE FROM privacy_words")
    assert assert_alike(store, monkeypatch) == before
    # the code that makes the forms and the everyday words is the views' code
    assert {"casebook.privacy.variants", "casebook.privacy.everyday",
            "casebook.privacy.lookup", "casebook.privacy.labels",
            "casebook.privacy.exact", "casebook.privacy.spelled"} <= set(stored.MODULES)


def test_a_gate_whose_views_are_all_kept_never_makes_its_forms(two, monkeypatch):
    store, first, second = two
    views(store)
    gate = Gate.for_project(store)
    for document_id in (first, second):
        gate.shown(document_id)
    assert gate._forms is None and gate._exact_made is None
    assert gate._words is not None and gate._words._words is None  # nor read the words
    assert views(store) == made(store, monkeypatch)
    assert gate.names_nothing(["een", "twee", "memo 1"])  # a text checked: the full search
    assert gate._forms is not None and gate._words._words is not None


def test_the_everyday_identity_is_the_same_only_for_the_same_words(two):
    """Made of what the words are made of where every text's words are kept; of the words
    themselves where one is not (a read-only store); alike for alike."""
    from casebook.privacy.everyday import Everyday

    store, _first, _second = two
    Everyday(store).words()  # kept
    kept = Everyday(store).identity()
    assert Everyday(store).identity() == kept
    add(store, "I: Hoe ging het?\n\nSamira: Het ging best goed.\n", "drie")
    assert Everyday(store).identity() != kept


def test_words_read_after_the_identity_changed_keep_no_view(two, monkeypatch):
    """The identity of the everyday words is read before the words (which only a gate that
    searches reads): if another process added a text in between, the words are not what the
    identity said, and no view made from them is kept under it."""
    store, first, second = two
    views(store)  # every text's words kept: the identity is read without the words
    store.db.execute("DELETE FROM privacy_views")
    gate = Gate.for_project(store)
    assert gate._words is not None
    gate._words.identity()
    assert gate._words._words is None
    add(store, "I: Hoe ging het?\n\nSamira: Het ging best goed.\n", "drie")  # "best"
    gate.view(first)  # made: its forms read the words now
    assert gate._words.moved and first not in kept(store)
    assert views(store) == made(store, monkeypatch)
