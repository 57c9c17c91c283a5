"""Words every part uses: nouns for column heads and labels, and counts ("1 codering",
"2 coderingen").
Part of the one catalogue, :data:`casebook.i18n.CATALOGUE`; look them up with
:func:`casebook.i18n.tr`."""

from __future__ import annotations

from casebook.i18n.text import Entry

WORDS: dict[str, Entry] = {  # key: (nl, en)
    # nouns: column heads and labels everywhere
    "code": ("code", "code"),
    "coder": ("codeur", "coder"),
    "decision": ("besluit", "decision"),
    "document": ("document", "document"),
    "end": ("eind", "end"),
    "examples": ("Voorbeelden", "Examples"),
    "kind": ("soort", "kind"),
    "memo": ("memo", "memo"),
    "name": ("naam", "name"),
    "role": ("rol", "role"),
    "speaker": ("spreker", "speaker"),
    "start": ("begin", "start"),
    "text": ("tekst", "text"),
    "total": ("totaal", "total"),
    # counts ("1 codering", "2 coderingen")
    "n_cases": (("{n} casus", "{n} casussen"), ("{n} case", "{n} cases")),
    "n_codes": (("{n} code", "{n} codes"), ("{n} code", "{n} codes")),
    "n_coders": (("{n} codeur", "{n} codeurs"), ("{n} coder", "{n} coders")),
    "n_codings": (("{n} codering", "{n} coderingen"), ("{n} coding", "{n} codings")),
    "n_conflicts": (("{n} conflict", "{n} conflicten"), ("{n} conflict", "{n} conflicts")),
    "n_decisions": (("{n} besluit", "{n} besluiten"), ("{n} decision", "{n} decisions")),
    "n_documents": (("{n} document", "{n} documenten"), ("{n} document", "{n} documents")),
    "n_findings": (("{n} vondst", "{n} vondsten"), ("{n} finding", "{n} findings")),
    "n_fragments": (("{n} fragment", "{n} fragmenten"), ("{n} fragment", "{n} fragments")),
    "n_groups": (("{n} groep", "{n} groepen"), ("{n} group", "{n} groups")),
    "n_memos": (("{n} memo", "{n} memo's"), ("{n} memo", "{n} memos")),
    "n_pages": (("{n} pagina", "{n} pagina's"), ("{n} page", "{n} pages")),
    "n_questions": (("{n} vraag", "{n} vragen"), ("{n} question", "{n} questions")),
    "n_rows": (("{n} rij", "{n} rijen"), ("{n} row", "{n} rows")),
    "n_sentences": (("{n} zin", "{n} zinnen"), ("{n} sentence", "{n} sentences")),
    "n_turns": (("{n} beurt", "{n} beurten"), ("{n} turn", "{n} turns")),
    "n_warnings": (("{n} waarschuwing", "{n} waarschuwingen"), ("{n} warning", "{n} warnings")),
}
