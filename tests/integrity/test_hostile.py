"""Hostile and broken files: each refused quickly, in one line naming the file, by the guard
on the reader that meets it (casebook.yamlsafe, the .docx and text readers, the case
reader). Each test also bounds the time the refusal takes."""

from __future__ import annotations

import functools
import io
import time
import zipfile

import pytest

from casebook.codebook import schema
from casebook.errors import CasebookError
from casebook.ingest import read_file

FAST = 2.0  # seconds: every refusal here takes a fraction of that

RECURSIVE = "name: Lus\ncodes: &codes\n  - id: a\n    name: A\n    children: *codes\n"


def laughs(field: str = "examples") -> str:
    """An alias bomb of about 1 KB that stands for 10^9 texts."""
    lines = ["name: Bom", "description:", "  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  - &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, 9)]
    return "\n".join([*lines, "codes:", "  - id: a", "    name: A", f"    {field}: *l8"]) + "\n"


def fan_out(levels: int = 7, width: int = 8) -> str:
    """A codebook of about 700 bytes whose code tree, aliases expanded, holds 8^7 (two
    million) codes: the reader walks every one (Casebook before its guard: 57 s, 2 GB)."""
    lines = ["name: Bom", "codes:", "  - id: top", "    name: Top", "    children:",
             "      - &k0 {id: blad, name: Blad}"]
    for n in range(1, levels + 1):
        kids = ", ".join(f"*k{n - 1}" for _ in range(width))
        lines.append(f"      - &k{n} {{id: n{n}, name: N, children: [{kids}]}}")
    return "\n".join(lines) + "\n"


def refused(call, *args) -> tuple[CasebookError, float]:
    started = time.monotonic()
    with pytest.raises(CasebookError) as caught:
        call(*args)
    took = time.monotonic() - started
    assert "\n" not in str(caught.value) and took < FAST, (str(caught.value), took)
    return caught.value, took


@pytest.mark.parametrize("text, needle", [
    (RECURSIVE, "refers to the node it is part of"),
    (laughs(), "aliases stand for more than"),
    (fan_out(), "aliases stand for more than"),
    ("name: Diep\ncodes: " + "[" * 150 + "]" * 150 + "\n", "nested"),
    ("name: Diep\ncodes: " + "[" * 20000 + "]" * 20000 + "\n", "nest"),
], ids=["recursive", "laughs", "fan-out", "deep", "deeper-than-libyaml"])
def test_codebook_yaml_bombs_are_refused(tmp_path, text, needle):
    path = tmp_path / "bom.yaml"
    path.write_text(text, encoding="utf-8")
    error, _took = refused(schema.load_yaml, path)
    assert error.path == str(path) and needle in error.message and error.line


def test_the_alias_bombs_are_about_a_kilobyte(tmp_path):
    assert len(laughs()) < 2048 and len(fan_out()) < 2048


def test_aliases_that_share_a_little_are_fine(tmp_path):
    path = tmp_path / "gedeeld.yaml"
    path.write_text("name: Gedeeld\ncodes:\n  - id: a\n    name: A\n    examples: &ex [een, twee]"
                    "\n  - id: b\n    name: B\n    examples: *ex\n", encoding="utf-8")
    assert [c.examples for c in schema.load_yaml(path).codes] == [["een", "twee"]] * 2


def test_a_case_with_an_alias_bomb_or_recursion_in_its_front_matter(tmp_path):
    from casebook.cases import load

    for name, front in (("lus", "title: &t [*t]\nfragments: []\n"),
                        ("bom", laughs().replace("name: Bom", "title: Bom"))):
        path = tmp_path / f"{name}.md"
        path.write_text(f"---\n{front}---\nTekst\n", encoding="utf-8")
        error, _ = refused(load, path)
        assert error.path == str(path) and error.field == "front matter"


def test_a_case_with_a_10_mb_body_is_refused(tmp_path):
    from casebook.cases import load

    path = tmp_path / "groot.md"
    path.write_text("---\ntitle: Groot\nfragments:\n  - {document: a, turns: '1'}\n---\n"
                    + "Commentaar. " * 900_000, encoding="utf-8")
    assert path.stat().st_size > 10 * 2**20
    error, _ = refused(load, path)
    assert error.path == str(path) and "larger than 1 MB" in error.message


def test_a_case_path_that_is_a_folder(tmp_path):
    from casebook.cases import load

    error, _ = refused(load, tmp_path)
    assert error.path == str(tmp_path) and "folder" in error.message


def _docx(**members: bytes) -> bytes:
    """A real .docx (python-docx) with members replaced or added."""
    from docx import Document

    plain = io.BytesIO()
    Document().save(plain)
    original = zipfile.ZipFile(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in original.infolist():
            z.writestr(info, members.pop(info.filename, original.read(info)))
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@functools.cache
def _parts_bomb() -> bytes:
    """177 headers of 1 MB each (each below the zip reader's ratio check), all referred to
    by the document: ~0.5 MB of .docx standing for 177 MB of XML."""
    unit = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    header = b"<w:hdr " + W + b">" + unit * (1_000_000 // len(unit)) + b"</w:hdr>"
    rels = b"".join(b'<Relationship Id="rIdB%d" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/header" Target="header%d.xml"/>'
                    % (i, i) for i in range(177))
    from docx import Document

    plain = io.BytesIO()
    Document().save(plain)
    old = zipfile.ZipFile(plain).read("word/_rels/document.xml.rels")
    return _docx(**{"word/_rels/document.xml.rels":
                    old.replace(b"</Relationships>", rels + b"</Relationships>")},
                 **{f"word/header{i}.xml": header for i in range(177)})


@pytest.mark.parametrize("name, make, needle", [
    ("broken", lambda: _docx(**{"word/document.xml": b"<w:document " + W + b"><w:body><w:p>"}),
     "XML"),
    ("deep", lambda: _docx(**{"word/document.xml": b"<w:document " + W + b"><w:body>"
                              + b"<w:p>" * 20_000 + b"</w:p>" * 20_000
                              + b"</w:body></w:document>"}), "XML"),
    ("one-member-bomb", lambda: _docx(**{"word/document.xml": b"<w:document " + W
                                         + b"><w:body>" + b"<w:p/>" * 3_000_000
                                         + b"</w:body></w:document>"}), "zip bomb"),
    ("parts-bomb", _parts_bomb, "MB of XML inside"),
])
def test_hostile_docx_files_are_refused(tmp_path, name, make, needle):
    path = tmp_path / f"{name}.docx"
    path.write_bytes(make())
    error, took = refused(read_file, path)
    assert error.path.startswith(str(path)) and needle in error.message, error


def test_the_parts_bomb_is_small_and_stands_for_177_mb(tmp_path):
    data = _parts_bomb()
    total = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert len(data) < 1_000_000 and total > 177_000_000


def test_a_text_transcript_larger_than_32_mb_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "groot.txt"
    with path.open("wb") as handle:
        handle.truncate(33 * 2**20)  # sparse: nothing to read if the size is checked first
    error, took = refused(read_file, path)
    assert "larger than 32 MB" in error.message and took < 0.1


@pytest.mark.parametrize("content, field, needle", [
    ("name: x\ncoder: 123\n", "coder", "must be text"),
    ("name: x\ncodebook: 42\n", "codebook", "must be text"),
    ("name: x\ncodebook: ../../elders.yaml\n", "codebook", "inside the project"),
    ("name: x\ncodebook: /etc/passwd\n", "codebook", "inside the project"),
    ("name: x\nlanguage: de\n", "language", "nl or en"),
    ("a: &a [*a]\n", None, "refers to the node"),
    (b"name: caf\xe9\n", None, "not UTF-8"),
    ("- a\n- b\n", None, "mapping"),
], ids=["coder", "codebook", "outside", "absolute", "language", "recursive", "latin-1",
        "list"])
def test_casebook_yaml_problems_are_one_line(tmp_path, content, field, needle):
    from casebook.project import Project

    project = Project.init(tmp_path / "p")
    project.close()
    settings = project.root / "casebook.yaml"
    if isinstance(content, bytes):
        settings.write_bytes(content)
    else:
        settings.write_text(content, encoding="utf-8")
    error, _ = refused(Project.find, project.root)
    assert error.path == str(settings) and error.field == field and needle in error.message


def test_examples_as_a_mapping_are_refused_not_dropped(tmp_path):
    path = tmp_path / "cb.yaml"
    path.write_text("name: x\ncodes:\n  - id: a\n    name: A\n    examples:\n      een: 1\n",
                    encoding="utf-8")
    problems = schema.check(path)
    assert [(p.line, p.field) for p in problems] == [(6, "code a.examples")]
    assert "not a mapping" in problems[0].message


def test_measured(tmp_path):
    """Not an assertion of speed beyond FAST above: prints what each refusal took, for the
    record (pytest -s)."""
    rows = []
    for name, text in (("recursive alias", RECURSIVE), ("alias laughs", laughs()),
                       ("code tree fan-out", fan_out())):
        path = tmp_path / "x.yaml"
        path.write_text(text, encoding="utf-8")
        rows.append((name, len(text), refused(schema.load_yaml, path)[1]))
    path = tmp_path / "x.docx"
    path.write_bytes(_parts_bomb())
    rows.append(("parts bomb .docx", path.stat().st_size, refused(read_file, path)[1]))
    from casebook.cases import load

    path = tmp_path / "x.md"
    path.write_text("---\ntitle: x\n---\n" + "x" * 10 * 2**20, encoding="utf-8")
    rows.append(("10 MB case", path.stat().st_size, refused(load, path)[1]))
    for name, size, took in rows:
        print(f"{name}: {size:,} bytes refused in {took * 1000:.1f} ms")
    assert all(took < FAST for _n, _s, took in rows)
