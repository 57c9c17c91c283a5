"""A small project to code in: two transcripts and a codebook with digit hotkeys; and the
same with a 5,000-turn transcript."""

from __future__ import annotations

import pytest

from casebook.model import Code, Codebook, Document, Sentence, Speaker, Turn
from casebook.offsets import sha256
from casebook.project import Project

CODEBOOK = Codebook(name="IGM (test)", codes=[
    Code(id="willen", name="Willen", name_en="Motivation", colour="#1f77b4", hotkey="1"),
    Code(id="willen.houding", name="Houding", name_en="Attitude", parent="willen",
         colour="#aec7e8", hotkey="2"),
    Code(id="kunnen", name="Kunnen", name_en="Ability", colour="#ff7f0e", hotkey="3"),
    Code(id="doen", name="Doen", name_en="Behaviour", colour="#2ca02c", hotkey="4"),
    Code(id="gm.doen-wat-werkt", name="Doen wat werkt", colour="#d62728"),
])

TURNS = [
    ("Interviewer", "Hoe gaat het met het zoeken naar werk? Vertel eens."),
    ("Client", "Ik wil graag werken. Maar het lukt niet met mijn rug 😅. "
               "Mijn klantmanager denkt mee, dat helpt wel."),
    ("Interviewer", "Wat heb je nodig om weer aan de slag te gaan?"),
    ("Client", "Een café in de buurt zoekt iemand. Ik heb daar een gesprek gehad en "
               "het ging goed, denk ik. Volgende week hoor ik meer."),
]


def make_document(store, name: str, turns=TURNS, with_times: bool = True) -> int:
    from casebook.ingest.segment import sentences

    text, spans = "", []
    for number, (speaker, said) in enumerate(turns):
        prefix = f"{speaker}: "
        start = len(text) + len(prefix)
        text += prefix + said
        spans.append(Turn(start, len(text), speaker,
                          time_start=float(number * 75) if with_times else None))
        text += "\n\n"
    text = text.rstrip("\n")
    speakers = [Speaker(label) for label in dict.fromkeys(s for s, _ in turns)]
    return store.add_document(Document(name=name, text=text, sha256=sha256(text),
                                       kind="interview"),
                              spans, sentences(text, spans), speakers)


@pytest.fixture
def tui_project(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEBOOK_CODER", "tester")
    project = Project.init(tmp_path / "proj", name="Test")
    project.store.set_codebook(CODEBOOK)
    make_document(project.store, "interview-1")
    make_document(project.store, "interview-2", turns=TURNS[:2] + [
        ("Client", "Soms weet ik het niet meer. Dan bel ik mijn zus.")])
    yield project
    project.close()


@pytest.fixture
def long_project(tui_project):
    """The small project and "lang": 5,000 turns of two sentences each; turn 4990 has
    the only "kantelpunt"."""
    parts, turns, sentences, offset = [], [], [], 0
    for number in range(5000):
        speaker = ("Interviewer", "Client")[number % 2]
        said = f"Dit is beurt {number}. Er wordt gewoon gepraat over werk en zorg."
        if number == 4990:
            said += " Het zeldzame woord is kantelpunt."
        start = offset + len(speaker) + 2
        turns.append(Turn(start, start + len(said), speaker))
        first = said.index(".") + 1
        sentences += [Sentence(start, start + first), Sentence(start + first + 1,
                                                               start + len(said))]
        parts.append(f"{speaker}: {said}\n")
        offset += len(parts[-1])
    text = "".join(parts)
    tui_project.store.add_document(Document(name="lang", text=text, sha256=sha256(text)),
                                   turns, sentences, [Speaker("Interviewer"), Speaker("Client")])
    return tui_project
