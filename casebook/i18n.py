"""Every word Casebook shows people, in Dutch and English: one catalogue, one lookup.

``tr(key, language, **values)`` is the text for ``key`` in ``language`` ("en"; anything else
is Dutch, the project default) with ``values`` filled in (``str.format``). An entry is
``(nl, en)``; a text with a count has a pair ``(one, more)`` on each side, chosen by the
value ``n``, the same rule in both languages (one for exactly 1, more otherwise, also 0):
``tr("hits", "nl", n=1, q="werk")`` is "1 treffer voor “werk”", with ``n=2`` "2 treffers …".

The CLI's own messages are English (scripts read them, README shows them); the workbench,
the reports and tables (in the TUI, printed by the CLI, or written to a file) and the
exported casebook follow the project's language. :func:`clock` is the one way a time in a
recording is shown.
"""

from casebook.i18n_exercise import WORDS as EXERCISE_WORDS  # the teaching loop's words

LANGUAGES = ("nl", "en")

Text = str | tuple[str, str]  # one text, or (one, more) chosen by n

CATALOGUE: dict[str, tuple[Text, Text]] = {  # key: (nl, en)
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
    # the workbench (TUI)
    "title": ("Casebook: coderen", "Casebook: coding"),
    "documents": ("Documenten", "Documents"),
    "no_documents": ("Geen documenten: importeer eerst met `casebook import`.",
                     "No documents: import some with `casebook import` first."),
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
    "k_mouse": ("klik: cursor; slepen: selectie", "click: cursor; drag: selection"),
    "mouse": ("muis", "mouse"),
    "k_palette": ("opdrachten en schermen (ook van andere onderdelen)",
                  "commands and screens (also of other parts)"),
    "k_close": ("sluiten", "close"),
    "applied": ("Gecodeerd met {code}", "Coded with {code}"),
    "removed": ("Codering {code} verwijderd", "Removed coding {code}"),
    "memo_saved": ("Memo opgeslagen", "Memo saved"),
    "undone": ("Ongedaan gemaakt", "Undone"),
    "redone": ("Opnieuw gedaan", "Redone"),
    "nothing_undo": ("Niets om ongedaan te maken", "Nothing to undo"),
    "nothing_redo": ("Niets om opnieuw te doen", "Nothing to redo"),
    "no_coding_here": ("Geen codering onder de cursor", "No coding under the cursor"),
    "nothing_selected": ("Niets geselecteerd", "Nothing selected"),
    "hits": (("{n} treffer voor “{q}”", "{n} treffers voor “{q}”"),
             ("{n} hit for “{q}”", "{n} hits for “{q}”")),
    "no_hits": ("Geen treffers", "No hits"),
    "filter_on": ("Filter: {what}", "Filter: {what}"),
    "filter_off": ("Filter uit", "Filter off"),
    "language": ("Taal: Nederlands", "Language: English"),
    "pick_code": ("Kies een code (typ om te zoeken, Enter kiest)",
                  "Pick a code (type to search, Enter picks)"),
    "pick_coding": ("Welke codering?", "Which coding?"),
    "search_prompt": ("Zoek in de tekst (Enter zoekt, Esc annuleert)",
                      "Search the text (Enter searches, Esc cancels)"),
    "filter_prompt": ("Filter op spreker of code", "Filter by speaker or code"),
    "filter_none": ("(geen filter)", "(no filter)"),
    "memo_prompt": ("Memo bij {code} (Ctrl+S bewaart, Esc annuleert)",
                    "Memo on {code} (Ctrl+S saves, Esc cancels)"),
    "retrieval": ("Ophalen: fragmenten per code", "Retrieval: fragments by code"),
    "retrieval_count": (("{n} fragment met {code}", "{n} fragmenten met {code}"),
                        ("{n} fragment coded {code}", "{n} fragments coded {code}")),
    "help_title": ("Sneltoetsen", "Keys"),
    "help_hotkeys": ("Codes en hun sneltoetsen", "Codes and their hotkeys"),
    "recent": ("recent", "recent"),
    "selection": ("selectie", "selection"),
    "palette_adjudicate": ("Coders vergelijken en beslissen", "Adjudicate coders"),
    "palette_reports": ("Rapporten: frequenties, samen voorkomen, sprekers, fragmenten",
                        "Reports: frequencies, co-occurrence, speakers, fragments"),
    # the workbench, second round (issue 11): keys, dialogs, panels, the palette
    "k_add_sentence": ("+zin (ook over beurten heen)", "+sentence (across turns too)"),
    "k_drop_sentence": ("-zin", "-sentence"),
    "k_first": ("begin van het document", "start of the document"),
    "k_last": ("eind van het document", "end of the document"),
    "k_go_to_turn": ("ga naar beurt N", "go to turn N"),
    "k_next_coding": ("volgende codering van deze code", "next coding of this code"),
    "k_prev_coding": ("vorige codering van deze code", "previous coding of this code"),
    "k_new_code": ("nieuwe code", "new code"),
    "k_in_vivo": ("in vivo: de selectie wordt een code", "in vivo: the selection becomes a code"),
    "k_notes": ("memo's bij document en project", "memos on document and project"),
    "k_autocode": ("autocoderen: elke treffer van een zoektocht", "autocode: every search hit"),
    "k_codes_panel": ("codeboom tonen/verbergen", "show/hide the code tree"),
    "k_documents_panel": ("documentenlijst tonen/verbergen", "show/hide the document list"),
    "k_palette_short": ("opdrachten", "commands"),
    "caret": ("(cursor)", "(caret)"),
    "coder_is": ("codeur {name}", "coder {name}"),
    "coder_mine": ("codeur: alleen mijn coderingen ({name})", "coder: only mine ({name})"),
    "codes_title": ("Codes (dit document/alle)", "Codes (this document/all)"),
    "kind_focus_group": ("focusgroep", "focus group"),
    "kind_other": ("anders", "other"),
    "no_coding_of_code": ("Geen andere codering van deze code", "No other coding of this code"),
    "turn_prompt": ("Ga naar beurt (1 tot {n})", "Go to turn (1 to {n})"),
    "no_such_turn": ("Geen beurt met dat nummer: 1 tot {n}", "No turn of that number: 1 to {n}"),
    "waiting_lock": ("wachten op een ander casebook-proces…",
                     "waiting for another casebook process…"),
    "confirm_remove": ("{code} is gecodeerd door {name}: toch weg?", "{code} is {name}'s: remove?"),
    "confirm_edit": ("{code} is gecodeerd door {name}: toch de memo?", "{code} is {name}'s: edit?"),
    "confirm_hint": ("j = ja, n of Esc = nee", "y = yes, n or Esc = no"),
    "new_code_title": ("Nieuwe code", "New code"),
    "in_vivo_title": ("In vivo: een code uit de selectie", "In vivo: a code from the selection"),
    "code_name": ("Naam:", "Name:"),
    "code_parent": ("Onder:", "Under:"),
    "code_hotkey": ("Sneltoets (leeg: geen):", "Hotkey (empty: none):"),
    "top_level": ("(bovenaan)", "(top level)"),
    "name_needed": ("Een code heeft een naam nodig", "A code needs a name"),
    "hotkey_taken": ("{hotkey} is al sneltoets van {code}", "{hotkey} is the hotkey of {code}"),
    "code_added": ("Code {code} toegevoegd", "Added the code {code}"),
    "autocode_title": ("Autocoderen", "Autocode"),
    "autocode_search": ("Zoek:", "Search:"),
    "regex": ("reguliere expressie", "regular expression"),
    "search_needed": ("Typ wat er gezocht moet worden", "Type what to search for"),
    "all_speakers": ("(alle sprekers)", "(all speakers)"),
    "autocode_speaker": ("Spreker:", "Speaker:"),
    "autocode_unit": ("Codeer:", "Code:"),
    "autocode_code": ("Met code:", "With code:"),
    "autocode_hit": ("de treffer zelf", "the hit itself"),
    "autocode_sentence": ("de zin van de treffer", "the hit's sentence"),
    "autocode_turn": ("de beurt van de treffer", "the hit's turn"),
    "autocode_confirm": ("Enter codeert, Esc annuleert", "Enter codes, Esc cancels"),
    "autocode_preview": (("{n} treffer in {turns} beurt(en): {new} nieuw met {code}, {done} al",
                          "{n} treffers in {turns} beurt(en): {new} nieuw met {code}, {done} al"),
                         ("{n} hit in {turns} turn(s): {new} new with {code}, {done} already",
                          "{n} hits in {turns} turn(s): {new} new with {code}, {done} already")),
    "autocode_nothing": ("Niets nieuws om te coderen", "Nothing new to code"),
    "memos_title": ("Memo's bij het document en het project", "Memos on the document and project"),
    "new_memo_project": ("Nieuwe memo bij het project", "New memo on the project"),
    "new_memo_document": ("Nieuwe memo bij dit document", "New memo on this document"),
    "memo_on_project": ("Memo bij het project", "Memo on the project"),
    "memo_on_document": ("Memo bij het document", "Memo on the document"),
    "palette_review": ("Pseudonimisering beoordelen", "Review pseudonymisation"),
    "palette_open": ("Scherm openen", "Open the screen"),
    "palette_theme": ("Kleurenschema", "Theme"),
    "palette_theme_help": ("Kies een ander kleurenschema", "Choose another colour theme"),
    "palette_screenshot": ("Schermafdruk", "Screenshot"),
    "palette_screenshot_help": ("Bewaar het scherm als SVG", "Save the screen as SVG"),
    "palette_quit_help": ("Sluit de werkbank", "Close the workbench"),
    "palette_placeholder": ("Zoek een opdracht…", "Search for a command…"),
    "review_accept": ("accepteren", "accept"),
    "review_reject": ("afwijzen", "reject"),
    "review_edit": ("bewerken", "edit"),
    "review_accept_category": ("hele categorie accepteren", "accept the whole category"),
    "review_next_open": ("volgende open", "next open"),
    "review_progress": (("{done} van {n} vondst besloten", "{done} van {n} vondsten besloten"),
                        ("{done} of {n} finding decided", "{done} of {n} findings decided")),
    "review_none": ("Geen vondsten: eerst `casebook pseudo scan`", "No findings: pseudo scan them"),
    "review_edit_prompt": ("Vervang “{text}” door", "Replace “{text}” with"),
    "review_accepted": (("{n} {category} geaccepteerd", "{n} {category} geaccepteerd"),
                        ("{n} {category} accepted", "{n} {category} accepted")),
    "adj_loading": ("Verschillen zoeken…", "Finding the differences…"),
    # adjudication: the screen and the report
    "adj_title": ("Verschillen tussen {a} (A) en {b} (B)",
                  "Differences between {a} (A) and {b} (B)"),
    "adj_position": ("{i} van {n} · {doc} · {code} · {kind}",
                     "{i} of {n} · {doc} · {code} · {kind}"),
    "adj_decided": ("besluit: {take}", "decision: {take}"),
    "adj_open": ("nog open", "open"),
    "adj_none": ("Geen verschillen: A en B zijn het overal eens.",
                 "No differences: A and B agree everywhere."),
    "adj_nothing": ("(niets gecodeerd)", "(nothing coded)"),
    "adj_take_a": ("neem A", "take A"),
    "adj_take_b": ("neem B", "take B"),
    "adj_both": ("beide", "both"),
    "adj_neither": ("geen", "neither"),
    "adj_next": ("volgende", "next"),
    "adj_prev": ("vorige", "previous"),
    "adj_undone": ("Besluit ongedaan gemaakt", "Decision undone"),
    "adj_a_only": ("alleen A", "A only"),
    "adj_b_only": ("alleen B", "B only"),
    "adj_extent": ("andere grenzen", "other extent"),
    "adj_agreed": ("eens", "agreed"),
    "adj_took_neither": ("geen van beide", "neither"),
    "adj_text_a": ("tekst A", "text A"),
    "adj_text_b": ("tekst B", "text B"),
    "adj_report": ("Beslissingen over verschillen tussen {a} (A) en {b} (B)",
                   "Decisions on the differences between {a} (A) and {b} (B)"),
    "adj_summary": (("{n} groep, {d} besloten", "{n} groepen, {d} besloten"),
                    ("{n} group, {d} decided", "{n} groups, {d} decided")),
    # agreement: `casebook agree`'s table and the reliability report
    "agree_title": ("Overeenstemming tussen {coders} (eenheid: {unit})",
                    "Agreement between {coders} (unit: {unit})"),
    "agree_units": ("eenheden", "units"),
    "agree_group": ("{code} (groep)", "{code} (group)"),
    "agree_pooled": ("alle codes, gepoold (code × eenheid)", "all codes, pooled (code × unit)"),
    "unit_sentence": ("zin", "sentence"),
    "unit_turn": ("beurt", "turn"),
    "unit_character": ("teken", "character"),
    "unit_coding": ("codering", "coding"),
    "rel_title": ("Betrouwbaarheid van de codering", "Reliability of the coding"),
    "rel_method": ("Voor de methodesectie", "For the methods section"),
    "rel_sentence": (
        "{coders} codeerden onafhankelijk van elkaar {docs} ({words} woorden) met {codes}. "
        "De overeenstemming is berekend per {unit} in Casebook; over alle codes gepoold: "
        "{figure}.",
        "{coders} independently coded {docs} ({words} words) with {codes}. Agreement was "
        "computed per {unit} in Casebook; pooled over all codes: {figure}."),
    "rel_and": (" en ", " and "),
    "rel_table": ("Overeenstemming per code", "Agreement per code"),
    "rel_rules": ("Regels", "Rules"),
    "rel_definitions": ("Coëfficiënten", "Coefficients"),
    "rel_references": ("Literatuur", "References"),
    "rel_absent_missing": (
        "Tekst in een document zonder coderingen van een codeur telt voor die codeur als "
        "ontbrekend (niet beoordeeld).",
        "Text in a document without codings of a coder counts as missing for that coder "
        "(not judged)."),
    "rel_absent_not_coded": (
        "Iedere codeur heeft ieder document gelezen: tekst zonder codering telt als "
        "'niet gecodeerd' (zoals NVivo's coding comparison).",
        "Every coder read every document: text without a coding counts as 'not coded' (as "
        "NVivo's coding comparison counts it)."),
    "rel_ci_alpha": (
        "Betrouwbaarheidsintervallen ({level:.0%}) van alpha: bootstrap met 2.000 trekkingen "
        "(Hayes & Krippendorff 2007).",
        "Confidence intervals ({level:.0%}) of alpha: bootstrap with 2,000 draws (Hayes & "
        "Krippendorff 2007)."),
    "rel_ci_ac": (
        "Betrouwbaarheidsintervallen ({level:.0%}) van AC1/AC2: Gwets variantie (Gwet 2014, "
        "hfst. 5), t-verdeling met n - 1 vrijheidsgraden.",
        "Confidence intervals ({level:.0%}) of AC1/AC2: Gwet's variance (Gwet 2014, ch. 5), "
        "t distribution with n - 1 degrees of freedom."),
    "rel_overlap": (
        "Een code geldt voor een {unit} als een codering minstens {share:.0%} van de "
        "kortste van beide overlapt.",
        "A code applies to a {unit} when a coding overlaps at least {share:.0%} of the "
        "shorter of the two."),
    "rel_segments": ("Segmentovereenstemming ({rule}): {text}.",
                     "Segment agreement ({rule}): {text}."),
    # the segment rules (`casebook agree --segment-rule`), in the reliability report
    "seg_own_overlap": (
        "een codering telt als gevonden wanneer een andere codeur dezelfde code over minstens "
        "{threshold:g} % ervan gaf (van de eigen lengte van de codering; Casebooks regel)",
        "a coding is matched when another coder coded the same code over at least "
        "{threshold:g} % of it (the coding's own length; Casebook's rule)"),
    "seg_iou": (
        "een codering telt als gevonden wanneer een codering van een andere codeur met "
        "dezelfde code minstens {threshold:g} % van hun vereniging overlapt (intersection "
        "over union, de Jaccard-index van de twee stukken tekst)",
        "a coding is matched when a coding of another coder with the same code overlaps "
        "at least {threshold:g} % of the two together (intersection over union, the Jaccard "
        "index of the two spans)"),
    "seg_maxqda": (
        "MAXQDA's tabel op segmentniveau: coderingen van twee codeurs vormen een paar als ze "
        "minstens {threshold:g} % van de tekst die ze samen beslaan overlappen; een paar is "
        "één overeenstemming, een codering zonder paar één verschil",
        "MAXQDA's segment-level table: codings of two coders pair up one to one when they "
        "overlap by at least {threshold:g} % of the text both cover; a pair is one "
        "agreement, a coding left without a partner one disagreement"),
    # the coefficients, defined in the reliability report
    "def_percent": ("het aandeel overeenstemmende paren codeurs per eenheid, gemiddeld",
                    "the share of agreeing coder pairs per unit, averaged"),
    "def_cohen": ("(p_o - p_e) / (1 - p_e), kans uit de eigen verdeling van elke codeur",
                  "(p_o - p_e) / (1 - p_e), chance from each coder's own distribution"),
    "def_scott": ("als Cohen, kans uit de gezamenlijke verdeling van beide codeurs",
                  "as Cohen's, chance from the two coders' pooled distribution"),
    "def_fleiss": ("Scott's pi voor meer codeurs; ontbrekende oordelen volgens Gwet (2014)",
                   "Scott's pi for more coders; missing judgements as in Gwet (2014)"),
    "def_bp": ("kans = 1/q bij q mogelijke categorieën (vrije marginalen)",
               "chance = 1/q for q possible categories (free marginals)"),
    "def_ac1": ("kans = som p_k (1 - p_k) / (q - 1): blijft stabiel bij scheve verdelingen",
                "chance = sum p_k (1 - p_k) / (q - 1): stable under skewed distributions"),
    "def_alpha": ("1 - D_o / D_e uit de coïncidentiematrix; ontbrekende oordelen toegestaan",
                  "1 - D_o / D_e from the coincidence matrix; missing judgements allowed"),
    "def_kappa_linear": ("gewogen kappa, gewicht |i - j| tussen geordende categorieën",
                         "weighted kappa, weight |i - j| between ordered categories"),
    "def_kappa_quadratic": ("gewogen kappa, gewicht (i - j)^2", "weighted kappa, weight (i - j)^2"),
    "def_ac2_linear": ("AC1 met lineaire gewichten 1 - |i - j| / (q - 1)",
                       "AC1 with linear weights 1 - |i - j| / (q - 1)"),
    "def_ac2_quadratic": ("AC1 met kwadratische gewichten", "AC1 with quadratic weights"),
    "def_alpha_ordinal": ("alpha met de ordinale afstand (rangen, met knopen)",
                          "alpha with the ordinal difference (ranks, with ties)"),
    "def_alpha_interval": ("alpha met (c - k)^2 op de posities 1..q",
                           "alpha with (c - k)^2 on the positions 1..q"),
    "def_alpha_ratio": ("alpha met ((c - k) / (c + k))^2", "alpha with ((c - k) / (c + k))^2"),
    "def_alpha_u": ("alpha op de tekens: waar codeurs een code laten beginnen en eindigen",
                    "alpha on the characters: where coders make a code begin and end"),
    "def_alpha_u_binary": ("alpha op de tekens: wel of niet gecodeerd, per teken (ATLAS.ti)",
                           "alpha on the characters: coded or not, per character (ATLAS.ti)"),
    "def_segments": ("aandeel coderingen dat bij een andere codeur een gelijke vindt",
                     "share of codings that find a match with another coder"),
    # analysis reports (reports.py and the TUI's reports screen)
    "no_role": ("(geen rol)", "(no role)"),
    "no_speaker": ("(geen spreker)", "(no speaker)"),
    "report_frequencies": ("Codefrequenties per {by}", "Code frequencies by {by}"),
    "report_frequencies_total": ("Codefrequenties", "Code frequencies"),
    "report_cooccurrence": ("Samen voorkomen van codes (overlappende coderingen, zelfde codeur)",
                            "Code co-occurrence (overlapping codings, same coder)"),
    "report_speakers": ("Code x spreker (gecodeerde tekens)",
                        "Code x speaker (coded characters)"),
    "report_fragments": ("Gecodeerde fragmenten per code", "Coded fragments by code"),
    "reports": ("Rapporten", "Reports"),
    "k_report": ("volgend rapport", "next report"),
    "k_by": ("per document/spreker/rol", "by document/speaker/role"),
    "k_coder": ("codeur", "coder"),
    "all_coders": ("alle codeurs", "all coders"),
    # the exported casebook (export/html.py)
    "book_contents": ("Inhoud", "Contents"),
    "book_goals": ("Leerdoelen", "Learning goals"),
    "book_fragments": ("Fragmenten", "Fragments"),
    "book_fragment": ("Fragment", "Fragment"),
    "book_commentary": ("Analyse en commentaar", "Analysis and commentary"),
    "book_questions": ("Reflectievragen", "Reflection questions"),
    "book_appendix": ("Bijlage: codeboek", "Appendix: codebook"),
    "book_include": ("Wel", "Include"),
    "book_exclude": ("Niet", "Exclude"),
    "book_raw": ("NIET GEPSEUDONIMISEERD", "NOT PSEUDONYMISED"),
    "book_codes_by": ("Codes van", "Codes by"),
    "book_made": ("Gemaakt met Casebook op", "Made with Casebook on"),
    "book_page": ("pagina", "page"),
    # the workbench in a browser (casebook serve)
    "serve_name": ("Je naam", "Your name"),
    "serve_name_help": ("Je coderingen worden onder deze naam bewaard.",
                        "Your codings are saved under this name."),
    "serve_start": ("Begin met coderen", "Start coding"),
    "serve_bad_name": ("Typ een naam van hoogstens 60 tekens.",
                       "Type a name of at most 60 characters."),
    "serve_loading": ("De werkbank start…", "The workbench is starting…"),
    "serve_ended": ("De sessie is afgelopen. Je coderingen zijn bewaard.",
                    "The session has ended. Your codings are saved."),
    "serve_restart": ("Opnieuw openen", "Open again"),
    # the casebook as a web page (casebook export --html)
    "web_skip": ("Naar de inhoud", "Skip to the content"),
    "web_show_codes": ("Codes tonen", "Show codes"),
    # REFI-QDA .qdc: the paragraphs of a code's <Description> (read back in either language)
    "qdc_include": ("Inclusie", "Include"),
    "qdc_exclude": ("Exclusie", "Exclude"),
}
CATALOGUE.update(EXERCISE_WORDS)  # one catalogue in two files of at most 400 lines


def tr(key: str, language: str = "nl", **values: object) -> str:
    """The text for ``key`` in ``language`` (en, else nl), with ``values`` filled in; a text
    with a count takes its form from ``n``."""
    text = CATALOGUE[key][1 if language == "en" else 0]
    if isinstance(text, tuple):
        text = text[0] if values["n"] == 1 else text[1]
    return text.format(**values) if values else text


def clock(seconds: float | None) -> str:
    """A time in a recording: "01:05", "1:02:03" (whole seconds); "" for no time."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"
