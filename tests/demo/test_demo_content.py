"""The bundled demo content, read straight from the raw files (no Casebook code): every
transcript is UTF-8 in the format it claims, and every scripted coding in
`casebook/demo/codings.yaml` is anchored by a quote that lies inside one speaker's turn."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

DEMO = Path(__file__).resolve().parents[2] / "casebook" / "demo"
TRANSCRIPTS = DEMO / "transcripts"
IGM_IDS = {
    "willen", "willen.houding", "willen.sociale-invloed", "willen.eigen-kunnen",
    "kunnen", "kunnen.kennis-vaardigheden", "kunnen.barrieres", "kunnen.lastige-situaties",
    "doen", "doen.intentie", "doen.gedrag",
}
VTT_TIME = re.compile(r"^\d{2}:\d{2}:\d{2}\.\d{3} --> \d{2}:\d{2}:\d{2}\.\d{3}$")
SRT_TIME = re.compile(r"^\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}$")
OTTER_HEAD = re.compile(r"^(?P<name>[A-Z][\w ]+?)  \d{1,2}:\d{2}:\d{2}$")
VOICE = re.compile(r"^<v (?P<name>[^>]+)>(?P<text>.*)</v>$")
COLON = re.compile(r"^(?P<name>[IR]): (?P<text>.*)$")


def raw(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # strict: a stray cp1252 byte fails here


def turns_txt(text: str) -> list[str]:
    """I:/R: turns; an unlabelled line continues the turn above (the header line before
    the first label is no turn)."""
    turns: list[list[str]] = []
    for line in text.splitlines():
        match = COLON.match(line)
        if match:
            turns.append([match["text"]])
        elif line.strip() and turns:
            turns[-1].append(line)
    return ["\n".join(t) for t in turns]


def blocks(text: str) -> list[list[str]]:
    return [b.splitlines() for b in re.split(r"\n\s*\n", text.strip())]


def turns_vtt(text: str) -> list[str]:
    """Teams cues, consecutive cues of one speaker joined with one space."""
    turns: list[tuple[str, str]] = []
    for block in blocks(text)[1:]:
        match = VOICE.match(block[-1])
        assert match and VTT_TIME.match(block[-2]), block
        if turns and turns[-1][0] == match["name"]:
            turns[-1] = (match["name"], turns[-1][1] + " " + match["text"])
        else:
            turns.append((match["name"], match["text"]))
    return [t for _, t in turns]


def turns_otter(text: str) -> list[str]:
    turns: list[list[str]] = []
    for line in text.splitlines():
        if OTTER_HEAD.match(line):
            turns.append([])
        elif line.strip() and turns:
            turns[-1].append(line)
    return ["\n".join(t) for t in turns]


def turns_srt(text: str) -> list[str]:
    cues = []
    for number, block in enumerate(blocks(text), 1):
        assert block[0] == str(number) and SRT_TIME.match(block[1]), block
        cues.append(" ".join(block[2:]))
    return cues


def turns_of(path: Path) -> list[str]:
    text = raw(path)
    if path.suffix == ".txt":
        return turns_otter(text) if path.stem.startswith("leertafel") else turns_txt(text)
    return {".vtt": turns_vtt, ".srt": turns_srt}[path.suffix](text)


def codings() -> list[dict]:
    return yaml.safe_load((DEMO / "codings.yaml").read_text(encoding="utf-8"))


def paths() -> dict[str, Path]:
    return {p.stem: p for p in TRANSCRIPTS.iterdir() if p.is_file()}


def test_four_transcripts_in_their_formats():
    files = paths()
    assert set(files) == {"clientgesprek-samira", "klantmanager-interview",
                          "leertafel-focusgroep", "reflectiesessie-whisper"}
    samira = raw(files["clientgesprek-samira"]).splitlines()
    labels = Counter(line[:2] for line in samira if COLON.match(line))
    assert labels["I:"] >= 20 and labels["R:"] >= 20
    assert not COLON.match(samira[0])  # a header line first
    assert any(line and not COLON.match(line) for line in samira[1:])  # continued answers

    vtt = raw(files["klantmanager-interview"])
    assert vtt.startswith("WEBVTT\n")
    voices = Counter(m["name"] for b in blocks(vtt)[1:] if (m := VOICE.match(b[-1])))
    assert set(voices) == {"Karim Bouzid", "Ellen Jansen"}
    assert all(re.fullmatch(r"[0-9a-f-]{36}/\d+-0", b[0]) for b in blocks(vtt)[1:])

    otter = raw(files["leertafel-focusgroep"]).splitlines()
    heads = [m["name"] for line in otter if (m := OTTER_HEAD.match(line))]
    assert set(heads) == {"Marieke de Vries", "Rob Verhoeven", "Ellen Jansen", "Petra Smit",
                          "Hans Kok"}
    for i, line in enumerate(otter):  # header, then text, then a blank line
        if OTTER_HEAD.match(line):
            assert otter[i + 1].strip() and not OTTER_HEAD.match(otter[i + 1])
            assert i == 0 or otter[i - 1] == ""

    srt = raw(files["reflectiesessie-whisper"])
    cues = turns_srt(srt)
    assert len(cues) >= 30 and "-->" not in " ".join(cues)
    assert sum(1 for c in cues if not c.rstrip().endswith((".", "?", "!"))) >= 10  # mid-sentence


@pytest.mark.parametrize("stem,low,high", [
    ("clientgesprek-samira", 1600, 2200), ("klantmanager-interview", 1300, 1800),
    ("leertafel-focusgroep", 1600, 2300), ("reflectiesessie-whisper", 400, 650)])
def test_transcript_lengths_in_words(stem, low, high):
    words = sum(len(t.split()) for t in turns_of(paths()[stem]))
    assert low <= words <= high, words


def test_every_quote_lies_inside_one_turn_at_its_occurrence():
    files = paths()
    turns = {stem: turns_of(path) for stem, path in files.items()}
    for number, item in enumerate(codings(), 1):
        where = f"item {number} ({item['coder']}, {item['document']})"
        assert item["document"] in files, where
        quote, occurrence = item["quote"], int(item.get("occurrence", 1))
        assert quote == quote.strip() and quote, where
        in_turns = [t.count(quote) for t in turns[item["document"]]]
        assert sum(in_turns) >= occurrence, f"{where}: {quote!r} found {sum(in_turns)}x"
        # labels, timestamps and cue ids must not hide extra appearances from the count
        assert raw(files[item["document"]]).count(quote) <= sum(in_turns), where


def test_two_coders_with_enough_codings_on_igm_codes():
    items = codings()
    assert {i["coder"] for i in items} == {"anna", "bram"}
    per_coder = Counter(i["coder"] for i in items)
    assert per_coder["anna"] >= 30 and per_coder["bram"] >= 30
    assert {i["code"] for i in items} <= IGM_IDS
    assert {i["document"] for i in items} == set(paths())
    assert set(Counter((i["coder"], i["document"], i["code"], i["quote"]) for i in items)
               .values()) == {1}  # nobody codes the same quote twice with one code


def test_agreement_is_realistic():
    """Mostly the same fragment and code, but also other extents, other codes, and
    fragments only one coder took."""
    items = codings()
    anna = {(i["document"], i["code"], i["quote"]) for i in items if i["coder"] == "anna"}
    bram = {(i["document"], i["code"], i["quote"]) for i in items if i["coder"] == "bram"}
    same = anna & bram
    assert 0.5 <= len(same) / len(anna) <= 0.75 and 0.5 <= len(same) / len(bram) <= 0.75

    def overlapping(a, b):  # same document, one quote inside the other
        return a[0] == b[0] and (a[2] in b[2] or b[2] in a[2])

    extent = [a for a in anna - same for b in bram - same if overlapping(a, b) and a[1] == b[1]]
    other = [a for a in anna - same for b in bram if overlapping(a, b) and a[1] != b[1]]
    alone = [a for a in anna ^ bram if not any(overlapping(a, b) for b in (anna | bram) - {a})]
    assert len(extent) >= 3 and len(other) >= 3 and len(alone) >= 4
    assert sum(1 for i in items if i.get("memo")) >= 4


PLANTED = {  # fictional personal data the pseudonymisation step must find
    "clientgesprek-samira": ["Samira el Amrani", "14 februari 1986", "Vondelstraat 14",
                             "3514 BK Utrecht", "271849368", "06-48213976",
                             "samira.elamrani86@gmail.com", "e.jansen@utrecht-werkt.nl",
                             "basisschool De Regenboog", "Zorggroep De Linde", "Anouk Visser"],
    "klantmanager-interview": ["Kees van Dijk", "3 juni 1968", "Kanaalweg 87"],
    "leertafel-focusgroep": ["Fatma Yıldız", "h.kok@blinkend-schoonmaak.nl", "06-51384720"],
    "reflectiesessie-whisper": ["Dennis Hoekstra", "3 november 1979", "315204783",
                                "06-23918457", "Amsterdamsestraatweg 310"],
}


@pytest.mark.parametrize("stem", sorted(PLANTED))
def test_planted_personal_data(stem):
    text = raw(paths()[stem])
    for value in PLANTED[stem]:
        assert value in text, value
    for bsn in re.findall(r"(?<!\d)\d{9}(?!\d)", text):  # every BSN passes the 11-proef
        weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
        assert sum(int(d) * w for d, w in zip(bsn, weights)) % 11 == 0, bsn
