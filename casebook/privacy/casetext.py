"""The privacy gate's look at a teaching case's own text (:mod:`casebook.privacy.guard`):
what its fields name, and the refusal of a case that names someone or shows a document whose
pseudonymisation was not reviewed."""

from __future__ import annotations

from casebook.errors import CasebookError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from casebook.cases.fragments import ResolvedCase
    from casebook.cases.reader import Case
    from casebook.privacy.guard import Gate
    from casebook.privacy.records import Leak


def case_leaks(gate: Gate, case: Case) -> list[Leak]:
    """What a case's own shown text names: title, subtitle, authors, learning goals,
    reflection questions, commentary, fragment titles (each with its file's line)."""
    fields = [("title", case.title), ("subtitle", case.subtitle),
              *((f"authors[{n}]" if len(case.authors) > 1 else "authors", a)
                for n, a in enumerate(case.authors, 1)),
              *((f"learning_goals[{n}]", g) for n, g in enumerate(case.learning_goals, 1)),
              *((f"questions[{n}]", q) for n, q in enumerate(case.questions, 1)),
              ("text", case.body),
              *((f"fragments[{n}].title", str(f.get("title") or ""))
                for n, f in enumerate(case.fragments, 1))]
    found: list[Leak] = []
    for name, text in fields:
        found += gate.leaks(name, text, path=case.path)
    return found


def refuse_raw(resolved: list[ResolvedCase], gate: Gate) -> None:
    """Refuse fragments of documents whose pseudonymisation is not reviewed, and case text
    that names what the transcripts pseudonymise (the export's --allow-raw lets both
    through, marked)."""
    for rc in resolved:
        for leak in rc.leaks:
            raise gate.refusal(leak, "the case ")
        for fragment in rc.fragments:
            if fragment.raw:
                raise CasebookError(
                    f"document '{fragment.document}' is not pseudonymised (status: "
                    f"{fragment.status}); run `casebook pseudo scan`, `review` and `apply`, "
                    f"or export with {gate.override}", path=rc.case.path, field="fragments")
