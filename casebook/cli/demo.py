"""`casebook demo`."""

from __future__ import annotations

import click

from casebook.cli.common import echo_json, json_option


@click.command()
@click.argument("directory", type=click.Path(file_okay=False), default="casebook-demo")
@click.option("--force", is_flag=True, help="Rebuild the demo project if it exists.")
@json_option
def demo(directory: str, force: bool, as_json: bool) -> None:
    """Build a demo project in DIRECTORY from the bundled Dutch sample transcripts: IGM
    codebook, four transcripts (interview, Teams, focus group, Whisper), two coders."""
    from casebook.cli.progress import progress_bar
    from casebook.demo import build, transcripts

    with progress_bar("Building demo", len(transcripts()) + 2) as advance:
        report = build(directory, force=force, progress=advance)
    if as_json:
        echo_json(report)
        return
    click.echo(f"Demo project in {report.root}")
    click.echo(f"  documents: {', '.join(report.documents)}")
    click.echo(f"  codebook: {report.codes} codes (IGM)")
    click.echo("  codings: " + ", ".join(f"{k} {v}" for k, v in sorted(report.codings.items())))
    if report.cases:
        click.echo(f"  cases: {', '.join(report.cases)}")
    click.echo(f"Try: cd {directory} && casebook docs  ·  casebook tui  ·  casebook agree")
