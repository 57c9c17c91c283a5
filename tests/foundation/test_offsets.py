import unicodedata

from casebook.offsets import OffsetMap, normalise, sha256, snap, trim


def test_normalise_composes_and_unifies_line_ends():
    decomposed = "Cafe\u0301\r\nline\rend\u2028x"
    assert normalise("\ufeff" + decomposed) == "Café\nline\nend\nx"
    assert unicodedata.is_normalized("NFC", normalise(decomposed))


def test_code_point_offsets_count_emoji_as_one():
    text = "ik 😅 ben"
    start = text.index("ben")
    assert start == 5  # 'i','k',' ','😅',' '
    assert text[start:start + 3] == "ben"


def test_utf16_and_utf8_round_trip_with_non_bmp():
    text = "a😅b𝄞c é"
    m = OffsetMap(text)
    assert m.to_utf16(len(text)) == len(text.encode("utf-16-le")) // 2
    assert m.to_utf8(len(text)) == len(text.encode("utf-8"))
    for i in range(len(text) + 1):
        assert m.from_utf16(m.to_utf16(i)) == i
        assert m.from_utf8(m.to_utf8(i)) == i
    # an offset in the middle of a surrogate pair rounds down to the emoji's start
    assert m.from_utf16(m.to_utf16(1) + 1) == 1


def test_snap_keeps_combining_marks_and_zwj_sequences_whole():
    text = "q\u0303x"  # q + combining tilde: no precomposed form, stays two code points
    assert normalise(text) == text
    assert snap(text, 1, 2) == (0, 2)
    family = "a👩\u200d👧b"
    start = family.index("👩")
    assert snap(family, start, start + 1) == (start, start + 3)


def test_trim():
    assert trim("  hoi  ", 0, 7) == (2, 5)


def test_sha256_is_of_utf8_text():
    import hashlib

    assert sha256("é") == hashlib.sha256("é".encode()).hexdigest()
    assert sha256("é") != sha256("e\u0301")


def test_spans_are_what_span_gives_each():
    """Edits.spans (a listing's batch) gives for every span what Edits.span gives: spans
    before, after, inside, across and at the edges of replacements, empty ones too."""
    import random

    from casebook.offsets import Edits

    rng = random.Random(24)
    compared = inside = 0
    for _ in range(300):
        text = "".join(rng.choice("ab ,.") for _ in range(rng.randrange(0, 60)))
        cuts = sorted(rng.sample(range(len(text) + 1), min(len(text) + 1, 2 * rng.randrange(4))))
        reps = [(s, e, rng.choice(["", "X", "YYYYYYY"])) for s, e in zip(cuts[::2], cuts[1::2])]
        edits = Edits(text, reps)
        pairs = [tuple(sorted(rng.choices(range(len(text) + 1), k=2))) for _ in range(30)]
        pairs += [(e, s) for s, e in pairs[:3]]  # an end before its start, as span takes it
        starts, ends = [s for s, _e in pairs], [e for _s, e in pairs]
        assert edits.spans(starts, ends) == [edits.span(s, e) for s, e in pairs], (text, reps)
        compared += len(pairs)
        inside += sum(any(s < p < e for s, e, _n in reps) for p in starts + ends)
    assert compared > 9000 and inside > 1000  # many ends fall inside a replacement
