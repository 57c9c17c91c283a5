"""The workbench's words in Dutch and English: one table, one lookup."""

from __future__ import annotations

LANGUAGES = ("nl", "en")

TEXT: dict[str, tuple[str, str]] = {  # key: (nl, en)
    "title": ("Casebook: coderen", "Casebook: coding"),
    "documents": ("Documenten", "Documents"),
    "no_documents": ("Geen documenten: importeer eerst met `casebook import`.",
                     "No documents: import some with `casebook import` first."),
    "coded": ("gecodeerd", "coded"),
    "codings": ("coderingen", "codings"),
    # key descriptions (footer and help)
    "k_next_sentence": ("volgende zin", "next sentence"),
    "k_prev_sentence": ("vorige zin", "previous sentence"),
    "k_next_turn": ("volgende beurt", "next turn"),
    "k_prev_turn": ("vorige beurt", "previous turn"),
    "k_next_word": ("volgend woord", "next word"),
    "k_prev_word": ("vorig woord", "previous word"),
    "k_grow": ("+woord", "+word"),
    "k_shrink": ("-woord", "-word"),
    "k_sentence": ("hele zin", "whole sentence"),
    "k_turn": ("hele beurt", "whole turn"),
    "k_pick": ("code", "code"),
    "k_remove": ("weg", "remove"),
    "k_memo": ("memo", "memo"),
    "k_undo": ("ongedaan", "undo"),
    "k_redo": ("opnieuw", "redo"),
    "k_search": ("zoek", "search"),
    "k_next_hit": ("volgende treffer", "next hit"),
    "k_prev_hit": ("vorige treffer", "previous hit"),
    "k_filter": ("filter", "filter"),
    "k_retrieval": ("ophalen", "retrieve"),
    "k_focus": ("wissel paneel", "switch pane"),
    "k_help": ("hulp", "help"),
    "k_quit": ("stop", "quit"),
    "k_language": ("taal", "language"),
    "k_page_down": ("pagina omlaag", "page down"),
    "k_page_up": ("pagina omhoog", "page up"),
    "k_hotkey": ("code toepassen (sneltoets uit het codeboek)",
                 "apply a code (hotkey from the codebook)"),
    "k_mouse": ("klik: cursor; slepen: selectie", "click: cursor; drag: selection"),
    "k_close": ("sluiten", "close"),
    "k_jump": ("ga naar fragment", "jump to fragment"),
    # messages
    "applied": ("Gecodeerd met {code}", "Coded with {code}"),
    "removed": ("Codering {code} verwijderd", "Removed coding {code}"),
    "memo_saved": ("Memo opgeslagen", "Memo saved"),
    "undone": ("Ongedaan gemaakt", "Undone"),
    "redone": ("Opnieuw gedaan", "Redone"),
    "nothing_undo": ("Niets om ongedaan te maken", "Nothing to undo"),
    "nothing_redo": ("Niets om opnieuw te doen", "Nothing to redo"),
    "no_coding_here": ("Geen codering onder de cursor", "No coding under the cursor"),
    "nothing_selected": ("Niets geselecteerd", "Nothing selected"),
    "hits": ("{n} treffers voor “{q}”", "{n} hits for “{q}”"),
    "no_hits": ("Geen treffers", "No hits"),
    "filter_on": ("Filter: {what}", "Filter: {what}"),
    "filter_off": ("Filter uit", "Filter off"),
    "language": ("Taal: Nederlands", "Language: English"),
    # screens
    "pick_code": ("Kies een code (typ om te zoeken, Enter kiest)",
                  "Pick a code (type to search, Enter picks)"),
    "pick_coding": ("Welke codering?", "Which coding?"),
    "search_prompt": ("Zoek in de tekst (Enter zoekt, Esc annuleert)",
                      "Search the text (Enter searches, Esc cancels)"),
    "filter_prompt": ("Filter op spreker of code", "Filter by speaker or code"),
    "filter_none": ("(geen filter)", "(no filter)"),
    "speaker": ("spreker", "speaker"),
    "code": ("code", "code"),
    "memo_prompt": ("Memo bij {code} (Ctrl+S bewaart, Esc annuleert)",
                    "Memo on {code} (Ctrl+S saves, Esc cancels)"),
    "retrieval": ("Ophalen: fragmenten per code", "Retrieval: fragments by code"),
    "retrieval_count": ("{n} fragmenten met {code}", "{n} fragments coded {code}"),
    "help_title": ("Sneltoetsen", "Keys"),
    "help_hotkeys": ("Codes en hun sneltoetsen", "Codes and their hotkeys"),
    "recent": ("recent", "recent"),
    "selection": ("selectie", "selection"),
}


def tr(key: str, language: str = "nl", **values: object) -> str:
    """The text for ``key`` in ``language`` (nl or en), with ``values`` filled in."""
    nl, en = TEXT[key]
    text = en if language == "en" else nl
    return text.format(**values) if values else text
