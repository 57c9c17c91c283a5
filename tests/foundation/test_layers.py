"""DESIGN.md's layers, checked: import-linter contracts and the one-place rule per library."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_hold():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    out = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_heavy_libraries_live_in_one_place():
    allowed = {"spacy": r"casebook/ingest/segment\.py$", "textual": r"casebook/tui/",
               "weasyprint": r"casebook/export/", "sqlite3": r"casebook/store/",
               "sqlite_utils": r"casebook/store/"}
    offenders = []
    for path in (ROOT / "casebook").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"\s*(?:import|from)\s+(\w+)", line)
            if match and match[1] in allowed and not re.search(allowed[match[1]], rel):
                offenders.append(f"{rel}: {line.strip()}")
    assert offenders == []


def test_every_package_sits_in_a_layer():
    """A new top-level module must be placed in the layers contract, or nothing checks it."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    named = set(re.split(r"\s*[|:]\s*", " : ".join(layers)))
    modules = {f"casebook.{p.stem}" for p in (ROOT / "casebook").iterdir()
               if (p.suffix == ".py" or (p / "__init__.py").is_file())
               and p.stem not in ("__init__", "__main__")}
    assert modules - named == set() and named - modules == set()
