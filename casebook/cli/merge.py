"""`casebook merge`: bring other coders' project files into this project."""

from __future__ import annotations

import click

from casebook.cli.common import EXIT_BAD_INPUT, echo_json, json_option, project, say


@click.command()
@click.argument("others", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--dry-run", is_flag=True, help="Show what would be added and every conflict; "
              "change nothing.")
@click.option("--skip-conflicts", is_flag=True, help="Merge everything that does not "
              "conflict and leave the conflicting documents, codes and coders out.")
@json_option
@click.pass_context
def merge(ctx, others, dry_run, skip_conflicts, as_json) -> None:
    """Merge OTHERS (casebook.db files or project folders of other coders) into this project.

    Documents are matched by the sha256 of their text, codes by id, coders by id; a coding
    that is here already is not added twice, so merging the same file again changes nothing.
    A document with the same name but another text, or a code id with another name, parent
    or description here, is a conflict: listed, never joined. With conflicts nothing is
    written and the exit code is 2, unless --skip-conflicts."""
    from casebook.coders.merge import merge as run_merge

    proj = project(ctx)
    report = run_merge(proj.store, list(others), dry_run=dry_run,
                       skip_conflicts=skip_conflicts, project=proj)
    if as_json:
        echo_json(report.as_dict())
    else:
        _print(report)
    if report.conflicts and not skip_conflicts:
        ctx.exit(EXIT_BAD_INPUT)


def _print(report) -> None:
    verb = "would add" if report.dry_run else ("added" if report.applied else "not merged;"
                                                                               " would add")
    click.echo(f"{verb}: {say('n_documents', n=len(report.documents_added))}, "
               f"{say('n_codes', n=len(report.codes_added))}, "
               f"{say('n_coders', n=len(report.coders_added))}, "
               f"{say('n_codings', n=report.codings_added)}, "
               f"{say('n_memos', n=report.memos_added)}")
    for label, items in (("documents", report.documents_added), ("codes", report.codes_added),
                         ("coders", report.coders_added)):
        if items:
            click.echo(f"  {label}: {', '.join(items)}")
    click.echo(f"already here: {say('n_documents', n=len(report.documents_matched))}, "
               f"{say('n_codings', n=report.codings_present)}; left out: "
               f"{say('n_codings', n=report.codings_skipped)} on conflicting documents, codes "
               "or coders")
    for note in report.notes:  # what stays removed, a codebook YAML kept as edited by hand
        click.echo(f"note: {note}")
    for conflict in report.conflicts:
        click.echo(f"conflict: {conflict.source}: {conflict.kind}: {conflict.item}: "
                   f"{conflict.detail}", err=True)
    if report.conflicts and not report.applied and not report.dry_run:
        click.echo(f"{say('n_conflicts', n=len(report.conflicts))}: nothing merged "
                   "(see --skip-conflicts)", err=True)
