"""The coding session without a UI: moves snap to units, actions are transactions, undo."""

from __future__ import annotations

import pytest

from casebook.coding import query
from casebook.coding.session import CodingSession
from casebook.model import Coding, Memo
from casebook.project import Project


@pytest.fixture
def session(tui_project):
    s = CodingSession(tui_project.store, "tester")
    s.open(tui_project.store.document("interview-1").id)
    return s


def sel(session):
    return session.text[slice(*session.selection.span)]


def test_opens_on_first_sentence_and_moves_by_sentence_and_turn(session):
    assert sel(session) == "Hoe gaat het met het zoeken naar werk?"
    session.selection.next_sentence()
    assert sel(session) == "Vertel eens."
    session.selection.next_sentence()
    assert sel(session) == "Ik wil graag werken."
    session.selection.prev_sentence()
    assert sel(session) == "Vertel eens."
    session.selection.next_turn()
    assert sel(session).startswith("Ik wil graag werken. Maar")
    session.selection.next_turn()
    assert sel(session) == "Wat heb je nodig om weer aan de slag te gaan?"
    session.selection.prev_turn()
    assert sel(session).endswith("dat helpt wel.")


def test_words_grow_shrink_and_extend(session):
    session.selection.next_word()  # from a sentence: its first word
    assert sel(session) == "Hoe"
    session.selection.next_word()
    assert sel(session) == "gaat"
    session.selection.next_word()
    session.selection.prev_word()
    assert sel(session) == "gaat"
    session.selection.grow_word()
    session.selection.grow_word()
    assert sel(session) == "gaat het met"
    session.selection.shrink_word()
    assert sel(session) == "gaat het"
    session.selection.extend_sentence()
    assert sel(session) == "Hoe gaat het met het zoeken naar werk?"
    session.selection.extend_turn()
    assert sel(session) == "Hoe gaat het met het zoeken naar werk? Vertel eens."


def test_caret_inside_a_sentence(session):
    start = session.text.index("graag")
    session.selection.select(start, start)
    assert session.selection.target_span() == (session.text.index("Ik wil"),
                                               session.text.index("werken.") + len("werken."))
    session.selection.next_sentence()
    assert sel(session) == "Ik wil graag werken."


def test_apply_remove_memo_undo_redo_are_stored(session, tui_project):
    store = tui_project.store
    session.selection.next_sentence()
    change = session.apply("kunnen")
    assert change and (change.start, change.end) == session.selection.span
    [coding] = store.codings()
    assert (coding.code_id, coding.coder_name) == ("kunnen", "tester")
    assert session.apply("kunnen") is None  # the same coding twice is no action
    session.set_memo(coding.id, "eerste memo")
    assert store.get_coding(coding.id).memo == "eerste memo"
    session.remove(coding.id)
    assert store.codings() == []
    session.undo()  # the removal
    [back] = store.codings()
    assert back.memo == "eerste memo" and back.code_id == "kunnen"
    session.undo()  # the memo, on the re-created coding
    assert store.codings()[0].memo is None
    session.undo()  # the apply
    assert store.codings() == []
    assert session.undo() is None
    session.redo()
    session.redo()
    assert store.codings()[0].memo == "eerste memo"
    session.redo()
    assert store.codings() == []
    assert session.redo() is None
    assert session.recent == ["kunnen"]


def test_undo_spans_documents(session, tui_project):
    store = tui_project.store
    session.apply("willen")
    other = store.document("interview-2").id
    session.open(other)
    session.apply("doen")
    session.open(store.document("interview-1").id)
    change = session.undo()
    assert change.document_id == other
    assert [c.code_id for c in store.codings()] == ["willen"]
    session.undo()
    assert store.codings() == []


def test_undo_of_a_removal_restores_the_same_coding(session, tui_project):
    """The same id and created time: memos and adjudication decisions keep pointing at it."""
    store = tui_project.store
    start, end = session.selection.span
    store.add_coding(Coding(session.doc.id, start, end, "willen", session.coder.id,
                            created="2020-01-02T03:04:05+00:00", memo="oud"))
    session.open(session.doc.id)
    session.apply("kunnen")  # a later coding: a new id would now be above both
    [later, old] = store.codings()  # ordered by code at one span
    assert old.created == "2020-01-02T03:04:05+00:00" and later.id > old.id
    session.remove(old.id)
    session.undo()
    assert store.codings() == [later, old]
    assert old in session.codings_here()
    session.redo()
    assert store.codings() == [later]
    session.undo()
    session.undo()  # the apply of `later`, then its redo: `later` itself again
    session.redo()
    assert store.codings() == [later, old]


def test_undo_and_redo_across_documents_keep_ids(session, tui_project):
    store = tui_project.store
    first = store.document("interview-1").id
    session.apply("willen")
    session.open(store.document("interview-2").id)
    session.apply("doen")
    both = store.codings()
    [doen] = [c for c in both if c.code_id == "doen"]
    session.set_memo(doen.id, "zus")
    session.remove(doen.id)
    session.open(first)
    assert session.undo().document_id == doen.document_id  # the removal, elsewhere
    assert store.get_coding(doen.id).memo == "zus"
    for _ in range(3):  # the memo, the apply of doen, the apply of willen
        session.undo()
    assert store.codings() == [] and session.codings_here() == []
    session.redo()
    session.redo()  # the apply of doen: the same coding, id and created time
    assert store.codings() == both and [c.code_id for c in session.codings_here()] == ["willen"]
    session.redo()
    assert store.get_coding(doen.id).memo == "zus"
    session.redo()
    assert [c.code_id for c in store.codings()] == ["willen"]


def test_committed_work_survives_a_new_session(session, tui_project):
    session.apply("willen")
    fresh = Project.find(tui_project.root)
    try:
        assert [c.code_id for c in fresh.store.codings()] == ["willen"]
    finally:
        fresh.close()


def test_search_filter_and_retrieval(session, tui_project):
    hits = session.selection.search("KLANTMANAGER")
    assert len(hits) == 1 and session.text[slice(*hits[0])] == "klantmanager"
    session.selection.next_hit()
    assert sel(session) == "klantmanager"
    session.selection.set_filter(speaker="Client")
    visible = [session.turns[i].speaker for i in session.selection.visible_turns()]
    assert visible == ["Client", "Client"]
    session.selection.next_turn()
    assert sel(session).startswith("Een café")
    session.selection.set_filter()
    session.selection.select(0, 0)
    session.selection.next_sentence()
    session.apply("doen")
    session.selection.set_filter(code="doen")
    assert session.selection.visible_turns() == [0]
    [fragment] = query.fragments(tui_project.store, code_ids=["doen"])
    assert fragment.text == "Hoe gaat het met het zoeken naar werk?"
    assert fragment.document == "interview-1"


def test_codings_here_and_coded_chars(session):
    session.apply("willen")
    session.selection.extend_turn()
    session.apply("kunnen")
    session.selection.select(0, 0)
    session.selection.next_sentence()
    assert [c.code_id for c in session.codings_here()] == ["willen", "kunnen"]
    assert session.coded_chars() == len("Hoe gaat het met het zoeken naar werk? Vertel eens.")


def test_the_first_turns_read_alone_are_the_start_of_the_whole(tui_project):
    """A long transcript's first screen is read on its own (its text as a blob's first
    bytes, its sentences until the first past it): the same characters, emoji and accents
    included, and the same sentences and codings as the whole has there."""
    from casebook.coding.session import read
    from tests.tui.conftest import make_document

    store = tui_project.store
    said = [("Client", f"Beurt {n}: café 😅 naïef, e\u0301e\u0301n ding. Nog één zin.")
            for n in range(12)]
    doc = make_document(store, "met-emoji", turns=said)
    whole = read(store, doc)
    coded = [store.add_coding(Coding(document_id=doc, start=turn.start, end=turn.end,
                                     code_id="kunnen", coder_id=store.coder("tester").id))
             for turn in (whole.turns[1], whole.turns[8])]
    for coding_id in coded:  # another coder's memo on each (``casebook memo add``)
        store.add_memo(Memo("coding", str(coding_id), "zie ook", store.coder("bram").id))
    whole = read(store, doc)
    assert whole.noted == set(coded)
    for head in (1, 2, 5, 11):
        first = read(store, doc, head=head)
        end = first.turns[-1].end
        assert not first.complete and len(first.turns) == head
        assert first.text == whole.text[:end] and first.text.endswith("Nog één zin.")
        assert first.sentences == [s for s in whole.sentences if s[0] < end]
        assert [c.id for c in first.codings] == [c.id for c in whole.codings if c.end <= end]
        assert first.noted == {i for i in coded if i in {c.id for c in first.codings}}
    assert read(store, doc, head=12).complete  # no more turns than that: all of it
