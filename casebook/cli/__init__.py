"""The `casebook` command: a thin shell over the services.

The command modules are imported plainly; at module level they import only click and the
light parts of the project (errors, model). Each command imports its service when it runs,
and the faces it opens (the TUI, the PDF export) too, so `casebook --help` starts fast and
never loads spaCy, Textual or WeasyPrint (a test checks this).
"""

from __future__ import annotations

import sys

import click
from click.exceptions import NoArgsIsHelpError

from casebook import __version__
from casebook.cli import (
    adjudicate,
    agree,
    cases,
    codebook,
    coding,
    demo,
    documents,
    exercise,
    export,
    merge,
    project,
    pseudo,
    qdpx,
    report,
    serve,
    tui,
)
from casebook.cli.common import CliError, one_line, run, usage_line


class Casebook(click.Group):
    """Commands in the order they are added; bad input to any command (a CasebookError, a
    file or database error, a click usage error) is one line and exit code 2 (also under
    CliRunner); see :func:`casebook.cli.common.run`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except NoArgsIsHelpError:
            raise
        except click.UsageError as err:
            raise CliError(usage_line(err)) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (NoArgsIsHelpError, BrokenPipeError):
            raise
        except click.UsageError as err:
            raise CliError(usage_line(err)) from None
        except Exception as err:
            line = one_line(err)  # bad input, a file or database error: one line
            if line is None:
                raise
            raise CliError(line) from None


@click.group("casebook", cls=Casebook, context_settings={"help_option_names": ["-h", "--help"]})
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


for command in (project.init, documents.import_, documents.docs, documents.show,
                documents.speaker, coding.code, coding.codings, coding.memo, demo.demo,
                tui.tui, agree.agree, merge.merge, adjudicate.adjudicate, pseudo.pseudo,
                codebook.codebook, qdpx.qdpx, report.report, cases.case, export.export,
                serve.serve, exercise.exercise):
    cli.add_command(command)


def main() -> None:
    sys.exit(run(cli))
