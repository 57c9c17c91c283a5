"""Outputs that name coders, codes and speakers' roles: `casebook agree` (a coder's name or a
code's id that names a client passes the privacy gate as every other output's does -- the
table, CSV and JSON alike) and `show --pseudo --json` (roles); they were printed unchecked.
(After test_deduce.py in the suite's order: its fixture loads deduce, which that test must
load itself.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.privacy.test_outputs import ok, reviewed, run  # noqa: F401 -- fixture

FORMS = [[], ["--csv"], ["--json"]]


@pytest.fixture
def copy(reviewed, tmp_path) -> Path:  # noqa: F811
    root = tmp_path / "demo"
    shutil.copytree(reviewed, root)
    return root


@pytest.mark.parametrize("form", [[], ["--json"]], ids=["table", "json"])
def test_a_coder_named_after_a_client_is_refused(copy, form):
    ok(copy, "code", "add", "1", "--quote", "structuur", "--code", "willen.houding",
       "--coder", "Samira el Amrani")
    ran = run(copy, "agree", *form)
    assert ran.code == 2 and ran.out == "" and ran.err.count("\n") == 1, ran
    assert "agreement" in ran.err and "Samira" in ran.err and "--raw" in ran.err
    ran = run(copy, "agree", *form, "--raw")  # the researcher's own view, with its warning
    assert ran.code == 0 and "Samira" in ran.out and ran.err.startswith("warning: --raw")


@pytest.mark.parametrize("form", FORMS, ids=["table", "csv", "json"])
def test_a_code_id_that_names_a_client_is_refused(copy, form):
    ok(copy, "codebook", "add", "samira.casus", "Casus S")
    ok(copy, "code", "add", "1", "--quote", "structuur", "--code", "samira.casus",
       "--coder", "anna")
    ran = run(copy, "agree", *form)
    assert ran.code == 2 and ran.out == "" and "samira" in ran.err.lower(), ran


@pytest.mark.parametrize("form", FORMS, ids=["table", "csv", "json"])
def test_the_demo_s_agreement_passes_in_every_form(copy, form):
    ran = run(copy, "agree", *form)
    assert ran.code == 0 and ran.err == "" and "willen.houding" in ran.out


def test_the_csv_names_no_coder_and_is_not_refused_for_one(copy):
    ok(copy, "code", "add", "1", "--quote", "structuur", "--code", "willen.houding",
       "--coder", "Samira el Amrani")
    ran = run(copy, "agree", "--csv")
    assert ran.code == 0 and ran.out.startswith("code,units,") and "Samira" not in ran.out


def test_show_pseudo_json_checks_the_speakers_roles(copy):
    """A role is free text and may name someone ("moeder van Samira"): `show --pseudo
    --json`, which prints roles, refuses one that does (it printed it as written)."""
    ok(copy, "speaker", "1", "R", "--role", "moeder van Samira")
    ran = run(copy, "show", "1", "--pseudo", "--json")
    assert ran.code == 2 and ran.out == "" and "speaker role" in ran.err, ran
    assert ran.err.count("\n") == 1 and "Samira" in ran.err
    ok(copy, "speaker", "1", "R", "--role", "client")
    assert '"role": "client"' in ok(copy, "show", "1", "--pseudo", "--json")


def test_a_code_id_that_names_a_client_is_refused_in_a_codebook_export(copy, tmp_path):
    """`codebook export` (.qdc) checked a code's name, description and examples but not its
    id, which the file carries too."""
    ok(copy, "codebook", "add", "samira.casus", "Casus S")
    ran = run(copy, "codebook", "export", "-o", str(tmp_path / "boek.qdc"))
    assert ran.code == 2 and "samira" in ran.err.lower() and "id" in ran.err, ran
    assert not (tmp_path / "boek.qdc").exists()
