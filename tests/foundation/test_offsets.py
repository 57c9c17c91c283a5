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
