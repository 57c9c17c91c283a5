"""Settle the disagreements of two coders into the ``consensus`` coder.

Per document and code, the codings of coder A and coder B are grouped: codings that overlap
(directly or through a chain of overlaps) form one group. A group is

- ``agreed`` when A and B coded exactly the same spans,
- ``a-only`` / ``b-only`` when only one of them coded there,
- ``extent`` when both coded there, but not the same spans.

A decision takes A's spans, B's spans, both (their union) or neither, and writes them as
codings of the coder ``consensus``, in one transaction; it remembers which codings it added,
so it can be undone or changed. ``auto_agreed`` decides every agreed group at once.
A group's id is a short hash of the coder pair, document, code and spans: it stays the same
as long as those codings do.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass

from casebook.coders.agreement import choose_coders
from casebook.coders.stats import Span, union
from casebook.errors import CasebookError, NotFound
from casebook.i18n import tr
from casebook.model import CONSENSUS, Coding

KINDS = ("a-only", "b-only", "extent", "agreed")
TAKES = ("a", "b", "both", "neither")

# A group's kind, or a decision, in words (the keys of casebook.i18n).
WORDS = {"a-only": "adj_a_only", "b-only": "adj_b_only", "extent": "adj_extent",
         "agreed": "adj_agreed", "both": "adj_both", "neither": "adj_took_neither"}


def describe(value: str | None, language: str = "nl") -> str:
    """A kind or a decision in words: "a-only" -> "alleen A", "a" -> "A", None -> "–"."""
    if not value:
        return "–"
    return tr(WORDS[value], language) if value in WORDS else value.upper()


@dataclass(slots=True)
class Disagreement:
    id: str
    document_id: int
    document: str
    code_id: str
    kind: str
    a: list[Span]
    b: list[Span]
    decision: str | None = None

    @property
    def start(self) -> int:
        return min(s for s, _ in self.a + self.b)

    @property
    def end(self) -> int:
        return max(e for _, e in self.a + self.b)


def groups(a: list[Span], b: list[Span]) -> list[tuple[list[Span], list[Span]]]:
    """Chains of overlapping spans of two coders, in text order."""
    tagged = sorted([(s, e, 0) for s, e in a] + [(s, e, 1) for s, e in b])
    found: list[tuple[list[Span], list[Span]]] = []
    reach = -1
    for start, end, who in tagged:
        if start >= reach:
            found.append(([], []))
        found[-1][who].append((start, end))
        reach = max(reach, end) if start < reach else end
    return found


def _kind(a: list[Span], b: list[Span]) -> str:
    if not b:
        return "a-only"
    if not a:
        return "b-only"
    return "agreed" if sorted(a) == sorted(b) else "extent"


def _key(a_id: str, b_id: str, doc: int, code: str, a: list[Span], b: list[Span]) -> str:
    raw = f"{a_id}|{b_id}|{doc}|{code}|{sorted(a)}|{sorted(b)}"
    return hashlib.sha1(raw.encode()).hexdigest()[:8]


def pair(store, coders: list[str] | None):
    """Coders A and B: the two named, or the only two coders with codings."""
    chosen = choose_coders(store, coders)
    if len(chosen) != 2:
        raise CasebookError("adjudication compares two coders; name them with --coders A,B",
                            field="--coders")
    return chosen[0], chosen[1]


def disagreements(store, coders: list[str] | None = None, *, agreed: bool = False
                  ) -> list[Disagreement]:
    """Every group of A's and B's codings (``agreed`` ones only when asked), in text order."""
    a, b = pair(store, coders)
    spans: dict[tuple[int, str], tuple[list[Span], list[Span]]] = {}
    for coding in store.codings(coder_ids=[a.id, b.id]):
        side = spans.setdefault((coding.document_id, coding.code_id), ([], []))
        side[0 if coding.coder_id == a.id else 1].append((coding.start, coding.end))
    decided = {d.key: d.take for d in store.decisions(a.id, b.id)}
    names: dict[int, str] = {}
    found = []
    for (doc, code), (sa, sb) in sorted(spans.items()):
        for ga, gb in groups(sa, sb):
            kind = _kind(ga, gb)
            if kind == "agreed" and not agreed:
                continue
            if doc not in names:
                names[doc] = store.document(doc).name
            key = _key(a.id, b.id, doc, code, ga, gb)
            found.append(Disagreement(key, doc, names[doc], code, kind, ga, gb, decided.get(key)))
    found.sort(key=lambda d: (d.document_id, d.start, d.code_id))
    return found


def find(store, key: str, coders: list[str] | None = None) -> Disagreement:
    for item in disagreements(store, coders, agreed=True):
        if item.id == key:
            return item
    raise NotFound(f"no disagreement '{key}' (see `casebook adjudicate list`)", field="id")


def decide(store, key: str, take: str, coders: list[str] | None = None) -> Disagreement:
    """Write the chosen spans as consensus codings (replacing an earlier decision)."""
    from casebook.model import Decision

    if take not in (*TAKES, "agreed"):
        raise CasebookError(f"take one of {', '.join(TAKES)}", field="--take")
    a, b = pair(store, coders)
    item = find(store, key, coders)
    chosen = {"a": item.a, "b": item.b, "agreed": item.a, "both": union(item.a + item.b),
              "neither": []}[take]
    with store.transaction():
        if store.decision(key):
            _undo(store, key)
        consensus = store.coder(CONSENSUS)
        added = []
        for start, end in chosen:
            if store.find_coding(item.document_id, item.code_id, consensus.id, start, end) is None:
                added.append(store.add_coding(Coding(
                    document_id=item.document_id, start=start, end=end, code_id=item.code_id,
                    coder_id=consensus.id)))
        store.record_decision(Decision(key, a.id, b.id, item.document_id, item.code_id,
                                       item.kind, take, tuple(added), ""))
    item.decision = take
    return item


def _undo(store, key: str) -> None:
    decision = store.remove_decision(key)
    for coding_id in decision.coding_ids:
        try:
            store.remove_coding(coding_id)
        except NotFound:  # removed by hand since
            pass


def undo(store, key: str) -> None:
    """Forget a decision and remove the consensus codings it added."""
    with store.transaction():
        _undo(store, key)


def auto_agreed(store, coders: list[str] | None = None) -> int:
    """Copy every undecided agreed group to consensus (one transaction); returns how many."""
    count = 0
    with store.transaction():
        for item in disagreements(store, coders, agreed=True):
            if item.kind == "agreed" and item.decision is None:
                decide(store, item.id, "agreed", coders)
                count += 1
    return count


def report(store, coders: list[str] | None = None, *, fmt: str = "md",
           language: str = "nl") -> str:
    """Every group with its decision, as CSV or Markdown."""
    if fmt not in ("csv", "md"):
        raise CasebookError("format is csv or md", field="--format")
    a, b = pair(store, coders)
    items = disagreements(store, coders, agreed=True)
    items = [i for i in items if i.kind != "agreed" or i.decision]
    texts: dict[int, str] = {}
    rows = []
    for item in items:
        if item.document_id not in texts:
            texts[item.document_id] = store.document(item.document_id).text
        text = texts[item.document_id]
        rows.append([item.id, item.document, item.code_id, describe(item.kind, language),
                     format_spans(item.a), format_spans(item.b),
                     describe(item.decision, language),
                     " … ".join(text[s:e] for s, e in item.a),
                     " … ".join(text[s:e] for s, e in item.b)])
    header = ["id", *(tr(k, language) for k in ("document", "code", "kind")), "A", "B",
              *(tr(k, language) for k in ("decision", "adj_text_a", "adj_text_b"))]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue()
    lines = [f"# {tr('adj_report', language, a=a.name, b=b.name)}", "",
             tr("adj_summary", language, n=len(rows), d=sum(1 for i in items if i.decision)),
             "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def format_spans(spans: list[Span]) -> str:
    return " ".join(f"{s}-{e}" for s, e in spans)


def _cell(value: str, limit: int = 120) -> str:
    value = " ".join(value.split()).replace("|", "\\|")
    return value if len(value) <= limit else value[: limit - 1] + "…"
