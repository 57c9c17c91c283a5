"""`code_from` on good files and on each kind of refused row: what the project holds after,
and which line and field each refusal names."""

from __future__ import annotations

import json

import pytest

from casebook.coding import bulk
from casebook.coding.bulk import code_from
from tests.coding_bulk.conftest import GESPREK, LEERTAFEL, at, held, write


def test_a_good_csv_codes_every_row_as_code_add_would(proj, tmp_path):
    wil = at(GESPREK, "Ik wil werken.")
    emoji = at(GESPREK, "Maar het lukt niet 😅.")
    echt = at(LEERTAFEL, "echt werken")
    source = write(tmp_path, "codings.csv",
                   "Document, START ,end,code,coder,memo\n"
                   f"gesprek,{wil[0]},{wil[1]},willen,,twijfelt\n"
                   f"1,{emoji[0] - 1},{emoji[1]},Houding,bram,\n"  # a space before: trimmed
                   f"leer,{echt[0]},{echt[1]},2,anna,\n")  # a unique name prefix, a hotkey
    report = code_from(proj.store, source, coder="tester")
    assert (report.rows, report.added, report.present, report.refused) == (3, 3, 0, 0)
    assert report.written and sorted(report.new_coders) == ["anna", "bram", "tester"]
    assert held(proj.store) == [(1, *wil, "willen", "tester", "twijfelt"),
                                (1, *emoji, "willen.houding", "bram", None),
                                (2, *echt, "kunnen", "anna", None)]


def test_json_lines_with_numbers_quotes_and_occurrences(proj, tmp_path):
    second = LEERTAFEL.index("werken", LEERTAFEL.index("werken") + 1)
    rows = [{"document": 1, "start": 19, "end": "33", "code": "willen", "memo": None},
            {"document": "leertafel", "quote": "werken", "occurrence": 2, "code": "kunnen",
             "coder": "bram", "other": "ignored"}]
    source = write(tmp_path, "c.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    told: list[str] = []
    report = code_from(proj.store, source, coder="tester", on_message=told.append)
    assert report.added == 2 and report.refused == 0
    assert held(proj.store) == [(1, 19, 33, "willen", "tester", None),
                                (2, second, second + 6, "kunnen", "bram", None)]
    assert told == [f"{source}:2: ignored key(s): other"]


def test_ids_per_line_are_the_stored_codings(proj, tmp_path):
    source = write(tmp_path, "c.csv", "document,start,end,code\n1,19,33,willen\n\n"
                                      "1,19,33,willen\n2,0,11,kunnen\n")
    report = code_from(proj.store, source, coder="tester", keep_ids=True)
    stored = {(c.document_id, c.start, c.end): c.id for c in proj.store.codings()}
    assert report.codings == [(2, stored[1, 19, 33]), (4, stored[1, 19, 33]),
                              (5, stored[2, 0, 11])]


@pytest.mark.parametrize("row,field,reason", ids=lambda v: str(v)[:20], argvalues=[
    ("nergens,19,33,willen,", "document", "no document 'nergens'"),
    (",19,33,willen,", "document", "is empty"),
    ("gesprek,19,99999,willen,", "start/end", "outside the document (0-"),
    ("gesprek,-1,5,willen,", "start/end", "span -1-5 is outside"),
    ("gesprek,33,19,willen,", "start/end", "span 33-19"),
    ("gesprek,14,16,willen,", "start/end", "only white space"),
    ("gesprek,1e3,40,willen,", "start", "'1e3' is not a whole number"),
    ("gesprek,19,4.5,willen,", "end", "'4.5' is not a whole number"),
    ("gesprek,19,,willen,", "end", "is empty"),
    ("gesprek,,,willen,", "start/end", "give start and end, or quote"),
    (f"gesprek,19,{'9' * 5000},willen,", "end", "is not a whole number"),
    (f"gesprek,19,{'9' * 300},willen,", "start/end", "is outside the document"),
    ("gesprek,19,33,,", "code", "is empty"),
    ("gesprek,19,33,wilen,", "code", "no code 'wilen'"),
    ("gesprek,19,33,groep,", "code", "'Groep' is a category"),
    ("gesprek,19,33,willen,\x00", "memo", "NUL character"),
    ("gesprek,19,33,willen,,too,many", None, "7 fields where the header has 5"),
])
def test_each_refused_row_names_its_line_and_field(proj, tmp_path, row, field, reason):
    source = write(tmp_path, "c.csv", "document,start,end,code,memo\n"
                                      f"gesprek,19,33,willen,\n{row}\ngesprek,34,55,kunnen,\n")
    told: list[str] = []
    report = code_from(proj.store, source, coder="tester", on_message=told.append)
    assert report.refused == 1 and report.added == 2 and report.written
    refusal = report.refusals[0]
    assert (refusal.line, refusal.field) == (3, field) and reason in refusal.reason
    assert len(told) == 1 and told[0].startswith(f"{source}:3: {field + ': ' if field else ''}")
    assert len(told[0]) < 400 and "\x00" not in told[0]
    assert [c[1:4] for c in held(proj.store)] == [(19, 33, "willen"), (34, 55, "kunnen")]


@pytest.mark.parametrize("row,field,reason", [
    ('"gesprek","willen","Ik wil werken.","0"', "occurrence", "0 is not 1 or more"),
    ('"gesprek","willen","Ik wil werken.","x"', "occurrence", "'x' is not a whole number"),
    ('"gesprek","willen","niet gezegd",""', "quote", "does not appear"),
    ('"gesprek","willen","Ik wil werken.","2"', "quote", "appears 1 time(s)"),
    ('"gesprek","willen","   ",""', "quote", "an empty quote"),
])
def test_refused_quotes(proj, tmp_path, row, field, reason):
    source = write(tmp_path, "q.csv", f"document,code,quote,occurrence\n{row}\n")
    report = code_from(proj.store, source, coder="tester")
    assert report.refused == 1 and held(proj.store) == []
    assert (report.refusals[0].field, report.refusals[0].line) == (field, 2)
    assert reason in report.refusals[0].reason


def test_quote_and_offsets_together_are_refused(proj, tmp_path):
    source = write(tmp_path, "q.csv", "document,start,end,quote,code\n"
                                      "gesprek,19,33,Ik wil werken.,willen\n")
    report = code_from(proj.store, source, coder="tester")
    assert report.refusals[0].field == "quote" and "not both" in report.refusals[0].reason


@pytest.mark.parametrize("line,reason", [
    ('{"document": "gesprek", "start": 19.0, "end": 33, "code": "willen"}', "19.0 is neither"),
    ('{"document": "gesprek", "start": true, "end": 33, "code": "willen"}', "true is neither"),
    ('{"document": ["gesprek"], "start": 19, "end": 33, "code": "willen"}', "is neither"),
    ('{"document": "gesprek", "start": 1e999, "end": 33, "code": "willen"}', "Infinity"),
    ('{"document": "gesprek", "start": ' + "9" * 5000 + ', "end": 33}', "not valid JSON"),
    ('{"document": "gesprek", "start": 19,', "not valid JSON"),
    ("[" * 100_000, "not valid JSON"),  # nested past the recursion limit
    ('"gesprek"', "not a JSON object"),
    ('{"document": "gesprek", "start": 19, "end": 33}', "code: is empty"),
])
def test_refused_json_lines(proj, tmp_path, line, reason):
    good = '{"document": "gesprek", "start": 34, "end": 55, "code": "kunnen"}'
    source = write(tmp_path, "c.jsonl", f"{good}\n{line}\n{good}\n")
    told: list[str] = []
    report = code_from(proj.store, source, coder="tester", on_message=told.append)
    assert report.refused == 1 and report.added == 1 and report.present == 1
    assert told[0].startswith(f"{source}:2: ") and reason in told[0], told


def test_a_row_begins_on_its_first_line_when_quoted_fields_span_lines(proj, tmp_path):
    source = write(tmp_path, "c.csv", 'document,start,end,code,memo\n'
                                      'gesprek,19,33,willen,"een memo\nover twee regels"\n'
                                      'gesprek,19,33,nope,\n'
                                      '"ges\r\nprek",19,33,willen,\n')
    report = code_from(proj.store, source, coder="tester")
    assert [(r.line, r.field) for r in report.refusals] == [(4, "code"), (5, "document")]
    assert held(proj.store) == [(1, 19, 33, "willen", "tester", "een memo\nover twee regels")]


def test_repeated_rows_add_one_coding_and_a_second_load_adds_none(proj, tmp_path):
    source = write(tmp_path, "c.csv", "document,start,end,code,memo\n"
                                      "gesprek,19,33,willen,eerste\n"
                                      "1,19,33,W,tweede\n"  # the same coding, named otherwise
                                      "gesprek,18,34,willen,\n")  # trims to the same span
    first = code_from(proj.store, source, coder="tester")
    assert (first.added, first.present) == (1, 2)
    assert held(proj.store) == [(1, 19, 33, "willen", "tester", "eerste")]
    again = code_from(proj.store, source, coder="tester")
    assert (again.added, again.present, again.written) == (0, 3, True)
    assert len(proj.store.codings()) == 1


def test_strict_writes_nothing_when_a_row_is_refused(proj, tmp_path):
    source = write(tmp_path, "c.csv", "document,start,end,code,coder\n"
                                      "gesprek,19,33,willen,nieuw\ngesprek,19,33,nope,\n")
    report = code_from(proj.store, source, coder="tester", strict=True)
    assert report.refused == 1 and report.valid == 1 and not report.written
    assert held(proj.store) == [] and "nieuw" not in [c.name for c in proj.store.coders()]
    fine = write(tmp_path, "fine.csv", "document,start,end,code\ngesprek,19,33,willen\n")
    assert code_from(proj.store, fine, coder="tester", strict=True).added == 1


def test_a_refused_row_brings_no_new_coder(proj, tmp_path):
    source = write(tmp_path, "c.csv", "document,start,end,code,coder\n"
                                      "gesprek,19,33,nope,nieuw\ngesprek,19,33,willen,\n")
    report = code_from(proj.store, source, coder="tester")
    assert report.new_coders == ["tester"] and report.added == 1
    assert [c.name for c in proj.store.coders()] == ["tester"]


def test_a_dry_run_checks_everything_and_writes_nothing(proj, tmp_path):
    source = write(tmp_path, "c.csv", "document,start,end,code,coder\n"
                                      "gesprek,19,33,willen,nieuw\ngesprek,19,33,nope,\n")
    coders = proj.store.coders()
    report = code_from(proj.store, source, coder="tester", dry_run=True)
    assert (report.rows, report.valid, report.refused, report.written) == (2, 1, 1, False)
    assert report.new_coders == ["nieuw"]  # the refused row's default coder is not new
    assert held(proj.store) == [] and proj.store.coders() == coders


def test_coders_match_as_the_project_matches_their_names(proj, tmp_path):
    anna, emile = proj.store.coder("Anna"), proj.store.coder("émile")
    source = write(tmp_path, "c.csv", "document,start,end,code,coder\n"
                                      "gesprek,19,33,willen,anna\ngesprek,34,55,willen,ÉMILE\n"
                                      "gesprek,34,55,kunnen, Émile \n")
    report = code_from(proj.store, source, coder="Anna")
    assert report.added == 3 and report.new_coders == []
    assert {c.coder_id for c in proj.store.codings()} == {anna.id, emile.id}
    assert len(proj.store.coders()) == 2


def test_each_name_is_looked_up_once(proj, tmp_path, monkeypatch):
    calls: list[str] = []
    for method in ("document", "code", "coders"):
        real = getattr(proj.store, method)
        monkeypatch.setattr(proj.store, method,
                            lambda *a, _real=real, _name=method: calls.append(_name) or _real(*a))
    rows = "".join(f"gesprek,19,{20 + n},willen\nleertafel,0,{5 + n},2\nnergens,0,5,willen\n"
                   for n in range(10))
    source = write(tmp_path, "c.csv", "document,start,end,code\n" + rows)
    report = code_from(proj.store, source, coder="tester")
    assert (report.valid, report.refused) == (20, 10)
    assert sorted(calls) == ["code", "code", "coders", "document", "document", "document"]


def test_refusals_beyond_those_kept_are_still_counted_and_told(proj, tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "KEPT", 3)
    source = write(tmp_path, "c.csv", "document,start,end,code\n" + "x,0,1,willen\n" * 10)
    told: list[str] = []
    report = code_from(proj.store, source, coder="tester", on_message=told.append)
    assert report.refused == 10 and len(report.refusals) == 3 and len(told) == 10
    assert report.as_dict()["refused"] == 10
