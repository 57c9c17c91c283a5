"""`casebook import`, `docs`, `show`, `speaker`."""

from __future__ import annotations

import click

from casebook.cli.common import echo_json, json_option, print_table, project, say
from casebook.errors import CasebookError
from casebook.model import DOCUMENT_KINDS, Speaker, Turn


def _attributes(pairs: tuple[str, ...]) -> dict[str, str]:
    result = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CasebookError(f"expected KEY=VALUE, got {pair!r}", field="--attr")
        result[key.strip()] = value.strip()
    return result


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--kind", type=click.Choice(DOCUMENT_KINDS),
              help="Kind of document (default: guessed from the number of speakers).")
@click.option("--date", help="Date of the conversation, YYYY-MM-DD (default: from the file name).")
@click.option("--attr", "attrs", multiple=True, metavar="KEY=VALUE",
              help="A document attribute, e.g. --attr gemeente=Utrecht (repeatable).")
@json_option
@click.pass_context
def import_(ctx, files, kind, date, attrs, as_json) -> None:
    """Import transcripts: .txt/.md (speaker-colon turns, I:/R:, **Name:**), .docx,
    .vtt (Teams, Zoom), .srt (Whisper) and Otter/Amberscript exports.

    Text is normalised and stored unchangeable; the same text imported twice is detected.
    All FILES are imported in one transaction: on any error nothing is stored.
    """
    from casebook.cli.progress import progress_bar
    from casebook.ingest import import_files

    proj = project(ctx)
    with progress_bar("Importing", len(files)) as advance:
        results = import_files(proj, files, kind=kind, date=date,
                               attributes=_attributes(attrs), progress=advance)
    if as_json:
        echo_json(results)
        return
    for r in results:
        if r.status == "duplicate":
            click.echo(f"= {r.path}: same text as document '{r.duplicate_of}', skipped")
        else:
            click.echo(f"+ {r.name} ({r.format}): {say('n_turns', n=r.turns)}, "
                       f"{say('n_sentences', n=r.sentences)}, "
                       f"speakers: {', '.join(r.speakers) or '-'}")


@click.command()
@json_option
@click.pass_context
def docs(ctx, as_json: bool) -> None:
    """List the project's documents with their coding progress."""
    rows = project(ctx).store.documents()
    if as_json:
        echo_json(rows)
        return
    print_table(("id", "name", "kind", "date", "turns", "codings", "coded"),
                ((str(d.id), d.name, d.kind, d.date or "", str(d.turns), str(d.codings),
                  f"{100 * d.coded_chars / d.length:.0f}%" if d.length else "-")
                 for d in rows), right=("id", "turns", "codings", "coded"))


@click.command()
@click.argument("document")
@click.option("--pseudo", is_flag=True,
              help="Show what a reader of any output sees: the pseudonymised text, the "
                   "display name and the speakers' pseudonyms (the document must be "
                   "reviewed, see `casebook pseudo`).")
@json_option
@click.pass_context
def show(ctx, document: str, pseudo: bool, as_json: bool) -> None:
    """Show DOCUMENT (id or name) turn by turn."""
    store = project(ctx).store
    doc = store.document(document)
    turns = store.turns(doc.id)
    if pseudo:
        from casebook.privacy.guard import Gate

        gate = Gate.for_project(store)
        view = gate.shown(doc.id)
        name, text, attributes = view.name, view.text, view.attributes
        turns = [Turn(*view.span(t.start, t.end), view.speaker(t.speaker), t.time_start,
                      t.time_end) for t in turns]
        speakers = [Speaker(view.speaker(s.label) or "", s.role, view.speaker(s.label))
                    for s in store.speakers(doc.id)]
        for s in speakers if as_json else ():  # a role is free text ("moeder van ...")
            gate.check(f"document '{name}': speaker role", s.role)
    else:
        name, text, attributes = doc.name, doc.text, doc.attributes
        speakers = store.speakers(doc.id)
    if as_json:
        echo_json({
            "id": doc.id, "name": name, "kind": doc.kind, "date": doc.date,
            "format": doc.format, **({} if pseudo else {"sha256": doc.sha256,
                                                       "source": doc.source}),
            "attributes": attributes, "length": len(text), "speakers": speakers,
            "turns": [{"speaker": t.speaker, "start": t.start, "end": t.end,
                       "time_start": t.time_start, "time_end": t.time_end,
                       "text": text[t.start:t.end]} for t in turns],
        })
        return
    from casebook.i18n import clock

    click.echo(f"# {name} ({doc.kind}{', ' + doc.date if doc.date else ''})")
    for t in turns:
        head = " ".join(x for x in (clock(t.time_start), t.speaker or "") if x)
        click.echo(f"\n[{t.start}-{t.end}] {head}".rstrip())
        click.echo(text[t.start:t.end])


@click.command()
@click.argument("document")
@click.argument("label", required=False)
@click.option("--role", help="Role, e.g. client, klantmanager, interviewer, werkgever.")
@click.option("--pseudonym", help="Name to show instead of the label in exports.")
@json_option
@click.pass_context
def speaker(ctx, document: str, label: str | None, role: str | None, pseudonym: str | None,
            as_json: bool) -> None:
    """List DOCUMENT's speakers, or set LABEL's role and pseudonym."""
    store = project(ctx).store
    doc = store.document(document)
    if label:
        if role is None and pseudonym is None:
            raise CasebookError("give --role and/or --pseudonym", field="speaker")
        store.set_speaker(doc.id, label, role=role, pseudonym=pseudonym)
    speakers = store.speakers(doc.id)
    if as_json:
        echo_json(speakers)
        return
    for s in speakers:
        click.echo(f"{s.label}\trole: {s.role or '-'}\tpseudonym: {s.pseudonym or '-'}")
