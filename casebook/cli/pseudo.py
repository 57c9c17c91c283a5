"""`casebook pseudo scan|review|apply|status`: pseudonymisation."""

from __future__ import annotations

import sys

import click

from casebook.cli.common import console as make_console
from casebook.cli.common import echo_json, json_option, project, say
from casebook.errors import CasebookError


@click.group()
def pseudo() -> None:
    """Pseudonymise transcripts: find names, addresses, phone numbers, e-mail, BSN and
    dates, propose replacements that are the same across the project, review them.
    An export refuses documents that have not been reviewed (unless --allow-raw)."""


@pseudo.command()
@click.argument("documents", nargs=-1)
@click.option("--rules-only", is_flag=True,
              help="Only our own fast rules and known names; skip deduce (which needs about"
                   " 2 minutes and 1 GB the first time it is loaded).")
@json_option
@click.pass_context
def scan(ctx, documents, rules_only: bool, as_json: bool) -> None:
    """Find personal data in DOCUMENTS (default: all) and propose replacements.

    Scanning again keeps every decision made; only undecided proposals are renewed.
    People get numbered stand-ins ("Persoon 1", "Klantmanager 1"), or natural names
    ("Leila Bakker") with `pseudonyms: natural` in casebook.yaml."""
    from casebook.cli.progress import progress_bar
    from casebook.privacy import service
    from casebook.privacy.natural import STYLES

    proj = project(ctx)
    style = str(proj.settings.extra.get("pseudonyms", "numbered"))
    if style not in STYLES:
        raise CasebookError(f"must be one of {', '.join(STYLES)}",
                            path=proj.root / "casebook.yaml", field="pseudonyms")
    count = len(documents) or len(proj.store.documents())
    for ref in documents:  # an unknown document is an error before deduce is loaded
        proj.store.document(ref)
    if not rules_only:
        from casebook.privacy import deduce_detector

        if not deduce_detector.loaded():
            click.echo(deduce_detector.load_message(), err=True)
        with progress_bar("Loading deduce", None):
            deduce_detector.load()
    with progress_bar("Scanning", count) as advance:
        results = service.scan(proj.store, documents, use_deduce=not rules_only,
                               language=proj.settings.language, progress=advance,
                               style=style)
    if as_json:
        echo_json(results)
        return
    for r in results:
        click.echo(f"{r.document}: {say('n_findings', n=r.findings)} "
                   f"({r.new} new, {r.decided} decided"
                   f"{f', {r.removed} outdated removed' if r.removed else ''})")
    click.echo("Next: casebook pseudo review")


def _show(console, store, f, texts: dict[int, str], names: dict[int, str]) -> None:
    from rich.text import Text

    from casebook.privacy.attributes import scanned
    from casebook.privacy.service import context

    if f.document_id not in texts:  # the text, then the attributes a finding may be in
        doc = store.document(f.document_id)
        texts[f.document_id], names[f.document_id] = scanned(doc), doc.name
    before, hit, after = context(texts[f.document_id], f.start, f.end)
    line = Text(f"{f.id:>5} {f.decision:<8} {f.category:<10} ")
    line.append(f"{hit} -> {f.replacement}", style="bold")
    line.append(f"  {names[f.document_id]}:{f.start}-{f.end} [{f.detector}]", style="dim")
    console.print(line, soft_wrap=True)
    shown = Text("      …" + before)
    shown.append(hit, style="reverse")
    shown.append(after + "…")
    console.print(shown, soft_wrap=True)


def _interactive(store, ref) -> dict[str, list[str]]:
    """Ask a/r/e/q for each undecided finding; decisions are written together at the end."""

    from casebook.privacy import service
    from casebook.privacy.mapping import NUMBERED

    console = make_console()
    decisions: dict[str, list[str]] = {"accept": [], "reject": [], "set": []}
    edited: dict[tuple[str, str], str] = {}
    texts: dict[int, str] = {}
    names: dict[int, str] = {}
    pending = [f for f in service.findings(store, ref) if f.decision == "proposed"]
    for number, f in enumerate(pending, 1):
        # an edit earlier in this session: of this form, or of this person's stand-in
        f.replacement = edited.get((f.category, f.key),
                                   edited.get((f.category, "=" + f.replacement), f.replacement))
        console.print(f"[dim]{number}/{len(pending)}[/dim]")
        _show(console, store, f, texts, names)
        answer = click.prompt("  [a]ccept, [r]eject, [e]dit, [q]uit", default="a",
                              type=click.Choice(["a", "r", "e", "q"]), show_choices=False)
        if answer == "q":
            break
        if answer == "a":
            decisions["accept"].append(str(f.id))
        elif answer == "r":
            decisions["reject"].append(str(f.id))
        else:
            text = click.prompt("  replacement", default=f.replacement)
            decisions["set"].append(f"{f.id}={text}")
            edited[(f.category, f.key)] = text.strip()
            if f.category in NUMBERED["nl"]:  # the service moves the whole person too
                edited[(f.category, "=" + f.replacement)] = text.strip()
    return decisions


@pseudo.command()
@click.argument("document", required=False)
@click.option("--accept-all", is_flag=True,
              help="Accept every undecided finding (of DOCUMENT, or of the project).")
@click.option("--accept", "accept", multiple=True, metavar="ID[,ID...]",
              help="Accept these findings (repeatable, or comma-separated).")
@click.option("--reject", "reject", multiple=True, metavar="ID[,ID...]",
              help="Reject these findings: the original text stays (repeatable).")
@click.option("--set", "edits", multiple=True, metavar="ID=TEXT",
              help="Replace finding ID by TEXT; the same name elsewhere in the project"
                   " follows (repeatable).")
@click.option("--interactive/--no-interactive", "-i", default=None,
              help="Ask a/r/e/q for each undecided finding (default: when stdin is a"
                   " terminal and no decision options are given).")
@click.option("--undecided", is_flag=True, help="List only findings not decided yet.")
@json_option
@click.pass_context
def review(ctx, document, accept_all, accept, reject, edits, interactive, undecided,
           as_json) -> None:
    """List findings with their context and decide on them.

    Without decision options at a terminal, asks for each undecided finding:
    a = accept the proposed replacement, r = reject (keep the text), e = edit the
    replacement, q = stop (decisions so far are kept). All decisions of one run are
    written in one transaction."""
    from casebook.privacy import service

    store = project(ctx).store
    ref = document
    if ref is not None:
        store.document(ref)  # an unknown document is an error before anything else
    flags = bool(accept_all or accept or reject or edits)
    if interactive is None:
        interactive = not flags and not as_json and sys.stdin.isatty()
    if interactive:
        if flags:
            raise CasebookError("give decision options or --interactive, not both",
                                field="--interactive")
        asked = _interactive(store, ref)
        accept, reject, edits = asked["accept"], asked["reject"], asked["set"]
    counts = service.decide(store, ref=ref, accept=accept, reject=reject, edits=edits,
                            accept_all=accept_all)
    rows = service.findings(store, ref)
    if undecided:
        rows = [f for f in rows if f.decision == "proposed"]
    if as_json:
        from dataclasses import asdict

        from casebook.privacy.attributes import scanned

        texts = {doc_id: scanned(store.document(doc_id))
                 for doc_id in {f.document_id for f in rows}}
        listed = []
        for f in rows:
            before, _hit, after = service.context(texts[f.document_id], f.start, f.end)
            listed.append({**asdict(f), "before": before, "after": after})
        echo_json({"decided": dict(counts), "findings": listed})
        return

    console = make_console()
    if not interactive:
        texts: dict[int, str] = {}
        names: dict[int, str] = {}
        for f in rows:
            _show(console, store, f, texts, names)
    if counts:
        click.echo(", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    left = sum(f.decision == "proposed" for f in service.findings(store, ref))
    click.echo(f"{say('n_findings', n=left)} undecided" if left else
               "Every finding is decided. Next: casebook pseudo apply")


@pseudo.command()
@click.argument("documents", nargs=-1)
@click.option("--dry-run", is_flag=True,
              help="Print the pseudonymised text; change nothing.")
@json_option
@click.pass_context
def apply(ctx, documents, dry_run: bool, as_json: bool) -> None:
    """Mark DOCUMENTS (default: all scanned) as reviewed, so they may be exported.

    Every finding must be decided. Speakers whose label is a name get the name's
    pseudonym."""
    from casebook.privacy import service

    results = service.apply(project(ctx).store, documents, dry_run=dry_run)
    if as_json:
        echo_json(results)
        return
    for r in results:
        if dry_run:
            click.echo(f"# {r.document} (pseudonymised, not saved)\n")
            click.echo(r.text)
            continue
        cats = ", ".join(f"{k} {v}" for k, v in sorted(r.categories.items())) or "-"
        click.echo(f"{r.document}: reviewed; {r.replaced} replaced ({cats}),"
                   f" {r.kept} kept as they are")
        if r.display_name != r.document:
            click.echo(f"  shown as {r.display_name}")
        for label, pseudonym in r.pseudonyms.items():
            click.echo(f"  speaker {label} -> {pseudonym}")


@pseudo.command("status")
@json_option
@click.pass_context
def status_(ctx, as_json: bool) -> None:
    """Per document: none (never scanned), scanned, or reviewed, with finding counts."""
    from casebook.privacy import status

    store = project(ctx).store
    rows = []
    for d in store.documents():
        counts = store.privacy_counts(d.id)
        rows.append({"id": d.id, "name": d.name, "status": status(store, d.id),
                     "findings": sum(counts.values()), **counts})
    if as_json:
        echo_json(rows)
        return
    from rich.table import Table

    table = Table("id", "name", "status", "findings", "undecided", "accepted", "edited",
                  "rejected", box=None)
    for r in rows:
        table.add_row(str(r["id"]), r["name"], r["status"], str(r["findings"]),
                      str(r["proposed"]), str(r["accepted"]), str(r["edited"]),
                      str(r["rejected"]))
    make_console().print(table)


@pseudo.command("purge")
@click.option("--yes", is_flag=True,
              help="Purge: without it, only report what would change.")
@json_option
@click.pass_context
def purge_(ctx, yes: bool, as_json: bool) -> None:
    """Replace the stored originals by their pseudonymised text, for a data agreement that
    says the raw text must go: in the database (texts, names, speakers, memos, the mapping;
    codings moved onto the new text), in sources/, and copies of the database are deleted.
    Every document must be reviewed. Without --yes: a dry run that changes nothing.
    This cannot be undone."""
    from casebook.privacy import purge

    proj = project(ctx)
    report = purge.purge(proj) if yes else purge.plan(proj)
    if as_json:
        echo_json(report)
        return
    for doc in report.documents:
        click.echo(f"{doc['name']} -> {doc['shown_as']}: {doc['replaced']} replaced")
    duplicates = report.duplicate_codings
    click.echo(f"{say('n_codings', n=report.codings)} moved onto the new texts"
               f"{f', {duplicates} duplicates removed' if duplicates else ''}"
               f"; {say('n_findings', n=report.findings)}; {say('n_memos', n=report.memos)} "
               f"pseudonymised; {report.mapping} mapping entries forgotten")
    for path in report.cases:
        click.echo(f"  case: {path} {'rewritten' if report.done else 'to be rewritten'} "
                   "(document names, quotes)")
    for path in report.sources:
        click.echo(f"  sources: {path} {'replaced' if report.done else 'to be replaced'} by "
                   "the pseudonymised text")
    for path in report.backups:
        click.echo(f"  backup: {path} {'deleted' if report.done else 'to be deleted'}")
    click.echo("Purged: the originals are gone." if report.done else
               "Nothing changed (dry run). Run `casebook pseudo purge --yes` to purge; "
               "this cannot be undone.")
