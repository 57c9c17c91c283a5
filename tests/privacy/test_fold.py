"""fold, made fast, folds every text as the plain patterns it replaces do."""

from __future__ import annotations

import html
import random
import re
import sys
import unicodedata
import urllib.parse

from casebook.privacy.unseen import UNSEEN
from casebook.privacy.variants import fold, folds

SEPARATOR = r"[\s_\-\u2010-\u2015\u00a0|]"
SPACE = re.compile(rf"{SEPARATOR}+")
TAG = re.compile(r"<[^<>\n]{0,1000}>")
DROP = re.compile(f"[{UNSEEN}*~`^]")  # tests/privacy/test_unseen.py checks the table


ESCAPES = re.compile(r"(?:%[0-9a-fA-F]{2})+")


def unescaped(escapes: str) -> str:
    """URL escapes that are UTF-8, decoded (others as they are)."""
    try:
        return urllib.parse.unquote(escapes, errors="strict")
    except UnicodeDecodeError:
        return escapes


def reference(text: str, *, tags: bool = True) -> str:
    """fold as it was written first: each step one pattern over the whole text."""
    text = html.unescape(text)
    text = ESCAPES.sub(lambda m: unescaped(m.group()), text)
    if tags:
        text = TAG.sub("", text)
    text = DROP.sub("", unicodedata.normalize("NFKD", text))
    text = text.replace("\u00df", "ss").replace("\u1e9e", "SS")
    return SPACE.sub(" ", text)


CHARS = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
PARTS = ["a", "Sa", "mira", "É", "e\u0301", "\u0301", "\u0327", "ß", "ẞ", "ﬁ", "½", "Ⅻ", "ı",
         "İ", " ", " ", "  ", "\n", "\n  ", "\t", "\r\n", "-", "_", "|", "\u00a0", "\u2013",
         "\u2002", "\u3000", "\x1c", "\x85", "\u2028", "*", "~", "`", "^", "\u00ad", "\u200b",
         "\u200e", "\x01",
         "\ufeff", "<b>", "</b>", "<", ">", "&amp;", "&lt;b&gt;", "&#10;", "&eacute;", "&",
         "&#x301;", "%C3%BC", "%53", "%c4%b1", "%C3", "%", "%2", "%25", "%3Cb%3E",
         "ｶ", "\uff0a", "\uff1c", "Ａ", ".", "'", '"', "=", "1", "23"]


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PARTS) for _ in range(rng.randrange(0, 30)))
            for _ in range(count)]


def test_fold_is_the_plain_patterns_on_every_character_alone_and_between_others() -> None:
    """Every character in a few surroundings (a block of characters at a time: one folded
    text each, so a difference anywhere shows)."""
    for around in ("a{}b", " {} ", "\n{}\u0301", "x{}{}-", "<{}>"):
        for at in range(0, len(CHARS), 4096):
            text = "".join(around.format(c, c) for c in CHARS[at:at + 4096])
            assert fold(text) == reference(text), (around, at)
            if "<" in around:  # the one step tags=False leaves out
                assert fold(text, tags=False) == reference(text, tags=False), (around, at)


def test_fold_is_the_plain_patterns_on_random_texts_with_markup_and_marks() -> None:
    for text in _texts(5, 40_000):
        assert fold(text) == reference(text), repr(text)
        assert fold(text, tags=False) == reference(text, tags=False), repr(text)


def test_folds_gives_the_untagged_fold_first_and_the_tagged_one_only_where_it_differs() -> None:
    for text in _texts(6, 5000):
        tagged, untagged = reference(text), reference(text, tags=False)
        assert folds(text) == (tagged,)
        found = folds(text, markup=True)
        assert found == (tagged, untagged) or (found == (tagged,) and tagged == untagged)
    assert folds("Sa<b>mira</b>", markup=True) == ("Samira", "Sa<b>mira</b>")
    assert folds("Sa &amp; mira", markup=True) == ("Sa & mira",)
    assert folds("a &lt;b&gt;", markup=True) == ("a ", "a <b>")
