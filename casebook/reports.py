"""Analysis reports over the codings: frequencies, co-occurrence, code x speaker, fragments.

Every report is a :class:`Report`: column keys and labels (in the project's language) and
rows. Faces turn it into a table, JSON, CSV or XLSX (:func:`write_csv`, :func:`write_xlsx`).

* ``frequencies``: per code, how many codings, split by document, by speaker or by role.
  A coding belongs to every speaker (and role) whose turn it overlaps, so a coding across
  two turns counts once for each; the total counts it once. Codings that overlap no turn
  with a speaker count under "(no speaker)"; speakers without a role under "(no role)".
* ``cooccurrence``: code x code, the number of pairs of codings of the two codes by the
  *same coder* that overlap in the same document; the diagonal is the code's own count.
* ``speakers``: code x speaker label, how many characters of that speaker's turns carry the
  code (the overlap of codings and turns; overlapping codings of one code count twice).
* ``fragments``: one row per coding: code, document, speaker(s), coder, span, text, memo.

``coders`` (names or ids) and ``codes`` (ids, names or hotkeys; a code includes its
descendants) restrict every report to those codings.

Every report is made through a privacy gate (:class:`casebook.privacy.guard.Gate`, default:
the project's): document names, speakers, texts and memos are shown pseudonymised, a document
that was not reviewed is refused, and every cell is checked. A raw gate (``--raw``) shows
the originals.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casebook.coding import query
from casebook.errors import CasebookError
from casebook.files import replacing
from casebook.i18n import tr
from casebook.privacy.guard import Gate

if TYPE_CHECKING:
    from casebook.model import Code
    from casebook.store import Store

KINDS = ("frequencies", "cooccurrence", "speakers", "fragments")
GROUPS = ("document", "speaker", "role")

@dataclass(slots=True)
class Report:
    kind: str
    title: str
    columns: list[tuple[str, str]]  # (key, label)
    rows: list[list[Any]] = field(default_factory=list)
    sheet: str = ""  # worksheet name in a workbook (default: kind)

    @property
    def labels(self) -> list[str]:
        return [label for _key, label in self.columns]

    def as_dict(self) -> dict[str, Any]:
        keys = [key for key, _label in self.columns]
        return {"report": self.kind, "title": self.title,
                "columns": [{"key": k, "label": lbl} for k, lbl in self.columns],
                "rows": [dict(zip(keys, row)) for row in self.rows]}


# -- selection ----------------------------------------------------------------------------
def _coder_ids(store: Store, coders: list[str] | None) -> list[str] | None:
    return [store.find_coder(ref).id for ref in coders] if coders else None


def _code_ids(store: Store, codes: list[str] | None) -> list[str] | None:
    """The codes asked for and their descendants."""
    if not codes:
        return None
    all_codes = store.codes(include_retired=True)
    children = defaultdict(list)
    for code in all_codes:
        children[code.parent].append(code.id)
    wanted: list[str] = []
    stack = [store.code(ref).id for ref in codes]
    while stack:
        code_id = stack.pop(0)
        if code_id not in wanted:
            wanted.append(code_id)
            stack.extend(children.get(code_id, []))
    return wanted


def _codes(store: Store, code_ids: list[str] | None, used: set[str]) -> list[Code]:
    """The codes a report lists: the active codebook's (in its order), retired ones only if
    they have codings."""
    codes = store.codes(include_retired=True)
    active = {c.id for c in store.codes()}
    return [c for c in codes if (code_ids is None or c.id in code_ids)
            and (c.id in active or c.id in used)]


def _name(code: Code, language: str) -> str:
    return (code.name_en or code.name) if language == "en" else code.name


def _checked(report: Report, gate: Gate) -> Report:
    """The report, once the gate has seen its title, every column and every cell."""
    gate.check(f"report {report.kind}: title", report.title)
    for _key, label in report.columns:
        gate.check(f"report {report.kind}: column '{label}'", label)
    if gate.names_nothing({value for row in report.rows for value in row
                           if isinstance(value, str)}):
        return report
    for number, row in enumerate(report.rows, 1):
        for (_key, label), value in zip(report.columns, row):
            if isinstance(value, str):
                gate.check(f"report {report.kind}: row {number}, {label}", value)
    return report


# -- reports ------------------------------------------------------------------------------
def frequencies(store: Store, by: str | None = "document", *, coders: list[str] | None = None,
                codes: list[str] | None = None, language: str = "nl",
                gate: Gate | None = None) -> Report:
    if by is not None and by not in GROUPS:
        raise CasebookError(f"must be one of {', '.join(GROUPS)}", field="--by")
    gate = gate or Gate.for_project(store)
    coder_ids, code_ids = _coder_ids(store, coders), _code_ids(store, codes)
    codings = store.report_codings(coder_ids, code_ids)
    totals = Counter(row[5] for row in codings)
    cells: dict[tuple[str, str], int] = Counter()
    groups: list[str] = []
    if by == "document":
        groups = [gate.shown(d.id).name for d in store.documents()]
        for row in codings:
            cells[(row[5], gate.shown(row[1]).name)] += 1
    elif by in ("speaker", "role"):
        code_of = {row[0]: row[5] for row in codings}
        doc_of = {row[0]: row[1] for row in codings}
        seen: set[tuple[int, str]] = set()
        for coding_id, speaker, role, _chars in store.coding_speakers(coder_ids, code_ids):
            group = (gate.shown(doc_of[coding_id]).speaker(speaker) or "") if by == "speaker" \
                else (role or tr("no_role", language))
            if (coding_id, group) in seen:  # two speakers of one role: the coding once
                continue
            seen.add((coding_id, group))
            cells[(code_of[coding_id], group)] += 1
            if group not in groups:
                groups.append(group)
        groups.sort(key=str.casefold)
        placed = {coding_id for coding_id, _group in seen}
        alone = [row for row in codings if row[0] not in placed]
        if alone:  # codings in text without speakers still count somewhere
            groups.append(tr("no_speaker", language))
            for row in alone:
                cells[(row[5], groups[-1])] += 1
    title = tr("report_frequencies", language, by=tr(by, language)) if by else \
        tr("report_frequencies_total", language)
    columns = [("code", tr("code", language)), ("name", tr("name", language))]
    columns += [(f"{by}:{g}", g) for g in groups] + [("total", tr("total", language))]
    rows = [[c.id, _name(c, language), *(cells[(c.id, g)] for g in groups), totals[c.id]]
            for c in _codes(store, code_ids, set(totals))]
    return _checked(Report("frequencies", title, columns, rows,
                           sheet=f"frequencies-{by}" if by else "frequencies"), gate)


def cooccurrence(store: Store, *, coders: list[str] | None = None, codes: list[str] | None = None,
                 language: str = "nl", gate: Gate | None = None) -> Report:
    coder_ids, code_ids = _coder_ids(store, coders), _code_ids(store, codes)
    totals = Counter(row[5] for row in store.report_codings(coder_ids, code_ids))
    pairs = {(a, b): n for a, b, n in store.overlapping_pairs(coder_ids, code_ids)}
    listed = _codes(store, code_ids, set(totals))
    columns = [("code", tr("code", language)), ("name", tr("name", language))]
    columns += [(f"code:{c.id}", c.id) for c in listed]
    rows = [[a.id, _name(a, language),
             *(totals[a.id] if a.id == b.id else pairs.get((a.id, b.id), 0) for b in listed)]
            for a in listed]
    return _checked(Report("cooccurrence", tr("report_cooccurrence", language), columns,
                           rows), gate or Gate.for_project(store))


def speakers(store: Store, *, coders: list[str] | None = None, codes: list[str] | None = None,
             language: str = "nl", gate: Gate | None = None) -> Report:
    gate = gate or Gate.for_project(store)
    coder_ids, code_ids = _coder_ids(store, coders), _code_ids(store, codes)
    codings = store.report_codings(coder_ids, code_ids)
    code_of = {row[0]: row[5] for row in codings}
    doc_of = {row[0]: row[1] for row in codings}
    cells: Counter[tuple[str, str]] = Counter()
    labels: set[str] = set()
    for coding_id, speaker, _role, chars in store.coding_speakers(coder_ids, code_ids):
        shown = gate.shown(doc_of[coding_id]).speaker(speaker) or ""
        cells[(code_of[coding_id], shown)] += chars
        labels.add(shown)
    groups = sorted(labels, key=str.casefold)
    columns = [("code", tr("code", language)), ("name", tr("name", language))]
    columns += [(f"speaker:{g}", g) for g in groups] + [("total", tr("total", language))]
    rows = []
    for code in _codes(store, code_ids, set(code_of.values())):
        values = [cells[(code.id, g)] for g in groups]
        rows.append([code.id, _name(code, language), *values, sum(values)])
    return _checked(Report("speakers", tr("report_speakers", language), columns, rows), gate)


def shown_fragments(gate: Gate, found: list[query.Fragment]) -> list[query.Fragment]:
    """Retrieved fragments as an output shows them: the document's display name, the
    pseudonymised text, the speakers' pseudonyms and the memo pseudonymised and checked."""
    shown = []
    for f in found:
        view = gate.shown(f.coding.document_id)
        memo = gate.memo(f"memo on coding {f.coding.id}", f.coding.memo) if f.coding.memo \
            else f.coding.memo
        coding = dataclasses.replace(f.coding, memo=memo)
        shown.append(query.Fragment(coding, view.name, view.slice(f.coding.start, f.coding.end),
                                    [view.speaker(s) or "" for s in f.speakers]))
    return shown


def fragments(store: Store, *, coders: list[str] | None = None, codes: list[str] | None = None,
              language: str = "nl", gate: Gate | None = None) -> Report:
    """The coded fragments (casebook.coding.query) by code, in codebook order."""
    gate = gate or Gate.for_project(store)
    all_codes = store.codes(include_retired=True)
    order = {c.id: n for n, c in enumerate(all_codes)}
    names = {c.id: _name(c, language) for c in all_codes}
    found = shown_fragments(gate, query.fragments(store, coder_ids=_coder_ids(store, coders),
                                                  code_ids=_code_ids(store, codes)))
    found.sort(key=lambda f: (order.get(f.coding.code_id, len(order)), f.coding.document_id,
                              f.coding.start))
    keys = ("code", "name", "document", "speaker", "coder", "start", "end", "text", "memo")
    columns = [(k, tr(k, language)) for k in keys]
    rows = [[f.coding.code_id, names.get(f.coding.code_id, f.coding.code_id), f.document,
             ", ".join(f.speakers), f.coding.coder_name, f.coding.start, f.coding.end, f.text,
             f.coding.memo or ""] for f in found]
    return _checked(Report("fragments", tr("report_fragments", language), columns, rows), gate)


def make(store: Store, kind: str, *, by: str | None = None, coders: list[str] | None = None,
         codes: list[str] | None = None, language: str = "nl",
         gate: Gate | None = None) -> Report:
    """One report by name (for the CLI and the TUI)."""
    if kind == "frequencies":
        return frequencies(store, by, coders=coders, codes=codes, language=language, gate=gate)
    makers = {"cooccurrence": cooccurrence, "speakers": speakers, "fragments": fragments}
    if kind not in makers:
        raise CasebookError(f"must be one of {', '.join(KINDS)}", field="report")
    return makers[kind](store, coders=coders, codes=codes, language=language, gate=gate)


def all_reports(store: Store, *, coders: list[str] | None = None, codes: list[str] | None = None,
                language: str = "nl", gate: Gate | None = None) -> list[Report]:
    """Every report once (frequencies by document, speaker and role), for one workbook."""
    gate = gate or Gate.for_project(store)
    return [*(frequencies(store, by, coders=coders, codes=codes, language=language, gate=gate)
              for by in GROUPS),
            *(make(store, kind, coders=coders, codes=codes, language=language, gate=gate)
              for kind in KINDS[1:])]


# -- files --------------------------------------------------------------------------------
def to_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(report.labels)
    writer.writerows(report.rows)
    return buffer.getvalue()


def write_xlsx(reports: list[Report], path: str | Path) -> None:
    """One worksheet per report, header row bold and frozen, text wrapped."""
    import xlsxwriter

    with replacing(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False,
                                              "strings_to_formulas": False,
                                              "strings_to_urls": False})
        bold = book.add_format({"bold": True})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        for report in reports:
            sheet = book.add_worksheet((report.sheet or report.kind)[:31])
            sheet.write_row(0, 0, report.labels, bold)
            for number, row in enumerate(report.rows, 1):
                sheet.write_row(number, 0, row)
            sheet.freeze_panes(1, 2)
            if report.kind == "fragments":
                sheet.set_column(7, 8, 60, wrap)
            sheet.set_column(0, 1, 24)
        book.close()
