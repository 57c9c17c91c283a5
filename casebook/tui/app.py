"""The coding workbench: the app around the coding screen (casebook.tui.screens.coding).

The app holds what every screen shares: the project, the coding session, the language (a
reactive the screens follow; ctrl+l switches it and saves it to casebook.yaml), the
codebook's hotkeys (put on the coding screen's hotkey slots with ``set_keymap``) and the
command palette's entries, in the project's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from casebook.coding.session import CodingSession
from casebook.i18n import LANGUAGES, tr
from casebook.tui import keys, registry
from casebook.tui.widgets.margin import hex_colour

LOCK_WAIT = 0.1  # seconds a write waits for another process's lock before it is queued


class CasebookApp(App):
    language = reactive("nl")

    def __init__(self, project, document: str | int | None = None) -> None:
        super().__init__()
        self.project = project
        project.store.busy_wait = LOCK_WAIT  # a busy database: retried later, not waited on
        self.set_reactive(CasebookApp.language, project.settings.language
                          if project.settings.language in LANGUAGES else "nl")
        self.session = CodingSession(project.store, project.coder_name())
        self.first_document = document
        self.hotkey_codes: list[str] = []
        self.title = tr("title", self.language)
        # keys (and pasted text, in its place among them) held back until the coding screen
        # is up, or until an action that waits for the rest of a document has run
        # (casebook.tui.gate); None: they go through
        self._held: list[events.Key | events.Paste] | None = []

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and self._held is not None:
            self._held.append(event)
            return
        await super().on_event(event)

    def hold_keys(self) -> None:
        """Hold every key from now on until :meth:`release_keys`."""
        if self._held is None:
            self._held = []

    def release_keys(self) -> None:
        """Let the held keys go, in the order they came."""
        held, self._held = self._held or [], None
        for event in held:
            self.post_message(events.Paste(event.text) if isinstance(event, events.Paste)
                              else events.Key(event.key, event.character))

    def get_default_screen(self) -> Screen:
        from casebook.tui.screens.coding import CodingScreen

        self.codebook_changed()
        return CodingScreen(self.project, self.session, self.first_document)

    def codebook_changed(self) -> None:
        """Read the codebook again: colours, hotkeys, the code tree."""
        self.session.reload_codes()
        for code in self.session.codes:  # a colour rich cannot parse must not break drawing
            code.colour = hex_colour(code.colour)
        coded = [code for code in self.session.codes if code.hotkey]
        self.hotkey_codes = [code.id for code in coded]
        self.hotkeys_shown = keys.hotkeys_display([code.hotkey for code in coded])
        self.set_keymap(keys.keymap([code.hotkey for code in coded]))
        for screen in self.screen_stack:
            if hasattr(screen, "show_codes"):
                screen.show_codes()

    @contextmanager
    def reading(self) -> Iterator:
        """A store for a worker thread to read with: a read-only connection of its own
        (the project's own store when the database lives in memory)."""
        from casebook.store import Store

        store = self.project.store
        if store.path == ":memory:":
            yield store
            return
        reader = Store.open(store.path, read_only=True)
        try:
            yield reader
        finally:
            reader.close()

    def get_key_display(self, binding: Binding) -> str:
        if binding.id == keys.slot_id(0):  # the footer's one entry for all hotkeys
            return self.hotkeys_shown
        return super().get_key_display(binding)

    def open_registered(self, name: str):
        """Push the registered screen ``name`` (await the result to wait for its mount)."""
        return self.push_screen(registry.SCREENS[name].make(self))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        language = self.language
        for entry in registry.SCREENS.values():
            yield SystemCommand(entry.label(language), tr("palette_open", language),
                                lambda name=entry.name: self.open_registered(name))
        yield SystemCommand(tr("language", language), tr("k_language", language),
                            self.action_toggle_language)
        yield SystemCommand(tr("palette_theme", language), tr("palette_theme_help", language),
                            self.action_change_theme)
        yield SystemCommand(tr("palette_screenshot", language),
                            tr("palette_screenshot_help", language),
                            lambda: self.set_timer(0.1, self.deliver_screenshot))
        yield SystemCommand(tr("k_quit", language), tr("palette_quit_help", language),
                            self.action_quit)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=tr("palette_placeholder",
                                                           self.language),
                                            id="--command-palette"))

    def action_toggle_language(self) -> None:
        """Switch Nederlands/English and save it in the project's casebook.yaml."""
        self.language = LANGUAGES[(LANGUAGES.index(self.language) + 1) % len(LANGUAGES)]
        self.title = tr("title", self.language)
        self.project.settings.language = self.language
        self.project.save_settings()
        self.refresh_bindings()
        self.notify(tr("language", self.language), timeout=2)


def run(project, document: str | int | None = None) -> None:
    """Open the coding workbench on ``project`` (and on ``document``, if given). A crash
    exits with its return code (1), never 0."""
    app = CasebookApp(project, document)
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)
