"""The workbench's keys in one table: the transcript's bindings, the footer and the help
screen are all made from it, in the current language."""

from __future__ import annotations

# (keys, action, description key in i18n, shown in the footer)
TRANSCRIPT_KEYS: list[tuple[str, str, str, bool]] = [
    ("j,down", "app.move('next_sentence')", "k_next_sentence", False),
    ("k,up", "app.move('prev_sentence')", "k_prev_sentence", False),
    ("J", "app.move('next_turn')", "k_next_turn", False),
    ("K", "app.move('prev_turn')", "k_prev_turn", False),
    ("w,right", "app.move('next_word')", "k_next_word", False),
    ("b,left", "app.move('prev_word')", "k_prev_word", False),
    ("shift+right", "app.move('grow_word')", "k_grow", False),
    ("shift+left", "app.move('shrink_word')", "k_shrink", False),
    ("s", "app.move('extend_sentence')", "k_sentence", False),
    ("t", "app.move('extend_turn')", "k_turn", False),
    ("pagedown", "app.page(1)", "k_page_down", False),
    ("pageup", "app.page(-1)", "k_page_up", False),
    ("c", "app.pick_code", "k_pick", True),
    ("x", "app.remove_coding", "k_remove", True),
    ("m", "app.memo", "k_memo", True),
    ("u", "app.undo", "k_undo", True),
    ("ctrl+r", "app.redo", "k_redo", True),
    ("slash", "app.search", "k_search", True),
    ("n", "app.next_hit", "k_next_hit", False),
    ("N", "app.prev_hit", "k_prev_hit", False),
    ("f", "app.filter", "k_filter", True),
    ("r", "app.retrieval", "k_retrieval", True),
]

APP_KEYS: list[tuple[str, str, str, bool]] = [
    ("tab", "focus_next", "k_focus", False),
    ("question_mark", "help", "k_help", True),
    ("ctrl+l", "toggle_language", "k_language", True),
    ("q", "quit", "k_quit", True),
]

DISPLAY = {"slash": "/", "question_mark": "?", "pagedown": "PgDn", "pageup": "PgUp",
           "shift+right": "shift+→", "shift+left": "shift+←", "down": "↓", "up": "↑",
           "right": "→", "left": "←", "ctrl+r": "^r", "ctrl+l": "^l"}


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


def bindings(table, language: str, skip: set[str] = frozenset()):
    """Textual Bindings for ``table`` in ``language``, leaving out the keys in ``skip``
    (codebook hotkeys win over workbench keys)."""
    from textual.binding import Binding

    from casebook.i18n import tr

    result = []
    for keys, action, text, show in table:
        for key in keys.split(","):
            if key in skip:
                continue
            result.append(Binding(key, action, tr(text, language), show=show,
                                  key_display=DISPLAY.get(key)))
            show = False  # only the first key of a row in the footer
    return result
