"""`casebook exercise`: coding exercises for students, with feedback against the reference.

The docent: ``create`` (the student package), ``collect`` (the hand-ins), ``feedback`` (per
student), ``overview`` (the class), ``list``. The student: ``open`` and ``hand-in``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from casebook.cli.common import echo_json, json_option, project, say

if TYPE_CHECKING:
    from casebook.exercise.feedback import StudentFeedback


@click.group()
def exercise() -> None:
    """Coding exercises for students: the docent makes a student package from reviewed
    documents (create), each student opens it, codes it in the workbench and hands it in
    (open, hand-in), the docent collects the hand-ins and gets feedback per student and the
    class overview (collect, feedback, overview)."""


exercise_option = click.option("--exercise", "-e", "name",
                               help="The exercise (default: the project's only one).")


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@exercise.command()
@click.argument("name")
@click.option("--documents", "-d", multiple=True, help="Documents of the exercise (id or "
              "name; repeat, or separate with commas; default: every document).")
@click.option("--codebook", help="A codebook file (or shipped name) for the students, with "
              "codes of this project (default: the active codebook).")
@click.option("--reference", "-r", multiple=True, help="The reference coder (repeat, or "
              "separate with commas, for several experts; default: consensus).")
@click.option("--instructions", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Instructions for the students, in Markdown (default: how to open, code "
                   "and hand in).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The package to write (default: exercises/NAME/NAME.casebook-exercise).")
@json_option
@click.pass_context
def create(ctx, name, documents, codebook, reference, instructions, output, as_json) -> None:
    """Make the exercise NAME and write its student package: one file with the documents'
    pseudonymised text, the codebook (descriptions, criteria, examples) and instructions;
    never a coding, the raw text or the pseudonym mapping. Refuses documents whose
    pseudonymisation was not reviewed (casebook pseudo)."""
    from casebook.exercise.package import create as make

    made = make(project(ctx), name, documents=_split(documents) or None,
                references=_split(reference) or None, codebook=codebook,
                instructions=instructions, output=output)
    if as_json:
        echo_json({"exercise": made.exercise.as_dict(), "package": made.package})
        return
    click.echo(f"{made.package}: exercise {name}, {say('n_documents', n=len(made.documents))}"
               f" ({', '.join(made.documents)}), {say('n_codes', n=made.codes)}; reference: "
               f"{', '.join(made.exercise.references)}")
    click.echo(f"Give students the file; they run: casebook exercise open "
               f"{Path(made.package).name} --student NAME")


@exercise.command("open")
@click.argument("package", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--student", "-s", required=True, help="Your name: your codings go under it.")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path),
              help="Where to unpack it (default: NAME-STUDENT here); opening again reopens it.")
@click.option("--no-workbench", is_flag=True, help="Only unpack; do not open the workbench.")
def open_(package, student, folder, no_workbench) -> None:
    """Open the student package PACKAGE in the coding workbench, coding as STUDENT. Your work
    is saved in the folder as you go; hand it in with `casebook exercise hand-in` there."""
    from casebook.exercise.student import open_package
    from casebook.project import Project

    root = open_package(package, student, folder)
    click.echo(f"{root}: coding as {student.strip()}; hand in with: cd {root} && casebook "
               "exercise hand-in")
    if no_workbench:
        return
    from casebook.tui.app import run as workbench

    opened = Project.find(root)
    try:
        workbench(opened)
    finally:
        opened.close()


@exercise.command("hand-in")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (default: NAME-STUDENT.casebook-handin here).")
@click.pass_context
def hand_in(ctx, output) -> None:
    """Write your coded exercise (this folder, or --project) as one file to hand in."""
    from casebook.exercise.student import hand_in as write

    done = write(project(ctx).root, output)
    click.echo(f"{done.path}: {say('n_codings', n=done.codings)} by {', '.join(done.students)}"
               "; send this file to your teacher")


@exercise.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@exercise_option
@click.option("--dry-run", is_flag=True, help="Check every file and count; change nothing.")
@json_option
@click.pass_context
def collect(ctx, paths, name, dry_run, as_json) -> None:
    """Bring the hand-ins (files, or folders of *.casebook-handin) into the project, each
    student's codings under their name, in one transaction. The same file twice changes
    nothing; a file of another exercise, or changed after it was handed out, is refused and
    nothing is written."""
    from casebook.exercise import spec
    from casebook.exercise.collect import collect as run

    proj = project(ctx)
    report = run(proj, spec.load(proj.root, name), list(paths), dry_run=dry_run)
    if as_json:
        echo_json(report.as_dict())
        return
    verb = "would add" if dry_run else "added"
    click.echo(f"{say('n_files', n=len(report.files))}, {len(report.students)} students: "
               f"{verb} {say('n_codings', n=report.codings_added)}, already here "
               f"{report.codings_present}")
    for student, count in sorted(report.students.items()):
        click.echo(f"  {student}: {say('n_codings', n=count)}")
    if report.outside:
        click.echo(f"left out: {say('n_codings', n=report.outside)} with codes outside the "
                   "exercise", err=True)


@exercise.command()
@exercise_option
@click.option("--student", "-s", "students", multiple=True,
              help="Only this student (repeat for several; default: every student).")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write to (default: exercises/NAME/feedback).")
@click.option("--html", "as_html", is_flag=True, help="Web pages instead of PDFs.")
@json_option
@click.pass_context
def feedback(ctx, name, students, output, as_html, as_json) -> None:
    """Feedback per student against the reference: per code one figure and the counts, then
    fragment by fragment found, missed, other code or extra, with the text and why. Writes
    STUDENT.pdf (or .html) per student; --json prints it instead."""
    from casebook.cli.progress import progress_bar
    from casebook.exercise import spec
    from casebook.exercise.feedback import build

    proj = project(ctx)
    ex = spec.load(proj.root, name)
    result = build(proj, ex, _split(students) or None)
    if as_json:
        click.echo(_feedback_json(result.students))
        return
    from casebook.export.feedback import write_feedback

    folder = output or spec.folder(proj.root, ex.name) / "feedback"
    with progress_bar("feedback", len(result.students)) as advance:
        written = write_feedback(result, folder, web=as_html, progress=advance)
    click.echo(f"{folder}: feedback for {len(written)} students")
    for student in result.students:
        totals = student.totals()
        click.echo(f"  {student.student}: found {totals['hit']}, missed {totals['missed']}, "
                   f"other code {totals['other']}, extra {totals['extra']}")


def _feedback_json(students: list[StudentFeedback]) -> str:
    """The students' feedback as :func:`~casebook.cli.common.echo_json` prints their
    ``as_dict()`` (:func:`casebook.exercise.feedback.to_json`: each shared item once)."""
    from casebook.exercise.feedback import to_json

    return to_json(students)


@exercise.command()
@exercise_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The overview to write (default: exercises/NAME/overview.pdf, or .html).")
@click.option("--html", "as_html", is_flag=True, help="A web page instead of a PDF.")
@click.option("--grades", type=click.Path(dir_okay=False, path_type=Path),
              help="The grade book, CSV or XLSX by its suffix (default: "
                   "exercises/NAME/grades.csv).")
@json_option
@click.pass_context
def overview(ctx, name, output, as_html, grades, as_json) -> None:
    """The class overview: the hardest codes, the fragments most students missed, a students
    × codes heat map, and the grade book (CSV or XLSX)."""
    from casebook.exercise import spec
    from casebook.exercise.feedback import build
    from casebook.exercise.overview import overview as make
    from casebook.exercise.overview import write_grades

    proj = project(ctx)
    ex = spec.load(proj.root, name)
    result = build(proj, ex)
    view = make(result)
    if as_json:
        echo_json(view)
        return
    from casebook.export.overview import write_overview

    base = spec.folder(proj.root, ex.name)
    target = output or base / ("overview.html" if as_html else "overview.pdf")
    pages = write_overview(view, result, target, web=as_html)
    book = grades or base / "grades.csv"
    write_grades(view, book)
    click.echo(f"{target}: {len(view.students)} students, {say('n_codes', n=len(view.codes))}"
               + (f", {say('n_pages', n=pages)}" if pages else ""))
    click.echo(f"{book}: the grade book")
    for row in view.codes[:3]:
        value = "–" if row.agreement is None else f"{row.agreement:.2f}"
        click.echo(f"  hard: {row.name} ({value})")


@exercise.command("list")
@json_option
@click.pass_context
def list_(ctx, as_json) -> None:
    """The project's exercises: documents, reference, students collected."""
    from casebook.exercise import spec

    proj = project(ctx)
    found = [spec.load(proj.root, n) for n in spec.names(proj.root)]
    if as_json:
        echo_json([e.as_dict() for e in found])
        return
    if not found:
        click.echo("no exercises yet (casebook exercise create NAME)")
    for e in found:
        click.echo(f"{e.name}: {say('n_documents', n=len(e.documents))}, reference "
                   f"{', '.join(e.references)}, {len(e.students)} students")
