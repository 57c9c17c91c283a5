"""Coding: :mod:`~casebook.coding.service` (code a span from scripts and the CLI) and
:mod:`~casebook.coding.session` (what the workbench does, without any UI)."""
