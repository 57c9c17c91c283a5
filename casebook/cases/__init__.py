"""Teaching cases (socioprudentie): :mod:`~casebook.cases.reader` reads and checks a case
file, :mod:`~casebook.cases.fragments` resolves its fragments against a project. Nothing
here renders (that is :mod:`casebook.export`); what may leave the project is decided by
:mod:`casebook.privacy.guard`."""

from casebook.cases.fragments import Fragment, FragmentTurn, Piece, ResolvedCase, pieces, resolve
from casebook.cases.reader import (
                                      FIELDS,
                                      FRAGMENT_FIELDS,
                                      Case,
                                      FragmentSpec,
                                      case_path,
                                      find_cases,
                                      load,
                                      split_front_matter,
                                      split_questions,
)

__all__ = ["FIELDS", "FRAGMENT_FIELDS", "Case", "Fragment", "FragmentSpec", "FragmentTurn",
           "Piece", "ResolvedCase", "case_path", "find_cases", "load", "pieces", "resolve",
           "split_front_matter", "split_questions"]
