"""The `deduce` detector (Dutch de-identification: names, institutions, places, dates...).

deduce builds its lookup structures on first use (about 2 minutes and 1 GB) and pickles
them under ``cache_path``; later loads take seconds. We point that cache at ours
(``$CASEBOOK_CACHE/deduce``, else ``~/.cache/casebook/deduce``) and load it lazily, once
per process.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from casebook.errors import CasebookError
from casebook.privacy.rules import Candidate

# deduce's annotation tags -> our categories.
TAGS = {
    "persoon": "persoon", "patient": "persoon", "locatie": "locatie",
    "instelling": "instelling", "ziekenhuis": "instelling", "datum": "datum",
    "leeftijd": "leeftijd", "telefoonnummer": "telefoon", "emailadres": "email",
    "url": "url", "bsn": "bsn", "id": "id", "patientnummer": "id",
}

# Words deduce takes for names when they open a sentence in speech ("Mooi. Dank je.").
NOT_NAMES = {"mooi", "goed", "prima", "oké", "oke", "ja", "nee", "precies", "klopt", "top",
             "fijn", "super", "zeker", "echt", "nou", "tja", "hoi", "dag", "doei", "welkom"}

_lock = threading.Lock()
_deduce = None


def cache_dir() -> Path:
    root = os.environ.get("CASEBOOK_CACHE")
    if root:
        return Path(root).expanduser() / "deduce"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "casebook" / "deduce"


def is_cached(path: Path | None = None) -> bool:
    return ((path or cache_dir()) / "cache" / "lookup_structs.pickle").is_file()


def load_message() -> str:
    path = cache_dir()
    if is_cached(path):
        return "Loading deduce (a few seconds)"
    return ("Building deduce's lookup structures: first use only, about 2 minutes and 1 GB"
            f" (cached in {path})")


def loaded() -> bool:
    return _deduce is not None


def _import_deduce() -> Any:
    """Import deduce without letting it reconfigure logging (it calls basicConfig(DEBUG)
    on stdout at import, which would pollute our --json output)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from deduce import Deduce
    except ImportError:
        raise CasebookError("the deduce package is not installed (pip install deduce),"
                            " or use --rules-only", field="deduce") from None
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    return Deduce


def load(status: Callable[[str], None] | None = None) -> Any:
    """The process-wide Deduce instance, loading it on first call."""
    global _deduce
    with _lock:
        if _deduce is None:
            path = cache_dir()
            if status:
                status(load_message())
            Deduce = _import_deduce()
            path.mkdir(parents=True, exist_ok=True)
            quiet = logging.getLogger().level
            logging.getLogger().setLevel(max(quiet, logging.WARNING))
            # Millions of small objects: the cyclic GC would scan them again and again
            # while unpickling and at exit (measured: 4 s instead of 20 s per command).
            # Not while building the cache: that makes garbage (2.0 GB instead of 1.2 GB).
            collecting = gc.isenabled()
            if is_cached(path):
                gc.disable()
            try:
                _deduce = Deduce(cache_path=path)
            finally:
                logging.getLogger().setLevel(quiet)
                if collecting:
                    gc.enable()
            gc.freeze()
        return _deduce


def detect(text: str, status: Callable[[str], None] | None = None) -> Iterator[Candidate]:
    doc = load(status).deidentify(text)
    for ann in doc.annotations:
        category = TAGS.get(ann.tag.lower(), ann.tag.lower())
        if ann.end_char <= ann.start_char:
            continue
        if category == "persoon" and ann.text.strip(" .,!?").casefold() in NOT_NAMES:
            continue
        yield Candidate(ann.start_char, ann.end_char, category, "deduce")
