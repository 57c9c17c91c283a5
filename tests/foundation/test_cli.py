import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from casebook.cli import cli
from casebook.cli.common import run as run_entry


def run(*args, project=None):
    base = ["--project", str(project.root)] if project else []
    result = CliRunner().invoke(cli, [*base, *args], catch_exceptions=False,
                                standalone_mode=True)
    return result


def cli_main(*args, cwd=None):
    """Through the real entry point, as a user would (exit codes, stderr)."""
    return subprocess.run([sys.executable, "-m", "casebook", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    """Every command and subcommand under ``group``, with its path of names."""
    for name, command in group.commands.items():
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def test_every_command_and_subcommand_has_help():
    found = list(_commands(cli))
    assert len(found) > 40  # every group's subcommands too, not just the top level
    for path, command in found:
        assert (command.help or "").strip(), f"{' '.join(path)} has no help"
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, path
        assert result.output.startswith(f"Usage: casebook {' '.join(path)} "), path


def test_help_lists_the_commands_in_tour_order():
    listed = CliRunner().invoke(cli, ["--help"]).output.split("Commands:")[1].split()
    assert [w for w in listed if w in cli.commands][:3] == ["init", "import", "docs"]


@pytest.mark.parametrize("args,needle", [
    (["nope"], "No such command 'nope'. (see 'casebook --help')"),
    (["--nope"], "No such option '--nope'."),
    (["import", "--kind", "podcast", "x.txt"], "import: Invalid value for '--kind'"),
    (["codebook", "add"], "codebook add: Missing argument 'ID'. "
                          "(see 'casebook codebook add --help')"),
    (["code", "add", "doc", "--start", "1"], "code add: Missing option '--code'."),
    (["report", "frequencies", "--by", "colour"], "report frequencies: Invalid value for '--by'"),
])
def test_usage_errors_are_one_line(monkeypatch, capsys, args, needle):
    """Through the real entry point's runner (casebook.cli.main) and through CliRunner."""
    monkeypatch.setattr(sys, "argv", ["casebook", *args])
    assert run_entry(cli) == 2
    err = capsys.readouterr().err
    assert err.startswith("casebook: ") and err.count("\n") == 1 and needle in err, err
    under_runner = CliRunner().invoke(cli, args)
    assert under_runner.exit_code == 2 and under_runner.output == err


def test_a_group_without_subcommand_still_shows_its_help():
    result = CliRunner().invoke(cli, ["codebook"])
    assert "Commands:" in result.output and "check" in result.output


HEAVY = ("spacy", "textual", "weasyprint", "deduce", "numpy", "casebook.tui", "casebook.export",
         "casebook.store")


def test_help_does_not_load_heavy_libraries_or_other_faces():
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "casebook", "--help"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "Commands:" in out.stdout, out.stderr[-500:]
    loaded = {line.split("|")[-1].strip() for line in out.stderr.splitlines()
              if line.startswith("import time:")}
    assert "casebook.cli.export" in loaded and "casebook.cli.tui" in loaded  # it measured
    assert sorted(m for m in loaded if m.split(".")[0] in HEAVY or m.startswith(HEAVY)) == []


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
    listed = json.loads(run("codings", "--json", "--raw", project=project).stdout)
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


def test_a_category_that_is_not_codable_is_refused_in_one_line(project, tmp_path):
    from dataclasses import replace

    from tests.conftest import SMALL_CODEBOOK

    codes = [replace(c, codable=c.id != "willen") for c in SMALL_CODEBOOK.codes]
    project.store.set_codebook(replace(SMALL_CODEBOOK, codes=codes))
    src = tmp_path / "g.txt"
    src.write_text("I: Wat wil je?\nR: Ik wil werken.\n")
    run("import", str(src), project=project)
    refused = run("code", "add", "g", "--quote", "Ik wil werken.", "--code", "willen",
                  project=project)
    assert refused.exit_code == 2 and "category" in refused.output
    assert project.store.codings() == []
    assert run("code", "add", "g", "--quote", "Ik wil werken.", "--code", "willen.houding",
               project=project).exit_code == 0
