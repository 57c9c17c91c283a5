"""Word lists shipped by packages, read as plain files without importing the package.

deduce ships Dutch lookup lists (first names, surnames, streets from the BAG, places,
healthcare institutions, common words); importing deduce itself takes seconds and a gigabyte
of lookup structures, so the files are read directly from its package folder. Faker ships
Dutch first names by gender and surnames (:func:`person_names`). Every list is read once per
process. Files are found with os, not pathlib: the gate reads the common words at the start
of every output, and pathlib is a few milliseconds to import.
"""

from __future__ import annotations

import os
import sys
from functools import cache

from casebook.errors import CasebookError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec


def _find_spec(name: str) -> ModuleSpec | None:
    """``importlib.util.find_spec(name)`` for a top-level package not loaded yet: the spec
    of the first finder of ``sys.meta_path`` that finds it, as importlib asks them (without
    importing importlib.util, for this alone, at every output the gate guards)."""
    if name in sys.modules or "." in name:
        import importlib.util

        return importlib.util.find_spec(name)
    for finder in sys.meta_path:
        find = getattr(finder, "find_spec", None)
        spec: ModuleSpec | None = find(name, None, None) if find is not None else None
        if spec is not None:
            return spec
    return None


@cache
def _deduce_lists() -> str:
    spec = _find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        raise CasebookError("the deduce package is not installed (pip install deduce)",
                            field="deduce")
    return os.path.join(next(iter(spec.submodule_search_locations)), "data", "lookup", "src")


def _found(folder: str, name: str) -> list[str]:
    """Every file called ``name`` in ``folder`` and the folders under it (Path.rglob)."""
    return sorted(os.path.join(where, name) for where, _dirs, files in os.walk(folder)
                  if name in files)


def _lines(path: str) -> list[str]:
    with open(path, encoding="utf-8") as file:
        return file.read().splitlines()


@cache
def deduce_list(name: str) -> frozenset[str]:
    """The items of one of deduce's lists, e.g. ``"locations/lst_street"`` (its
    ``items.txt``, less its ``exceptions.txt``), or a file under it
    (``"locations/lst_street/streets_bag.txt"``)."""
    folder = os.path.join(_deduce_lists(), *name.split("/"))
    one = os.path.splitext(folder)[1] == ".txt"
    files = [folder] if one else _found(folder, "items.txt")
    items: set[str] = set()
    for path in files:
        items.update(line.strip() for line in _lines(path))
    if not one:
        for path in _found(folder, "exceptions.txt"):
            items.difference_update(line.strip() for line in _lines(path))
    items.discard("")
    return frozenset(items)


_COMMON = ("whitelist/lst_common_word", "whitelist/lst_stop_word")


@cache
def common_words() -> frozenset[str]:
    """Everyday Dutch words (deduce's whitelist: common and stop words), lower case."""
    return frozenset(w.casefold() for w in deduce_list(_COMMON[0]) | deduce_list(_COMMON[1]))


def common_sources() -> list[tuple[str, bytes]]:
    """Every file :func:`common_words` is read from, with its content (what the gate's kept
    views are made of: :meth:`casebook.privacy.everyday.Everyday.identity`)."""
    sources = []
    for name in _COMMON:
        folder = os.path.join(_deduce_lists(), *name.split("/"))
        for path in sorted(os.path.join(where, file) for where, _dirs, files in os.walk(folder)
                           for file in files if file in ("items.txt", "exceptions.txt")):
            with open(path, "rb") as source:
                sources.append((path, source.read()))
    return sources


@cache
def person_names() -> dict[str, tuple[str, ...]]:
    """Dutch first names by gender ("f", "m") and surnames ("surname"), from Faker's nl_NL
    person provider, in the provider's order."""
    try:
        from faker.providers.person.nl_NL import Provider
    except ImportError:
        raise CasebookError("the Faker package is not installed (pip install Faker)",
                            field="pseudonyms") from None
    return {"f": tuple(dict.fromkeys(Provider.first_names_female)),
            "m": tuple(dict.fromkeys(Provider.first_names_male)),
            "surname": tuple(dict.fromkeys(Provider.last_names))}


# Debian's hunspell-nl (OpenTaal's word list): where it puts the dictionary
DICTIONARIES = ("/usr/share/hunspell/nl_NL.dic", "/usr/share/hunspell/nl.dic",
                "/usr/share/myspell/dicts/nl_NL.dic", "/usr/share/myspell/nl_NL.dic")


@cache
def dutch_words() -> frozenset[str] | None:
    """Dutch words in lower case: the stems of the hunspell-nl dictionary that it writes
    in lower case (its names it writes with a capital: "Samira/PN", but "kees", "dekker",
    "roos"), and deduce's common words; None where no dictionary is installed. Read when
    a scan first asks (about 0.2 s), never by the gate."""
    for path in DICTIONARIES:
        if os.path.isfile(path):
            break
    else:
        return None
    with open(path, encoding="utf-8", errors="replace") as file:
        file.readline()  # the number of entries
        words = {line.split("/", 1)[0].strip() for line in file}
    return frozenset({w for w in words if w[:1].islower()} | common_words())
