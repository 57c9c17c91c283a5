"""Natural pseudonyms (casebook.yaml `pseudonyms: natural`): consistent, plausible Dutch
names from the shipped lists, shaped like what they replace, loosely of the gender the text
shows, never an original; the numbered style stays the default."""

from __future__ import annotations

import re

from casebook.privacy import service
from casebook.privacy.lookup import person_names
from casebook.privacy.natural import gender, surnames
from tests.privacy.test_service import add_doc


def replaced(store, doc) -> dict[str, str]:
    return {f.text: f.replacement for f in store.privacy_findings(doc)}


def test_one_person_one_natural_name_in_every_form(store):
    a = add_doc(store, "a", [("R", "Ik ben Marleen Vos, mijn buurvrouw heet Fenna de Bruin. "
                                   "Fenna helpt me. Toen kreeg ik meneer Kramer. Hij belde.")])
    b = add_doc(store, "b", [("R", "Marleen Vos komt ook. Marleen is moe. Meneer Kramer "
                                   "zei: ik heet Joris Kramer.")])
    service.scan(store, use_deduce=False, style="natural")
    ra, rb = replaced(store, a), replaced(store, b)
    full = ra["Marleen Vos"]
    first, last = full.split(" ", 1)
    assert rb["Marleen Vos"] == full and rb["Marleen"] == first
    assert ra["Fenna"] == ra["Fenna de Bruin"].split()[0]
    # "meneer Kramer": only the surname is replaced, the title stays in the text
    assert ra["Kramer"] == rb["Kramer"] and rb["Joris Kramer"].endswith(" " + ra["Kramer"])
    names = person_names()
    assert first in names["f"] + names["m"] and last in surnames()
    originals = {"marleen", "vos", "fenna", "bruin", "kramer", "joris"}
    for value in [*ra.values(), *rb.values()]:
        assert not {w.casefold() for w in value.split()} & originals


def test_the_text_shows_the_gender(store):
    doc = add_doc(store, "d", [("R", "Toen kwam mevrouw Verbeek. Later meneer Hoogland. "
                                     "En mijn moeder Aaltje Smeets.")])
    service.scan(store, use_deduce=False, style="natural")
    got = replaced(store, doc)
    names = person_names()
    assert got["Aaltje Smeets"].split()[0] in names["f"]
    text = "Ik sprak Willemijn. Zij vond het goed."
    assert gender(text, 9, 18) == "f"
    assert gender("Toen meneer Jansen kwam", 12, 18) == "m"
    assert gender("Ik zag Sam gisteren.", 7, 10) is None  # in both lists, no sign
    assert gender("Ik zag Kim gisteren.", 7, 10) == "f"  # a woman's name in the list


def test_a_title_kept_with_an_initial_stays_grammatical(store):
    doc = add_doc(store, "d", [("R", "Ik noem hem meneer D., hij werkt hard. Mevrouw Y. ook.")])
    service.scan(store, use_deduce=False, style="natural")
    service.decide(store, accept_all=True)
    [result] = service.apply(store, [doc], dry_run=True)
    # a surname after a title: its prefix with a capital ("Mevrouw De Keijzer")
    assert re.search(r"meneer (?:(?:De|Van|Der|Den|Ter|Ten) )*[A-Z][a-z]+, hij werkt hard\. "
                     r"Mevrouw (?:(?:De|Van|Der|Den|Ter|Ten) )*[A-Z][a-z]+ ook", result.text), \
        result.text


def test_numbered_stays_the_default(store):
    doc = add_doc(store, "d", [("R", "Ik ben Marleen Vos. Marleen dus.")])
    service.scan(store, use_deduce=False)
    assert set(replaced(store, doc).values()) == {"Persoon 1"}


def test_a_wrong_style_in_casebook_yaml_is_one_line(project):
    from click.testing import CliRunner

    from casebook.cli import cli

    (project.root / "casebook.yaml").write_text(
        (project.root / "casebook.yaml").read_text() + "pseudonyms: mooi\n")
    result = CliRunner().invoke(cli, ["-p", str(project.root), "pseudo", "scan",
                                      "--rules-only"])
    assert result.exit_code == 2
    assert "casebook.yaml: pseudonyms: must be one of numbered, natural" in result.output
