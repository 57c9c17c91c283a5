"""Keys acted on in the order they arrive, in a dialog's text field.

Textual inserts a typed character in the field's own turn, but acts on a bound key (Enter,
Backspace, arrows, Ctrl+S) only when the key has bubbled up to the app -- so in a burst of
keys (as over SSH) the characters typed after Enter can land before Enter is acted on. A
field with :class:`InOrder` acts on its bound keys itself, in its own turn, in order. Once its
dialog has closed (``screen.closed``) it passes what is still coming on to the app, so keys
typed ahead reach the screen below.
"""

from __future__ import annotations

from inspect import isawaitable

from textual import events
from textual.actions import parse
from textual.binding import Binding, BindingType


def actions(*tables: list[BindingType] | dict[str, str]) -> dict[str, str]:
    """Key -> action from binding lists (or dicts), the first table winning."""
    found: dict[str, str] = {}
    for table in tables:
        if isinstance(table, dict):
            for key, action in table.items():
                found.setdefault(key, action)
            continue
        for binding in Binding.make_bindings(table):
            found.setdefault(binding.key, binding.action)
    return found


class InOrder:
    """Mixin for a text field: ``ORDER`` maps keys to its actions (see :func:`actions`)."""

    ORDER: dict[str, str] = {}

    async def on_key(self, event: events.Key) -> None:
        if getattr(self.screen, "closed", False):
            event.prevent_default()
            event.stop()
            self.app.post_message(events.Key(event.key, event.character))
            return
        action = self.ORDER.get(event.key)
        if action is None:
            return
        event.prevent_default()
        event.stop()
        _namespace, name, params = parse(action)
        done = getattr(self, f"action_{name}")(*params)
        if isawaitable(done):
            await done
