"""The demo project: the bundled transcripts in four formats, IGM, two coders."""

import json

from click.testing import CliRunner

from casebook.cli import cli


def test_demo_imports_every_format(demo_project):
    store = demo_project.store
    formats = {d.name: d.format for d in store.documents()}
    assert set(formats.values()) >= {"speaker-colon", "vtt-teams", "otter", "srt"}
    kinds = {d.name: d.kind for d in store.documents()}
    assert kinds["leertafel-focusgroep"] == "focus group"
    assert kinds["clientgesprek-samira"] == "interview"


def test_demo_codings_lie_inside_single_turns(demo_project):
    store = demo_project.store
    codings = store.codings()
    by_coder = {}
    for c in codings:
        by_coder[c.coder_name] = by_coder.get(c.coder_name, 0) + 1
        turns = store.turns(c.document_id)
        assert any(t.start <= c.start and c.end <= t.end for t in turns), c
    assert by_coder.get("anna", 0) >= 30 and by_coder.get("bram", 0) >= 30
    assert {c.code_id for c in codings} <= {code.id for code in store.codes()}


def test_demo_uses_the_igm_codebook(demo_project):
    ids = {c.id for c in demo_project.store.codes()}
    assert {"willen.houding", "kunnen.barrieres", "doen.gedrag"} <= ids
    assert demo_project.settings.codebook == "codebooks/igm.yaml"
    assert (demo_project.root / "codebooks" / "igm.yaml").is_file()


def test_demo_command_refuses_to_overwrite_without_force(tmp_path):
    runner = CliRunner()
    target = str(tmp_path / "d")
    first = runner.invoke(cli, ["demo", target, "--json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.output)
    assert len(report["documents"]) == 4
    again = runner.invoke(cli, ["demo", target])
    assert again.exit_code == 2 and "--force" in again.output
    assert runner.invoke(cli, ["demo", target, "--force"]).exit_code == 0


def test_demo_speakers_have_roles(demo_project):
    store = demo_project.store
    roles = {s.label: s.role for d in store.documents() for s in store.speakers(d.id)}
    assert roles["R"] == "client" and roles["Ellen Jansen"] == "klantmanager"
    assert roles["Hans Kok"] == "werkgever"
