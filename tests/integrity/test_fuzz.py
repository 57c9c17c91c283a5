"""No command prints a traceback, whatever its arguments and whatever the files it reads:
hypothesis runs the real entry point (casebook.cli.common.run) in this process over
generated command lines and file contents. An unexpected exception would be the one-line
internal error with exit code 70 -- and fails the test."""

from __future__ import annotations

import io
import shutil
import sys
import zipfile
from pathlib import Path

import click
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.cli import cli
from casebook.cli.common import EXIT_INTERNAL, run

SKIP = {("tui",), ("adjudicate", "tui"), ("demo",), ("pseudo", "scan"), ("init",),
        ("serve",), ("exercise", "open")}  # a server, the workbench: they wait for people
FUZZ = settings(max_examples=100, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        elif (*path, name) not in SKIP:
            yield (*path, name), command


COMMANDS = sorted(_commands(cli))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    from casebook.codebook import service
    from casebook.coding import service as coding
    from casebook.ingest import import_files
    from casebook.project import Project
    from tests.integrity.conftest import TEXT

    root = tmp_path_factory.mktemp("fuzz") / "proj"
    project = Project.init(root, name="Fuzz")
    service.use(project, "igm")
    source = root.parent / "gesprek.txt"
    source.write_text(TEXT, encoding="utf-8")
    import_files(project, [source])
    coding.add(project.store, 1, 22, 37, "willen", "anna")
    (root / "cases" / "een.md").write_text(
        "---\ntitle: Een\nfragments:\n  - {document: gesprek, turns: '2'}\n---\nTekst\n",
        encoding="utf-8")
    project.close()
    return root


@pytest.fixture
def workspace(template, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CASEBOOK_BUSY_WAIT", "2")
    return template, tmp_path


def invoke(root: Path, args: list[str], monkeypatch) -> tuple[int, str]:
    """`casebook ARGS` with stdin empty and stdout and stderr as a UTF-8 terminal has them
    (stderr escapes what it cannot encode, stdout does not)."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err_bytes = io.BytesIO()
    stderr = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="backslashreplace")
    monkeypatch.setattr(sys, "argv", ["casebook", "-p", str(root), *args])
    for name, stream in (("stdin", io.StringIO("")), ("stdout", out), ("stderr", stderr)):
        monkeypatch.setattr(sys, name, stream)
    code = run(cli)
    stderr.flush()
    err = err_bytes.getvalue().decode("utf-8")
    assert code != EXIT_INTERNAL, (args, err)
    assert "Traceback" not in err, (args, err)
    return code, err


def fresh(template: Path, tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(template, root)
    return root


VALUES = st.one_of(
    st.sampled_from(["gesprek", "1", "0", "-1", "99999999999999999999", "willen", "kunnen",
                     "igm", "anna", "consensus", "", " ", "1-3", "2:4", "a:b", "#12345g",
                     "#1f77b4", "een", "cases/een.md", "codebooks/igm.yaml", "proj", ".",
                     "casebook.db", "x" * 300, "nl", "en", "project", "document", "code",
                     "coding", "1e9", "NaN", "%", "_"]),
    st.text(st.characters(blacklist_characters="\x00"), max_size=12),  # argv holds no NUL
).filter(lambda value: not value.startswith(("/", "~")) and ".." not in value)
# Values are relative paths at most: the commands write into this test's folder, never
# elsewhere (as root, `-o /dev/null` once replaced the device with a file). Lone
# surrogates stay: they are how Python gives bytes in argv that are not UTF-8.


@st.composite
def command_lines(draw):
    path, command = draw(st.sampled_from(COMMANDS))
    args = list(path)
    for param in command.params:
        if not draw(st.booleans()):
            continue
        if isinstance(param, click.Option):
            if param.opts[0] in ("--interactive",):
                continue
            args.append(draw(st.sampled_from(param.opts)))
            if not param.is_flag:
                args.append(draw(VALUES))
        else:
            args += draw(st.lists(VALUES, min_size=1, max_size=2))
    if path == ("export",):
        args.append("--html")  # the PDF itself is exercised by the export tests
    return args + draw(st.lists(VALUES, max_size=1))


@FUZZ
@given(args=command_lines())
def test_no_command_line_prints_a_traceback(workspace, monkeypatch, args):
    template, tmp_path = workspace
    invoke(fresh(template, tmp_path), args, monkeypatch)


def _yamlish():
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8))
    tree = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.sampled_from(
                            ["name", "codes", "id", "parent", "children", "examples",
                             "colour", "hotkey", "title", "fragments", "document", "turns",
                             "coder", "codebook", "language", "quote"]) | st.text(max_size=4),
                            inner, max_size=4), max_leaves=12)
    return tree.map(lambda value: yaml.safe_dump(value, allow_unicode=True))


def _docx_with(document: bytes) -> bytes:
    from tests.integrity.test_hostile import _docx

    return _docx(**{"word/document.xml": document})


def _zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


TEXTISH = st.one_of(st.text(max_size=200), _yamlish(),
                    st.text(alphabet="I:R \n-->0123456789.,WEBVTT<v>#*", max_size=200))
BYTESISH = st.one_of(st.binary(max_size=200), TEXTISH.map(lambda t: t.encode("utf-8")),
                     TEXTISH.map(lambda t: t.encode("utf-8", "replace")[:50] + b"\xe9\xff"))
XMLISH = st.one_of(BYTESISH, st.text(alphabet="<>/=\"' wpt:rdocumentbdy&;x", max_size=120)
                   .map(lambda t: b'<?xml version="1.0"?>' + t.encode()))
KINDS = {
    "transcript": (st.sampled_from([".txt", ".md", ".vtt", ".srt"]), BYTESISH,
                   lambda f: ["import", f]),
    "docx": (st.just(".docx"), XMLISH.map(_docx_with), lambda f: ["import", f]),
    "codebook": (st.just(".yaml"), BYTESISH, lambda f: ["codebook", "use", f]),
    "check": (st.just(".yaml"), BYTESISH, lambda f: ["codebook", "check", f]),
    "case": (st.just(".md"), st.one_of(BYTESISH, _yamlish().map(
        lambda y: ("---\n" + y + "---\nTekst\n").encode())), lambda f: ["case", "check", f]),
    "qdc": (st.just(".qdc"), XMLISH, lambda f: ["codebook", "import", f]),
    "qdpx": (st.just(".qdpx"), st.dictionaries(st.sampled_from(
        ["project.qde", "sources/a.txt", "x.qde"]), XMLISH, max_size=2).map(_zip_of),
        lambda f: ["qdpx", "import", f]),
    "merge": (st.just(".db"), BYTESISH, lambda f: ["merge", f]),
    "settings": (st.just("casebook.yaml"), BYTESISH, lambda f: ["docs"]),
}


@FUZZ
@given(kind=st.sampled_from(sorted(KINDS)), data=st.data())
def test_no_file_content_prints_a_traceback(workspace, monkeypatch, kind, data):
    template, tmp_path = workspace
    root = fresh(template, tmp_path)
    suffix, contents, command = KINDS[kind]
    name = data.draw(suffix)
    path = root / name if kind == "settings" else \
        (root / "cases" if kind == "case" else tmp_path) / f"fuzz{name}"
    path.write_bytes(data.draw(contents))
    invoke(root, command(str(path)), monkeypatch)
