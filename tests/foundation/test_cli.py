import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from casebook.cli import COMMANDS, cli


def run(*args, project=None):
    base = ["--project", str(project.root)] if project else []
    result = CliRunner().invoke(cli, [*base, *args], catch_exceptions=False,
                                standalone_mode=True)
    return result


def cli_main(*args, cwd=None):
    """Through the real entry point, as a user would (exit codes, stderr)."""
    return subprocess.run([sys.executable, "-m", "casebook", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_every_command_has_help():
    for name in COMMANDS:
        command = cli.get_command(click.Context(cli), name)
        assert command is not None, name
        assert (command.help or "").strip(), f"{name} has no help"
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        if isinstance(command, click.Group):
            for sub_name, sub in command.commands.items():
                assert (sub.help or "").strip(), f"{name} {sub_name} has no help"


def test_help_does_not_load_heavy_libraries():
    code = ("import sys; from casebook.cli import cli; from click.testing import CliRunner;"
            "r = CliRunner().invoke(cli, ['--help']); assert r.exit_code == 0;"
            "print(','.join(m for m in ('spacy', 'textual', 'weasyprint', 'deduce')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_import_show_code_and_list(project, tmp_path):
    from tests.conftest import SMALL_CODEBOOK

    project.store.set_codebook(SMALL_CODEBOOK)
    src = tmp_path / "gesprek-2024-03-12.txt"
    src.write_text("I: Wat wil je bereiken?\nR: Ik wil graag werken 😅 in de zorg.\n")
    result = run("import", str(src), "--json", project=project)
    assert result.exit_code == 0, result.output
    imported = json.loads(result.output)[0]
    assert imported["status"] == "imported" and imported["speakers"] == ["I", "R"]
    assert any((project.root / "sources").glob("*gesprek-2024-03-12.txt"))
    again = json.loads(run("import", str(src), "--json", project=project).output)[0]
    assert again["status"] == "duplicate"

    shown = json.loads(run("show", "gesprek", "--json", project=project).output)
    assert shown["date"] == "2024-03-12" and shown["kind"] == "interview"
    answer = shown["turns"][1]
    assert answer["speaker"] == "R" and answer["text"] == "Ik wil graag werken 😅 in de zorg."

    added = run("code", "add", "gesprek", "--quote", "werken 😅 in de zorg", "--code", "1",
                "--coder", "anna", "--json", project=project)
    assert added.exit_code == 0, added.output
    listed = json.loads(run("codings", "--json", project=project).output)
    assert [(c["code"], c["coder"], c["text"]) for c in listed] == [
        ("willen.houding", "anna", "werken 😅 in de zorg")]
    start = listed[0]["start"]
    assert shown["turns"][1]["start"] <= start < listed[0]["end"] <= shown["turns"][1]["end"]


def test_bad_input_is_one_line_exit_2_and_nothing_written(project, tmp_path):
    good = tmp_path / "goed.txt"
    good.write_text("I: Hoi\nR: Hallo\n")
    bad = tmp_path / "kapot.vtt"
    bad.write_text("WEBVTT\n\n1\n00:00:01.000 --> 00:00:0x\nHoi\n")
    out = cli_main("--project", str(project.root), "import", str(good), str(bad))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "kapot.vtt:4" in out.stderr
    assert "Traceback" not in out.stderr
    assert project.store.documents() == []
    assert list((project.root / "sources").iterdir()) == []


@pytest.mark.parametrize("args,needle", [
    (["show", "nothing"], "no document 'nothing'"),
    (["code", "add", "x", "--start", "1", "--end", "2", "--code", "c"], "no document 'x'"),
    (["import", "--kind", "podcast", "x.txt"], "podcast"),
])
def test_usage_errors_exit_2(project, args, needle):
    out = cli_main("--project", str(project.root), *args)
    assert out.returncode == 2 and needle in out.stderr and "Traceback" not in out.stderr


def test_no_project_found(tmp_path):
    out = cli_main("docs", cwd=tmp_path)
    assert out.returncode == 2 and "casebook.yaml" in out.stderr


def test_project_found_by_walking_up(project):
    sub = project.root / "sources"
    out = cli_main("docs", "--json", cwd=sub)
    assert out.returncode == 0 and json.loads(out.stdout) == []


def test_speaker_roles_and_memos(project, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Interviewer: Vraag?\nRespondent: Antwoord.\n")
    run("import", str(src), project=project)
    speakers = json.loads(run("speaker", "a", "--json", project=project).output)
    assert [(s["label"], s["role"]) for s in speakers] == [("Interviewer", "interviewer"),
                                                          ("Respondent", "respondent")]
    run("speaker", "a", "Respondent", "--role", "client", "--pseudonym", "R1", project=project)
    assert project.store.speakers(1)[1].pseudonym == "R1"
    assert run("memo", "add", "--on", "document", "--id", "a", "Eerste indruk",
               project=project).exit_code == 0
    memos = json.loads(run("memo", "list", "--json", project=project).output)
    assert memos[0]["target_kind"] == "document" and memos[0]["text"] == "Eerste indruk"
