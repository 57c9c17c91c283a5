"""Shared fixtures: an in-memory store, a fresh project, and the demo project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebook.model import Code, Codebook, Document, Speaker, Turn
from casebook.offsets import sha256
from casebook.project import Project
from casebook.store import Store


@pytest.fixture(autouse=True)
def _quiet_env(monkeypatch):
    monkeypatch.delenv("CASEBOOK_PROJECT", raising=False)
    monkeypatch.setenv("CASEBOOK_CODER", "tester")


@pytest.fixture
def store():
    s = Store()
    yield s
    s.close()


@pytest.fixture
def project(tmp_path):
    p = Project.init(tmp_path / "proj", name="Test")
    yield p
    p.close()


SMALL_CODEBOOK = Codebook(name="Test", codes=[
    Code(id="willen", name="Willen", colour="#1f77b4"),
    Code(id="willen.houding", name="Houding", parent="willen", colour="#aec7e8", hotkey="1"),
    Code(id="kunnen", name="Kunnen", colour="#ff7f0e", hotkey="2"),
])


def add_small_document(store: Store, text: str | None = None, name: str = "doc") -> int:
    """A two-turn document with the SMALL_CODEBOOK active; returns its id."""
    from casebook.ingest.segment import sentences

    text = text or "I: Wat wil je?\n\nR: Ik wil werken. Maar het lukt niet 😅. Café één."
    turns = [Turn(3, 14, "I"), Turn(19, len(text), "R")]
    store.set_codebook(SMALL_CODEBOOK)
    return store.add_document(Document(name=name, text=text, sha256=sha256(text)), turns,
                              sentences(text, turns), [Speaker("I"), Speaker("R")])


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory) -> Path:
    from casebook.demo import build

    root = tmp_path_factory.mktemp("demo") / "casebook-demo"
    build(root)
    return root


@pytest.fixture
def demo_project(_demo_template, tmp_path):
    """A private copy of the built demo project (built once per test session)."""
    root = tmp_path / "casebook-demo"
    shutil.copytree(_demo_template, root)
    p = Project.find(root)
    yield p
    p.close()


def two_empty_documents(store):
    """Two small documents ("one", "two") without codings, made once per store (hypothesis
    reuses it): their ids and the ids of the coders anna and bram."""
    if not store.documents():
        add_small_document(store, "x" * 100, name="one")
        add_small_document(store, "y" * 100, name="two")
    store.db.execute("DELETE FROM codings")
    return [d.id for d in store.documents()], [store.coder("anna").id, store.coder("bram").id]
