"""Scan, review, apply over the store: consistency, status, replacements(), re-scans."""

from __future__ import annotations

import pytest

from casebook.errors import CasebookError
from casebook.model import Document, Speaker, Turn
from casebook.offsets import sha256
from casebook.privacy import deduce_detector, replacements, service, status
from casebook.privacy.rules import Candidate


def add_doc(store, name: str, turns: list[tuple[str, str]], roles: dict | None = None) -> int:
    """A speaker-colon document built like the importer builds one."""
    parts, spans, pos = [], [], 0
    for label, body in turns:
        head = f"{label}: "
        spans.append(Turn(pos + len(head), pos + len(head) + len(body), label))
        parts.append(head + body)
        pos += len(head) + len(body) + 2
    text = "\n\n".join(parts)
    labels = list(dict.fromkeys(label for label, _ in turns))
    speakers = [Speaker(label, role=(roles or {}).get(label)) for label in labels]
    return store.add_document(Document(name=name, text=text, sha256=sha256(text)), spans, [],
                              speakers)


def findings_of(store, doc_id):
    return {f.text: f for f in store.privacy_findings(doc_id)}


@pytest.fixture
def two_docs(store):
    a = add_doc(store, "interview-a", [
        ("Interviewer", "Hoe gaat het, Fatima?"),
        ("Fatima Yilmaz", "Goed. Bel me op 06-12345678 of mail f.yilmaz@example.nl."),
    ], roles={"Fatima Yilmaz": "client"})
    b = add_doc(store, "focus-b", [
        ("I", "Wie kent Fatima Yilmaz?"),
        ("R", "Ik. Fatima woont op de Kerkstraat 12. Ze belde gisteren met 06-12345678."),
    ])
    return a, b


def test_the_same_name_gets_the_same_replacement_in_every_document(store, two_docs):
    a, b = two_docs
    service.scan(store, use_deduce=False)
    fa, fb = store.privacy_findings(a), store.privacy_findings(b)
    people = {(f.document_id, f.text): f.replacement for f in fa + fb if f.category == "persoon"}
    # The speaker has a role, so the stand-in is role-based, and her first name alone and
    # her full name in another document map to it too.
    assert set(people.values()) == {"Cliënt 1"}
    assert (b, "Fatima Yilmaz") in people and (b, "Fatima") in people
    phones = [f.replacement for f in fa + fb if f.category == "telefoon"]
    assert phones == ["[telefoonnummer]", "[telefoonnummer]"]
    assert not any(f.text == "Interviewer" or f.text == "I" for f in fa + fb)


def test_numbered_stand_ins_and_first_names_linked(store):
    d = add_doc(store, "d", [("Jan de Vries",
                              "Ik werk met Piet Jansen. Piet en Jan zijn collega's.")])
    service.scan(store, use_deduce=False)
    got = {f.text: f.replacement for f in store.privacy_findings(d)}
    assert got["Jan de Vries"] == got["Jan"] == "Persoon 1"
    assert "Piet Jansen" not in got  # no speaker, no deduce: the rules do not know Piet


def test_status_transitions_none_scanned_reviewed(store, two_docs):
    a, b = two_docs
    assert status(store, a) == "none"
    service.scan(store, ["interview-a"], use_deduce=False)
    assert status(store, a) == "scanned" and status(store, b) == "none"
    with pytest.raises(CasebookError, match="not decided"):
        service.apply(store, ["interview-a"])
    service.decide(store, ref="interview-a", accept_all=True)
    assert status(store, a) == "scanned"  # decided, but not applied yet
    service.apply(store, ["interview-a"])
    assert status(store, a) == "reviewed"
    # a scan that brings a new proposal makes it "scanned" again
    store.delete_privacy_findings([f.id for f in store.privacy_findings(a)
                                   if f.category == "email"])
    service.scan(store, ["interview-a"], use_deduce=False)
    assert status(store, a) == "scanned"


def test_apply_sets_speaker_pseudonyms_only_for_names(store, two_docs):
    a, b = two_docs
    service.scan(store, use_deduce=False)
    service.decide(store, accept_all=True)
    results = service.apply(store)
    assert {r.document: r.pseudonyms for r in results} == {
        "interview-a": {"Fatima Yilmaz": "Cliënt 1"}, "focus-b": {}}
    assert {s.label: s.pseudonym for s in store.speakers(a)} == {
        "Interviewer": None, "Fatima Yilmaz": "Cliënt 1"}


def test_replacements_are_sorted_clipped_and_only_accepted(store, two_docs):
    a, _ = two_docs
    service.scan(store, use_deduce=False)
    text = store.document(a).text
    found = findings_of(store, a)
    phone, mail = found["06-12345678"], found["f.yilmaz@example.nl"]
    service.decide(store, accept=[str(mail.id), str(phone.id)],
                   reject=[str(found["Fatima"].id)])
    # a range that cuts the phone number in half and ends inside the e-mail address
    start, end = phone.start + 3, mail.start + 4
    got = replacements(store, a, start, end)
    assert got == [(start, phone.end, "[telefoonnummer]"), (mail.start, end, "[e-mail]")]
    assert replacements(store, a, 0, len(text))[0][0] == phone.start  # rejected "Fatima" absent
    assert replacements(store, a, 0, phone.start) == []  # end exclusive
    assert service.pseudonymise(text, replacements(store, a, 0, len(text))).count("[") == 2


def test_decisions_and_edits_survive_a_rescan(store, two_docs, monkeypatch):
    a, b = two_docs
    service.scan(store, use_deduce=False)
    found = findings_of(store, b)
    service.decide(store, reject=[str(found["Kerkstraat 12"].id)],
                   edits=[f"{found['Fatima Yilmaz'].id}=Selin"])
    ids_before = {f.id for f in store.privacy_findings()}

    def fake_detect(text, status=None):  # deduce stand-in: finds the street as a place
        i = text.find("Kerkstraat 12")
        if i >= 0:
            yield Candidate(i, i + len("Kerkstraat 12"), "locatie", "deduce")
        j = text.find("gisteren")
        if j >= 0:
            yield Candidate(j, j + len("gisteren"), "datum", "deduce")

    monkeypatch.setattr(deduce_detector, "load", lambda status=None: None)
    monkeypatch.setattr(deduce_detector, "detect", fake_detect)
    results = service.scan(store, use_deduce=True)
    after = findings_of(store, b)
    assert after["Kerkstraat 12"].decision == "rejected"
    assert after["Kerkstraat 12"].category == "adres"  # the decided finding stands
    assert after["Fatima Yilmaz"].decision == "edited"
    assert after["gisteren"].detector == "deduce" and after["gisteren"].decision == "proposed"
    assert ids_before <= {f.id for f in store.privacy_findings()}  # proposals kept their ids
    assert {r.document: r.new for r in results} == {"interview-a": 0, "focus-b": 1}


def test_an_edit_moves_every_form_of_that_person(store, two_docs):
    a, b = two_docs
    service.scan(store, use_deduce=False)
    full = findings_of(store, b)["Fatima Yilmaz"]
    counts = service.decide(store, edits=[f"{full.id}=Selin"])
    people = [f for f in store.privacy_findings() if f.category == "persoon"]
    assert {f.replacement for f in people} == {"Selin"}
    assert counts["edited"] == 1 and counts["followed"] == len(people) - 1
    assert store.privacy_mapping("persoon")[("persoon", "fatima")] == "Selin"


def test_a_bad_id_writes_nothing(store, two_docs):
    a, _ = two_docs
    service.scan(store, use_deduce=False)
    ids = [str(f.id) for f in store.privacy_findings(a)]
    with pytest.raises(CasebookError, match="no finding 999"):
        service.decide(store, accept=ids[:1], edits=[f"{ids[1]}=X", "999=Y"])
    assert {f.decision for f in store.privacy_findings()} == {"proposed"}
    with pytest.raises(CasebookError, match="ID=TEXT"):
        service.decide(store, edits=["nonsense"])
    with pytest.raises(CasebookError, match="not in this document"):
        service.decide(store, ref="focus-b", accept=ids[:1])


def test_a_failing_scan_writes_nothing(store, two_docs, monkeypatch):
    a, b = two_docs

    def broken(text, status=None):
        if "Kerkstraat" in text:
            raise RuntimeError("detector broke on the second document")
        return iter(())

    monkeypatch.setattr(deduce_detector, "load", lambda status=None: None)
    monkeypatch.setattr(deduce_detector, "detect", broken)
    with pytest.raises(RuntimeError):
        service.scan(store, use_deduce=True)
    assert store.privacy_findings() == [] and store.privacy_mapping() == {}
    assert status(store, a) == "none"


def test_mapper_links_name_parts_only_when_unambiguous(store):
    from casebook.privacy.mapping import Mapper, normalise

    m = Mapper(store)
    with store.transaction():
        assert m.replacement("persoon", "Jan de Vries") == "Persoon 1"
        assert m.replacement("persoon", "Vries") == "Persoon 1"
        assert m.replacement("persoon", " JAN  de vries. ") == "Persoon 1"  # same key
        assert m.replacement("persoon", "Jan Bakker") == "Persoon 2"
        assert m.replacement("persoon", "Jan") == "Persoon 3"  # which Jan? not guessed
        assert m.replacement("locatie", "Utrecht") == "Plaats 1"
        assert m.replacement("telefoon", "06-12345678") == "[telefoonnummer]"
    assert Mapper(store, "en").replacement("persoon", "Piet") == "Person 1"
    assert normalise("  Jan\nde   Vries, ") == "jan de vries"


def test_names_known_from_earlier_scans_are_found_in_new_documents(store):
    add_doc(store, "first", [("Jan", "Mijn buurman Kees Dekker helpt me."), ("Jan", "Ja.")])
    service.scan(store, use_deduce=False)
    later = add_doc(store, "later", [("I", "En Kees Dekker? En kees? En de dekker op het dak?")])
    service.scan(store, ["later"], use_deduce=False)
    got = [(f.text, f.replacement, f.detector) for f in store.privacy_findings(later)]
    assert got == [("Kees Dekker", "Persoon 2", "known")]


def test_a_pseudonym_set_by_hand_becomes_the_stand_in(store):
    d = add_doc(store, "d", [("Noor Visser", "Noor hier."), ("I", "Dag Noor.")])
    store.set_speaker(d, "Noor Visser", pseudonym="Amira")
    service.scan(store, use_deduce=False)
    assert {f.replacement for f in store.privacy_findings(d)} == {"Amira"}


def test_a_known_first_name_takes_a_new_surname_with_it(store):
    d = add_doc(store, "d", [("I", "Hoe heet je?"),
                             ("R", "Ik ben Samira. Samira el Amrani, voluit."
                                   " Samira Yilmaz? Nee. Samira Maar.")])
    service.scan(store, use_deduce=False)
    assert [f.text for f in store.privacy_findings(d)] == [
        "Samira", "Samira el Amrani", "Samira Yilmaz", "Samira"]
