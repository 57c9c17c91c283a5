"""Agreement on a project: units from the store, missing data, the `agree` command."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

from casebook.cli import cli
from casebook.coders import agreement as reliability
from casebook.coders import stats as ag
from casebook.coders import unitized as uz
from casebook.errors import CasebookError
from tests.agreement.data import add_document, code, sentence, three_coders


def _row(report, code_id):
    return next(r for r in report.codes if r.code == code_id)


def _alpha(data):
    ratings, values = ag.encode(data)
    return ag.alpha(ag.counts(ratings, len(values)))


def test_sentence_units_two_coders(store):
    three_coders(store)
    report = reliability.compute(store, coders=["anna", "bram"])
    anna = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    bram = [1, 1, 0, 1, 0, 0, 0, 0, 0, 0]
    willen = _row(report, "willen")
    assert willen.units == 10
    assert willen.value("percent") == pytest.approx(80.0)
    assert willen.value("alpha") == pytest.approx(_alpha([anna, bram]))
    assert willen.pairs["anna|bram"]["cohen_kappa"] == pytest.approx(ag.cohen_kappa(anna, bram))
    assert willen.applied == {"anna": 3, "bram": 3}
    # bram coded 60% of sentence 5: that is more than half of it, so both applied kunnen
    kunnen = _row(report, "kunnen")
    assert kunnen.value("percent") == 100.0 and kunnen.value("alpha") == pytest.approx(1.0)
    # ...but the 60% coding does not match anna's whole sentence at a 90% threshold
    assert kunnen.segments == (1, 1)
    assert kunnen.value("alpha_u") < 1.0
    doc_length = len(store.document("doc").text)
    assert kunnen.value("alpha_u") == pytest.approx(uz.unitized_alpha(
        [[sentence(5)], [sentence(5, 0.6)]], doc_length))
    assert willen.value("alpha_u_binary") == pytest.approx(uz.binary_unitized_alpha(
        [[sentence(0), sentence(1), sentence(2)], [sentence(0), sentence(1), sentence(3)]],
        doc_length))
    assert [r.code for r in report.codes] == ["willen", "kunnen"]  # doen: only cees used it


def test_pooled_figure_pools_codes_and_three_coders(store):
    three_coders(store)
    report = reliability.compute(store)
    assert report.coders == ["anna", "bram", "cees"]
    assert [r.code for r in report.codes] == ["willen", "kunnen", "doen"]
    pooled = report.pooled
    assert pooled.kind == "pooled" and pooled.units == 30
    assert set(pooled.pairs) == {"anna|bram", "anna|cees", "bram|cees"}
    assert pooled.pairs["anna|cees"]["cohen_kappa"] < 1.0  # cees coded doen, anna did not
    assert "mean over coder pairs" in pooled.figures["cohen"].name
    willen = _row(report, "willen")
    ratings = [[1, 1, 1] + [0] * 7, [1, 1, 0, 1] + [0] * 6, [1, 1, 1] + [0] * 7]
    ratings, _values = ag.encode(ratings)
    assert willen.value("fleiss") == pytest.approx(ag.fleiss_kappa(ag.counts(ratings, 2)))
    # pooled = the three codes' binary judgements stacked (not a multi-category figure)
    stacked = np.hstack([[[1, 1, 1] + [0] * 7, [1, 1, 0, 1] + [0] * 6, [1, 1, 1] + [0] * 7],
                         [[0] * 5 + [1] + [0] * 4, [0] * 5 + [1] + [0] * 4, [0] * 10],
                         [[0] * 10, [0] * 10, [0] * 9 + [1]]])
    assert pooled.value("alpha") == pytest.approx(_alpha(stacked))


def test_a_document_a_coder_did_not_code_is_missing_not_absent(store):
    three_coders(store)
    other = add_document(store, "second", word="twe")
    code(store, other, "anna", "willen", *sentence(0))
    code(store, other, "cees", "willen", *sentence(0))
    report = reliability.compute(store, codes=["willen"])
    willen = _row(report, "willen")
    assert report.documents == ["doc", "second"]
    assert willen.units == 20
    # bram is missing on "second": his pairs are computed on "doc" only
    solo = reliability.compute(store, codes=["willen"], docs=["doc"])
    assert willen.pairs["anna|bram"] == pytest.approx(_row(solo, "willen").pairs["anna|bram"])
    # a document coded by one coder only drops out
    lonely = add_document(store, "third", word="dri")
    code(store, lonely, "anna", "willen", *sentence(4))
    assert "third" not in reliability.compute(store).documents


def test_turn_and_char_units(store):
    three_coders(store)
    turns = reliability.compute(store, coders=["anna", "bram"], unit="turn")
    assert _row(turns, "willen").units == 2
    chars = reliability.compute(store, coders=["anna", "bram"], unit="char")
    willen = _row(chars, "willen")
    length = len(store.document("doc").text)
    assert willen.units == length
    differ = 2 * (sentence(2)[1] - sentence(2)[0])  # sentences 2 and 3 differ
    assert willen.value("percent") == pytest.approx(100 * (1 - differ / length))
    assert willen.figures["percent"].unit == "character"


def test_bad_input_is_reported(store):
    three_coders(store)
    with pytest.raises(CasebookError):
        reliability.compute(store, coders=["anna"])
    with pytest.raises(CasebookError):
        reliability.compute(store, unit="word")
    with pytest.raises(CasebookError):
        reliability.compute(store, threshold=0)
    with pytest.raises(CasebookError):
        reliability.compute(store, min_overlap=1.5)


def test_agree_command_json_table_csv(project):
    three_coders(project.store)
    runner = CliRunner()
    root = ["--project", str(project.root)]
    result = runner.invoke(cli, [*root, "agree", "--coders", "anna,bram", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["coders"] == ["anna", "bram"]
    expected = reliability.compute(project.store, coders=["anna", "bram"])
    alpha = data["pooled"]["figures"]["alpha"]
    assert alpha["value"] == pytest.approx(expected.pooled.value("alpha"))
    assert alpha["name"] == "Krippendorff's alpha (nominal)" and alpha["unit"] == "sentence"
    assert data["pooled"]["figures"]["alpha_u"]["unit"] == "character"
    table = runner.invoke(cli, [*root, "agree", "--unit", "turn"])
    assert table.exit_code == 0 and "willen" in table.output and "Fleiss" in table.output
    assert "beurt" in table.output and "gepoold" in table.output  # the project speaks Dutch
    rows = runner.invoke(cli, [*root, "agree", "--csv"]).output.splitlines()
    assert rows[0].startswith("code,units,percent (sentence)")
    assert rows[-1].startswith("(pooled)")
    bad = runner.invoke(cli, [*root, "agree", "--coefficients", "kappa,nonsense"])
    assert bad.exit_code == 2 and "nonsense" in bad.output
    bad = runner.invoke(cli, [*root, "agree", "--coders", "anna,nobody"])
    assert bad.exit_code != 0
