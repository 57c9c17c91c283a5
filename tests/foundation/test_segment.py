"""Our segmentation must give exactly the boundaries of spaCy's Sentencizer component."""

from casebook.ingest import read_file
from casebook.ingest.segment import _paragraphs, pipeline, sentences
from casebook.model import Turn
from casebook.resources import shipped

TEXT = ("Ik heb gewerkt... Maar toen?! Nou ja (zegt ze): 'dat is het.' En verder — niks. "
        "Dr. Jansen belde om 10.30 uur. Ja! Echt waar?? Oké… 😅 Hij zei: “ga maar”. Klaar")


def spacy_sentences(text, turns):
    nlp = pipeline()
    found = []
    for start, end in _paragraphs(text, turns):
        for sent in nlp(text[start:end]).sents:
            s, e = start + sent.start_char, start + sent.end_char
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                found.append((s, e))
    return found


def test_boundaries_equal_spacys_sentencizer_on_tricky_text():
    turns = [Turn(0, len(TEXT))]
    ours = [(s.start, s.end) for s in sentences(TEXT, turns)]
    assert ours == spacy_sentences(TEXT, turns)
    assert len(ours) >= 6


def test_boundaries_equal_spacys_sentencizer_on_the_demo_transcripts():
    paths = sorted(shipped("demo/transcripts").glob("*.*"))
    assert paths, "the demo transcripts are missing"
    for path in paths:
        t = read_file(path)
        assert [(s.start, s.end) for s in sentences(t.text, t.turns)] == \
            spacy_sentences(t.text, t.turns), path.name


def test_sentences_never_cross_turns_or_paragraphs():
    text = "R: Eerste zin zonder punt\nTweede regel. Nog een\n\nI: Vraag"
    turns = [Turn(3, text.index("\n\n"), "R"), Turn(text.index("Vraag"), len(text), "I")]
    got = [text[s.start:s.end] for s in sentences(text, turns)]
    assert got == ["Eerste zin zonder punt", "Tweede regel.", "Nog een", "Vraag"]
