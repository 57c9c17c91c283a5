"""Codebook flags for agreement: `exclusive` and `ordered` codes, through YAML, the store
and the .qdc round trip."""

from __future__ import annotations

from casebook.codebook import dump_yaml, exchange, parse_text, service

REGIE = """name: Regie
codes:
  - id: regie
    name: Mate van regie
    ordered: true
    children:
      - {id: regie.laag, name: Laag}
      - {id: regie.midden, name: Midden}
      - {id: regie.hoog, name: Hoog}
  - id: fase
    name: Fase
    exclusive: yes
    children:
      - {id: fase.begin, name: Begin}
      - {id: fase.eind, name: Eind}
  - id: los
    name: Los
    exclusive: false
"""


def test_flags_are_read_and_written_back():
    codebook, problems = parse_text(REGIE)
    assert problems == []
    flags = {c.id: (c.exclusive, c.ordered) for c in codebook.codes}
    assert flags["regie"] == (False, True) and flags["fase"] == (True, False)
    assert flags["los"] == flags["regie.laag"] == (False, False)
    again, _ = parse_text(dump_yaml(codebook))
    assert again == codebook
    assert "ordered: true" in dump_yaml(codebook) and "exclusive: false" not in dump_yaml(codebook)


def test_a_bad_flag_names_its_line_and_a_lonely_group_warns():
    text = REGIE.replace("exclusive: yes", "exclusive: sometimes")
    _codebook, problems = parse_text(text, "regie.yaml")
    [bad] = [p for p in problems if not p.warning]
    line = text.splitlines().index("    exclusive: sometimes") + 1
    assert (bad.field, bad.line) == ("code fase.exclusive", line)
    _codebook, problems = parse_text(REGIE.replace("exclusive: false", "exclusive: true"))
    [lonely] = problems
    assert lonely.warning and lonely.field == "code los.exclusive"


def test_flags_persist_in_the_store(store):
    codebook, _ = parse_text(REGIE)
    store.set_codebook(codebook)
    assert store.code("regie").ordered and store.code("fase").exclusive
    assert not store.code("regie.laag").exclusive


def test_qdc_reports_the_flags_and_reimport_keeps_them(project, tmp_path):
    path = tmp_path / "regie.yaml"
    path.write_text(REGIE, encoding="utf-8")
    service.use(project, str(path))
    out = tmp_path / "regie.qdc"
    result = exchange.export_qdc(project, out)
    assert any("exclusive/ordered groups (regie, fase)" in n for n in result["not_carried"])
    assert "ordered" not in out.read_text(encoding="utf-8")
    exchange.import_qdc(project, out)
    assert project.store.code("regie").ordered and project.store.code("fase").exclusive
