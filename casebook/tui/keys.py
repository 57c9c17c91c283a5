"""The workbench's keys in one table: the coding screen's bindings, the footer and the help
screen are all made from it, in the current language.

A binding's description is a key of :mod:`casebook.i18n` (the footer translates it), its id
is ``casebook.<name>`` (so a keymap can move it). The codebook's hotkeys are slots
(``casebook.hotkey.N``) that the app maps to the codebook's keys with ``App.set_keymap``:
a hotkey wins over a workbench key on the same key.

Every binding of the coding screen has priority: it is handled the moment its key arrives,
in the order keys arrive, whatever has focus -- so a burst of keys (as over SSH) is acted on
in order. Keys a side panel needs itself (arrows, Home/End, PgUp/PgDn, Enter, Space) are
``arrow(...)`` actions that the screen hands to the focused panel in the same turn
(casebook.tui.widgets.side), so they too keep their place in a burst.
"""

from __future__ import annotations

import re

# (key, action, description key in i18n, shown in the footer)
TRANSCRIPT_KEYS: list[tuple[str, str, str, bool]] = [
    ("j", "move('next_sentence')", "k_next_sentence", False),
    ("down", "arrow('next_sentence')", "k_next_sentence", False),
    ("k", "move('prev_sentence')", "k_prev_sentence", False),
    ("up", "arrow('prev_sentence')", "k_prev_sentence", False),
    ("J", "move('next_turn')", "k_next_turn", False),
    ("K", "move('prev_turn')", "k_prev_turn", False),
    ("w", "move('next_word')", "k_next_word", False),
    ("right", "arrow('next_word')", "k_next_word", False),
    ("b", "move('prev_word')", "k_prev_word", False),
    ("left", "arrow('prev_word')", "k_prev_word", False),
    ("shift+right", "move('grow_word')", "k_grow", False),
    ("shift+left", "move('shrink_word')", "k_shrink", False),
    ("shift+down", "move('add_sentence')", "k_add_sentence", False),
    ("shift+up", "move('drop_sentence')", "k_drop_sentence", False),
    ("s", "move('extend_sentence')", "k_sentence", False),
    ("t", "move('extend_turn')", "k_turn", False),
    ("home", "arrow('first')", "k_first", False),
    ("end", "arrow('last')", "k_last", False),
    ("pagedown", "arrow('page_down')", "k_page_down", False),
    ("pageup", "arrow('page_up')", "k_page_up", False),
    ("g", "go_to_turn", "k_go_to_turn", False),
    ("right_square_bracket", "next_coding(1)", "k_next_coding", False),
    ("left_square_bracket", "next_coding(-1)", "k_prev_coding", False),
    ("c", "pick_code", "k_pick", True),
    ("plus", "new_code", "k_new_code", False),
    ("i", "in_vivo", "k_in_vivo", False),
    ("x", "remove_coding", "k_remove", True),
    ("m", "memo", "k_memo", True),
    ("M", "notes", "k_notes", False),
    ("u", "undo", "k_undo", True),
    ("ctrl+r", "redo", "k_redo", False),
    ("slash", "search", "k_search", True),
    ("n", "next_hit", "k_next_hit", False),
    ("N", "prev_hit", "k_prev_hit", False),
    ("a", "autocode", "k_autocode", False),
    ("f", "filter", "k_filter", True),
    ("r", "retrieval", "k_retrieval", True),
    ("ctrl+t", "toggle_panel('codes')", "k_codes_panel", False),
    ("ctrl+o", "toggle_panel('documents')", "k_documents_panel", False),
]

# keys for the side panels (Enter applies a code, opens a document; Space folds; shift+tab
# goes back): bound here too, so they keep their place among the keys above (not in help)
PANEL_KEYS: list[tuple[str, str, str, bool]] = [
    ("enter", "arrow('choose')", "k_codes_panel", False),
    ("space", "arrow('fold')", "k_codes_panel", False),
    ("shift+tab", "app.focus_previous", "k_focus", False),
]

APP_KEYS: list[tuple[str, str, str, bool]] = [
    ("tab", "app.focus_next", "k_focus", False),
    ("question_mark", "help", "k_help", True),
    ("ctrl+l", "app.toggle_language", "k_language", False),
    ("q", "app.quit", "k_quit", True),
]

# the letters the workbench uses itself: a new code's hotkey may not be one of them
OWN = frozenset(key for key, *_rest in TRANSCRIPT_KEYS + APP_KEYS if len(key) == 1)
HOTKEY_SLOTS = 32  # more hotkeys than a codebook can sensibly have

DISPLAY = {"slash": "/", "question_mark": "?", "pagedown": "PgDn", "pageup": "PgUp",
           "shift+right": "shift+→", "shift+left": "shift+←", "shift+down": "shift+↓",
           "shift+up": "shift+↑", "down": "↓", "up": "↑", "right": "→", "left": "←",
           "ctrl+r": "^r", "ctrl+l": "^l", "ctrl+t": "^t", "ctrl+o": "^o", "plus": "+",
           "home": "Home", "end": "End", "right_square_bracket": "]",
           "left_square_bracket": "["}


def binding_id(action: str) -> str:
    """``move('next_sentence')`` -> ``casebook.move.next_sentence``."""
    return "casebook." + re.sub(r"[^\w-]+", ".", action.removeprefix("app.")).strip(".")


def bindings() -> list:
    """The coding screen's bindings: every row of the tables, then the hotkey slots."""
    from textual.binding import Binding

    result = [Binding(key, action, text, show=show, key_display=DISPLAY.get(key),
                      priority=True, id=binding_id(action))
              for key, action, text, show in TRANSCRIPT_KEYS + PANEL_KEYS + APP_KEYS]
    result += [Binding(slot_key(n), f"hotkey({n})", "k_pick", show=n == 0, priority=True,
                       id=slot_id(n)) for n in range(HOTKEY_SLOTS)]
    return result


def slot_key(n: int) -> str:
    """A key no terminal sends: where a slot sits until the keymap gives it a hotkey."""
    return f"casebook-hotkey-{n}"


def slot_id(n: int) -> str:
    return f"casebook.hotkey.{n}"


def keymap(hotkeys: list[str]) -> dict[str, str]:
    """The keymap that puts the codebook's ``hotkeys`` on the slots, in order."""
    return {slot_id(n): key for n, key in enumerate(hotkeys[:HOTKEY_SLOTS])}


def hotkeys_display(hotkeys: list[str]) -> str:
    """The codebook's hotkeys in a few characters for the footer: "1-8 WCD", "1 2 3"."""
    digits = sorted(int(k) for k in hotkeys if k.isdigit())
    others = "".join(k for k in hotkeys if not k.isdigit())
    if len(digits) > 2 and digits == list(range(digits[0], digits[-1] + 1)):
        shown = f"{digits[0]}-{digits[-1]}"
    else:
        shown = " ".join(map(str, digits))
    shown = " ".join(part for part in (shown, others) if part)
    return shown if len(shown) <= 9 else shown[:8] + "…"


def display(keys: str) -> str:
    return " ".join(DISPLAY.get(k, k) for k in keys.split(","))


def help_rows() -> list[tuple[str, str]]:
    """(keys, description key) for the help screen: the keys of one description together,
    in the order of the tables."""
    rows: dict[str, list[str]] = {}
    for key, _action, text, _show in TRANSCRIPT_KEYS + APP_KEYS:
        rows.setdefault(text, []).append(DISPLAY.get(key, key))
    return [(" ".join(shown), text) for text, shown in rows.items()]
