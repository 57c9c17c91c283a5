"""The coding session without a UI: moves snap to units, actions are transactions, undo."""

from __future__ import annotations

import pytest

from casebook.project import Project
from casebook.coding.session import CodingSession


@pytest.fixture
def session(tui_project):
    s = CodingSession(tui_project.store, "tester")
    s.open(tui_project.store.document("interview-1").id)
    return s


def sel(session):
    return session.text[slice(*session.selection)]


def test_opens_on_first_sentence_and_moves_by_sentence_and_turn(session):
    assert sel(session) == "Hoe gaat het met het zoeken naar werk?"
    session.next_sentence()
    assert sel(session) == "Vertel eens."
    session.next_sentence()
    assert sel(session) == "Ik wil graag werken."
    session.prev_sentence()
    assert sel(session) == "Vertel eens."
    session.next_turn()
    assert sel(session).startswith("Ik wil graag werken. Maar")
    session.next_turn()
    assert sel(session) == "Wat heb je nodig om weer aan de slag te gaan?"
    session.prev_turn()
    assert sel(session).endswith("dat helpt wel.")


def test_words_grow_shrink_and_extend(session):
    session.next_word()  # from a sentence: its first word
    assert sel(session) == "Hoe"
    session.next_word()
    assert sel(session) == "gaat"
    session.next_word()
    session.prev_word()
    assert sel(session) == "gaat"
    session.grow_word()
    session.grow_word()
    assert sel(session) == "gaat het met"
    session.shrink_word()
    assert sel(session) == "gaat het"
    session.extend_sentence()
    assert sel(session) == "Hoe gaat het met het zoeken naar werk?"
    session.extend_turn()
    assert sel(session) == "Hoe gaat het met het zoeken naar werk? Vertel eens."


def test_caret_inside_a_sentence(session):
    start = session.text.index("graag")
    session.select(start, start)
    assert session.target_span() == (session.text.index("Ik wil"),
                                     session.text.index("werken.") + len("werken."))
    session.next_sentence()
    assert sel(session) == "Ik wil graag werken."


def test_apply_remove_memo_undo_redo_are_stored(session, tui_project):
    store = tui_project.store
    session.next_sentence()
    change = session.apply("kunnen")
    assert change and (change.start, change.end) == session.selection
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


def test_committed_work_survives_a_new_session(session, tui_project):
    session.apply("willen")
    fresh = Project.find(tui_project.root)
    try:
        assert [c.code_id for c in fresh.store.codings()] == ["willen"]
    finally:
        fresh.close()


def test_search_filter_and_retrieval(session, tui_project):
    hits = session.search("KLANTMANAGER")
    assert len(hits) == 1 and session.text[slice(*hits[0])] == "klantmanager"
    session.next_hit()
    assert sel(session) == "klantmanager"
    session.set_filter(speaker="Client")
    visible = [session.turns[i].speaker for i in session.visible_turns()]
    assert visible == ["Client", "Client"]
    session.next_turn()
    assert sel(session).startswith("Een café")
    session.set_filter()
    session.select(0, 0)
    session.next_sentence()
    session.apply("doen")
    session.set_filter(code="doen")
    assert session.visible_turns() == [0]
    [fragment] = session.retrieve("doen")
    assert fragment.text == "Hoe gaat het met het zoeken naar werk?"
    assert fragment.document == "interview-1"


def test_codings_here_and_coded_chars(session):
    session.apply("willen")
    session.extend_turn()
    session.apply("kunnen")
    session.select(0, 0)
    session.next_sentence()
    assert [c.code_id for c in session.codings_here()] == ["willen", "kunnen"]
    assert session.coded_chars() == len("Hoe gaat het met het zoeken naar werk? Vertel eens.")
