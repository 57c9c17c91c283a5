"""The privacy gate in the CLI: every command that writes or lists project content builds one
(:class:`casebook.privacy.guard.Gate`, by :func:`make_gate`, or :func:`listing_gate` for a
listing; both in :mod:`casebook.cli.plain`, which needs no click), and ``--raw`` is the one
visible way around it."""

from __future__ import annotations

import click

from casebook.cli.plain import listing_gate, make_gate

__all__ = ["listing_gate", "make_gate", "raw_option"]

raw_option = click.option(
    "--raw", is_flag=True,
    help="Show the original text, names and numbers instead of the pseudonymised ones "
         "(also of documents not reviewed yet); prints a warning. Default: pseudonymised, "
         "and a document that was not reviewed is refused.")
