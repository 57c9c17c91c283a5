"""Every coefficient of `casebook agree` against published values, through the CLI.

Each test builds a project whose sentences are the units of a published example, lets the
coders code them, runs `casebook agree --json` and compares with the source named in the
test. A group of exclusive (or ordered) codes carries a multi-category example; a single
code a binary one.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from casebook.cli import cli
from casebook.model import Code, Codebook, Coding, Document, Sentence
from casebook.offsets import sha256
from casebook.project import Project
from tests.agreement.data import code

WIDTH = 12  # "u0001 s0001." and a space

nan = None


def _run(root, *args) -> dict:
    result = CliRunner().invoke(cli, ["--project", str(root), "agree", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _document(store, name: str, units: int) -> int:
    """A document of ``units`` sentences of 12 characters (one space between)."""
    text = " ".join(f"{name[:5]:>5} s{i:04d}." for i in range(units))
    return store.add_document(Document(name=name, text=text, sha256=sha256(text)), [],
                              [Sentence(i * (WIDTH + 1), i * (WIDTH + 1) + WIDTH)
                               for i in range(units)], [])


def _code(store, doc: int, coder: str, code_id: str, unit: int) -> None:
    store.add_coding(Coding(document_id=doc, start=unit * (WIDTH + 1),
                            end=unit * (WIDTH + 1) + WIDTH, code_id=code_id,
                            coder_id=store.coder(coder).id))


def _group(tmp_path, ratings, *, ordered=False, per_unit_document=False) -> dict:
    """Coders' ratings (rows; values 1..q, None missing) as children of one group; each
    unit a sentence, or (for missing ratings) a document of its own."""
    project = Project.init(tmp_path / "p", name="Published")
    q = int(max(v for row in ratings for v in row if v is not None))
    store = project.store
    store.set_codebook(Codebook("Pub", [Code("g", "Group", exclusive=True, ordered=ordered)]
                                + [Code(f"g.{k}", f"C{k}", parent="g")
                                   for k in range(1, q + 1)]))
    units = len(ratings[0])
    docs = [_document(store, f"u{u:04d}", 1) for u in range(units)] \
        if per_unit_document else [_document(store, "doc", units)] * units
    for coder, row in enumerate(ratings):
        for unit, value in enumerate(row):
            if value is not None:
                place = 0 if per_unit_document else unit
                _code(store, docs[unit], f"c{coder}", f"g.{value}", place)
    root = project.root
    project.close()
    return _run(root, "--ci")["groups"][0]


def _from_table(table) -> list[list[int]]:
    """Two coders' ratings from a contingency table of counts."""
    a, b = [], []
    for i, row in enumerate(table, 1):
        for j, n in enumerate(row, 1):
            a += [i] * n
            b += [j] * n
    return [a, b]


def _value(row, key):
    return row["figures"][key]["value"]


def test_krippendorff_2011_all_levels_and_gwet_2014_irrcac(tmp_path):
    """Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C (4
    coders, 12 units, missing data): alpha nominal .743, ordinal .815, interval .849,
    ratio .797. The same data are irrCAC's cac.raw4raters (Gwet 2014): AC1 .77544 with 95%
    interval (.461, 1), Fleiss' kappa .76117, Brennan-Prediger .77273, pa .8181818."""
    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
            [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    group = _group(tmp_path, data, ordered=True, per_unit_document=True)
    published = {"alpha": 0.743, "alpha_ordinal": 0.815, "alpha_interval": 0.849,
                 "alpha_ratio": 0.797}
    for key, value in published.items():
        assert round(_value(group, key), 3) == value, key
    assert round(_value(group, "ac1"), 5) == 0.77544
    assert [round(x, 3) for x in group["figures"]["ac1"]["ci"]] == [0.461, 1.0]
    assert round(_value(group, "fleiss"), 5) == 0.76117
    assert round(_value(group, "bp"), 5) == 0.77273
    assert _value(group, "percent") == pytest.approx(100 * 9 / 11)
    low, high = group["figures"]["alpha"]["ci"]  # Hayes & Krippendorff's bootstrap
    assert low < 0.743 < high and "bootstrap" in group["figures"]["alpha"]["ci_method"]


def test_cohen_1960_and_gwet_2008(tmp_path):
    """Cohen (1960), Table 1 (200 units, counts 88 14 18 / 10 40 10 / 2 6 12): kappa .492.
    Gwet's AC1 of the same table .5760 (DKPro Statistics, Gwet2008Test); Scott's pi from
    the pooled shares."""
    group = _group(tmp_path, _from_table([[88, 14, 18], [10, 40, 10], [2, 6, 12]]))
    assert round(_value(group, "cohen"), 3) == 0.492
    assert round(_value(group, "ac1"), 4) == 0.5760
    assert _value(group, "percent") == pytest.approx(70.0)
    assert group["categories"] == ["(none)", "g.1", "g.2", "g.3"]


def test_brennan_prediger_1981(tmp_path):
    """Brennan & Prediger (1981), pp. 689 and 691 (proportions x 100), as DKPro Statistics'
    BrennanPrediger1981Test: kappa .27 and .29, S (= kappa_n) .40 for both."""
    first = _group(tmp_path / "1", _from_table([[50, 0, 0], [10, 10, 10], [20, 0, 0]]))
    assert round(_value(first, "cohen"), 2) == 0.27 and round(_value(first, "bp"), 2) == 0.40
    second = _group(tmp_path / "2", _from_table([[50, 0, 10], [0, 10, 10], [10, 10, 0]]))
    assert round(_value(second, "cohen"), 2) == 0.29 and round(_value(second, "bp"), 2) == 0.40


def test_fleiss_1971(tmp_path):
    """Fleiss (1971) as Wikipedia's worked example: 10 subjects, 14 raters, kappa .210."""
    table = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
             [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
             [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
    ratings = [[c for c, n in enumerate(row, 1) for _ in range(n)] for row in table]
    group = _group(tmp_path, [list(r) for r in zip(*ratings)])
    assert round(_value(group, "fleiss"), 3) == 0.210


def test_scikit_learn_weighted_kappa(tmp_path):
    """scikit-learn's test_cohen_kappa, weighting example: y1 = 46 x 0, 44 x 1, 10 x 2;
    y2 = 50 x 0, 40 x 1, 10 x 2: kappa .9315, linear .9412, quadratic .9541."""
    y1 = [1] * 46 + [2] * 44 + [3] * 10
    y2 = [1] * 50 + [2] * 40 + [3] * 10
    group = _group(tmp_path, [y1, y2], ordered=True)
    assert round(_value(group, "cohen"), 4) == 0.9315
    assert round(_value(group, "kappa_linear"), 4) == 0.9412
    assert round(_value(group, "kappa_quadratic"), 4) == 0.9541


def test_irrcac_cont3x3abstractors(tmp_path):
    """irrCAC's README (Gwet 2014), cont3x3abstractors: Cohen's kappa .7964094, Scott's pi
    .7962397, AC1 .8493305, Brennan-Prediger .835, Krippendorff's alpha .7972585, percent
    agreement .89."""
    group = _group(tmp_path, _from_table([[13, 0, 0], [0, 20, 7], [0, 4, 56]]))
    published = {"cohen": 0.7964094, "scott": 0.7962397, "ac1": 0.8493305, "bp": 0.835,
                 "alpha": 0.7972585}
    for key, value in published.items():
        assert _value(group, key) == pytest.approx(value, abs=5e-8), key
    assert _value(group, "percent") == pytest.approx(89.0)


def test_gwet_ac2_as_irrcac(tmp_path):
    """irrCAC 1.4, gwet.ac1.raw with quadratic weights, as shipped in DKPro Statistics'
    test fixtures (gwet/fixture_05_likert_5x5.json, fixture_04_likert_4x4.json): a 5-point
    Likert table AC1 .57997, AC2 .87005; a 4-point one AC1 .58046, AC2 .84028."""
    five = _group(tmp_path / "5", _from_table([[15, 4, 1, 0, 0], [3, 12, 4, 1, 0],
                                               [1, 3, 14, 3, 1], [0, 1, 3, 10, 2],
                                               [0, 0, 1, 2, 8]]), ordered=True)
    assert round(_value(five, "ac1"), 5) == 0.57997
    assert round(_value(five, "ac2_quadratic"), 5) == 0.87005
    four = _group(tmp_path / "4", _from_table([[20, 5, 1, 0], [4, 15, 6, 1], [0, 5, 18, 4],
                                               [0, 1, 3, 12]]), ordered=True)
    assert round(_value(four, "ac1"), 5) == 0.58046
    assert round(_value(four, "ac2_quadratic"), 5) == 0.84028


def test_scikit_learn_artstein_poesio(tmp_path):
    """scikit-learn's test_cohen_kappa after Artstein & Poesio (2008): Table 1 kappa .348,
    Table 4 (multiclass) .8013."""
    two = _group(tmp_path / "1", [[1] * 40 + [2] * 60, [1] * 20 + [2] * 20 + [1] * 10
                                  + [2] * 50])
    assert round(_value(two, "cohen"), 3) == 0.348
    three = _group(tmp_path / "2", [[1] * 46 + [2] * 44 + [3] * 10,
                                    [1] * 52 + [2] * 32 + [3] * 16])
    assert round(_value(three, "cohen"), 4) == 0.8013


def _binary(tmp_path, ratings) -> dict:
    """Coders' yes (1) / no (0) per unit as one code over sentences."""
    project = Project.init(tmp_path / "p", name="Binary")
    store = project.store
    store.set_codebook(Codebook("Bin", [Code("ja", "Ja")]))
    doc = _document(store, "doc", len(ratings[0]))
    for coder, row in enumerate(ratings):
        for unit, value in enumerate(row):
            if value:
                _code(store, doc, f"c{coder}", "ja", unit)
    root = project.root
    project.close()
    return _run(root)["codes"][0]


def test_randolph_2005(tmp_path):
    """Randolph (2005), p. 17, as DKPro Statistics' Randolph2005Test: 3 coders, 4 units.
    Example 1: Fleiss' kappa .33 and free-marginal kappa .33; example 2: Fleiss -.20,
    free-marginal .33."""
    first = _binary(tmp_path / "1", [[1, 1, 0, 0], [1, 1, 0, 0], [1, 0, 1, 0]])
    assert round(_value(first, "fleiss"), 2) == 0.33 and round(_value(first, "bp"), 2) == 0.33
    second = _binary(tmp_path / "2", [[1, 1, 1, 1], [1, 1, 1, 1], [1, 0, 0, 1]])
    assert round(_value(second, "fleiss"), 2) == -0.20
    assert round(_value(second, "bp"), 2) == 0.33


def test_gwet_2008_kappa_paradox(tmp_path):
    """DKPro Statistics' Gwet2008Test: 8 yes/yes, 1 no/no, 1 yes/no: AC1 .8658 where
    Scott's pi falls to .6078 (the kappa paradox)."""
    row = _binary(tmp_path, [[1] * 8 + [0, 1], [1] * 8 + [0, 0]])
    assert round(_value(row, "ac1"), 4) == 0.8658
    assert round(_value(row, "scott"), 4) == 0.6078


def test_krippendorff_2004_unitized_alpha(tmp_path):
    """Krippendorff (2004, Content Analysis, 2nd ed., p. 254), as DKPro Statistics'
    unitizing/Krippendorff2004Test: a continuum of 300 (150-450), codes c and k. alpha-u of
    c .7286 (D_o .0144, D_e .0532), of k 1 (D_e .0490), over both .8591 (DKPro's tolerance
    .0005)."""
    project = Project.init(tmp_path / "p", name="Unitized")
    store = project.store
    store.set_codebook(Codebook("U", [Code("c", "C"), Code("k", "K")]))
    text = "Dit is een continuüm van precies driehonderd tekens. " * 6
    text = text[:300]
    doc = store.add_document(Document(name="doc", text=text, sha256=sha256(text)), [], [], [])
    spans = {("anna", "c"): [(225, 70), (370, 30)],
             ("bram", "c"): [(220, 80), (355, 20), (400, 20)],
             ("anna", "k"): [(180, 60), (300, 50)], ("bram", "k"): [(180, 60), (300, 50)]}
    for (coder, code_id), found in spans.items():
        for start, length in found:
            code(store, doc, coder, code_id, start - 150, start - 150 + length)
    root = project.root
    project.close()
    data = _run(root, "--unit", "char")
    rows = {r["code"]: r for r in data["codes"]}
    assert round(_value(rows["c"], "alpha_u"), 4) == 0.7286
    assert _value(rows["k"], "alpha_u") == pytest.approx(1.0)
    assert _value(data["pooled"], "alpha_u") == pytest.approx(0.8591, abs=5e-4)
    assert data["pooled"]["figures"]["alpha_u"]["unit"] == "character"
