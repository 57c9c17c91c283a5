"""`agree`, `adjudicate` on the demo project (coders anna and bram, IGM codebook)."""

import pytest

from casebook.coders import adjudicate as adj
from casebook.coders import agreement as reliability


def test_agreement_on_the_demo(demo_project):
    store = demo_project.store
    by_char = reliability.compute(store, unit="char")
    by_sentence = reliability.compute(store)
    assert by_char.coders == ["anna", "bram"] and len(by_char.documents) >= 4
    assert [r.code for r in by_char.codes] == [r.code for r in by_sentence.codes]
    for row in by_char.codes:
        # |u-alpha treats gaps character by character and units as wholes; with
        # thousands of characters it comes out close to alpha on character units
        if row.value("alpha") is not None:
            assert row.value("alpha_u_binary") == pytest.approx(row.value("alpha"), abs=0.02)
        assert sum(row.segments) == sum(1 for c in store.codings(code_ids=[row.code])
                                   if c.document_id in {store.document(d).id
                                                        for d in by_char.documents})
    pooled = by_sentence.pooled
    assert 0.3 < pooled.value("alpha") < 1 and 0.3 < pooled.value("alpha_u") < 1


def test_adjudication_on_the_demo(demo_project):
    store = demo_project.store
    items = adj.disagreements(store)
    assert items and {i.kind for i in items} <= {"a-only", "b-only", "extent"}
    agreed = adj.auto_agreed(store)
    for item in items:
        adj.decide(store, item.id, "both")
    consensus = [c for c in store.codings() if c.coder_name == "consensus"]
    assert len(consensus) >= agreed + len([i for i in items if i.kind != "extent"])
    assert adj.disagreements(store)[0].decision == "both"
