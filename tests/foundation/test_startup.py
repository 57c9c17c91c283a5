"""Commands that read or write a few rows start fast: they load neither the heavy libraries
(numpy through sqlite-utils, spaCy, WeasyPrint, Textual, deduce, rich) nor the parts of
Casebook they do not use, and opening a project reads no file it need not. Checked with
`python -X importtime`, which names every module a run imports: these tests time nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from casebook.cli.common import project
from casebook.project import Project, Settings, _plain_settings

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("numpy", "spacy", "weasyprint", "textual", "deduce", "rich", "sqlite_utils")
# what a quick command has no use for: the other faces, the import machinery, PyYAML (the
# settings and a current codebook file are not parsed), sqlite-utils (nothing to migrate)
UNUSED = ("casebook.tui", "casebook.export", "casebook.ingest", "casebook.refi",
          "casebook.coders", "casebook.codebook", "yaml")
QUICK = {
    "--help": ["--help"],
    "code add": ["code", "add", "gesprek", "--quote", "werken", "--code", "willen", "--json"],
    "docs": ["docs"],
    "docs --json": ["docs", "--json"],
    "codings": ["codings", "--raw"],
    "codings --json": ["codings", "--json", "--raw"],
    "codings (refused)": ["codings", "--json"],  # not pseudonymised: refused, one line
    "show": ["show", "gesprek"],
    "codebook show": ["codebook", "show"],
}


def imported(args: list[str], cwd: Path) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The modules one run of `casebook ARGS` imports (and the run)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CASEBOOK_CODER": "tester"}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "casebook", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120, env=env)
    loaded = {line.split("|")[-1].strip() for line in done.stderr.splitlines()
              if line.startswith("import time:")}
    return loaded, done


def _under(loaded: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in loaded if m in names or m.startswith(tuple(f"{n}." for n in names)))


@pytest.fixture(scope="module")
def small_project(tmp_path_factory) -> Path:
    """A project with the igm codebook (its YAML written), one document and one coding."""
    from casebook.codebook import service
    from casebook.coding import service as coding
    from casebook.ingest import import_files

    root = tmp_path_factory.mktemp("startup") / "proj"
    project = Project.init(root, name="Startup")
    service.use(project, "igm")
    source = root.parent / "gesprek.txt"
    source.write_text("I: Wat wil je?\n\nR: Ik wil werken. Maar het lukt niet.\n",
                      encoding="utf-8")
    import_files(project, [source])
    coding.add(project.store, "gesprek", 19, 34, "willen", "anna")
    project.close()
    return root


@pytest.mark.parametrize("name", list(QUICK))
def test_a_quick_command_loads_no_heavy_library_and_nothing_it_does_not_use(small_project,
                                                                           name):
    loaded, done = imported(QUICK[name], small_project)
    refused = name.endswith("(refused)")
    assert done.returncode == (2 if refused else 0), done.stderr[-800:]
    assert "casebook.cli" in loaded and "casebook.errors" in loaded  # it measured
    assert _under(loaded, HEAVY) == []
    assert _under(loaded, UNUSED) == []
    if name.startswith("codings"):  # a plain listing: without click (casebook.cli.quick)
        assert _under(loaded, ("click",)) == []
        assert set(_under(loaded, ("casebook.cli",))) == {
            "casebook.cli", "casebook.cli.lazy", "casebook.cli.quick", "casebook.cli.plain"}
    elif name != "--help":  # a command loads its own module only (and the gate's options)
        own = {"code": "coding", "codebook": "codebook"}.get(name.split()[0], "documents")
        assert "click" in loaded
        assert set(_under(loaded, ("casebook.cli",))) - {"casebook.cli.gate"} == {
            "casebook.cli", "casebook.cli.group", "casebook.cli.common", "casebook.cli.plain",
            f"casebook.cli.{own}"}


@pytest.mark.parametrize("name", ["codings", "codings --json"])
def test_a_raw_listing_loads_none_of_the_gate(small_project, name):
    """The gate of --raw refuses nothing and shows the stored text: a listing with --raw
    loads none of the gate's modules (nor the detectors' rules, whose patterns compile at
    import); the listing without it does load the gate, and is refused."""
    loaded, done = imported(QUICK[name], small_project)
    assert done.returncode == 0 and "casebook.store" in loaded  # it listed
    assert "warning: --raw" in done.stderr
    assert _under(loaded, ("casebook.privacy", "casebook.offsets")) == []
    loaded, done = imported(QUICK["codings (refused)"], small_project)
    assert done.returncode == 2 and "not pseudonymised" in done.stderr
    assert "casebook.privacy.guard" in loaded and "casebook.privacy.variants" in loaded


def test_a_project_named_by_p_loads_no_difflib(small_project, tmp_path):
    """``-p DIR`` is read as ``--project DIR``: click would try ``-p`` as a long option
    first, and the error it makes and catches for that loads difflib (close matches) to
    say nothing. Every spelling names the same project."""
    outputs = set()
    for option in (["-p", str(small_project)], [f"-p{small_project}"],
                   ["--project", str(small_project)], [f"--project={small_project}"]):
        loaded, done = imported([*option, "docs"], tmp_path)
        assert done.returncode == 0, done.stderr[-800:]
        assert "difflib" not in loaded
        outputs.add(done.stdout)
    assert len(outputs) == 1 and "gesprek" in outputs.pop()


@pytest.mark.parametrize("args,expected", [
    (["-p", "a", "docs", "-p", "b"], ["--project", "a", "docs", "-p", "b"]),
    (["-pa", "show", "x"], ["--project=a", "show", "x"]),
    (["--project", "-p", "docs"], ["--project", "-p", "docs"]),  # a folder named -p
    (["-h", "-p", "a", "docs"], ["-h", "--project", "a", "docs"]),
    (["--version"], ["--version"]),
    (["-p"], ["-p"]),  # no value: click's own error, naming -p
    (["docs", "-p", "a"], ["docs", "-p", "a"]),  # the command's own -p, if it has one
])
def test_only_the_groups_p_is_spelled_long(args, expected):
    from casebook.cli import _long_project

    assert _long_project(args) == expected


def test_a_raw_json_listing_loads_json_s_encoder_only(small_project):
    """`codings --json` writes its JSON with json's C function for texts: the json package
    (its decoder and scanner with it) is not imported for it."""
    loaded, done = imported(QUICK["codings --json"], small_project)
    assert done.returncode == 0 and '"text": ' in done.stdout
    assert "_json" in loaded and _under(loaded, ("json",)) == []


def test_help_shows_every_command_and_loads_no_command_module(small_project):
    """--help lists each command by its summary line (casebook.cli.SUMMARIES): no
    command's module, nor the model, the store or a service, is loaded for it."""
    loaded, done = imported(["--help"], small_project)
    assert "Commands:" in done.stdout and "exercise" in done.stdout.split("Commands:")[1]
    assert _under(loaded, ("casebook",)) == ["casebook", "casebook.cli", "casebook.cli.common",
                                             "casebook.cli.group", "casebook.cli.plain",
                                             "casebook.errors"]


@pytest.mark.parametrize("name", ["docs", "show", "codebook show", "code add"])
def test_opening_a_project_loads_no_pathlib(small_project, name):
    """Opening works on the folder's name as text: pathlib (and urllib.parse and ipaddress,
    which it imports) is for the commands that write files or ask for ``project.root``."""
    loaded, done = imported(QUICK[name], small_project)
    assert done.returncode == 0, done.stderr[-800:]
    assert "casebook.store" in loaded  # it opened the project
    assert _under(loaded, ("pathlib", "urllib", "ipaddress")) == []
    if name != "code add":  # no JSON written (a code's examples read without json)
        assert _under(loaded, ("json",)) == []


def test_importing_the_cli_freezes_what_it_loaded_and_leaves_collection_as_it_was():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    probe = ("import gc; {} import casebook.cli.group; "
             "print(gc.isenabled(), gc.get_freeze_count() > 10_000)")
    on = subprocess.run([sys.executable, "-c", probe.format("")], capture_output=True,
                        text=True, env=env, check=True)
    off = subprocess.run([sys.executable, "-c", probe.format("gc.disable();")],
                         capture_output=True, text=True, env=env, check=True)
    assert on.stdout == "True True\n" and off.stdout == "False True\n"


def test_opening_the_project_freezes_what_it_loaded_and_leaves_collection_on(small_project):
    """A command opens its project as its module loads: collection paused, the project's
    and the store's modules frozen after, collection on again for the command's work."""
    import gc

    from click.testing import CliRunner

    from casebook.cli import cli

    seen = []

    @cli.command("probe-open", hidden=True)
    @click.pass_context
    def probe(ctx) -> None:
        frozen = gc.get_freeze_count()
        project(ctx)
        seen.append((gc.isenabled(), gc.get_freeze_count() > frozen))

    try:
        result = CliRunner().invoke(cli, ["-p", str(small_project), "probe-open"])
    finally:
        del cli.commands["probe-open"]
    assert result.exit_code == 0, result.output
    assert seen == [(True, True)]


def test_opening_an_up_to_date_database_does_not_load_sqlite_utils(tmp_path):
    """sqlite-utils (and numpy) come in only to migrate, or for its own API."""
    probe = ("import sys; from casebook.store import Store; s = Store(sys.argv[1]); "
             "s.documents(); print('sqlite_utils' in sys.modules, end=' '); "
             "s.db['codings'].indexes; print('sqlite_utils' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    path = str(tmp_path / "casebook.db")
    first = subprocess.run([sys.executable, "-c", probe, path], capture_output=True,
                           text=True, env=env, check=True)
    again = subprocess.run([sys.executable, "-c", probe, path], capture_output=True,
                           text=True, env=env, check=True)
    assert first.stdout == "True True\n"  # a new database is migrated: sqlite-utils does it
    assert again.stdout == "False True\n"


# -- casebook.yaml without PyYAML ---------------------------------------------------------
def test_settings_as_casebook_writes_them_are_read_without_yaml(tmp_path):
    settings = Settings(name="Demo: re-integratie 'n test", coder="anna",
                        codebook="codebooks/igm.yaml", extra={"thema": "werk en zorg"})
    (tmp_path / "casebook.yaml").write_text(settings.dump(), encoding="utf-8")
    assert _plain_settings(settings.dump()) is not None  # the quick way reads it
    assert Settings.load(tmp_path / "casebook.yaml") == settings


def _written_out():
    """The classes outside the model whose dataclass methods are written out, with values."""
    from casebook.coding.query import Fragment
    from casebook.model import Coding

    return [(Settings, {"name": "n", "language": "en", "coder": "c", "codebook": "b",
                        "extra": {"k": 1}}),
            (Fragment, {"coding": Coding(1, 2, 3, "willen", "anna"), "document": "d",
                        "text": "t", "speakers": ["R"]})]


@pytest.mark.parametrize("cls,values", _written_out(), ids=["Settings", "Fragment"])
def test_written_out_dataclasses_construct_compare_and_show_as_generated_ones_would(cls,
                                                                                   values):
    import dataclasses

    twin = dataclasses.make_dataclass(cls.__name__, [
        (f.name, f.type, dataclasses.field(default=f.default, default_factory=f.default_factory))
        for f in dataclasses.fields(cls)], slots=True)
    required = {k: v for k, v in values.items() if k not in ("extra", "speakers")}
    last = list(values)[-1]  # a list or a mapping, a new one for each record
    assert repr(cls(**values)) == repr(twin(**values))
    assert repr(cls(**required)) == repr(twin(**required))
    assert cls(**values) == cls(*values.values()) != cls(**required)
    assert cls(**values) != twin(**values) and cls(**values) != values
    assert getattr(cls(**required), last) is not getattr(cls(**required), last)
    assert dataclasses.asdict(cls(**values)) == dataclasses.asdict(twin(**values))
    with pytest.raises(TypeError, match="unhashable"):
        hash(cls(**values))


@pytest.mark.parametrize("text", [
    "name: Yes", "name: no", "name: ON", "name: Off", "name: null", "name: ~", "name: 1.5",
    "name: 0x1F", "name: 12:30", "name: 2024-01-02", "true: x", "On: x", "name: a  b",
    "name: a #c", "name: -a", "name: x: y", "name: .inf", "name: &x", "name: *x", "name: é",
    "name: a\nname: b", "name: 'a''b'", "name: ''", "name: 'x: y # z'", "name: a b-c/d.e",
    "language: nl\ncoder: anna\ncodebook: codebooks/igm.yaml", "\ufeffname: a", "name: a\n"])
def test_the_quick_way_reads_a_line_as_yaml_does_or_leaves_it_to_yaml(text):
    quick = _plain_settings(text)
    if quick is not None:
        assert quick == yaml.safe_load(text.lstrip("\ufeff"))


WORDS = st.sampled_from(["a", "Yes", "no", "ON", "null", "Null", "~", "true", "1.5", "0x1F",
                         "12:30", "2024-01-02", "x: y", "#c", "-", "'", "''", "é", " ",
                         "codebooks/igm.yaml", "name", "language", "a_b", ".inf", "&x"])


@given(st.lists(st.tuples(st.sampled_from(["name", "coder", "y", "true", "on", "a1"]),
                          st.lists(WORDS, min_size=1, max_size=4).map("".join),
                          st.booleans()), min_size=1, max_size=4))
def test_what_the_quick_way_reads_is_what_yaml_reads(pairs):
    lines = [f"{key}: '{value}'" if quoted else f"{key}: {value}"
             for key, value, quoted in pairs]
    text = "\n".join(lines) + "\n"
    quick = _plain_settings(text)
    if quick is not None:
        assert quick == yaml.safe_load(text)


# -- the codebook file, current or behind ---------------------------------------------------
def test_the_codebook_file_is_read_on_opening_only_when_the_database_changed_it(tmp_path):
    from casebook.codebook import service
    from casebook.model import Code

    project = Project.init(tmp_path / "proj", name="Boek")
    service.use(project, "igm")
    path = project.root / "codebooks" / "igm.yaml"
    assert not project.store.codebook_file_behind()
    project.store.add_code(Code("nieuw", "Nieuw"))  # as if killed before its file was written
    assert project.store.codebook_file_behind()
    project.close()
    again = Project.find(project.root)
    assert again.repaired == ["codebooks/igm.yaml: written again from the database (a change "
                              "had not reached it)"]
    assert "nieuw" in path.read_text(encoding="utf-8")
    assert not again.store.codebook_file_behind()
    again.close()
    path.unlink()  # current in the database, but gone: written again too
    assert Project.find(project.root).repaired[0].startswith("codebooks/igm.yaml: written")


# -- the model: dataclasses whose methods are written once ------------------------------------
def _sample(annotation: object, n: int):
    name = getattr(annotation, "__name__", str(annotation))  # str | None has no name
    kinds = {"int": n, "str": f"s{n}", "float": n + 0.5, "bool": bool(n % 2)}
    return kinds.get(name.split(" |")[0], () if name.startswith("tuple") else None)


def test_the_records_construct_compare_hash_and_show_as_generated_dataclasses_would():
    import copy
    import dataclasses
    import inspect
    import pickle

    from casebook import model
    from casebook.record import FACTORY, Frozen

    records = [c for c in vars(model).values() if isinstance(c, type)
               and dataclasses.is_dataclass(c) and c.__module__ == model.__name__]
    assert len(records) >= 16
    for cls in records:
        frozen = issubclass(cls, Frozen)
        twin = dataclasses.make_dataclass(
            cls.__name__, [(f.name, f.type, dataclasses.field(
                default=f.default, default_factory=f.default_factory))
                for f in dataclasses.fields(cls)], frozen=frozen)
        made = inspect.signature(twin)  # every __init__ written out: the same parameters
        assert inspect.signature(cls) == made.replace(parameters=[
            p.replace(default=FACTORY) if repr(p.default) == "<factory>" else p
            for p in made.parameters.values()])
        factories = [f for f in dataclasses.fields(cls)
                     if f.default_factory is not dataclasses.MISSING]
        required = {f.name: _sample(f.type, n) for n, f in enumerate(dataclasses.fields(cls))
                    if f.default is dataclasses.MISSING and f not in factories}
        for f in factories:  # a new value of each, as the factory makes it
            assert getattr(cls(**required), f.name) == f.default_factory()
            assert getattr(cls(**required), f.name) is not getattr(cls(**required), f.name)
        values = {f.name: _sample(f.type, n) for n, f in enumerate(dataclasses.fields(cls))}
        record, same = cls(**values), cls(*values.values())
        assert repr(record) == repr(twin(**values)) and record == same
        assert dataclasses.asdict(record) == values
        assert record != twin(**values) and record != values
        first = dataclasses.fields(cls)[0].name
        assert record != dataclasses.replace(record, **{first: _sample(str, 99)})
        assert copy.deepcopy(record) == record == pickle.loads(pickle.dumps(record))
        if frozen:
            assert hash(record) == hash(same) and len({record, same}) == 1
            with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to"):
                setattr(record, first, None)
            with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete"):
                delattr(record, first)
            assert getattr(record, first) == values[first]
        else:
            with pytest.raises(TypeError, match="unhashable"):
                hash(record)
