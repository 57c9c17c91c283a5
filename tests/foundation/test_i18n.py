"""The one message catalogue: complete in both languages, every key looked up exists, every
key is used, plurals and the time format."""

import ast
import string
from pathlib import Path

import pytest

from casebook.i18n import CATALOGUE, LANGUAGES, clock, tr

PACKAGE = Path(__file__).resolve().parents[2] / "casebook"
LOOKUPS = {"tr", "say"}  # casebook.i18n.tr, the export writer's self.tr, the CLI's say


def _trees():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _lookups():
    """(file:line, key) of every tr/say call whose key is written out."""
    for path, tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            key = node.args[0]
            if name in LOOKUPS and isinstance(key, ast.Constant) and isinstance(key.value, str):
                yield f"{path.relative_to(PACKAGE)}:{node.lineno}", key.value


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _forms(entry) -> list[str]:
    return list(entry) if isinstance(entry, tuple) else [entry]


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_entry_has_both_languages_with_the_same_fields(key):
    entry = CATALOGUE[key]
    assert len(entry) == len(LANGUAGES) == 2
    nl, en = entry
    assert isinstance(nl, tuple) == isinstance(en, tuple), "plural in one language only"
    forms = _forms(nl) + _forms(en)
    assert all(isinstance(f, str) and f.strip() for f in forms)
    if isinstance(nl, tuple):
        assert len(nl) == len(en) == 2 and all("{n}" in f for f in forms)
    assert len({frozenset(_fields(f)) for f in forms}) == 1, forms


def test_every_key_written_in_the_code_is_in_the_catalogue():
    found = list(_lookups())
    assert len(found) > 100  # the scan sees the TUI, reports, export, adjudication, CLI
    assert [(where, key) for where, key in found if key not in CATALOGUE] == []


def test_every_key_in_a_table_is_in_the_catalogue():
    from casebook.codebook.qdc import _PARAGRAPHS
    from casebook.coders.adjudicate import KINDS, TAKES, WORDS, describe
    from casebook.reports import GROUPS
    from casebook.tui import keys, registry
    from casebook.tui.screens import adjudicate, reports

    tables = [*keys.TRANSCRIPT_KEYS, *keys.APP_KEYS, *adjudicate.KEYS, *reports.KEYS]
    named = [row[2] for row in tables] + list(WORDS.values()) + list(_PARAGRAPHS.values())
    named += [entry.label_key for entry in registry.SCREENS.values()] + list(GROUPS)
    assert [key for key in named if key not in CATALOGUE] == []
    for value in (*KINDS, *TAKES, "agreed"):
        assert describe(value, "nl") and describe(value, "en")


def test_every_key_in_the_catalogue_is_used():
    used = {node.value for path, tree in _trees() if "i18n" not in path.parts
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    assert sorted(set(CATALOGUE) - used) == []


def test_no_key_is_in_two_parts_of_the_catalogue():
    from casebook.i18n import PARTS

    keys = [key for part in PARTS for key in part.WORDS]
    assert sorted({k for k in keys if keys.count(k) > 1}) == []


def test_plural_forms_follow_the_count():
    assert tr("hits", "nl", n=1, q="werk") == "1 treffer voor “werk”"
    assert tr("hits", "nl", n=2, q="werk") == "2 treffers voor “werk”"
    assert tr("hits", "en", n=1, q="work") == "1 hit for “work”"
    assert tr("hits", "en", n=0, q="work") == "0 hits for “work”"
    assert tr("n_codings", "en", n=1) == "1 coding"
    assert tr("n_memos", "nl", n=3) == "3 memo's"


def test_language_and_values():
    assert tr("reports", "en") == "Reports" and tr("reports", "nl") == "Rapporten"
    assert tr("reports", "de") == "Rapporten"  # anything but en: Dutch, the default
    assert tr("adj_title", "en", a="anna", b="bram") == "Differences between anna (A) and bram (B)"
    with pytest.raises(KeyError):
        tr("no such key", "nl")


@pytest.mark.parametrize("seconds,shown", [
    (None, ""), (0, "00:00"), (5.9, "00:05"), (65, "01:05"), (3599, "59:59"),
    (3600, "1:00:00"), (3723.4, "1:02:03"), (36000, "10:00:00"),
])
def test_clock(seconds, shown):
    assert clock(seconds) == shown
