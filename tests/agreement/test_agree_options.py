"""`casebook agree`'s choices: --absent, --segment-rule, --ci, groups, --report."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from casebook.cli import cli
from casebook.coders import agreement
from casebook.coders import stats as ag
from casebook.model import Code, Codebook
from tests.agreement.data import add_document, code, sentence, three_coders


def _agree(project, *args) -> dict:
    result = CliRunner().invoke(cli, ["--project", str(project.root), "agree", "--json",
                                      *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _willen(data) -> dict:
    return next(r for r in data["codes"] if r["code"] == "willen")


def test_absent_missing_or_not_coded(project):
    store = project.store
    three_coders(store)
    other = add_document(store, "second", word="twe")
    code(store, other, "anna", "willen", *sentence(0))
    missing = _willen(_agree(project, "--coders", "anna,bram"))
    read = _willen(_agree(project, "--coders", "anna,bram", "--absent", "not-coded"))
    # bram never coded "second": missing there, or (not-coded) ten sentences he left empty
    assert missing["units"] == 10 and read["units"] == 20
    assert read["figures"]["percent"]["value"] == pytest.approx(100 * 17 / 20)
    assert missing["figures"]["percent"]["value"] == pytest.approx(80.0)


def test_segment_rules_through_the_cli(project):
    three_coders(project.store)
    rows = {rule: _willen(_agree(project, "--coders", "anna,bram", "--segment-rule", rule,
                                 "--threshold", "50"))
            for rule in ("own-overlap", "iou", "maxqda")}
    # sentences 0 and 1 matched by both, 2 and 3 by nobody
    assert rows["own-overlap"]["segments"] == {"agreements": 4, "disagreements": 2}
    assert rows["iou"]["segments"] == {"agreements": 4, "disagreements": 2}
    assert rows["maxqda"]["segments"] == {"agreements": 2, "disagreements": 2}
    assert rows["maxqda"]["figures"]["segments"]["value"] == pytest.approx(50.0)
    assert rows["iou"]["figures"]["segments"]["name"] == "segment agreement (iou)"
    bad = CliRunner().invoke(cli, ["--project", str(project.root), "agree", "--segment-rule",
                                   "atlas"])
    assert bad.exit_code == 2


def test_confidence_intervals_in_table_and_json(project):
    three_coders(project.store)
    data = _agree(project, "--ci")
    alpha = data["pooled"]["figures"]["alpha"]
    assert alpha["ci"][0] <= alpha["value"] <= alpha["ci"][1]
    assert set(alpha["p_below"]) == {"0.667", "0.800"}
    assert "Gwet" in data["pooled"]["figures"]["ac1"]["ci_method"]
    table = CliRunner().invoke(cli, ["--project", str(project.root), "agree", "--ci",
                                     "--coefficients", "alpha,ac1,bennett-s"])
    assert table.exit_code == 0 and "[" in table.output and "κn" in table.output


def _rated(store):
    """anna and bram rate sentences on laag/midden/hoog (ordered), with one conflict."""
    store.set_codebook(Codebook("Regie", [
        Code("regie", "Regie", ordered=True), Code("regie.laag", "Laag", parent="regie"),
        Code("regie.midden", "Midden", parent="regie"),
        Code("regie.hoog", "Hoog", parent="regie")]))
    doc = add_document(store)
    for coder, ratings in (("anna", {0: "laag", 1: "midden", 2: "hoog", 3: "hoog"}),
                           ("bram", {0: "laag", 1: "hoog", 2: "hoog", 4: "midden"})):
        for unit, value in ratings.items():
            code(store, doc, coder, f"regie.{value}", *sentence(unit))
    code(store, doc, "bram", "regie.laag", *sentence(2))  # two children on one sentence


def test_an_ordered_group_is_one_variable(store):
    _rated(store)
    report = agreement.compute(store)
    [group] = report.groups
    assert group.kind == "group" and group.code == "regie"
    assert group.categories == ["(none)", "regie.laag", "regie.midden", "regie.hoog"]
    assert group.conflicts == 1  # bram's sentence 2 is missing for him, and counted
    # nominal: 10 units, bram missing on one; "(none)" is a category
    assert group.units == 9 and group.value("percent") == pytest.approx(100 * 6 / 9)
    # ordered: "(none)" and the conflict are missing; units 0 and 1 are rated by both
    table = [[1, 0, 0], [0, 0, 1], [0, 0, 0]]  # anna laag/laag, midden/hoog
    assert group.value("kappa_linear") == pytest.approx(
        ag.cohen_kappa_table(table, ag.order_weights(3, 1)))
    ordered = [[1, 2, 3, 3, None], [1, 3, None, None, 2]]  # laag 1, midden 2, hoog 3
    for metric in ("ordinal", "interval", "ratio"):
        assert group.value(f"alpha_{metric}") == pytest.approx(
            ag.alpha_package(ordered, metric), abs=1e-12)
    assert "alpha_ordinal" in group.figures and "alpha_ordinal" not in report.codes[0].figures
    assert group.figures["alpha_ordinal"].unit == "sentence"
    # naming codes names the groups too
    assert agreement.compute(store, codes=["regie.laag"]).groups == []
    assert [g.code for g in agreement.compute(store, codes=["regie"]).groups] == ["regie"]


def test_report_markdown_and_pdf(project, tmp_path):
    store = project.store
    three_coders(store)
    other = add_document(store, "gesprek-marieke", word="mar")
    for coder in ("anna", "bram", "cees"):
        code(store, other, coder, "willen", *sentence(1))
    md = tmp_path / "betrouwbaarheid.md"
    result = CliRunner().invoke(cli, ["--project", str(project.root), "agree", "--ci",
                                      "--report", str(md)])
    assert result.exit_code == 0, result.output
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Betrouwbaarheid van de codering")
    words = sum(len(store.document(d).text.split()) for d in ("doc", "gesprek-marieke"))
    assert f"3 codeurs codeerden onafhankelijk van elkaar 2 documenten ({words} woorden)" \
        in text
    assert "Krippendorff's α = ." in text and "| willen |" in text
    assert "Hayes, A. F., & Krippendorff, K. (2007)" in text and "Light, R. J. (1971)" in text
    assert "marieke" not in text  # no document names leave
    pdf = tmp_path / "betrouwbaarheid.pdf"
    result = CliRunner().invoke(cli, ["--project", str(project.root), "agree", "--report",
                                      str(pdf), "--coefficients", "alpha,ac1"])
    assert result.exit_code == 0, result.output
    from pypdf import PdfReader

    content = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Betrouwbaarheid" in content and "AC1" in content and "Gwet" in content
    bad = CliRunner().invoke(cli, ["--project", str(project.root), "agree", "--report",
                                   str(tmp_path / "r.docx")])
    assert bad.exit_code == 2 and not (tmp_path / "r.docx").exists()


def test_json_names_a_document_not_reviewed_by_its_number_unless_raw(project):
    store = project.store
    three_coders(store)
    doc_id = store.documents()[0].id
    assert _agree(project, "--coders", "anna,bram")["documents"] == [f"document {doc_id}"]
    raw = CliRunner().invoke(cli, ["--project", str(project.root), "agree", "--json",
                                   "--coders", "anna,bram", "--raw"])
    assert raw.exit_code == 0
    assert json.loads(raw.stdout)["documents"] == [store.documents()[0].name]
    assert "do not hand it out" in raw.stderr


def test_the_text_figures_are_computed_only_when_shown(project, monkeypatch):
    from casebook.coders.ontext import OnText

    three_coders(project.store)
    measured = []
    each = OnText.each
    monkeypatch.setattr(OnText, "each", lambda self, codes: measured.append(codes) or
                        each(self, codes))
    data = _agree(project)
    assert measured  # --json: every figure
    measured.clear()

    def csv(keys: str) -> dict[str, list[str]]:
        result = CliRunner().invoke(cli, ["--project", str(project.root), "agree", "--csv",
                                          "--coefficients", keys])
        assert result.exit_code == 0, result.output
        return {row[0]: row[2:] for row in (line.split(",")
                                            for line in result.output.splitlines()[1:])}

    shown = csv("alpha,cohen")
    assert not measured
    assert shown["willen"] == [f"{_willen(data)['figures'][k]['value']:.3f}"
                               for k in ("alpha", "cohen")]
    shown = csv("segments")
    assert measured and shown["willen"] == [
        f"{_willen(data)['figures']['segments']['value']:.1f}"]
