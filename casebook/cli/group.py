"""The `casebook` command as a click group (:data:`cli`): a thin shell over the services.
:func:`casebook.cli.main` runs it, unless the command line is a plain `casebook codings`
(see :mod:`casebook.cli.quick`).

A command's module is imported when the command is first looked up (:class:`Commands`), so
`casebook docs` loads the documents commands and nothing of agreement, export or the TUI;
`casebook --help` lists each command by the first sentence of its help, kept here
(:data:`SUMMARIES`), and loads no command's module. At module level a
command module imports only click and the light parts of the project (errors, model); each
command imports its service when it runs, and the faces it opens (the TUI, the PDF export)
too, so no command that does not need them loads spaCy, Textual, WeasyPrint, deduce or numpy
(tests/foundation/test_startup.py checks this).

Loading the modules of a command (click's, the CLI's) makes tens of thousands of objects that
live as long as the process, and Python's cyclic garbage collector would go through them again
and again while they load, and at exit: a tenth of a quick command's time. So collection is off
while this module loads, and while a command's module loads (:class:`Commands`), and what
they loaded is then frozen (:func:`gc.freeze`: no collection looks at it again) before
collection is turned back on; so too while a command opens its project
(:func:`casebook.cli.plain.open_project`), which loads the project's and the store's modules.
"""

from __future__ import annotations

import gc

_COLLECTING = gc.isenabled()
gc.disable()  # until the end of this module

from collections.abc import Iterator, MutableMapping  # noqa: E402
from gettext import gettext  # noqa: E402

import click  # noqa: E402
from click.exceptions import NoArgsIsHelpError  # noqa: E402

from casebook import __version__  # noqa: E402
from casebook.cli.common import CliError, loading, one_line, usage_line  # noqa: E402

# Every top-level command, in the order `casebook --help` lists them (the tour's order),
# with the module and name of the click command that implements it.
COMMANDS = {
    "init": "project:init", "import": "documents:import_", "docs": "documents:docs",
    "show": "documents:show", "speaker": "documents:speaker", "code": "coding:code",
    "codings": "coding:codings", "memo": "coding:memo", "demo": "demo:demo", "tui": "tui:tui",
    "agree": "agree:agree", "merge": "merge:merge", "adjudicate": "adjudicate:adjudicate",
    "pseudo": "pseudo:pseudo", "codebook": "codebook:codebook", "qdpx": "qdpx:qdpx",
    "report": "report:report", "case": "cases:case", "export": "export:export",
    "serve": "serve:serve", "exercise": "exercise:exercise",
}
# The first sentence of each command's help: what `casebook --help` lists (click's short
# help is made of it). tests/foundation/test_cli.py holds each to its command's own help.
SUMMARIES = {
    "init": "Make DIRECTORY a new Casebook project (casebook.yaml, casebook.db, folders).",
    "import": "Import transcripts: .txt/.md (speaker-colon turns, I:/R:, **Name:**), .docx, "
              ".vtt (Teams, Zoom), .srt (Whisper) and Otter/Amberscript exports.",
    "docs": "List the project's documents with their coding progress.",
    "show": "Show DOCUMENT (id or name) turn by turn.",
    "speaker": "List DOCUMENT's speakers, or set LABEL's role and pseudonym.",
    "code": "Code transcripts.",
    "codings": "List codings, with their text (pseudonymised unless --raw).",
    "memo": "Memos on the project, a document, a code or a coding.",
    "demo": "Build a demo project in DIRECTORY from the bundled Dutch sample transcripts: "
            "IGM codebook, four transcripts (interview, Teams, focus group, Whisper), two "
            "coders.",
    "tui": "Open the coding workbench (TUI) on the project, optionally on DOCUMENT (id or "
           "name).",
    "agree": "Inter-coder agreement per code, per group of exclusive or ordered codes "
             "(codebook `exclusive: true` / `ordered: true`) and pooled over all codes.",
    "merge": "Merge OTHERS (casebook.db files or project folders of other coders) into this "
             "project.",
    "adjudicate": "Settle the differences between two coders into the coder `consensus`.",
    "pseudo": "Pseudonymise transcripts: find names, addresses, phone numbers, e-mail, BSN "
              "and dates, propose replacements that are the same across the project, review "
              "them.",
    "codebook": "Check, choose, show and change the project's codebook (codings stay "
                "attached to codes by id), and exchange it with ATLAS.ti, MAXQDA and NVivo "
                "as REFI-QDA .qdc.",
    "qdpx": "Exchange whole projects with other QDA tools as REFI-QDA .qdpx files.",
    "report": "Analysis reports over the codings, as a table, JSON, CSV or Excel.",
    "case": "Teaching cases: Markdown files with YAML front matter in the project's cases/ "
            "folder (title, learning_goals, fragments by document + quote/turns/range or by "
            "code).",
    "export": "Export CASES (case files, or names in the project's cases/ folder; default: "
              "every case there, in name order) as a casebook: title page, contents, each "
              "case with its coded fragments, commentary and reflection questions, and the "
              "codebook as an appendix.",
    "serve": "Serve the coding workbench of the project in DIRECTORY (default: the current "
             "project) to web browsers: each browser asks for a name and codes under it in "
             "its own workbench, side by side on the same project.",
    "exercise": "Coding exercises for students: the docent makes a student package from "
                "reviewed documents (create), each student opens it, codes it in the "
                "workbench and hands it in (open, hand-in), the docent collects the hand-ins "
                "and gets feedback per student and the class overview (collect, feedback, "
                "overview).",
}


class Commands(MutableMapping[str, click.Command]):
    """A group's commands by name, in the order given; a command's module (under
    ``casebook.cli``) is imported when the command is first looked up. Iterating and ``in``
    see the names only and import nothing."""

    def __init__(self, where: dict[str, str]) -> None:
        self._where = dict(where)  # name -> "module:attribute"
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, _, attribute = self._where[name].partition(":")  # KeyError: no such one
            with loading():  # as while this module loaded (see its docstring)
                # __import__, not importlib.import_module: `python -X importtime` sees it
                found = __import__(f"casebook.cli.{module}", fromlist=[attribute])
            self._loaded[name] = getattr(found, attribute)
        return self._loaded[name]

    def loaded(self, name: str) -> click.Command | None:
        """The command, if its module is loaded already; None if not."""
        return self._loaded.get(name)

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._where.setdefault(name, "")
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._where[name]
        self._loaded.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


def _long_project(args: list[str]) -> list[str]:
    """``args`` with each ``-p DIR`` before the command (the first word that is neither an
    option nor an option's value) spelled ``--project DIR``, and ``-pDIR`` ``--project=DIR``."""
    args = list(args)
    n = 0
    while n < len(args) and args[n].startswith("-") and args[n] not in ("-", "--"):
        if args[n] == "-p" and n + 1 < len(args):
            args[n] = "--project"
        elif args[n].startswith("-p") and len(args[n]) > 2:
            args[n] = "--project=" + args[n][2:]
        n += 2 if args[n] == "--project" else 1  # past the option (and its value)
    return args


class Casebook(click.Group):
    """Commands in the order of :data:`COMMANDS`; bad input to any command (a CasebookError, a
    file or database error, a click usage error) is one line and exit code 2 (also under
    CliRunner); see :func:`casebook.cli.common.run`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands as click lists them, each by its short help; one whose module is not
        loaded yet by a stand-in made of its :data:`SUMMARIES` line, which shortens alike."""
        commands = self.commands
        rows = []
        for name in self.list_commands(ctx):
            loaded = commands.loaded(name) if isinstance(commands, Commands) else None
            command = loaded or (click.Command(name, help=SUMMARIES[name]) if name in SUMMARIES
                                 else self.get_command(ctx, name))
            if command is not None and not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section(gettext("Commands")):
                formatter.write_dl([(name, command.get_short_help_str(limit))
                                    for name, command in rows])

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """As click parses them, with ``-p DIR`` before the command given as ``--project
        DIR``: the same option, but click's parser tries a short option as a long one first,
        and the error it makes and catches for that looks for close matches (difflib) and
        translates its message (gettext, locale) -- more than the rest of the parse costs."""
        return super().parse_args(ctx, _long_project(args))

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


@click.group("casebook", cls=Casebook, commands=Commands(COMMANDS),
             context_settings={"help_option_names": ["-h", "--help"]})
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


gc.freeze()  # see the module docstring
if _COLLECTING:
    gc.enable()
