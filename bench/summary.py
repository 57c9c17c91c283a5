"""The summary of one `./dev bench` run: every figure beside its anchor, as the Markdown
table the README keeps, and the growth exponents.

Run: .venv/bin/python bench/summary.py RESULTS.jsonl   (./dev bench does this at the end)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, _amount, machine  # noqa: E402


def main(path: str) -> None:
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()]
    figures = [Figure(**row) for row in rows if "exponent" not in row]
    growths = [row for row in rows if "exponent" in row]
    print(f"\n## Summary ({machine()})\n")
    print("| bench | figure | size | ours | anchor | ratio | goal | |")
    print("|---|---|---|---|---|---|---|---|")
    for f in figures:
        goal = f"≤ {f.goal:g}×" if f.goal is not None else ""
        print(f"| {f.bench} | {f.figure} | {f.size} | {_amount(f.ours, f.unit)} | "
              f"{f.anchor_name}: {_amount(f.anchor, f.unit)} | {f.ratio:.2f}× | {goal} | "
              f"{f.verdict} |")
    if growths:
        print("\n| bench | growth exponent, 1× → 16× | value | goal |")
        print("|---|---|---|---|")
        for g in growths:
            goal = f"≤ {g['goal']:g}" if g["goal"] is not None else ""
            print(f"| {g['bench']} | {g['figure']} | {g['exponent']:.2f} | {goal} |")


if __name__ == "__main__":
    main(sys.argv[1])
