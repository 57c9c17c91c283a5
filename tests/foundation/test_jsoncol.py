"""JSON columns: a list of texts as the store writes it is read without the json package,
as json.loads reads it; anything else goes to json.loads."""

import json

from hypothesis import given
from hypothesis import strategies as st

from casebook.store.jsoncol import _texts, as_json, json_field


@given(st.lists(st.text()))
def test_a_list_of_texts_as_written_is_read_as_json_reads_it(texts):
    written = as_json(texts)
    assert _texts(written) == json.loads(written) == texts
    assert json_field(written, "codes x.examples", list) == texts


_JSONISH = st.text(alphabet='[]", \\u0abé\n1{}:', max_size=30)


@given(st.one_of(_JSONISH, _JSONISH.map(lambda t: '["' + t + '"]')))
def test_any_other_text_is_json_loads_own_to_read_or_refuse(text):
    """The quick reading reads what json.loads reads, or leaves it to json.loads."""
    quick = _texts(text)
    if quick is not None:
        assert quick == json.loads(text)


def test_texts_json_does_not_write_are_left_to_json():
    assert _texts('["a","b"]') is None and json_field('["a","b"]', "f", list) == ["a", "b"]
    assert _texts('["a", 1]') is None and json_field('["a", 1]', "f", list) == ["a", 1]
    assert _texts('["a"], ["b"]') is None
