"""Word lists shipped by packages, read as plain files without importing the package.

deduce ships Dutch lookup lists (first names, surnames, streets from the BAG, places,
healthcare institutions, common words); importing deduce itself takes seconds and a gigabyte
of lookup structures, so the files are read directly from its package folder. Faker ships
Dutch first names by gender and surnames (:func:`person_names`). Every list is read once per
process.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from casebook.errors import CasebookError


@cache
def _deduce_lists() -> Path:
    spec = importlib.util.find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        raise CasebookError("the deduce package is not installed (pip install deduce)",
                            field="deduce")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "lookup" / "src"


@cache
def deduce_list(name: str) -> frozenset[str]:
    """The items of one of deduce's lists, e.g. ``"locations/lst_street"`` (its
    ``items.txt``, less its ``exceptions.txt``), or a file under it
    (``"locations/lst_street/streets_bag.txt"``)."""
    folder = _deduce_lists() / name
    files = [folder] if folder.suffix == ".txt" else sorted(folder.rglob("items.txt"))
    items: set[str] = set()
    for path in files:
        items.update(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    if folder.suffix != ".txt":
        for path in folder.rglob("exceptions.txt"):
            items.difference_update(
                line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    items.discard("")
    return frozenset(items)


@cache
def common_words() -> frozenset[str]:
    """Everyday Dutch words (deduce's whitelist: common and stop words), lower case."""
    return frozenset(w.casefold() for w in deduce_list("whitelist/lst_common_word")
                     | deduce_list("whitelist/lst_stop_word"))


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
