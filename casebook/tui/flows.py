"""The coding screen's dialogs: remove or edit a coding (asking which one, and asking first
when it is another coder's), a new code (also in vivo), autocode, memos on the document and
the project, search, go to turn, the filters.

Each function gets the coding screen and returns what it pushed, so the key that opened it
can wait until the dialog has focus (see casebook.tui.keys).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from casebook.coding import autocode as auto
from casebook.coding.selection import compile_query
from casebook.coding.session import Filters
from casebook.errors import CasebookError, NotFound
from casebook.i18n import tr
from casebook.model import Coding
from casebook.tui import choices, keys
from casebook.tui.screens.confirm import Confirm
from casebook.tui.screens.form import Form, Step
from casebook.tui.screens.memo import MemoEditor
from casebook.tui.screens.picker import Item, Picker
from casebook.tui.screens.prompt import Prompt

Pushed = Awaitable | None
UNITS = {"hit": "autocode_hit", "sentence": "autocode_sentence", "turn": "autocode_turn"}
MEMO_ON = {"project": "memo_on_project", "document": "memo_on_document"}
NEW_MEMO = {"project": "new_memo_project", "document": "new_memo_document"}


async def with_coding_here(screen, then: Callable[[object, Coding], Pushed]) -> None:
    """Run ``then(screen, coding)`` on the coding under the cursor, asking which if there
    are several."""
    session, language = screen.session, screen.language
    here = session.codings_here()
    if not here:
        screen.notify(tr("no_coding_here", language), severity="warning", timeout=2)
        return
    if len(here) == 1:
        pushed = then(screen, here[0])
        if pushed is not None:
            await pushed
        return
    by_id = {str(c.id): c for c in here}
    await screen.app.push_screen(Picker(tr("pick_coding", language),
                                        choices.coding_items(session, here, language),
                                        lambda chosen: then(screen, by_id[chosen]),
                                        search=False))


def _if_owned(screen, coding: Coding, do: Callable[[], Pushed], question: str) -> Pushed:
    """``do()`` for one's own coding; for another coder's, ask first."""
    if screen.session.owns(coding):
        return do()
    language = screen.language
    return screen.app.push_screen(Confirm(
        tr(question, language, name=coding.coder_name or "?",
           code=screen.session.code_label(coding.code_id, language)),
        tr("confirm_hint", language), do))


def remove(screen, coding: Coding) -> Pushed:
    session, language = screen.session, screen.language

    def do() -> None:
        label = session.code_label(coding.code_id, language)
        screen.writer.run(lambda: session.remove(coding.id),
                          lambda change: screen.changed(change, tr("removed", language,
                                                                   code=label)))
    return _if_owned(screen, coding, do, "confirm_remove")


def edit_memo(screen, coding: Coding) -> Pushed:
    session, language = screen.session, screen.language

    def do() -> Pushed:
        def saved(text: str) -> None:
            def write():
                try:
                    return session.set_memo(coding.id, text)
                except NotFound:  # removed in another window: show what is not saved
                    raise CasebookError(tr("coding_gone", language, memo=text.strip())) \
                        from None
            screen.writer.run(write, lambda change: screen.changed(change, tr("memo_saved",
                                                                              language)))
        title = tr("memo_prompt", language, code=session.code_label(coding.code_id, language))
        others = [m.text for m in session.memos_on(coding.id)
                  if not (m.coder_id == coding.coder_id and m.text == coding.memo)]
        quote = f"“{session.text[coding.start:coding.end][:150]}”"
        return screen.app.push_screen(MemoEditor(title, coding.memo, "\n".join(
            [quote, *(f"✎ {text}" for text in others)]), saved))
    return _if_owned(screen, coding, do, "confirm_edit")


def new_code(screen, name: str, span: tuple[int, int] | None = None) -> Pushed:
    """Ask a new code's name, parent and hotkey; add it to the codebook (and code ``span``
    with it: in vivo)."""
    from casebook.codebook import service

    session, language = screen.session, screen.language
    taken = {code.hotkey: code.id for code in session.codes if code.hotkey}

    def hotkey_problem(_answers: dict, key: str) -> str | None:
        if key in taken:
            return tr("hotkey_taken", language, hotkey=key, code=taken[key])
        if key and not key.isalnum():
            return tr("hotkey_letter", language)
        return tr("hotkey_workbench", language, hotkey=key) if key in keys.OWN else None

    def done(answers: dict) -> str | None:
        parent = answers["parent"] or None
        try:
            code_id = service.new_id(screen.project, answers["name"], parent)
            service.add(screen.project, code_id, answers["name"].strip(), parent=parent,
                        hotkey=answers["hotkey"] or None)
        except CasebookError as err:
            return str(err)
        screen.app.codebook_changed()
        if span is not None:
            screen.writer.run(lambda: session.apply(code_id, span), screen.changed)
        screen.notify(tr("code_added", language, code=answers["name"].strip()), timeout=2)
        return None
    steps = [Step("name", tr("code_name", language), name,
                  check=lambda _a, text: None if text.strip() else tr("name_needed", language)),
             Step("parent", tr("code_parent", language), items=choices.parent_items(
                 session, language)),
             Step("hotkey", tr("code_hotkey", language), restrict=r".?", check=hotkey_problem)]
    title = tr("in_vivo_title" if span else "new_code_title", language)
    return screen.app.push_screen(Form(title, steps, done))


async def in_vivo(screen) -> None:
    """The selected words (at a caret: the sentence) become a new code, applied to them."""
    span = screen.session.selection.target_span()
    if span is None:
        screen.notify(tr("nothing_selected", screen.language), severity="warning", timeout=2)
        return
    words = " ".join(screen.session.text[span[0]:span[1]].split())
    await new_code(screen, words[:60].strip(" .,;:!?"), span=span)


def autocode(screen) -> Pushed:
    """Ask what to search, where, which unit and which code; show what it would code;
    code it all as one step."""
    session, language = screen.session, screen.language

    def search_problem(answers: dict, text: str) -> str | None:
        if not text.strip():
            return tr("search_needed", language)
        try:
            compile_query(text, regex=answers.get("regex", False))
        except CasebookError as err:
            return str(err)
        return None

    def plan(answers: dict) -> auto.Plan:
        return auto.plan(session, answers["query"], answers["code"],
                         regex=answers.get("regex", False),
                         speaker=answers["speaker"] or None, unit=answers["unit"])

    def preview(answers: dict) -> str:
        found = plan(answers)
        return tr("autocode_preview", language, n=found.hits, turns=found.turns,
                  new=found.new, done=found.done,
                  code=session.code_label(answers["code"], language))

    def done(answers: dict) -> str | None:
        found = plan(answers)
        if not found.new:
            return tr("autocode_nothing", language)
        added = tr("n_codings", language, n=found.new)
        screen.writer.run(lambda: session.apply_all(answers["code"], found.spans),
                          lambda change: screen.changed(change, added))
        return None
    speakers = [Item("", tr("all_speakers", language))] + [
        Item(s, s) for s in session.selection.speakers()]
    units = [Item(unit, tr(UNITS[unit], language)) for unit in auto.UNITS]
    steps = [Step("query", tr("autocode_search", language), session.selection.query,
                  check=search_problem, toggle=("regex", tr("regex", language))),
             Step("speaker", tr("autocode_speaker", language), items=speakers),
             Step("unit", tr("autocode_unit", language), items=units),
             Step("code", tr("autocode_code", language),
                  items=choices.code_items(session, language)),
             Step("preview", tr("autocode_confirm", language), preview=preview)]
    return screen.app.push_screen(Form(tr("autocode_title", language), steps, done))


def notes(screen) -> Pushed:
    """Memos on the open document and on the project: write a new one, or read one."""
    from casebook.model import Memo

    session, language = screen.session, screen.language
    targets = [("project", "")] + ([("document", str(session.doc.id))] if session.doc else [])
    items = [Item(f"new:{kind}:{target}", tr(NEW_MEMO[kind], language))
             for kind, target in targets]
    memos = {str(m.id): m for kind, target in targets
             for m in session.store.memos(kind, target or None)}
    items += [Item(memo_id, f"{tr(MEMO_ON[m.target_kind], language)}: "
                            f"{' '.join(m.text.split())[:60]}") for memo_id, m in memos.items()]

    def chosen(item_id: str) -> Pushed:
        if item_id in memos:
            memo = memos[item_id]
            return screen.app.push_screen(MemoEditor(tr(MEMO_ON[memo.target_kind], language),
                                                     memo.text, "", lambda _text: None))
        _new, kind, target = item_id.split(":")

        def saved(text: str) -> None:
            if text.strip():
                screen.writer.run(lambda: session.store.add_memo(Memo(
                    kind, target, text.strip(), session.coder.id)),
                    lambda _id: screen.notify(tr("memo_saved", language), timeout=2))
        return screen.app.push_screen(MemoEditor(tr(NEW_MEMO[kind], language), "", "",
                                                 saved))
    return screen.app.push_screen(Picker(tr("memos_title", language), items, chosen))


def search(screen) -> Pushed:
    """Ask what to search; mark and count the hits, select the first after the selection
    (once the whole document is read)."""
    session, language = screen.session, screen.language

    def found(query: str) -> None:
        if screen.gate.waits(lambda: found(query)):
            return
        hits = session.selection.search(query)
        screen.transcript.relayout()  # redraw the marks of old and new hits
        if hits:
            screen.notify(tr("hits", language, n=len(hits), q=query), timeout=2)
            screen.hit(False)
        elif query:
            screen.notify(tr("no_hits", language), severity="warning", timeout=2)
        screen.status.refresh_status()
    return screen.app.push_screen(Prompt(tr("search_prompt", language), found,
                                         session.selection.query))


def go_to_turn(screen) -> Pushed:
    """Ask a turn's number and select that turn (clearing filters that hide it)."""
    session, language = screen.session, screen.language

    def go(text: str) -> None:
        if not (text.isdigit() and session.selection.go_to_turn(int(text))):
            screen.notify(tr("no_such_turn", language, n=len(session.turns)),
                          severity="warning", timeout=2)
            return
        screen.show_filters()
        screen.span = session.selection.span
    return screen.app.push_screen(Prompt(tr("turn_prompt", language, n=len(session.turns)),
                                         go, restrict=r"[0-9]*"))


def choose_filter(screen) -> Pushed:
    """Pick what the transcript shows: a speaker, a code, a coder, or everything."""
    language = screen.language
    rows = choices.filter_items(screen.session, language)
    made = {item.id: (item, filters) for item, filters in rows}

    def chosen(item_id: str) -> None:
        item, filters = made[item_id]
        screen.set_filters(filters)
        screen.notify(tr("filter_off", language) if filters == Filters() else
                      tr("filter_on", language, what=item.label), timeout=2)
    return screen.app.push_screen(Picker(tr("filter_prompt", language),
                                         [item for item, _ in rows], chosen))
