"""`casebook case`: list and check teaching case files (cases/*.md)."""

from __future__ import annotations

import click

from casebook.cli.common import echo_json, json_option, project, say


@click.group()
def case() -> None:
    """Teaching cases: Markdown files with YAML front matter in the project's cases/ folder
    (title, learning_goals, fragments by document + quote/turns/range or by code)."""


@case.command("list")
@json_option
@click.pass_context
def list_(ctx, as_json: bool) -> None:
    """List the case files in cases/ with their title and fragments."""
    from casebook import cases as case_service
    from casebook.errors import CasebookError

    proj = project(ctx)
    rows = []
    for path in case_service.find_cases(proj.root / "cases") if (proj.root / "cases").is_dir() \
            else []:
        try:
            c = case_service.load(path)
            rows.append({"name": path.stem, "file": str(path), "title": c.title,
                         "fragments": len(c.fragments), "questions": len(c.questions),
                         "error": None})
        except CasebookError as err:
            rows.append({"name": path.stem, "file": str(path), "title": None,
                         "fragments": None, "questions": None, "error": str(err)})
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("no cases in cases/ (see `casebook demo` for a sample)")
    for row in rows:
        if row["error"]:
            click.echo(f"{row['name']}  ERROR {row['error']}")
        else:
            click.echo(f"{row['name']}  {row['title']}  ({say('n_fragments', n=row['fragments'])}, "
                       f"{say('n_questions', n=row['questions'])})")


@case.command()
@click.argument("cases", nargs=-1, required=True)
@click.pass_context
def check(ctx, cases) -> None:
    """Check CASES against the project: fields, documents, quotes, ranges, codes, coders
    and pseudonymisation. The first problem is reported as file:line: field: message."""
    from casebook import cases as case_service

    proj = project(ctx)
    for ref in cases:
        path = case_service.case_path(ref, proj.root / "cases")
        rc = case_service.resolve(proj.store, case_service.load(path))
        raw = sorted({f.document for f in rc.fragments if f.raw})
        note = f"; not pseudonymised: {', '.join(raw)}" if raw else ""
        if rc.leaks:
            note += "; names what the transcripts pseudonymise: " + ", ".join(
                f"'{original}' (line {line})" for original, _pseudonym, line in rc.leaks)
        click.echo(f"{path}: ok, {len(rc.fragments)} fragments, {len(rc.case.questions)} "
                   f"questions{note}")
