"""The real deduce, loaded with our cache path (slow: ~2 minutes and 1 GB the first time,
seconds once its lookup structures are cached in $CASEBOOK_CACHE/deduce)."""

from __future__ import annotations

import logging
import time

import pytest

from casebook.privacy import deduce_detector


@pytest.mark.slow
def test_deduce_finds_a_person_name_with_our_cache(capsys):
    pytest.importorskip("deduce")
    before = (list(logging.getLogger().handlers), logging.getLogger().level)
    messages = []
    started = time.monotonic()
    text = ("Mevrouw Fatima Yilmaz heeft sinds 12 maart 2024 een afspraak bij het"
            " Werkplein in Utrecht. Mooi. Dank je wel.")
    found = list(deduce_detector.detect(text, messages.append))
    elapsed = time.monotonic() - started
    cats = {(c.category, text[c.start:c.end]) for c in found}
    assert any(cat == "persoon" and "Yilmaz" in surface for cat, surface in cats), cats
    assert ("datum", "12 maart 2024") in cats
    assert not any(surface == "Mooi" for _cat, surface in cats)  # deduce's, filtered
    assert deduce_detector.is_cached()  # the lookup structures went into our cache
    assert messages and "deduce" in messages[0]
    # deduce's import-time logging.basicConfig(DEBUG, stdout) was undone
    assert (list(logging.getLogger().handlers), logging.getLogger().level) == before
    assert "DEBUG" not in capsys.readouterr().out
    print(f"deduce load + detect: {elapsed:.1f} s")


def test_the_lists_are_found_where_importlib_finds_deduce(monkeypatch) -> None:
    """lookup's own search for deduce (without importlib.util) gives importlib.util's spec,
    a finder's before the path finder's too, and none for a package that is not there."""
    import importlib.util
    import sys

    from casebook.privacy import lookup

    expected = importlib.util.find_spec("deduce")
    assert expected is not None
    assert lookup._find_spec("deduce").origin == expected.origin
    assert lookup._find_spec("no_such_package_here") is None

    class Finder:
        @staticmethod
        def find_spec(name, path=None, target=None):
            return importlib.util.spec_from_loader(name, loader=None) if name == "deduce" \
                else None

    monkeypatch.setattr(sys, "meta_path", [Finder, *sys.meta_path])
    monkeypatch.delitem(sys.modules, "deduce", raising=False)
    assert importlib.util.find_spec("deduce").origin is None  # the first finder's
    assert lookup._find_spec("deduce").origin is None  # as importlib's
