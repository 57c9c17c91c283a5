"""The outbound privacy gate: what may leave the project in teaching material.

:func:`leaks` finds personal data that the transcripts pseudonymise in a case's own text;
:func:`refuse_raw` refuses an export that would show un-reviewed text or such a leak
(``--allow-raw`` is the one override).
"""

from __future__ import annotations

import re

from casebook.errors import CasebookError


def leaks(case, originals: dict[str, str]) -> list[tuple[str, str, int | None]]:
    """Personal data the transcripts pseudonymise that the case's own (shown) text names:
    title, subtitle, goals, questions, commentary, fragment titles."""
    if not originals:
        return []
    shown = "\n".join([case.title, case.subtitle, *case.learning_goals, *case.questions,
                       case.body, *(str(f.get("title") or "") for f in case.fragments)])
    try:
        lines = case.path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    found = []
    for original in sorted(originals, key=len, reverse=True):
        pattern = re.compile(r"(?<!\w)" + re.escape(original) + r"(?!\w)", re.IGNORECASE)
        if not pattern.search(shown):
            continue
        line = next((n for n, text in enumerate(lines, 1) if pattern.search(text)
                     and not re.match(r"\s*-?\s*(quote|document):", text)), None)
        found.append((original, originals[original], line))
    return sorted(found, key=lambda leak: leak[2] or 0)


def refuse_raw(resolved: list) -> None:
    """Refuse fragments of documents whose pseudonymisation is not reviewed, and case text
    that names what the transcripts pseudonymise."""
    for rc in resolved:
        for original, pseudonym, line in rc.leaks:
            raise CasebookError(
                f"the case names '{original}', which the transcripts pseudonymise as "
                f"'{pseudonym}'; write the pseudonym, or export with --allow-raw",
                path=rc.case.path, line=line, field="text")
        for fragment in rc.fragments:
            if fragment.raw:
                raise CasebookError(
                    f"document '{fragment.document}' is not pseudonymised (status: "
                    f"{fragment.status}); run `casebook pseudo scan`, `review` and `apply`, "
                    "or export with --allow-raw", path=rc.case.path, field="fragments")
