"""Issue 10's limits, checked: no function over 60 lines, no module over 400 in casebook/."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "casebook"
MAX_FUNCTION, MAX_MODULE = 60, 400


def _modules():
    return sorted(ROOT.rglob("*.py"))


def test_no_module_over_400_lines():
    long = {p.relative_to(ROOT).as_posix(): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE}
    assert long == {}


def test_no_function_over_60_lines():
    long = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length})")
    assert long == []
