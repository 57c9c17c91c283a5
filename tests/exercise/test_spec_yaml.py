"""exercise.yaml, written by libyaml's writer (spec.save), reads back as it was saved: student
names and document names with quotes, colons, line breaks, non-ASCII and long runs."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.exercise import spec

_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=120)


@settings(max_examples=150, deadline=None)
@given(students=st.lists(_TEXT, max_size=5), doc_name=_TEXT, code=_TEXT,
       reference=_TEXT)
def test_saved_exercise_reads_back(students, doc_name, code, reference) -> None:
    exercise = spec.Exercise(
        id="e1", name="week-1", created="2026-12-03T12:00:00+00:00", language="nl",
        references=[reference], codes=[code], students=students,
        documents=[spec.ExerciseDocument(1, "a" * 64, doc_name, "b" * 64)])
    with tempfile.TemporaryDirectory() as tmp:
        spec.save(Path(tmp), exercise)
        loaded = spec.load(Path(tmp), "week-1")
    assert loaded == exercise


def test_writer_is_libyaml_where_present() -> None:
    import yaml

    assert spec._DUMPER is getattr(yaml, "CSafeDumper", yaml.SafeDumper)
