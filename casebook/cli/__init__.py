"""The `casebook` command: a thin shell over the services.

Commands are registered by name and imported only when run, so `casebook --help` starts
fast and never loads spaCy, Textual or WeasyPrint.
"""

from __future__ import annotations

import importlib
import sys

import click

from casebook import __version__

# name -> "module:attribute", in the order --help lists them.
COMMANDS: dict[str, str] = {
    "init": "casebook.cli.project:init",
    "import": "casebook.cli.documents:import_",
    "docs": "casebook.cli.documents:docs",
    "show": "casebook.cli.documents:show",
    "speaker": "casebook.cli.documents:speaker",
    "code": "casebook.cli.coding:code",
    "codings": "casebook.cli.coding:codings",
    "memo": "casebook.cli.coding:memo",
    "demo": "casebook.cli.demo:demo",
    "tui": "casebook.cli.tui:tui",
    "agree": "casebook.cli.agree:agree",
    "merge": "casebook.cli.merge:merge",
    "adjudicate": "casebook.cli.adjudicate:adjudicate",
    "pseudo": "casebook.cli.pseudo:pseudo",
    "codebook": "casebook.cli.codebook:codebook",
    "qdpx": "casebook.cli.qdpx:qdpx",
    "report": "casebook.cli.report:report",
    "case": "casebook.cli.cases:case",
    "export": "casebook.cli.export:export",
}

HELP_SHORT: dict[str, str] = {}


class LazyGroup(click.Group):
    def invoke(self, ctx: click.Context):
        """Bad input from any command: one line and exit code 2 (also under CliRunner)."""
        from casebook.cli.common import CliError
        from casebook.errors import CasebookError

        try:
            return super().invoke(ctx)
        except CasebookError as err:
            raise CliError(str(err)) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attribute = target.split(":")
        return getattr(importlib.import_module(module), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="casebook")
@click.option("--project", "-p", "project_dir", type=click.Path(file_okay=False),
              envvar="CASEBOOK_PROJECT", help="Project folder (default: the nearest folder with "
              "a casebook.yaml, from here upwards).")
@click.pass_context
def cli(ctx: click.Context, project_dir: str | None) -> None:
    """Casebook: code interview and focus-group transcripts against a codebook, compare
    coders, and export annotated cases (socioprudentie) as teaching material.

    Start with `casebook demo` for a ready-made project, or `casebook init DIR`.
    """
    ctx.obj = {"project_dir": project_dir}


def main() -> None:
    from casebook.cli.common import run

    sys.exit(run(cli))
