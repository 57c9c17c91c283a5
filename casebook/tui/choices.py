"""What the coding screen's pickers list: codes (recent first), the codings under the cursor,
filters, parents for a new code. Plain functions of the session, in the current language."""

from __future__ import annotations

from casebook.coding.session import CodingSession, Filters
from casebook.i18n import tr
from casebook.model import Coding
from casebook.tui.screens.picker import Item
from casebook.tui.widgets.status import shorten


def code_items(session: CodingSession, language: str, *, recent: bool = True,
               categories: bool = False) -> list[Item]:
    """Every code a coding may carry (and the categories too, if ``categories``), the
    recently used ones first, with hotkey, matched on name, English name, id and
    description."""
    order = session.recent if recent else []
    ids = order + [c.id for c in session.codes if c.id not in order
                   and (categories or c.codable)]
    items = []
    for code_id in ids:
        code = session.code_by_id[code_id]
        label = session.code_label(code_id, language)
        if code_id in order:
            label += f"  ({tr('recent', language)})"
        if code.hotkey:
            label = f"[{code.hotkey}] {label}"
        items.append(Item(code_id, label, code.colour,
                          names=(code.name, code.name_en or "", code.id),
                          more=code.description))
    return items


def coding_items(session: CodingSession, codings: list[Coding], language: str) -> list[Item]:
    """The codings under the cursor, each with its code, text and coder."""
    items = []
    for coding in codings:
        code = session.code_by_id.get(coding.code_id)
        quote = shorten(session.text[coding.start:coding.end], 40)
        label = (f"{session.code_label(coding.code_id, language)}  “{quote}”  "
                 f"{coding.coder_name or ''}" + (f"  ✎ {coding.memo[:30]}" if coding.memo
                                                 else ""))
        items.append(Item(str(coding.id), label, code.colour if code else None))
    return items


def filter_items(session: CodingSession, language: str) -> list[tuple[Item, Filters]]:
    """The filters one can choose, each with the filters it makes: none, a speaker, a code
    (keeping the coder), a coder (keeping the rest)."""
    now = session.filters
    rows = [(Item("-", tr("filter_none", language)), Filters())]
    for speaker in session.selection.speakers():
        rows.append((Item(f"speaker:{speaker}", f"{tr('speaker', language)}: {speaker}"),
                     Filters(speaker=speaker, coder=now.coder)))
    for code in session.codes:
        label = f"{tr('code', language)}: {session.code_label(code.id, language)}"
        rows.append((Item(f"code:{code.id}", label, code.colour, names=(code.id,)),
                     Filters(code=code.id, coder=now.coder)))
    me = session.coder
    rows.append((Item(f"coder:{me.id}", tr("coder_mine", language, name=me.name)),
                 Filters(now.speaker, now.code, me.id)))
    for coder in session.store.coders():
        if coder.id != me.id:
            rows.append((Item(f"coder:{coder.id}", tr("coder_is", language, name=coder.name)),
                         Filters(now.speaker, now.code, coder.id)))
    rows.append((Item("coder:*", tr("all_coders", language)),
                 Filters(now.speaker, now.code, None)))
    return rows


def parent_items(session: CodingSession, language: str) -> list[Item]:
    """The codes a new code can go under, after "top level"."""
    return [Item("", tr("top_level", language)), *code_items(session, language,
                                                               recent=False, categories=True)]
