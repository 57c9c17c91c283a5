"""`casebook qdpx export|import`: REFI-QDA project exchange (ATLAS.ti, MAXQDA, NVivo,
QualCoder, Taguette)."""

from __future__ import annotations

import click

from casebook.cli.common import echo_json, json_option, output_option, project, say
from casebook.cli.gate import raw_option
from casebook.cli.progress import progress_bar


@click.group()
def qdpx() -> None:
    """Exchange whole projects with other QDA tools as REFI-QDA .qdpx files."""


@qdpx.command("export")
@output_option("-o", "--output", "out", required=True,
              help="The .qdpx file to write (replaced if it exists).")
@raw_option
@json_option
@click.pass_context
def export_(ctx, out, raw, as_json) -> None:
    """Write documents, codebook, coders, codings and memos as a .qdpx project
    (valid against the REFI-QDA Project schema). The texts are the pseudonymised ones, with
    the codings moved onto them; every document must be reviewed (`casebook pseudo`),
    unless --raw."""
    from casebook.refi.export import export

    proj = project(ctx)
    if raw:
        click.echo("warning: --raw: this output holds the original personal data; "
                   "do not hand it out", err=True)
    with progress_bar("export", len(proj.store.document_sizes())) as advance:
        report = export(proj, out, advance, raw=raw)
    if as_json:
        echo_json(report)
        return
    click.echo(f"{report.path}: {say('n_documents', n=report.documents)}, "
               f"{say('n_codes', n=report.codes)}, {say('n_codings', n=report.codings)}, "
               f"{say('n_coders', n=report.users)}, {say('n_memos', n=report.notes)}")
    for line in report.not_carried:
        click.echo(f"  not carried: {line}")


@qdpx.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Report what would be imported; write nothing.")
@click.option("--offsets", "units", type=click.Choice(["auto", "codepoints", "utf16"]),
              default="auto", show_default=True,
              help="How the file counts selection offsets: Unicode code points (the "
                   "standard) or UTF-16 units (NVivo); auto decides from the data.")
@click.option("--line-ends", type=click.Choice(["auto", "file", "one"]), default="auto",
              show_default=True,
              help="How the offsets count a CRLF line end: file = two characters, as in "
                   "the text file (most tools); one = one character (ATLAS.ti); auto "
                   "decides from the data.")
@json_option
@click.pass_context
def import_(ctx, path, dry_run, units, line_ends, as_json) -> None:
    """Import a .qdpx project: documents (matched by content), codes (by GUID), coders,
    codings and memos, in one transaction. Prints what could not be carried over."""
    from casebook.refi.importer import import_qdpx

    proj = project(ctx)
    with progress_bar("import", None) as advance:
        report = import_qdpx(proj, path, dry_run=dry_run, units=units, line_ends=line_ends,
                             progress=advance)
    if as_json:
        echo_json(report.as_dict())
        return
    head = "would import" if dry_run else "imported"
    click.echo(f"{head} from {path} ({report.origin or 'unknown tool'}): "
               f"{len(report.documents_added)} new documents "
               f"({len(report.documents_matched)} already here), "
               f"{len(report.codes_added)} new codes, {len(report.coders_added)} new coders, "
               f"{report.codings_added} codings ({report.codings_present} already here), "
               f"{report.memos_added} memos")
    click.echo(f"offsets read as {report.offsets}: {report.offsets_reason}")
    click.echo(f"a CRLF counted as {'one character' if report.line_ends == 'one' else 'two'}"
               f": {report.line_ends_reason}")
    for line in report.dropped:
        click.echo(f"  not carried: {line}")
    for line in report.notes:
        click.echo(f"  note: {line}")
