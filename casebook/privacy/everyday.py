"""Everyday words: the words the project's texts use in lower case, and deduce's common Dutch
words. A one-word name that is also one of these ("Best", "Roos") is searched for by the gate
only with its capital (:class:`casebook.privacy.variants.Forms`).

Reading a transcript's words means folding it whole (:func:`~casebook.privacy.variants.fold`)
and scanning it, a millisecond or more per transcript, for every output the gate guards. So
each text's words are kept in the store (``privacy_words``, migration 0065) under its sha256
and :func:`rules`, a digest of everything else they are made from: the source of the code
that makes them (this module, :mod:`~casebook.privacy.variants`, whose ``fold`` it uses, and
:mod:`~casebook.privacy.unseen`, whose table fold drops), Python's version (``html.unescape``)
and its Unicode version (NFKD). A stored row is used only for the same text under the same
rules, so it holds exactly what reading the text again would give; a text not stored (or
whose rules changed) is read and stored, in a transaction that does not wait for another
process (:meth:`casebook.store.privacy.PrivacyStore.store_privacy_words`). Tests compare
what a gate is given with and without the stored words after each kind of change.
"""

from __future__ import annotations

import re
from functools import cache

from casebook.privacy import digest, unseen, variants
from casebook.privacy.variants import fold

TYPE_CHECKING = False
if TYPE_CHECKING:
    from casebook.store import Store

# what every match of the address pattern holds one of (a text without any has none: its
# scan of a long transcript, at every run of non-space, is left out)
ADDRESS_MARKS = ("@", "http://", "https://", "www.", ".nl", ".com", ".org", ".net", ".eu")


@cache
def addresses() -> re.Pattern[str]:
    """E-mail and web addresses; tried where a run of non-space begins (a match elsewhere in
    a run would begin at its start)."""
    return re.compile(
        r"(?<!\S)(?:\S+@\S+|\S*(?:https?://|www\.)\S*|\S+\.(?:nl|com|org|net|eu)\b)")


@cache
def _lower_word() -> re.Pattern[str]:
    return re.compile(r"(?<![\w@.])[a-zß-ÿ]+(?![\w@])")


def text_words(text: str) -> set[str]:
    """The words ``text`` uses in lower case, folded, outside e-mail and web addresses."""
    text = fold(text)
    if any(mark in text for mark in ADDRESS_MARKS):
        text = addresses().sub(" ", text)
    return set(_lower_word().findall(text))


def rules() -> str | None:
    """A digest of what :func:`text_words` makes of a text besides the text (see the module
    docstring); None if a module's source cannot be read (then nothing is stored or used)."""
    return digest.code(__name__, variants.__name__, unseen.__name__)


class Everyday:
    """A project's everyday words, read when first asked for (:meth:`words`), and a digest
    of what they are made of (:meth:`identity`), which needs neither them nor deduce's
    common words read."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._words: set[str] | None = None
        self._identity: str | None = None
        self.moved = False  # the words read are not what the identity said (see words)

    def words(self) -> set[str]:
        """:func:`everyday_words` of the store (once). Read after :meth:`identity` (another
        process may have added a document in between), they are checked against it: where
        they are made of something else, :attr:`moved` (and the gate keeps no view)."""
        if self._words is None:
            self._words = everyday_words(self.store)
            if self._identity is not None and self._made_of() != self._identity:
                self.moved = True
        return self._words

    def identity(self) -> str:
        """:meth:`_made_of`, once."""
        if self._identity is None:
            self._identity = self._made_of()
        return self._identity

    def _made_of(self) -> str:
        """A digest that is the same only for the same :meth:`words`: today's :func:`rules`,
        every document's text (its sha256) with its words stored under them (a stored row
        holds what reading that text under those rules gives), and the files deduce's
        common words are read from -- what :func:`everyday_words` makes them of (its code is
        digested with the views'); where a text's words are not stored (or the rules cannot
        be made), the digest of the words themselves."""
        from casebook.privacy.lookup import common_sources
        from casebook.privacy.stored import words_digest

        made_by = rules()
        if made_by is None:
            return words_digest(self.words())
        kept = self.store.privacy_words_kept(made_by)
        if not all(stored for _sha, stored in kept):
            self.words()  # (which stores what was not: then the digest is the one read next)
            kept = self.store.privacy_words_kept(made_by)
            if not all(stored for _sha, stored in kept):
                return words_digest(self.words())
        made = digest.new(f"stored\0{made_by}\0{' '.join(sha for sha, _ in kept)}".encode())
        for path, content in common_sources():
            made.update(f"\0{len(content)}\0{path}\0".encode("utf-8", "surrogatepass"))
            made.update(content)
        hexdigest: str = made.hexdigest()
        return hexdigest


def everyday_words(store: Store) -> set[str]:
    """The project's everyday words: deduce's common words and every document's
    :func:`text_words`, read from the store where they are kept for the text's sha256 under
    today's :func:`rules`, else from the text (and then kept)."""
    from casebook.privacy.lookup import common_words

    words = set(common_words())
    digest = rules()
    if digest is None:
        for document_id, _name, _length in store.document_sizes():
            words.update(text_words(store.document(document_id).text))
        return words
    made: dict[str, str] = {}
    for document_id, _sha, stored in store.privacy_words(digest):
        if stored is not None:
            words.update(stored.split())
            continue
        document = store.document(document_id)
        found = text_words(document.text)
        words.update(found)
        made[document.sha256] = " ".join(sorted(found))
    if made:
        store.store_privacy_words(digest, made)
    return words
