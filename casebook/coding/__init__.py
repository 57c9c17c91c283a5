"""Coding: :mod:`~casebook.coding.service` (code a span from scripts and the CLI),
:mod:`~casebook.coding.session` (what the workbench does, without any UI; it composes
:mod:`~casebook.coding.selection` and :mod:`~casebook.coding.undo`),
:mod:`~casebook.coding.autocode` (code every hit of a search, after a preview) and
:mod:`~casebook.coding.query` (coded fragments, for retrieval, listings and reports)."""
