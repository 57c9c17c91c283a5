"""Fixtures for the REFI-QDA tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from casebook.project import Project

XSD = Path("/work/shared/refi-qda/Project-mrt2019.xsd")
if not XSD.exists():
    XSD = Path(__file__).resolve().parents[2].parent / "shared" / "refi-qda" / XSD.name


@pytest.fixture(scope="session")
def schema():
    """The REFI-QDA Project schema (lxml), to keep exports and hand-made fixtures honest."""
    if not XSD.exists():
        pytest.skip("Project-mrt2019.xsd not found")
    return etree.XMLSchema(etree.parse(str(XSD)))


@pytest.fixture
def fresh(tmp_path):
    """An empty project to import into."""
    p = Project.init(tmp_path / "fresh", name="Fresh")
    yield p
    p.close()
