"""Fixtures for the REFI-QDA tests."""

from __future__ import annotations

import pytest

from casebook.project import Project


@pytest.fixture
def fresh(tmp_path):
    """An empty project to import into."""
    p = Project.init(tmp_path / "fresh", name="Fresh")
    yield p
    p.close()
