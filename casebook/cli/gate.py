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
        click.echo(f"warning: {override}: this output holds the original personal data; "
                   "do not hand it out", err=True)
    return Gate.for_project(proj.store, raw=raw, override=override)
