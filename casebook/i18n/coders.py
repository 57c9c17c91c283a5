"""Several coders: the adjudication screen and report, `casebook agree`'s table and the
reliability report (segment rules, the coefficients' definitions).
Part of the one catalogue, :data:`casebook.i18n.CATALOGUE`; look them up with
:func:`casebook.i18n.tr`."""

from __future__ import annotations

from casebook.i18n.text import Entry

WORDS: dict[str, Entry] = {  # key: (nl, en)
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
}
