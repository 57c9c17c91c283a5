"""The gate's views kept in the store (``privacy_views``, migration 0065), so that an output
need not search every document it shows again: a view costs its text's replacement and a
search of all of it (a millisecond or more per transcript, and the compiling of the gate's
patterns, at every output), and most outputs show the same documents as the last one.

A view is kept under :func:`inputs`, the digest of everything it is made from: the code
that makes it (:func:`casebook.privacy.digest.code` of the gate's modules, those that make
its forms and everyday words among them), what the gate's forms are made of (every original,
in order: every finding and speaker pseudonym of the project that counts; and what its
everyday words are made of, :meth:`casebook.privacy.everyday.Everyday.identity`: so a gate
whose views are all kept need not make its forms at all), and the document's own
text (its stored sha256, which the text cannot change without: migration 0001's trigger
lets only a purge change either, and it changes both; and the digest of the text itself, so a
database whose sha256 column does not match its text -- made by hand, or by other code --
never has a kept view read for it: ~2 ms per MB of text), name, attributes, speakers, display name
and findings. It is read back only under the
same digest, that is for the same inputs, when making it again would give the same view.
Only a view that names nothing is kept (one that does is refused, and made again each time),
and only of a reviewed document (the status is read each time). A kept view holds the
pseudonyms and the offsets of what was replaced, never an original.

The gate's verdicts are kept alike (``privacy_checked``, migration 0067): that a set of texts
an output checks (a listing's names, codes, coders, timestamps, memos and the texts its views
do not cover) names nothing, and that pseudonymising changes none of its memos. A verdict is
kept under :func:`checked`, the digest of the code, of what the gate searches for (as a view
is) and of the texts themselves; only when the gate's own full search found so; never a text.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from casebook.privacy.digest import code, digest

TYPE_CHECKING = False
if TYPE_CHECKING:
    from casebook.model import Document
    from casebook.privacy import Finding
    from casebook.privacy.variants import Original

# the modules whose code makes a view (and offsets.Edits, which moves spans onto it), its
# forms (labels: an institution's kind) and its everyday words (everyday, lookup)
MODULES = ("casebook.privacy.guard", "casebook.privacy.stored", "casebook.privacy.exact",
           "casebook.privacy.keyed", "casebook.privacy.variants", "casebook.privacy.unseen",
           "casebook.privacy.spelled",
           "casebook.privacy", "casebook.offsets",
           "casebook.privacy.labels", "casebook.privacy.everyday", "casebook.privacy.lookup")


def searched(originals: Sequence[Original], everyday: str) -> str:
    """A digest of what a gate's forms and replacements are made of: its originals (in
    order: the first of two alike decides the pseudonym) and ``everyday``, the digest of
    what its everyday words are made of."""
    return digest(repr(([tuple(o) for o in originals], everyday)))


def words_digest(words: set[str]) -> str:
    """The digest of a set of everyday words themselves (one the gate was given)."""
    return digest(repr(("words", sorted(words))))


def inputs(gate_searched: str, doc: Document, speakers: dict[str, str], display: str | None,
           findings: Sequence[Finding]) -> str | None:
    """The digest of everything a document's view is made from (see the module docstring);
    None if the code's cannot be made (then no view is kept or read)."""
    made_by = _made_by()
    if made_by is None:
        return None
    return digest(repr((
        made_by, gate_searched, doc.id, doc.name, doc.sha256, digest(doc.text),
        list(doc.attributes.items()),
        list(speakers.items()), display,
        [(f.id, f.start, f.end, f.category, f.text, f.key, f.replacement, f.decision)
         for f in findings])))


def checked(gate_searched: str, memos: Collection[str], values: Collection[str]) -> str | None:
    """The digest under which a gate keeps its verdict that the free texts ``memos`` and the
    texts ``values`` name nothing (see the module docstring): of the code, of what the gate
    searches for, and of the texts themselves; None if the code's cannot be made."""
    made_by = _made_by()
    if made_by is None:
        return None
    return digest(repr(("checked", made_by, gate_searched, sorted(memos), sorted(values))))


def _made_by() -> str | None:
    """:func:`casebook.privacy.digest.code` of :data:`MODULES`."""
    import casebook.privacy.everyday
    import casebook.privacy.labels
    import casebook.privacy.lookup  # noqa: F401 -- (loaded already) their code is digested

    return code(*MODULES)


def as_json(replacements: list[tuple[int, int, str]], kept: list[tuple[int, int]],
            attributes: dict[str, str]) -> tuple[str, str, str]:
    """What :meth:`~casebook.store.privacy.PrivacyStore.store_privacy_view` keeps."""
    import json  # only when a view is made, not when one is read

    return (json.dumps(replacements, ensure_ascii=False), json.dumps(kept),
            json.dumps(list(attributes.items()), ensure_ascii=False))
