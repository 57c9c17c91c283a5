"""The writer of `feedback --json` (items._written, to_json) writes what items share once --
the lines from "start" to "references" by the list of references, the why by its list --
and still writes each item as json.dumps(indent=2) does when items share those lists but
not their place, text or speaker (the lists of a class's items are shared by the items of
one fragment; any items may share them)."""

from __future__ import annotations

import json
import random

from casebook.exercise.items import CodeScore, Item, StudentFeedback, _written, to_json


def test_items_sharing_lists_but_not_their_place_are_each_written_as_json_dumps_does():
    rnd = random.Random(7)
    refs, whys = [["anna"], ["anna", "bram"], []], [[("memo", "m")], [], [("not:b", "é")]]
    texts = ["tekst", "tekst", "ander", "‘q’\n"]  # equal texts as two objects too
    texts[1] = "".join(["tek", "st"])
    items = [Item(rnd.choice(["hit", "missed", "other", "extra"]), rnd.choice(["d1", "d2"]),
                  rnd.choice(["a", "b"]), rnd.choice([None, "a", "b"]), rnd.randint(0, 3),
                  rnd.randint(3, 6), rnd.choice(texts), rnd.choice([None, "P1", "P2"]),
                  rnd.choice(refs), rnd.choice([None, "eigen"]), rnd.choice(whys))
             for _ in range(400)]
    assert _written(items, "\n  ") == [
        json.dumps(i.as_dict(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        for i in items]
    students = [StudentFeedback("week1", f"s{n}", ["anna"], "nl",
                                [CodeScore("a", "Angst", 0.5, hit=n)],
                                rnd.sample(items, rnd.randint(0, 30)))
                for n in range(6)]
    students.append(StudentFeedback("week1", "leeg", ["anna"], "nl"))
    assert to_json(students) == json.dumps([s.as_dict() for s in students],
                                           ensure_ascii=False, indent=2)
