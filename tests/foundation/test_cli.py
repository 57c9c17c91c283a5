import contextlib
import io
import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st

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


@pytest.mark.parametrize("width", [50, 57, 64, 71, 78])
def test_help_lists_each_command_as_its_own_help_would_without_loading_it(width):
    """`casebook --help` shows each command by its line in SUMMARIES (no command's module
    loaded): the same text click makes of the command's own help, at every width."""
    from casebook.cli import COMMANDS, SUMMARIES, Casebook, Commands

    assert list(SUMMARIES) == list(COMMANDS)
    lazy = Casebook("casebook", commands=Commands(COMMANDS))  # nothing looked up yet
    for name in COMMANDS:
        cli.commands[name]  # noqa: B018 -- the commands themselves, loaded
    shown, loaded = click.HelpFormatter(width=width), click.HelpFormatter(width=width)
    ctx = click.Context(cli, info_name="casebook")
    lazy.format_commands(ctx, shown)
    click.Group.format_commands(cli, ctx, loaded)
    assert shown.getvalue() == loaded.getvalue() and "Commands:" in shown.getvalue()
    assert all(lazy.commands.loaded(name) is None for name in COMMANDS)


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


# -- the codings listing ------------------------------------------------------------------
def _listed_as_before(store, gate, text=True, **where):
    """What `casebook codings` listed before it read rows: fragments through the gate."""
    from casebook.coding import query
    from casebook.reports import shown_fragments

    out = []
    for fragment in shown_fragments(gate, query.fragments(store, **where)):
        c = fragment.coding
        item = {"id": c.id, "document": fragment.document, "document_id": c.document_id,
                "start": c.start, "end": c.end, "code": c.code_id, "coder": c.coder_name,
                "coder_id": c.coder_id, "created": c.created, "memo": c.memo}
        if text:
            item["text"] = fragment.text
        for key, value in item.items():
            if isinstance(value, str):
                gate.check(f"codings: coding {c.id}: {key}", value)
        out.append(item)
    return out


@pytest.mark.parametrize("raw", [False, True])
def test_the_codings_listing_is_what_the_fragments_show_through_the_gate(demo_project, raw):
    from casebook.privacy.guard import Gate

    proj, store = demo_project, demo_project.store
    anna = store.find_coder("anna").id
    first = store.codings(coder_ids=[anna])[0]
    assert run("memo", "add", "--on", "coding", "--id", str(first.id), "--coder", "bram",
               "Niet de memo van deze codering.", project=proj).exit_code == 0  # another's
    store.set_coding_memo(first.id, "Samira zegt dit met nadruk.")  # a name, pseudonymised
    for step in (["scan", "--rules-only"], *(["review", str(d.id), "--accept-all"]
                                             for d in store.documents()), ["apply"]):
        assert run("pseudo", *step, project=proj).exit_code == 0
    gate = Gate.for_project(store, raw=raw)
    raw_flag = ["--raw"] if raw else []
    for options, where, text in (
            ([], {}, True), (["--code", "willen.houding", "--code", "doen"],
                             {"code_ids": ["willen.houding", "doen"]}, True),
            (["--coder", "anna", "--doc", "2", "--no-text"],
             {"coder_ids": [anna], "document_id": 2}, False)):
        result = run("codings", "--json", *options, *raw_flag, project=proj)
        assert result.exit_code == 0, result.output
        expected = _listed_as_before(store, gate, text=text, **where)
        assert expected and json.loads(result.stdout) == expected
        assert result.stdout == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    listed = json.loads(run("codings", "--json", *raw_flag, project=proj).stdout)
    memo = next(c["memo"] for c in listed if c["id"] == first.id)
    assert ("Samira" in memo) == raw
    table = run("codings", "--code", "doen", *raw_flag, project=proj).stdout.splitlines()
    assert len(table) == len([c for c in listed if c["code"] == "doen"])
    as_csv = run("codings", "--csv", *raw_flag, project=proj).stdout.splitlines()
    assert as_csv[0].split(",") == list(listed[0]) and len(as_csv) == len(listed) + 1


VALUES = st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.text(), st.booleans())


@given(st.lists(st.lists(VALUES, min_size=3, max_size=3), max_size=4))
def test_rows_print_as_echo_json_prints_their_mappings(rows):
    from casebook.cli.common import echo_json, echo_json_rows

    keys = ("id", "tekst 😅", "memo")
    by_rows, by_mappings = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(by_rows):
        echo_json_rows(keys, rows)
    with contextlib.redirect_stdout(by_mappings):
        echo_json([dict(zip(keys, row)) for row in rows])
    assert by_rows.getvalue() == by_mappings.getvalue()


def test_tables_line_up_without_rich(demo_project):
    lines = run("docs", project=demo_project).stdout.splitlines()
    assert lines[0].split() == ["id", "name", "kind", "date", "turns", "codings", "coded"]
    assert len(lines) == 5 and lines[1].index("clientgesprek") == lines[0].index("name")
    shown = run("codebook", "show", "--all", project=demo_project).stdout.splitlines()
    assert shown[0] == "Integratief gedragsmodel (IGM) (version 1.0)"
    assert shown[1].split() == ["key", "code", "id", "codings"]
    assert "■ Houding" in shown[3] and shown[3].rstrip().endswith(
        str(demo_project.store.coding_counts()["willen.houding"]))


# -- `casebook codings` without click (casebook.cli.quick) ---------------------------------
@pytest.fixture(scope="module")
def listed_project(_demo_template, tmp_path_factory):
    """The demo project with memos (one naming someone), documents 1-3 pseudonymised and
    reviewed, document 4 scanned but not reviewed (a gated listing of it is refused)."""
    import shutil

    from casebook.project import Project

    root = tmp_path_factory.mktemp("quick") / "casebook-demo"
    shutil.copytree(_demo_template, root)
    proj = Project.find(root)
    store = proj.store
    anna = store.find_coder("anna").id
    first, second = store.codings(coder_ids=[anna])[:2]
    store.set_coding_memo(first.id, "Samira zegt dit met nadruk.")
    store.set_coding_memo(second.id, "Een memo \x1b[31min kleur\x1b[0m.")  # echo strips it
    for step in (["scan", "--rules-only"], *(["review", str(d), "--accept-all"]
                                             for d in (1, 2, 3)), ["apply", "1", "2", "3"]):
        assert run("pseudo", *step, project=proj).exit_code == 0
    proj.close()
    return root


def _both_ways(monkeypatch, capsys, argv, env=None, taken=True):
    """``casebook ARGV`` through casebook.cli.main as `casebook` runs it, and forced
    through click: each as (exit code, stdout, stderr). ``taken``: the first way runs
    without click (else through click too: the quick way declines ARGV)."""
    import casebook.cli.common
    import casebook.cli.quick
    from casebook.cli import main

    def not_here(*args, **kwargs):
        raise AssertionError("the other way ran")

    outcomes = []
    for quick in (True, False):
        with monkeypatch.context() as patch:
            patch.setattr(sys, "argv", ["casebook", *argv])
            for name, value in (env or {}).items():
                patch.setenv(name, value)
            patch.setattr(casebook.cli.common if quick and taken else casebook.cli.quick,
                          "run", not_here)
            with pytest.raises(SystemExit) as done:
                main(quick=quick, fast_exit=False)
            out, err = capsys.readouterr()
            outcomes.append((done.value.code, out, err))
    return outcomes


FORMATS = [[], ["--json"], ["--csv"]]
FILTERS = [[], ["--doc", "1"], ["--doc", "klantmanager-interview"],
           ["--code", "willen.houding", "--code", "doen"], ["--coder", "anna"],
           ["--coder", "bram", "--doc", "2", "--coder", "anna"], ["--no-text", "--doc", "3"],
           ["--doc", "leertafel", "--text", "--no-text", "--text"],
           ["--doc", "4"],  # scanned, not reviewed: refused unless --raw
           ["--doc", "geen-document"], ["--coder", "niemand"], ["--doc", "1", "--code", "x"],
           ["--doc", "1", "--doc", "2", "--csv"],  # the last --doc; --json over --csv
           ["--doc", "\udcff"], ["--coder", "\udcff"]]  # not UTF-8 (surrogateescape)


@pytest.mark.parametrize("filters", FILTERS, ids=" ".join)
@pytest.mark.parametrize("form", FORMATS, ids=lambda f: f[0] if f else "table")
@pytest.mark.parametrize("raw", [False, True], ids=["gated", "raw"])
def test_a_plain_listing_prints_without_click_what_click_prints(listed_project, monkeypatch,
                                                                 capsys, filters, form, raw):
    from casebook.cli.quick import plain_command

    project = ["-p", str(listed_project)] if len(filters) % 2 else [
        "--project", str(listed_project)]
    argv = [*project, "codings", *(["--raw"] if raw else []), *filters, *form]
    assert plain_command(argv) is not None  # the quick way takes it
    quick, through_click = _both_ways(monkeypatch, capsys, argv)
    assert quick == through_click
    code, out, err = quick
    refused = not raw and (not filters or "4" in filters or filters[:2] == ["--coder", "anna"])
    failing = refused or any(bad in filters for bad in ("geen-document", "niemand", "\udcff"))
    assert code == (2 if failing else 0), err
    assert err.count("\n") == raw + failing  # the warning of --raw, the error
    assert bool(out) == (not failing and (bool(form) or "x" not in filters)), out[:200]


@pytest.mark.parametrize("argv", [
    ["codings", "--json", "--code", "doen"],  # the project from $CASEBOOK_PROJECT
    ["codings", "--csv", "--raw", "--code", "doen"],
    ["codings", "--doc", "1"], ["codings", "--raw", "--no-text", "--doc", "4"]])
def test_the_project_from_the_environment_either_way(listed_project, monkeypatch, capsys, argv):
    quick, through_click = _both_ways(monkeypatch, capsys, argv,
                                      env={"CASEBOOK_PROJECT": str(listed_project)})
    assert quick == through_click and quick[0] == 0 and quick[1]


@pytest.mark.parametrize("argv", [
    ["codings", "--json", "--doc=1"], ["codings", "--help"], ["codings", "-h"],
    ["codings", "--doc"], ["codings", "--doc", "--json"], ["codings", "--jsn"],
    ["codings", "extra"], ["codings", "--", "--json"], ["codings", "-p", "."],
    ["-p", "codings"], ["--project=.", "codings"], ["-p.", "codings"], ["--version"],
    ["docs", "codings"], ["-p", ".", "-p", ".", "codings"], ["codings", "--code", "-x"]])
def test_any_other_command_line_goes_to_click(listed_project, monkeypatch, capsys, argv):
    """Help, misspellings, other spellings and other commands are click's to read: the
    quick way declines them (and then they run as they always did)."""
    from casebook.cli.quick import plain_command

    assert plain_command(argv) is None
    monkeypatch.chdir(listed_project)
    quick, through_click = _both_ways(monkeypatch, capsys, argv, taken=False)
    assert quick == through_click


def test_a_project_option_click_would_refuse_goes_to_click(tmp_path, monkeypatch, capsys):
    """``click.Path(file_okay=False)``: a file as the project is click's usage error."""
    from casebook.cli.quick import plain_command

    a_file = tmp_path / "een-bestand"
    a_file.write_text("name: x\n")
    for argv in (["-p", str(a_file), "codings"], ["--project", str(a_file), "codings"]):
        assert plain_command(argv) is None
        quick, through_click = _both_ways(monkeypatch, capsys, argv, taken=False)
        assert quick == through_click and quick[0] == 2 and "is a file" in quick[2]
    monkeypatch.setenv("CASEBOOK_PROJECT", str(a_file))
    assert plain_command(["codings"]) is None
    missing = str(tmp_path / "nergens")  # not there: taken as given, then not found
    assert plain_command(["-p", missing, "codings"]) is not None
    quick, through_click = _both_ways(monkeypatch, capsys, ["-p", missing, "codings"])
    assert quick == through_click and quick[0] == 2 and "no casebook.yaml" in quick[2]


def test_the_real_entry_point_prints_the_same_either_way(listed_project):
    """`python -m casebook codings ...` (without click) and the same through click, as
    processes: the same bytes on stdout and stderr, the same exit code."""
    forced = "import sys; from casebook.cli import main; sys.argv[0] = 'casebook'; main(False)"
    for args in (["--json", "--raw", "--code", "doen"], ["--doc", "2", "--csv"], ["--json"]):
        argv = ["-p", str(listed_project), "codings", *args]
        quick = subprocess.run([sys.executable, "-m", "casebook", *argv], capture_output=True,
                               timeout=120)
        through_click = subprocess.run([sys.executable, "-c", forced, *argv],
                                       capture_output=True, timeout=120)
        assert (quick.returncode, quick.stdout, quick.stderr) == (
            through_click.returncode, through_click.stdout, through_click.stderr)
        assert quick.stdout or quick.returncode == 2


class _Stream(io.StringIO):
    """A text stream that says whether it is a terminal."""

    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


@given(st.lists(st.sampled_from(["a", "é", "😅", "\n", "\x1b", "[", "31", ";", "m", "K", " "])).map("".join),
       st.booleans(), st.booleans())
@example("\x1b[31mrood\x1b[0m", False, False)
@example("\x1b[1mvet\x1b[0m", True, True)
def test_the_click_free_echo_prints_what_click_echo_prints(text, terminal, err):
    """casebook.cli.plain.echo, which a plain listing prints with, is click.echo for a
    text: style codes kept at a terminal and taken out elsewhere."""
    from casebook.cli.plain import echo

    printed = []
    for how in (echo, click.echo):
        stream = _Stream(terminal)
        with contextlib.redirect_stderr(stream) if err else contextlib.redirect_stdout(stream):
            how(text, err=err)
        printed.append(stream.getvalue())
    assert printed[0] == printed[1]
