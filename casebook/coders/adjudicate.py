"""Settle the disagreements of two coders into the ``consensus`` coder.

Per document and code, the codings of coder A and coder B are grouped: codings that overlap
(directly or through a chain of overlaps) form one group. A group is

- ``agreed`` when A and B coded exactly the same spans,
- ``a-only`` / ``b-only`` when only one of them coded there,
- ``extent`` when both coded there, but not the same spans.

A decision takes A's spans, B's spans, both (their union) or neither, and writes them as
codings of the coder ``consensus``, in one transaction; it remembers which codings it added,
so it can be undone or changed. ``auto_agreed`` decides every agreed group at once.

A decision remembers the codings of A and B it settled by their ids (which are never given
out twice) and spans. A group takes the id of the decision that shares a coding with it,
so a decision survives later edits; when the group's codings are no longer those the
decision saw (one changed, went, or joined) the group is flagged ``changed``, and a
decision whose codings are all gone is listed as ``orphaned`` -- flagged, never lost. An
undecided group's id is a short hash of the coder pair and its coding ids.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass

from casebook.coders.agreement import choose_coders
from casebook.coders.unitized import Span, union
from casebook.errors import CasebookError, NotFound
from casebook.i18n import tr
from casebook.model import CONSENSUS, Coding, Decision

KINDS = ("a-only", "b-only", "extent", "agreed")
FLAGS = ("changed", "orphaned")
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
    sources: tuple[tuple[int, str, int, int], ...] = ()  # (coding id, side, start, end)
    flag: str | None = None  # changed, orphaned (see FLAGS)

    @property
    def start(self) -> int:
        return min(s for s, _ in self.a + self.b)

    @property
    def end(self) -> int:
        return max(e for _, e in self.a + self.b)


def groups(a: list, b: list) -> list[tuple[list, list]]:
    """Chains of overlapping spans of two coders, in text order. A span is ``(start, end)``
    or ``(start, end, ...)``; each comes back as it was given."""
    tagged = sorted([(x[0], x[1], 0, x) for x in a] + [(x[0], x[1], 1, x) for x in b])
    found: list[tuple[list, list]] = []
    reach = -1
    for start, end, who, item in tagged:
        if start >= reach:
            found.append(([], []))
        found[-1][who].append(item)
        reach = max(reach, end) if start < reach else end
    return found


def _kind(a: list[Span], b: list[Span]) -> str:
    if not b:
        return "a-only"
    if not a:
        return "b-only"
    return "agreed" if sorted(a) == sorted(b) else "extent"


def _legacy_key(a_id: str, b_id: str, doc: int, code: str, a: list[Span], b: list[Span]
                ) -> str:
    """The id Casebook 0.1 gave a group (a hash of its spans): its decisions are adopted."""
    raw = f"{a_id}|{b_id}|{doc}|{code}|{sorted(a)}|{sorted(b)}"
    return hashlib.sha1(raw.encode()).hexdigest()[:8]


def _key(a_id: str, b_id: str, ids: list[int]) -> str:
    return hashlib.sha1(f"{a_id}|{b_id}|{sorted(ids)}".encode()).hexdigest()[:8]


def pair(store, coders: list[str] | None):
    """Coders A and B: the two named, or the only two coders with codings."""
    chosen = choose_coders(store, coders)
    if len(chosen) != 2:
        raise CasebookError("adjudication compares two coders; name them with --coders A,B",
                            field="--coders")
    return chosen[0], chosen[1]


def _grouped(store, a, b) -> dict[tuple[int, str], tuple[list, list]]:
    """Per (document, code): A's and B's codings as ``(start, end, coding id)``."""
    spans: dict[tuple[int, str], tuple[list, list]] = {}
    for coding in store.codings(coder_ids=[a.id, b.id]):
        side = spans.setdefault((coding.document_id, coding.code_id), ([], []))
        side[0 if coding.coder_id == a.id else 1].append((coding.start, coding.end, coding.id))
    return spans


def _item(a, b, doc: int, code: str, ga: list, gb: list, decisions: dict, by_coding: dict
          ) -> Disagreement:
    """One group, with the decision it belongs to (by shared coding, else by legacy id)."""
    sources = tuple(sorted([(i, "a", s, e) for s, e, i in ga] + [(i, "b", s, e)
                                                                for s, e, i in gb]))
    sa, sb = [(s, e) for s, e, _ in ga], [(s, e) for s, e, _ in gb]
    kind = _kind(sa, sb)
    key = next((by_coding[i] for i, *_ in sources if i in by_coding), None)
    legacy = _legacy_key(a.id, b.id, doc, code, sa, sb)
    if key is None and legacy in decisions and not decisions[legacy].sources:
        key = legacy
    decision = decisions.get(key) if key else None
    flag = "changed" if decision and decision.sources and \
        tuple(sorted(decision.sources)) != sources else None
    return Disagreement(key or _key(a.id, b.id, [i for i, *_ in sources]), doc, "", code,
                        kind, sa, sb, decision.take if decision else None, sources, flag)


def disagreements(store, coders: list[str] | None = None, *, agreed: bool = False
                  ) -> list[Disagreement]:
    """Every group of A's and B's codings (``agreed`` ones only when asked) and every
    decision whose codings are all gone (``orphaned``), in text order."""
    a, b = pair(store, coders)
    decisions = {d.key: d for d in store.decisions(a.id, b.id)}
    by_coding = {source[0]: d.key for d in decisions.values() for source in d.sources}
    found, seen = [], set()
    for (doc, code), (sa, sb) in sorted(_grouped(store, a, b).items()):
        for ga, gb in groups(sa, sb):
            item = _item(a, b, doc, code, ga, gb, decisions, by_coding)
            seen.add(item.id)
            if item.kind != "agreed" or agreed or item.flag:
                found.append(item)
    for key, d in decisions.items():
        if key not in seen and d.sources:
            found.append(Disagreement(
                key, d.document_id, "", d.code_id, d.kind,
                [(s, e) for _, side, s, e in d.sources if side == "a"],
                [(s, e) for _, side, s, e in d.sources if side == "b"], d.take, d.sources,
                "orphaned"))
    names = {doc: store.document(doc).name for doc in {i.document_id for i in found}}
    for item in found:
        item.document = names[item.document_id]
    found.sort(key=lambda d: (d.document_id, d.start, d.code_id))
    return found


def find(store, key: str, coders: list[str] | None = None) -> Disagreement:
    for item in disagreements(store, coders, agreed=True):
        if item.id == key:
            return item
    raise NotFound(f"no disagreement '{key}' (see `casebook adjudicate list`)", field="id")


def decide(store, key: str, take: str, coders: list[str] | None = None) -> Disagreement:
    """Write the chosen spans as consensus codings (replacing an earlier decision)."""
    if take not in (*TAKES, "agreed"):
        raise CasebookError(f"take one of {', '.join(TAKES)}", field="--take")
    with store.transaction():  # the group as read is the group decided: nobody in between
        a, b = pair(store, coders)
        item = find(store, key, coders)
        chosen = {"a": item.a, "b": item.b, "agreed": item.a, "both": union(item.a + item.b),
                  "neither": []}[take]
        if store.decision(key):
            _undo(store, key)
        consensus = store.coder(CONSENSUS)
        added = []
        for start, end in chosen:
            if store.find_coding(item.document_id, item.code_id, consensus.id, start, end) is None:
                added.append(store.add_coding(Coding(
                    document_id=item.document_id, start=start, end=end, code_id=item.code_id,
                    coder_id=consensus.id)))
        store.record_decision(Decision(item.id, a.id, b.id, item.document_id, item.code_id,
                                       item.kind, take, tuple(added), "", item.sources))
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
           language: str = "nl", gate=None) -> str:
    """Every group with its decision, as CSV or Markdown, through the privacy gate (default:
    the project's): document names and texts pseudonymised, the result checked."""
    from casebook.privacy.guard import Gate

    if fmt not in ("csv", "md"):
        raise CasebookError("format is csv or md", field="--format")
    gate = gate or Gate.for_project(store)
    a, b = pair(store, coders)
    items = disagreements(store, coders, agreed=True)
    items = [i for i in items if i.kind != "agreed" or i.decision]
    rows = []
    for item in items:
        view = gate.shown(item.document_id)
        rows.append([item.id, view.name, item.code_id, describe(item.kind, language),
                     format_spans(item.a), format_spans(item.b),
                     describe(item.decision, language),
                     " … ".join(view.slice(s, e) for s, e in item.a),
                     " … ".join(view.slice(s, e) for s, e in item.b)])
    header = ["id", *(tr(k, language) for k in ("document", "code", "kind")), "A", "B",
              *(tr(k, language) for k in ("decision", "adj_text_a", "adj_text_b"))]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        gate.check("adjudication report", out.getvalue())
        return out.getvalue()
    lines = [f"# {tr('adj_report', language, a=a.name, b=b.name)}", "",
             tr("adj_summary", language, n=len(rows), d=sum(1 for i in items if i.decision)),
             "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    gate.check("adjudication report", "\n".join(lines), markup=True)
    return "\n".join(lines) + "\n"


def format_spans(spans: list[Span]) -> str:
    return " ".join(f"{s}-{e}" for s, e in spans)


def _cell(value: str, limit: int = 120) -> str:
    value = " ".join(value.split()).replace("|", "\\|")
    return value if len(value) <= limit else value[: limit - 1] + "…"
