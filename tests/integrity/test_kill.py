"""A process killed at every step that writes a file outside the database (the codebook
YAML, casebook.yaml, a copy in sources/, an export): the next open repairs the project,
saying so in one line each. ``$CASEBOOK_KILL_AT`` stops the process at that step as a
SIGKILL would (casebook.files.checkpoint)."""

from __future__ import annotations

import signal

import pytest

from casebook.codebook import schema
from casebook.project import Project
from tests.integrity.conftest import casebook

KILLED = -signal.SIGKILL


def reopened(root):
    project = Project.find(root)
    return project, project.repaired


@pytest.mark.parametrize("step", ["committed:codebook", "rename:igm.yaml"])
def test_a_codebook_change_killed_before_its_yaml(coded_project, step):
    root = coded_project.root
    coded_project.close()
    killed = casebook(root, "codebook", "add", "nieuw", "Nieuw", CASEBOOK_KILL_AT=step)
    assert killed.returncode == KILLED, killed.stderr
    assert "nieuw" not in (root / "codebooks/igm.yaml").read_text(encoding="utf-8")
    project, repaired = reopened(root)
    assert "nieuw" in {c.id for c in schema.load_yaml(root / "codebooks/igm.yaml").codes}
    assert [p.name for p in (root / "codebooks").iterdir()] == ["igm.yaml"]
    assert any("codebooks/igm.yaml: written again from the database" in line
               for line in repaired), repaired
    if step.startswith("rename:"):
        assert any(".part: removed" in line for line in repaired), repaired
    project.close()
    again, repaired = reopened(root)
    assert repaired == []  # repaired once, in step since
    again.close()


def test_the_cli_says_what_it_repaired_once_in_one_line_each(coded_project):
    root = coded_project.root
    coded_project.close()
    casebook(root, "codebook", "add", "nieuw", "Nieuw", CASEBOOK_KILL_AT="rename:igm.yaml")
    shown = casebook(root, "docs")
    assert shown.returncode == 0
    lines = shown.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith("casebook: repaired: ") for line in lines)
    assert casebook(root, "docs").stderr == ""


@pytest.mark.parametrize("step", ["committed:codebook", "rename:casebook.yaml"])
def test_switching_codebooks_killed_before_its_files(coded_project, step):
    root = coded_project.root
    coded_project.close()
    killed = casebook(root, "codebook", "use", "gewogen-maatwerk", CASEBOOK_KILL_AT=step)
    assert killed.returncode == KILLED
    assert "codebook: codebooks/igm.yaml" in (root / "casebook.yaml").read_text()
    project, repaired = reopened(root)
    assert project.settings.codebook == "codebooks/gewogen-maatwerk.yaml"
    assert "codebook: codebooks/gewogen-maatwerk.yaml" in (root / "casebook.yaml").read_text()
    assert schema.load_yaml(root / "codebooks/gewogen-maatwerk.yaml") == \
        project.store.codebook()
    assert [p.name for p in root.iterdir() if p.name.endswith(".part")] == []
    assert 1 <= len(repaired) <= 2 and any("gewogen-maatwerk.yaml" in line
                                           for line in repaired), repaired
    project.close()


def test_a_merge_killed_before_the_yaml_of_the_codes_it_added(coded_project, tmp_path):
    import shutil

    from casebook.codebook import service

    root = coded_project.root
    coded_project.close()
    other = tmp_path / "ander"
    shutil.copytree(root, other)
    copy = Project.find(other)
    service.add(copy, "van-bram", "Van Bram")
    copy.close()
    killed = casebook(root, "merge", str(other), CASEBOOK_KILL_AT="committed:codebook")
    assert killed.returncode == KILLED
    project, repaired = reopened(root)
    assert "van-bram" in schema.load_yaml(root / "codebooks/igm.yaml").by_id()
    assert len(repaired) == 1 and "igm.yaml: written again" in repaired[0]
    project.close()


@pytest.mark.parametrize("step", ["committed:import", "rename:*-nieuw.txt"])
def test_an_import_killed_before_its_copy_in_sources(coded_project, tmp_path, step):
    root = coded_project.root
    coded_project.close()
    before = sorted(p.name for p in (root / "sources").iterdir())
    new = tmp_path / "nieuw.txt"
    new.write_text("I: Hoe gaat het?\nR: Goed, ik werk nu.\n", encoding="utf-8")
    if step.startswith("rename:"):
        from casebook.ingest import read_file
        from casebook.offsets import sha256

        step = f"rename:{sha256(read_file(new).text)[:12]}-nieuw.txt"
    killed = casebook(root, "import", str(new), CASEBOOK_KILL_AT=step)
    assert killed.returncode == KILLED
    project, repaired = reopened(root)
    assert [d.name for d in project.store.documents()] == ["gesprek", "nieuw"]  # committed
    assert sorted(p.name for p in (root / "sources").iterdir()) == before  # no .part left
    assert len(repaired) == (1 if step.startswith("rename:") else 0), repaired
    project.close()


def test_copies_no_document_refers_to_are_removed_on_open(coded_project):
    root = coded_project.root
    coded_project.close()
    orphan = root / "sources" / "0123456789ab-interview.txt"
    orphan.write_text("Mohamed woont op de Kerkstraat 12", encoding="utf-8")
    mine = root / "sources" / "README.txt"  # not named like a copy: not Casebook's
    mine.write_text("mijn aantekeningen", encoding="utf-8")
    project, repaired = reopened(root)
    assert not orphan.exists() and mine.exists()
    assert repaired == ["sources/: removed 1 copy of an original no document refers to "
                        "(0123456789ab-interview.txt)"]
    assert len(list((root / "sources").glob("*-gesprek.txt"))) == 1  # its document's: kept
    project.close()


def test_an_export_killed_before_its_rename_leaves_the_old_file(coded_project):
    root = coded_project.root
    coded_project.close()
    out = root / "exports" / "codebook.qdc"
    assert casebook(root, "codebook", "export", "-o", str(out)).returncode == 0
    before = out.read_bytes()
    casebook(root, "codebook", "add", "nieuw", "Nieuw")
    killed = casebook(root, "codebook", "export", "-o", str(out),
                      CASEBOOK_KILL_AT="rename:codebook.qdc")
    assert killed.returncode == KILLED
    assert len(list(out.parent.glob("codebook.qdc.*.part"))) == 1
    project, repaired = reopened(root)
    assert out.read_bytes() == before and [p.name for p in out.parent.iterdir()] == [out.name]
    assert len(repaired) == 1 and repaired[0].startswith("exports/codebook.qdc.")
    project.close()


def test_a_pdf_export_killed_before_its_rename(demo_project):
    root = demo_project.root
    demo_project.close()
    killed = casebook(root, "export", "--allow-raw", CASEBOOK_KILL_AT="rename:casebook.pdf")
    assert killed.returncode == KILLED
    assert not (root / "exports" / "casebook.pdf").exists()
    assert list((root / "exports").glob("casebook.pdf.*.part"))
    project, repaired = reopened(root)
    assert list((root / "exports").iterdir()) == []
    assert len(repaired) == 1 and "casebook.pdf." in repaired[0]
    project.close()
