"""The workbench's coding actions (apply, pick, remove, memo, undo, redo, search, filter),
as a mixin of the app: each asks the CodingSession to do the work -- one store transaction
per action -- and then tells the views what changed (``self.changed``)."""

from __future__ import annotations

from casebook.coding.session import Change
from casebook.i18n import tr
from casebook.tui.screens.memo import MemoEditor
from casebook.tui.screens.picker import Picker
from casebook.tui.screens.prompt import Prompt


class CodingActions:
    """Needs ``session``, ``language``, ``transcript``, ``status``, ``changed``,
    ``open_document``, ``jump`` and ``selection_moved`` from the app."""

    # -- coding actions -------------------------------------------------------------
    def action_apply_code(self, code_id: str) -> None:
        change = self.session.apply(code_id)
        if change is None and self.session.selection.target_span() is None:
            self.notify(tr("nothing_selected", self.language), severity="warning", timeout=2)
        self.changed(change, tr("applied", self.language,
                                code=self.session.code_label(code_id, self.language)))

    def action_pick_code(self) -> None:
        session = self.session
        ordered = session.recent + [c.id for c in session.codes if c.id not in session.recent]
        items = []
        for code_id in ordered:
            code = session.code_by_id[code_id]
            label = session.code_label(code_id, self.language)
            if code_id in session.recent:
                label += f"  ({tr('recent', self.language)})"
            if code.hotkey:
                label = f"[{code.hotkey}] {label}"
            items.append((code_id, label, code.colour))
        self.push_screen(Picker(tr("pick_code", self.language), items),
                         lambda code_id: code_id and self.action_apply_code(code_id))

    def _with_coding_here(self, then) -> None:
        """Run ``then(coding)`` on the coding under the cursor, asking if there are several."""
        here = self.session.codings_here()
        if not here:
            self.notify(tr("no_coding_here", self.language), severity="warning", timeout=2)
            return
        if len(here) == 1:
            then(here[0])
            return
        by_id = {str(c.id): c for c in here}
        items = [(str(c.id), f"{self.session.code_label(c.code_id, self.language)}  "
                  f"{c.start}-{c.end}  {c.coder_name or ''}"
                  + (f"  ✎ {c.memo[:30]}" if c.memo else ""),
                  self.session.code_by_id[c.code_id].colour
                  if c.code_id in self.session.code_by_id else None) for c in here]
        self.push_screen(Picker(tr("pick_coding", self.language), items, search=False),
                         lambda chosen: chosen and then(by_id[chosen]))

    def action_remove_coding(self) -> None:
        def remove(coding) -> None:
            self.changed(self.session.remove(coding.id), tr(
                "removed", self.language, code=self.session.code_label(coding.code_id,
                                                                        self.language)))
        self._with_coding_here(remove)

    def action_memo(self) -> None:
        def edit(coding) -> None:
            title = tr("memo_prompt", self.language,
                       code=self.session.code_label(coding.code_id, self.language))
            quote = self.session.text[coding.start:coding.end]

            def save(text: str | None) -> None:
                if text is not None:
                    self.changed(self.session.set_memo(coding.id, text),
                                 tr("memo_saved", self.language))
            self.push_screen(MemoEditor(title, coding.memo, quote), save)
        self._with_coding_here(edit)

    def _replay(self, change: Change | None, done: str, nothing: str) -> None:
        if change is None:
            self.notify(tr(nothing, self.language), timeout=2)
            return
        if self.session.doc is None or change.document_id != self.session.doc.id:
            self.open_document(change.document_id)
        self.changed(change, tr(done, self.language))
        self.jump(change.document_id, change.start, change.end)

    def action_undo(self) -> None:
        self._replay(self.session.undo(), "undone", "nothing_undo")

    def action_redo(self) -> None:
        self._replay(self.session.redo(), "redone", "nothing_redo")

    # -- search and filter ----------------------------------------------------------
    def action_search(self) -> None:
        def found(query: str | None) -> None:
            if query is None:
                return
            hits = self.session.selection.search(query)
            self.transcript.relayout()  # redraw the marks of old and new hits
            if hits:
                self.notify(tr("hits", self.language, n=len(hits), q=query), timeout=2)
                self.action_next_hit()
            elif query:
                self.notify(tr("no_hits", self.language), severity="warning", timeout=2)
        self.push_screen(Prompt(tr("search_prompt", self.language),
                                self.session.selection.query), found)

    def _hit(self, backwards: bool) -> None:
        old = self.session.selection.span
        if self.session.selection.next_hit(backwards):
            self.selection_moved(old)

    def action_next_hit(self) -> None:
        self._hit(False)

    def action_prev_hit(self) -> None:
        self._hit(True)

    def action_filter(self) -> None:
        lang = self.language
        items = [("-", tr("filter_none", lang), None)]
        items += [(f"speaker:{s}", f"{tr('speaker', lang)}: {s}", None)
                  for s in self.session.selection.speakers()]
        items += [(f"code:{c.id}", f"{tr('code', lang)}: {self.session.code_label(c.id, lang)}",
                   c.colour) for c in self.session.codes]

        def chosen(item: str | None) -> None:
            if item is None:
                return
            kind, _, value = item.partition(":")
            self.session.selection.set_filter(speaker=value if kind == "speaker" else None,
                                              code=value if kind == "code" else None)
            self.transcript.relayout()
            self.transcript.show_selection()
            self.status.refresh_status()
            label = dict((i[0], i[1]) for i in items)[item]
            self.notify(tr("filter_off", lang) if kind == "-" else
                        tr("filter_on", lang, what=label), timeout=2)
        self.push_screen(Picker(tr("filter_prompt", lang), items), chosen)
