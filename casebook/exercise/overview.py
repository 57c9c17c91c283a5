"""The class overview for the docent: which codes are hardest, which fragments most students
missed, every student's figure per code (the heat map), and the grade book (CSV or XLSX).

All of it is drawn from the students' feedback (:mod:`casebook.exercise.feedback`), so the
overview and what each student reads never disagree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.exercise.compare import HIT, MISSED, OTHER
from casebook.exercise.feedback import ClassFeedback
from casebook.files import replacing
from casebook.i18n import tr


@dataclass(slots=True)
class CodeRow:
    """A code across the class: the mean figure and how much of it was found."""

    code: str
    name: str
    agreement: float | None  # mean over the students of their figure
    fragments: int  # reference fragments of this code
    found: float | None  # share of (fragment, student) pairs that were hits


@dataclass(slots=True)
class Missed:
    """A reference fragment and how many students missed it or gave it another code."""

    document: str
    code: str
    text: str
    speaker: str | None
    missed: int
    other: int
    students: int


@dataclass(slots=True)
class Overview:
    exercise: str
    references: list[str]
    language: str
    students: list[str]
    codes: list[CodeRow] = field(default_factory=list)  # hardest first
    missed: list[Missed] = field(default_factory=list)  # most missed first
    heat: list[list[float | None]] = field(default_factory=list)  # students x codes
    heat_codes: list[str] = field(default_factory=list)  # the heat map's columns (names)
    grades: list[list[Any]] = field(default_factory=list)
    grade_columns: list[str] = field(default_factory=list)


def _mean(values: list[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return sum(found) / len(found) if found else None


def overview(result: ClassFeedback, top: int = 10) -> Overview:
    """The overview of every student in ``result``: the codes hardest first (those the
    reference did not use at all last)."""
    ex = result.exercise
    students = result.students
    view = Overview(ex.name, ex.references, ex.language, [s.student for s in students])
    for k, code in enumerate(result.codes):
        scores = [s.codes[k] for s in students]
        fragments = scores[0].hit + scores[0].missed + scores[0].other if scores else 0
        pairs = fragments * len(scores)
        view.codes.append(CodeRow(code.id, code.name, _mean([s.agreement for s in scores]),
                                  fragments, sum(s.hit for s in scores) / pairs if pairs
                                  else None))
    view.codes.sort(key=lambda r: (not r.fragments, r.agreement is None,
                                   r.agreement if r.agreement is not None else 0.0, r.name))
    view.heat_codes = [c.name for c in result.codes]
    view.heat = [[c.agreement for c in s.codes] for s in students]
    view.missed = _most_missed(result)[:top]
    view.grade_columns, view.grades = _grades(result)
    return view


def _most_missed(result: ClassFeedback) -> list[Missed]:
    tally: dict[tuple[str, int, int, str], Missed] = {}
    for student in result.students:
        for item in student.items:
            if item.kind not in (HIT, MISSED, OTHER):
                continue
            key = (item.document, item.start, item.end, item.code)
            row = tally.setdefault(key, Missed(item.document, item.code, item.text,
                                               item.speaker, 0, 0, len(result.students)))
            row.missed += item.kind == MISSED
            row.other += item.kind == OTHER
    names = {c.id: c.name for c in result.codes}
    rows = [r for r in tally.values() if r.missed + r.other]
    for row in rows:
        row.code = names.get(row.code, row.code)
    return sorted(rows, key=lambda r: (-(r.missed + r.other), -r.missed, r.document))


def _grades(result: ClassFeedback) -> tuple[list[str], list[list[Any]]]:
    """One row per student: the counts, the share found, the mean figure, each code's."""
    lang = result.exercise.language
    columns = [tr(k, lang) for k in ("ex_student", "ex_fragments", "ex_hit", "ex_missed",
                                     "ex_other", "ex_extra", "ex_found", "ex_agreement")]
    columns += [c.name for c in result.codes]
    rows = []
    for s in result.students:
        totals = s.totals()
        fragments = totals[HIT] + totals[MISSED] + totals[OTHER]
        found = round(100 * totals[HIT] / fragments, 1) if fragments else None
        mean = _mean([c.agreement for c in s.codes])
        rows.append([s.student, fragments, totals[HIT], totals[MISSED], totals[OTHER],
                     totals["extra"], found, _round(mean),
                     *(_round(c.agreement) for c in s.codes)])
    return columns, rows


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2) + 0.0


def grades_csv(view: Overview) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(view.grade_columns)
    writer.writerows(["" if v is None else v for v in row] for row in view.grades)
    return buffer.getvalue()


def write_grades(view: Overview, path: str | Path) -> None:
    """The grade book as CSV, or as XLSX when ``path`` ends in .xlsx."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() != ".xlsx":
        with replacing(path) as tmp:
            tmp.write_text(grades_csv(view), encoding="utf-8")
        return
    import xlsxwriter

    with replacing(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False,
                                              "strings_to_formulas": False,
                                              "strings_to_urls": False})
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        sheet = book.add_worksheet(view.exercise[:31])
        sheet.write_row(0, 0, view.grade_columns, bold)
        for number, row in enumerate(view.grades, 1):
            sheet.write_row(number, 0, row)
        sheet.freeze_panes(1, 1)
        sheet.set_column(0, 0, 24)
        sheet.set_column(1, len(view.grade_columns), 11)
        book.close()
