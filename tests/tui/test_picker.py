"""The picker's matching: fuzzy like Textual's own, blind to case and accents, over name,
English name, id and description; recent codes first."""

from __future__ import annotations

from casebook.coding.session import CodingSession
from casebook.tui.choices import code_items
from casebook.tui.screens.picker import Item, plain, rank


def items(demo_project, recent=()):
    session = CodingSession(demo_project.store, "tester")
    session.recent = list(recent)
    return code_items(session, "nl")


def test_plain_folds_case_and_accents():
    assert plain("Barrières ÉÉN Cliënt") == "barrieres een client"


def test_names_match_whatever_the_case_or_accents(demo_project):
    codes = items(demo_project)
    assert rank(codes, "Omgaan")[0].id == "kunnen.lastige-situaties"
    assert rank(codes, "omgaan")[0].id == "kunnen.lastige-situaties"
    assert rank(codes, "barrieres")[0].id == "kunnen.barrieres"
    assert rank(codes, "rand")[0].id == "kunnen.barrieres"


def test_english_name_id_and_description_match_too(demo_project):
    codes = items(demo_project)
    assert rank(codes, "coping")[0].id == "kunnen.lastige-situaties"  # English name
    assert rank(codes, "doen.int")[0].id == "doen.intentie"  # id
    description = next(i for i in codes if i.id == "willen.houding").more
    word = max(description.split(), key=len).strip(".,;:()")
    assert "willen.houding" in [i.id for i in rank(codes, word)]
    assert rank(codes, "zzqx") == []


def test_recent_codes_come_first_and_win_ties():
    plain_items = [Item("a", "Kunnen"), Item("b", "Kunnen")]
    assert [i.id for i in rank(plain_items, "kun")] == ["a", "b"]
    assert [i.id for i in rank(list(reversed(plain_items)), "kun")] == ["b", "a"]


def test_an_empty_query_keeps_the_order_with_recent_first(demo_project):
    codes = items(demo_project, recent=["doen.gedrag"])
    assert [i.id for i in rank(codes, "")][0] == "doen.gedrag"
    assert "(recent)" in codes[0].label


def test_a_name_that_begins_with_the_query_comes_first(demo_project):
    codes = items(demo_project)
    assert rank(codes, "kunn")[0].id == "kunnen"  # before "Geloof in eigen kunnen"
    assert rank(codes, "gel")[0].id == "willen.eigen-kunnen"
