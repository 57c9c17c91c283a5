"""The whole path through the CLI: copies for two coders, merge, agree, adjudicate, report."""

import csv
import io
import json
import shutil

from click.testing import CliRunner

from casebook.cli import cli
from casebook.project import Project
from tests.agreement.data import add_document


def test_two_copies_merged_compared_and_settled(tmp_path):
    main = Project.init(tmp_path / "main", name="Team")
    add_document(main.store)
    main.close()
    runner = CliRunner()

    def run(folder, *args):
        result = runner.invoke(cli, ["--project", str(tmp_path / folder), *args])
        assert result.exit_code == 0, result.output
        return result.output

    for coder, quotes in (("anna", ["nummer 01", "Dit is zin nummer 03."]),
                          ("bram", ["nummer 01", "Dit is zin nummer 04."])):
        shutil.copytree(tmp_path / "main", tmp_path / coder)
        for quote in quotes:
            run(coder, "code", "add", "doc", "--quote", quote, "--code", "willen",
                "--coder", coder)
    run("main", "merge", str(tmp_path / "anna"), str(tmp_path / "bram"))
    again = json.loads(run("main", "merge", str(tmp_path / "anna"), "--json"))
    assert again["codings_added"] == 0 and again["codings_present"] == 2
    figures = json.loads(run("main", "agree", "--json"))
    assert figures["coders"] == ["anna", "bram"]
    willen = figures["codes"][0]
    assert willen["units"] == 10 and willen["figures"]["percent"]["value"] == 80.0
    listed = json.loads(run("main", "adjudicate", "list", "--auto-agreed", "--json"))
    assert sorted(i["kind"] for i in listed) == ["a-only", "b-only"]
    run("main", "adjudicate", "decide", *[i["id"] for i in listed], "--take", "a")
    for step in (["scan", "--rules-only"], ["review", "--accept-all"], ["apply"]):
        run("main", "pseudo", *step)  # reports and listings show reviewed documents only
    rows = list(csv.reader(io.StringIO(run("main", "adjudicate", "report", "--format", "csv"))))
    assert len(rows) == 1 + 3  # the agreed group and the two differences
    consensus = json.loads(run("main", "codings", "--coder", "consensus", "--json"))
    # "nummer 01" (agreed) and anna's sentence 3 (decided: take A); bram's sentence 4 is out
    assert sorted(c["text"] for c in consensus) == ["Dit is zin nummer 03.", "nummer 01"]
    assert json.loads(run("main", "adjudicate", "list", "--json")) == []
