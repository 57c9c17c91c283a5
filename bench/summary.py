"""The summary of one `./dev bench` run, as the table the README keeps: each figure at each
size, ours / the anchor = the ratio, beside its goal and its growth exponent.

Run: .venv/bin/python bench/summary.py RESULTS.jsonl   (./dev bench does this at the end)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, _amount, machine  # noqa: E402


def _cell(f: Figure) -> str:
    mark = " **over**" if f.verdict == "OVER" else ""
    return f"{_amount(f.ours, f.unit)} / {_amount(f.anchor, f.unit)} = {f.ratio:.2f}×{mark}"


def main(path: str) -> None:
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()]
    growth = {(r["bench"], r["figure"]): r["exponent"] for r in rows if "exponent" in r}
    table: dict[tuple[str, str, str], list[Figure]] = {}
    for row in rows:
        if "exponent" not in row:
            f = Figure(**row)
            table.setdefault((f.bench, f.figure, f.anchor_name), []).append(f)
    print(f"\n## Summary ({machine()})\n")
    print("| bench | figure | anchor | each size: ours / anchor = ratio | goal | growth |")
    print("|---|---|---|---|---|---|")
    for (bench, figure, anchor), figures in table.items():
        sizes = "<br>".join(f"{f.size}: {_cell(f)}" if f.size else _cell(f) for f in figures)
        goal = f"≤ {figures[0].goal:g}×" if figures[0].goal is not None else ""
        exponent = next((f"{k:.2f}" for (b, name), k in growth.items()
                         if b == bench and name.startswith(figure.split(" (")[0])), "")
        print(f"| {bench} | {figure} | {anchor} | {sizes} | {goal} | {exponent} |")


if __name__ == "__main__":
    main(sys.argv[1])
