"""A question in steps (a new code: name, parent, hotkey; autocode: search, speaker, code,
preview), answered in one field.

Safe under a burst of keys: every step is answered in the same input field, which has focus
from the moment the form is mounted, so keys typed ahead for later steps arrive in order;
Enter is handled in the field's own turn (after the keys typed before it); the last step is
acted on before the form closes; keys after that land nowhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static

from casebook.tui.screens.picker import Item, Picker, rank
from casebook.tui.widgets.ordered import InOrder, actions


@dataclass(slots=True)
class Step:
    """One question: free text (``items`` None), a choice among ``items`` (the field
    filters them), or a ``preview`` of what Enter will do, made from the answers so far.
    ``check(answers, text)`` returns what is wrong with an answer, or None. ``toggle`` names
    an on/off answer that Ctrl+E switches (with its label)."""

    key: str
    label: str
    value: str = ""
    items: list[Item] | None = None
    preview: Callable[[dict], str] | None = None
    check: Callable[[dict, str], str | None] | None = None
    toggle: tuple[str, str] | None = None
    restrict: str | None = None


class FormInput(InOrder, Input):
    ORDER = actions({"down": "move(1)", "up": "move(-1)", "ctrl+e": "toggle",
                     "escape": "cancel"}, Input.BINDINGS)

    def watch_value(self, value: str) -> None:
        self.screen.typed(value)

    def action_move(self, step: int) -> None:
        self.screen.move(step)

    def action_toggle(self) -> None:
        self.screen.toggle()

    async def action_submit(self) -> None:
        self.screen.advance(self.value)

    def action_cancel(self) -> None:
        self.screen.action_cancel()


class Form(ModalScreen[dict | None]):
    """Asks ``steps`` in turn; after the last, ``done(answers)`` acts and returns None --
    the form closes -- or a message saying what is wrong (the form stays on the last
    step). Escape closes it without acting."""

    DEFAULT_CSS = """
    Form { align: center middle; background: $background; }  /* opaque: see Picker */
    Form > Vertical { width: 76; max-width: 100%; height: auto; max-height: 90%;
                      border: thick $accent; background: $surface; padding: 0 1; }
    Form #done { color: $text-muted; }
    Form #problem { color: $error; }
    Form OptionList { height: auto; max-height: 14; }
    """
    BINDINGS = [Binding("escape", "cancel", "k_close", show=False)]

    def __init__(self, title: str, steps: list[Step], done: Callable[[dict], str | None]) -> None:
        super().__init__()
        self.title_text, self.steps, self.done = title, steps, done
        self.index = 0
        self.answers: dict = {}
        self.shown: list[Item] = []
        self.record = Text()
        self.closed = False

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, id="title")
            yield Static("", id="done")
            yield Label("", id="question")
            yield FormInput(id="answer")
            yield OptionList(id="choices")
            yield Static("", id="preview")
            yield Label("", id="problem")

    def on_mount(self) -> None:
        self.query_one("#choices").can_focus = False
        self.set_focus(self.query_one(FormInput))
        self._show_step()

    def _show_step(self) -> None:
        step = self.step
        for key, _label in [step.toggle] if step.toggle else []:
            self.answers.setdefault(key, False)
        self.query_one("#question", Label).update(self._question())
        answer = self.query_one(FormInput)
        answer.restrict = step.restrict
        answer.value = step.value
        self.query_one("#choices").display = step.items is not None
        preview = self.query_one("#preview", Static)
        preview.display = step.preview is not None
        if step.preview is not None:
            preview.update(step.preview(self.answers))
        self._filter(step.value)

    def _question(self) -> Text:
        question = Text(self.step.label, style="bold")
        if self.step.toggle:
            key, label = self.step.toggle
            question.append(f"   [{'x' if self.answers.get(key) else ' '}] {label} (^e)")
        return question

    def typed(self, value: str) -> None:
        if self.is_mounted and self.step.items is not None:
            self._filter(value)

    def _filter(self, value: str) -> None:
        if self.step.items is None:
            return
        self.shown = rank(self.step.items, value)
        choices = self.query_one("#choices", OptionList)
        choices.set_options(Picker._options(self.shown))
        choices.highlighted = 0 if self.shown else None

    def move(self, step: int) -> None:
        choices = self.query_one("#choices", OptionList)
        if self.step.items is not None and self.shown:
            current = choices.highlighted or 0
            choices.highlighted = max(0, min(len(self.shown) - 1, current + step))

    def toggle(self) -> None:
        if self.step.toggle:
            key = self.step.toggle[0]
            self.answers[key] = not self.answers.get(key)
            self.query_one("#question", Label).update(self._question())

    def advance(self, text: str) -> None:
        """Enter: take the answer of this step, then ask the next (or act)."""
        if self.closed:
            return
        step = self.step
        if step.items is not None:
            highlighted = self.query_one("#choices", OptionList).highlighted
            if highlighted is None or highlighted >= len(self.shown):
                return
            text = self.shown[highlighted].id
        problem = step.check(self.answers, text) if step.check else None
        if problem is None:
            if step.preview is None:
                self.answers[step.key] = text
            if self.index + 1 < len(self.steps):
                self._record(step, text)
                self.index += 1
                self._show_step()
            elif (problem := self.done(self.answers)) is None:
                self.closed = True
                self.dismiss(self.answers)
                return
        self.query_one("#problem", Label).update(problem or "")

    def _record(self, step: Step, text: str) -> None:
        shown = next((i.label for i in self.shown if i.id == text), text) \
            if step.items is not None else text
        self.record.append(f"{step.label} ", style="bold")
        self.record.append(f"{shown}\n")
        self.query_one("#done", Static).update(self.record)

    def action_cancel(self) -> None:
        if not self.closed:
            self.closed = True
            self.dismiss(None)
