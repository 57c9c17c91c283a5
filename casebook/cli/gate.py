"""The privacy gate in the CLI: every command that writes or lists project content builds one
(:class:`casebook.privacy.guard.Gate`), and ``--raw`` is the one visible way around it."""

from __future__ import annotations

import click

raw_option = click.option(
    "--raw", is_flag=True,
    help="Show the original text, names and numbers instead of the pseudonymised ones "
         "(also of documents not reviewed yet); prints a warning. Default: pseudonymised, "
         "and a document that was not reviewed is refused.")


def make_gate(proj, raw: bool, override: str = "--raw"):
    """The gate of this output; with ``raw`` a warning line on stderr first."""
    from casebook.privacy.guard import Gate

    if raw:
        _warn(override)
    return Gate.for_project(proj.store, raw=raw, override=override)


def listing_gate(proj, raw: bool):
    """The gate of a listing (:func:`casebook.coding.query.listing`); with ``raw`` none, the
    warning line only: the listing shows the stored text as a raw gate would, so ``--raw``
    loads none of the gate's modules."""
    if raw:
        _warn("--raw")
        return None
    return make_gate(proj, raw)


def _warn(override: str) -> None:
    click.echo(f"warning: {override}: this output holds the original personal data; "
               "do not hand it out", err=True)
