"""`casebook export`: teaching cases as one PDF casebook (or one web page)."""

from __future__ import annotations

import click

from casebook.cli.common import output_option, project, say
from casebook.errors import CasebookError


@click.command()
@click.argument("cases", nargs=-1)
@output_option("-o", "--output",
              help="File to write (default: exports/casebook.pdf, or .html with --html, in "
                   "the project).")
@click.option("--html", "as_html", is_flag=True,
              help="Write one self-contained web page instead of the PDF (for an LMS: "
                   "nothing fetched, readable without JavaScript, light and dark).")
@click.option("--allow-raw", is_flag=True,
              help="Export fragments of documents whose pseudonymisation was not reviewed; "
                   "they are marked NIET GEPSEUDONIMISEERD / NOT PSEUDONYMISED.")
@click.option("--title", help="Title of the casebook (default: the case's title, or the "
                              "project name for several cases).")
@click.option("--coder", "coders", multiple=True,
              help="Draw the codings of this coder (repeat for several; default: the "
                   "case's `coders`, else consensus, else every coder but the students "
                   "of the project's exercises).")
@click.pass_context
def export(ctx, cases, output, as_html, allow_raw, title, coders) -> None:
    """Export CASES (case files, or names in the project's cases/ folder; default: every case
    there, in name order) as a casebook:
    title page, contents, each case with its coded fragments, commentary and reflection
    questions, and the codebook as an appendix. Refuses text that was not pseudonymised
    (see `casebook pseudo`) unless --allow-raw."""
    from casebook import cases as case_service
    from casebook.cli.progress import progress_bar
    from casebook.export import export as export_casebook

    proj = project(ctx)
    folder = proj.root / "cases"
    paths = [case_service.case_path(ref, folder) for ref in cases] or sorted(
        p for p in folder.glob("*.md") if p.name != "README.md")
    if not paths:
        raise CasebookError("no cases to export: write one in cases/ (see cases/README.md)",
                            path=folder)
    target = output if output is not None else \
        proj.folder("exports") / ("casebook.html" if as_html else "casebook.pdf")
    with progress_bar("export", len(paths) + 1) as advance:
        result = export_casebook(proj, paths, target, as_html=as_html, title=title,
                                 coders=list(coders), allow_raw=allow_raw, progress=advance)
    pages = f", {say('n_pages', n=result.pages)}" if result.pages else ""
    click.echo(f"{result.output}: {say('n_cases', n=result.cases)}, "
               f"{say('n_fragments', n=result.fragments)}{pages}")
    if result.raw_documents:
        click.echo("warning: not pseudonymised: " + ", ".join(result.raw_documents), err=True)
    for leak in result.leaks:
        click.echo(f"warning: --allow-raw: personal data let through: {leak}", err=True)
