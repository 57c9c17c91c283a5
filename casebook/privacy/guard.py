"""The outbound privacy gate: the one place that decides what may leave the project.

Every output (the PDF and HTML casebook, ``.qdpx`` and ``.qdc``, every report and listing in
every format, adjudication reports, ``show --pseudo``, and the exercise packages of the
teaching loop) is built with one :class:`Gate`, made once per output::

    gate = Gate.for_project(store)            # raw=True: the visible --raw/--allow-raw
    view = gate.shown(document_id)            # pseudonymised document, or refused
    view.name, view.text, view.span(s, e), view.speaker(label), view.attribute(key)
    gate.pseudonymise(memo)                   # known originals in free text replaced
    gate.check("authors", text, path=..., line=...)   # refuses a leak, naming the field
    gate.check_codes(codes, path)             # a codebook's every text field

The gate knows every original review accepted (findings accepted or edited, speaker labels
with a pseudonym) and every way of writing it again (:mod:`casebook.privacy.variants`). A
document is shown pseudonymised: its accepted findings replaced, then any other occurrence
of a known original (not where review rejected one), under its neutral display name, with
its speakers' pseudonyms; the result is checked once more. A document not reviewed, and any
text that still names someone, is refused in one line (:class:`~casebook.errors.CasebookError`
with the field, and the file and line where there is one; exit 2) unless the gate is raw.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable, Sequence
from itertools import accumulate

from casebook import privacy
from casebook.errors import CasebookError
from casebook.offsets import Edits
from casebook.privacy import stored
from casebook.privacy.casetext import case_leaks as case_leaks  # where callers find them
from casebook.privacy.casetext import refuse_raw as refuse_raw
from casebook.privacy.exact import exact_pattern as _exact_pattern
from casebook.privacy.records import FindingRow as FindingRow  # where callers find them
from casebook.privacy.records import Leak as Leak
from casebook.privacy.records import View as View
from casebook.privacy.variants import (
    _BOUNDARY,
    Forms,
    Hit,
    Original,
    cut_alike,
    fold,
    plain,
    plain_lines,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from casebook.model import Code
    from casebook.privacy import Finding
    from casebook.privacy.everyday import Everyday
    from casebook.privacy.exact import Exact
    from casebook.store import Store

_BROKEN = re.compile(r"(?<=\w)-\r?\n(?=\w)")  # "Sa-\nmira" (see Gate.leaks)


class Gate:
    """One output's gate (see the module docstring). ``raw``: show the originals, refuse
    nothing; the output must say so. ``override`` names the option that makes it raw.
    The everyday words are ``everyday``, or read by ``words`` when the forms are first
    searched (a gate whose views are all kept, and that checks no text, never makes
    them)."""

    def __init__(self, store: Store, originals: Iterable[Original], *, raw: bool = False,
                 override: str = "--raw", everyday: set[str] | None = None,
                 findings: Sequence[Finding] | None = None,
                 speakers: dict[int, list[tuple[str, str | None]]] | None = None,
                 words: Everyday | None = None) -> None:
        self.store, self.raw, self.override = store, raw, override
        by_document: dict[int, list[Finding]] = {}
        for finding in findings or ():  # every finding of the project, if read already
            by_document.setdefault(finding.document_id, []).append(finding)
        self._findings = by_document if findings is not None else None
        self._speakers = speakers  # every document's (label, pseudonym), if read already
        self.originals = [o for o in originals if o.text.strip() and o.text != o.pseudonym]
        self._everyday, self._words = everyday or set(), words
        self._forms: Forms | None = None
        self._exact_made: tuple[Exact | None] | None = None
        self._views: dict[int, View] = {}
        self._display_names: dict[int, str] | None = None
        self._searched: str | None = None  # the digest of what it searches for (stored)
        self.raw_documents: list[str] = []  # shown raw, for the output's warning line

    @classmethod
    def for_project(cls, store: Store, *, raw: bool = False, override: str = "--raw") -> Gate:
        """The gate of a project as it is now (a raw one needs to know nothing)."""
        if raw:
            return cls(store, [], raw=True, override=override)
        from casebook.privacy.everyday import Everyday
        from casebook.privacy.labels import is_person_label

        findings = list(map(FindingRow._make, store.privacy_finding_rows()))  # tuples: fast
        originals = [Original(f.text.strip(), f.replacement, f.category)
                     for f in findings if f.decision in ("accepted", "edited")]
        speakers = store.privacy_speakers()  # every document's, by id: one read
        originals += [Original(label, pseudonym, "persoon")
                      for labels in speakers.values() for label, pseudonym in labels
                      if pseudonym and pseudonym != label and is_person_label(label)]
        return cls(store, dict.fromkeys(originals), raw=raw, override=override,
                   words=Everyday(store) if originals else None, findings=findings,
                   speakers=speakers)

    @property
    def forms(self) -> Forms:
        """Every form of every original (made when first searched)."""
        if self._forms is None:
            everyday = self._words.words() if self._words is not None else self._everyday
            self._forms = Forms(self.originals, everyday)
        return self._forms

    @property
    def _exact(self) -> Exact | None:
        """The originals as review accepted them, for replacing (made when first used)."""
        if self._exact_made is None:
            self._exact_made = (_exact_pattern(self.originals, self.forms),)
        return self._exact_made[0]

    # -- checking ---------------------------------------------------------------------
    def leaks(self, field_name: str, text: str | None, *, path: Path | None = None,
              line: int | None = None, markup: bool = False) -> list[Leak]:
        """What ``text`` (the field ``field_name``) names of what review accepted."""
        if not text:
            return []
        hits = list(self.forms.hits(text, markup=markup))
        if not plain_lines(text):  # a word broken at a line end, as a PDF copied: "Sa-\nmira"
            hits += [h for h in self.forms.hits(_BROKEN.sub("", text), markup=markup)
                     if h not in hits]
        return [Leak(field_name, hit, _line_of(path, line, hit, self.forms), path)
                for hit in hits]

    def check(self, field_name: str, text: str | None, *, path: Path | None = None,
              line: int | None = None, markup: bool = False) -> None:
        """Refuse ``text`` if it names what review accepted (unless the gate is raw)."""
        if self.raw or not text:
            return
        found = self.leaks(field_name, text, path=path, line=line, markup=markup)
        if found:
            raise self.refusal(found[0])

    def names_nothing(self, texts: Iterable[str]) -> bool:
        """Whether no text of ``texts`` names what review accepted (a raw gate: always).
        An output of many values checks its distinct values with this first, and each
        value with :meth:`check` only when one names someone, to refuse the first."""
        return self.raw or not any(self.leaks("", text) for text in texts)

    def unchanged(self, memos: Collection[str], values: Collection[str]) -> bool:
        """Whether :meth:`pseudonymise` changes no memo of ``memos`` and no text of ``memos``
        and ``values`` names what review accepted: known without searching when this search
        of the same texts found so before (a verdict kept: :func:`stored.checked`), else
        searched (and kept if so, unless the everyday words moved while read)."""
        if self.raw:
            return True
        key = stored.checked(self.searched, memos, values)
        if key is not None and self.store.privacy_checked(key):
            return True
        clean = all(self.pseudonymise(memo) == memo for memo in memos) \
            and self.names_nothing([*memos, *values])
        if clean and key is not None and not (self._words is not None and self._words.moved):
            self.store.store_privacy_checked(key)
        return clean

    @property
    def searched(self) -> str:
        """The digest of what the gate searches for (:func:`stored.searched`)."""
        if self._searched is None:
            self._searched = stored.searched(self.originals, self._words.identity()
                                             if self._words is not None else
                                             stored.words_digest(self._everyday))
        return self._searched

    def covers(self, view: View, start: int, end: int) -> bool:
        """Whether the slice ``[start, end)`` of a shown view's text needs no check of its
        own: the whole text was checked when the view was made and named nothing, the
        slice holds nothing review kept, and it is cut where a search of it alone sees
        what the search of the whole saw (:func:`~casebook.privacy.variants.cut_alike`)."""
        if not view.plain or view.raw or view.leaks:
            return False
        if view.kept and any(s < end and start < e for s, e in view.kept):
            return False  # (asked for every row of a listing: no generator where none is kept)
        return cut_alike(view.text, start, end)

    def covered(self, view: View, spans: Sequence[tuple[int, int]]) -> list[bool]:
        """:meth:`covers` of each span of ``spans`` of a shown view's text (a listing's
        thousands of codings, without a call per coding)."""
        if not view.plain or view.raw or view.leaks:
            return [False] * len(spans)
        text, n = view.text, len(view.text)  # cut_alike of each span, no call per span
        alike = [(start == 0 or text[start - 1] in _BOUNDARY)
                 and (end == n or text[end] in _BOUNDARY) for start, end in spans]
        if view.kept:
            kept = view.kept
            alike = [ok and not any(s < end and start < e for s, e in kept)
                     for ok, (start, end) in zip(alike, spans)]
        return alike

    def refusal(self, leak: Leak, what: str = "") -> CasebookError:
        return CasebookError(
            f"{what}names '{leak.hit.found}', which the transcripts pseudonymise as "
            f"'{leak.pseudonym}'; write the pseudonym, or use {self.override}",
            path=leak.path, line=leak.line, field=leak.field)

    def check_codes(self, codes: Iterable[Code], path: Path | None = None) -> None:
        """A codebook's every text field: id, name, English name, description, include,
        exclude, examples."""
        for code in codes:
            fields = [("id", code.id), ("name", code.name), ("name_en", code.name_en or ""),
                      ("description", code.description), ("include", code.include),
                      ("exclude", code.exclude),
                      *((f"examples[{n}]", e) for n, e in enumerate(code.examples, 1))]
            for name, text in fields:
                self.check(f"codes[{code.id}].{name}", text, path=path)

    # -- free text --------------------------------------------------------------------
    def pseudonymise(self, text: str | None) -> str:
        """``text`` with every known original, as review accepted it, replaced by its
        pseudonym (longest first, in one pass); raw: unchanged. What ``pattern.sub`` does,
        with the matches of ``pattern.finditer`` that Keyed finds (without compiling the
        pattern for a text that holds no original's key word)."""
        if not text or self.raw:
            return text or ""
        exact = self._exact
        if exact is None:
            return text
        parts, at = [], 0
        for m in exact.keyed.finditer(text):
            parts += [text[at:m.start()], exact.pseudonym(m.group())]
            at = m.end()
        return "".join([*parts, text[at:]]) if parts else text

    def memo(self, field_name: str, text: str | None) -> str:
        """A memo as an output shows it: pseudonymised, then checked."""
        shown = self.pseudonymise(text)
        self.check(field_name, shown)
        return shown

    # -- documents --------------------------------------------------------------------
    def view(self, document_id: int) -> View:
        """The document as outputs show it; ``raw`` (the originals) if it is not reviewed
        or the gate is raw. Never refuses (see :meth:`shown`)."""
        if document_id not in self._views:
            self._views[document_id] = self._make_view(document_id)
        return self._views[document_id]

    def shown(self, document_id: int) -> View:
        """The document as outputs show it; refused if it is not reviewed, unless raw."""
        view = self.view(document_id)
        if view.raw and not self.raw:
            raise CasebookError(
                f"document '{view.name}' is not pseudonymised (status: {view.status}); run "
                f"`casebook pseudo scan`, `review` and `apply`, or use {self.override}",
                field="document")
        if view.leaks and not self.raw:
            raise self.refusal(view.leaks[0])
        if view.raw and view.name not in self.raw_documents:
            self.raw_documents.append(view.name)
        return view

    def _make_view(self, document_id: int) -> View:
        doc = self.store.document(document_id)
        status = privacy.status(self.store, document_id)
        labels = [(s.label, s.pseudonym) for s in self.store.speakers(document_id)] \
            if self._speakers is None else self._speakers.get(document_id, [])
        speakers = {label: pseudonym or label for label, pseudonym in labels}
        if self.raw or status != "reviewed":
            return View(document_id, doc.name, doc.text, Edits(doc.text, []), True, status,
                        {label: label for label in speakers}, dict(doc.attributes))
        if self._display_names is None:  # one read for all the gate's views
            self._display_names = self.store.privacy_display_names()
        display = self._display_names.get(document_id)
        found = self._found(document_id)
        inputs = stored.inputs(self.searched, doc, speakers, display, found)
        kept = self.store.privacy_view(document_id, inputs) if inputs else None
        if kept is not None:  # made from the same inputs: the view made below (see stored)
            name, reps, rejected, attributes = kept
            edits = Edits(doc.text, reps)
            view = View(document_id, name, edits.text, edits, False, status, speakers,
                        attributes, reps)
            view.kept, view.plain = [edits.span(s, e) for s, e in rejected], plain(view.text)
            return view
        reps, rejected = self._replacements(document_id, doc.text)
        edits = Edits(doc.text, reps)
        view = View(document_id, display or self.neutral_name(doc.name), edits.text, edits,
                    False, status, speakers, {}, reps)
        view.attributes = {self.pseudonymise(k): self.pseudonymise(v)  # "contact José": a key
                           for k, v in doc.attributes.items()}
        view.kept, view.plain = [edits.span(s, e) for s, e in rejected], plain(view.text)
        view.leaks = self._view_leaks(view, view.kept)
        if inputs and not view.leaks and not (self._words is not None and self._words.moved):
            self.store.store_privacy_view(document_id, inputs, view.name,
                                          *stored.as_json(reps, rejected, view.attributes))
        return view

    def _found(self, document_id: int) -> Sequence[Finding]:
        """The document's findings, as the gate read them if it did."""
        if self._findings is None:
            return self.store.privacy_findings(document_id)
        return self._findings.get(document_id, [])

    def replacements(self, document_id: int, text: str) -> list[tuple[int, int, str]]:
        """The accepted findings, and every other occurrence of a known original outside
        them and outside what review rejected, as sorted ``(start, end, pseudonym)``."""
        return self._replacements(document_id, text)[0]

    def _replacements(self, document_id: int, text: str
                      ) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
        """:meth:`replacements`, and the spans review rejected. A match overlaps a taken span if
        of those beginning before it ends (bisection) the furthest-reaching ends after it begins."""
        found, n = self._found(document_id), len(text)  # (past n: in an attribute)
        rejected = [(f.start, f.end) for f in found if f.decision == "rejected" and f.end <= n]
        reps = privacy.replacements(self.store, document_id, 0, n, text=text, findings=found)
        if self._exact is None:
            return reps, rejected
        taken = sorted([(s, e) for s, e, _r in reps] + rejected)
        starts, reach = [s for s, _e in taken], list(accumulate((e for _s, e in taken), max))
        extra = []
        for m in self._exact.keyed.finditer(text):
            before = bisect_left(starts, m.end())  # the taken spans that begin before m ends
            if not before or reach[before - 1] <= m.start():
                extra.append((m.start(), m.end(), self._exact.pseudonym(m.group())))
        return sorted(reps + extra), rejected

    def _view_leaks(self, view: View, allowed: list[tuple[int, int]]) -> list[Leak]:
        """What the shown document still names (where review kept the original, it may):
        a display name, speaker or attribute, or a variant of a name that review did not
        see in the text (``casebook pseudo scan`` finds known names again)."""
        text = view.text
        for s, e in allowed:
            text = text[:s] + " " * (e - s) + text[e:]
        fields = [("document name", view.name), ("document name", spaced(view.name)),
                  (f"document '{view.name}': text", text),
                  *((f"document '{view.name}': speaker", v) for v in view.speakers.values()),
                  *(kv for k, v in view.attributes.items()
                    for kv in ((f"document '{view.name}': attribute '{k}'", v),
                               (f"document '{view.name}': attribute name", k)))]
        return [leak for name, value in fields for leak in self.leaks(name, value)]

    def name_hits(self, name: str) -> list[Hit]:
        """What a name (of a document, a file) names, also where a word runs into the next
        or into a number, as file names write them ("InterviewSamira2024")."""
        return [*self.forms.hits(name), *(self.forms.hits(spaced(name))
                                          if spaced(name) != name else ())]

    def neutral_name(self, name: str, taken: Iterable[str] = ()) -> str:
        """``name`` without the words that name someone ("clientgesprek-samira" ->
        "clientgesprek-1"); unchanged if it names nobody."""
        hits = self.name_hits(name)
        if not hits:
            return name
        named = {w.casefold() for hit in hits for w in fold(hit.found).split()}
        kept = [part for word in re.split(r"[-_ .]+", name) if fold(word).casefold() not in named
                for part in spaced(word).split() if fold(part).casefold() not in named]
        stem = "-".join(kept) or "document"
        used = set(taken)
        number = 1
        while f"{stem}-{number}" in used:
            number += 1
        return f"{stem}-{number}"


def spaced(name: str) -> str:
    """``name`` with a space where a small letter meets a capital, or a letter a digit
    ("InterviewSamira2024" -> "Interview Samira 2024")."""
    out = []
    for before, char in zip(" " + name, name):
        if (before.islower() and char.isupper()) or (before.isalpha() and char.isdigit()) \
                or (before.isdigit() and char.isalpha()):
            out.append(" ")
        out.append(char)
    return "".join(out)


def _line_of(path: Path | None, line: int | None, hit: Hit, forms: Forms) -> int | None:
    """The line of ``path`` that holds ``hit`` (``line``, if given, is where the field
    starts); lines that only refer to a transcript (``quote:``, ``document:``) are not shown
    and do not count."""
    if path is None or line is not None:
        return line
    from pathlib import Path

    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, text in enumerate(lines, 1):
        if re.match(r"\s*-?\s*(quote|document):", text):
            continue
        if any(h.original == hit.original for h in forms.hits(text)):
            return number
    return None
