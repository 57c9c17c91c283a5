"""The teaching loop's words (`casebook exercise`: the student package's instructions, the
feedback a student reads, the class overview), in Dutch and English: a part of the one
catalogue, :data:`casebook.i18n.CATALOGUE`; look them up with
:func:`casebook.i18n.tr`. The feedback is written for a student: plain words, one figure."""

from __future__ import annotations

from casebook.i18n.text import Entry

WORDS: dict[str, Entry] = {  # key: (nl, en)
    "ex_instructions": (
        "# Oefening {name}\n\nCodeer de documenten met het codeboek. Lees eerst bij elke code de "
        "omschrijving en wanneer je hem wel en niet gebruikt.\n\n1. Open de oefening: "
        "`casebook exercise open {file} --student \"Je Naam\"`\n2. Codeer in de werkbank "
        "(`?` toont de toetsen); alles wordt meteen bewaard.\n3. Lever in: `casebook exercise "
        "hand-in` in de map van de oefening, en stuur het bestand naar je docent.\n",
        "# Exercise {name}\n\nCode the documents with the codebook. First read, for each code, "
        "what it means and when to use it and when not.\n\n1. Open the exercise: `casebook "
        "exercise open {file} --student \"Your Name\"`\n2. Code in the workbench (`?` shows the "
        "keys); everything is saved at once.\n3. Hand in: `casebook exercise hand-in` in the "
        "exercise's folder, and send the file to your teacher.\n"),
    "ex_title": ("Feedback op je codering", "Feedback on your coding"),
    "ex_hello": ("Hallo {student}. Hier zie je hoe jouw codering van oefening {exercise} "
                 "overeenkomt met {reference}: eerst per code, dan fragment voor fragment, "
                 "met de uitleg erbij.",
                 "Hello {student}. Here is how your coding of exercise {exercise} compares "
                 "with {reference}: first per code, then fragment by fragment, with the "
                 "explanation."),
    "ex_reference": ("de referentiecodering ({names})", "the reference coding ({names})"),
    "ex_experts": ("de codering van de experts {names}", "the coding of the experts {names}"),
    "ex_figure": ("Overeenstemming: 1 is precies als de referentie, 0 is niet beter dan toeval "
                  "(Cohens kappa, per zin).", "Agreement: 1 is exactly as the reference, 0 is "
                  "no better than chance (Cohen's kappa, per sentence)."),
    "ex_per_code": ("Per code", "Per code"),
    "ex_per_fragment": ("Fragment voor fragment", "Fragment by fragment"),
    "ex_student": ("student", "student"),
    "ex_fragments": ("fragmenten", "fragments"),
    "ex_agreement": ("overeenstemming", "agreement"),
    "ex_hit": ("gevonden", "found"),
    "ex_missed": ("gemist", "missed"),
    "ex_other": ("andere code", "other code"),
    "ex_extra": ("extra", "extra"),
    "ex_found": ("gevonden (%)", "found (%)"),
    "ex_says_hit": ("Jij en de referentie codeerden dit als {code}.",
                    "You and the reference coded this as {code}."),
    "ex_says_missed": ("De referentie codeerde dit als {code}; jij niet.",
                       "The reference coded this as {code}; you did not."),
    "ex_says_other": ("De referentie codeerde dit als {code}; jij koos {mine}.",
                      "The reference coded this as {code}; you chose {mine}."),
    "ex_says_extra": ("Jij codeerde dit als {code}; de referentie niet.",
                      "You coded this as {code}; the reference did not."),
    "ex_by": ("gecodeerd door {names}", "coded by {names}"),
    "ex_yours": ("Jouw fragment", "Your fragment"),
    "ex_why_memo": ("Toelichting van de referentie", "The reference's note"),
    "ex_why_description": ("Wat de code betekent", "What the code means"),
    "ex_why_include": ("Wel coderen", "Code it when"),
    "ex_why_exclude": ("Niet coderen", "Do not code it when"),
    "ex_why_not": ("Niet coderen als {code}", "Do not code as {code}"),
    "ex_nothing": ("Geen fragmenten.", "No fragments."),
    "ex_overview": ("Klasoverzicht", "Class overview"),
    "ex_students": (("{n} student", "{n} studenten"), ("{n} student", "{n} students")),
    "n_files": (("{n} bestand", "{n} bestanden"), ("{n} file", "{n} files")),
    "ex_hardest": ("Moeilijkste codes", "Hardest codes"),
    "ex_most_missed": ("Vaakst gemist", "Most often missed"),
    "ex_heat": ("Overeenstemming per student en code", "Agreement per student and code"),
    "ex_heat_alt": ("Heatmap: een rij per student, een kolom per code; donkerder is meer "
                    "overeenstemming met de referentie.", "Heat map: a row per student, a "
                    "column per code; darker is more agreement with the reference."),
    "ex_grades": ("Cijferlijst", "Grade book"),
}
