"""What the outputs say: analysis reports, the exported casebook (PDF and web page), the
workbench in a browser, and the paragraphs of a code's .qdc description.
Part of the one catalogue, :data:`casebook.i18n.CATALOGUE`; look them up with
:func:`casebook.i18n.tr`."""

from __future__ import annotations

from casebook.i18n.text import Entry

WORDS: dict[str, Entry] = {  # key: (nl, en)
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
