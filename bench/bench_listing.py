"""`casebook codings --code X --json` beside the same rows read by the standard library.

The demo project, pseudonymised (rules only, every finding accepted), with 12,500, 50,000 and
200,000 codings of two coders (whole words, as people code) over its codebook's 11 codes (X is
one of them, so about one coding in eleven is listed). Per size, in the same run:

- `codings --code X --json --raw` beside the anchor of issue 15: a script that opens the
  database with sqlite3, runs the same query (documents' names and texts, coders' names, each
  coding's memo), makes the same rows and prints them with ``json.dumps(rows, indent=2)``.
  Both print the same bytes (checked);
- the same anchor printing compact JSON (``json.dumps(rows)``: json's C encoder), reported;
- `codings --code X --json` as every reader sees it: pseudonymised through the privacy gate,
  every text checked (the anchor does none of that), reported.

Goal (issue 15): <= 1.2x the anchor; the growth exponent over the sizes (~1: linear).
Each figure is the fastest of five runs, start-up included, ours and the anchors run in turn;
bytecode is cached, as installed.
Run: ./dev bench   or   .venv/bin/python bench/bench_listing.py [--base 12500]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cli import fastest  # noqa: E402 -- as the quick commands
from common import SIZES, as_installed, casebook, growth, header, python, record  # noqa: E402

BENCH = "listing"
CODE = "willen.houding"
ANCHOR = r"""
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
documents = {i: (name, text) for i, name, text in
             conn.execute("SELECT id, name, text FROM documents")}
memos = {(target, coder): text for target, coder, text in conn.execute(
    "SELECT target_id, coder_id, text FROM memos WHERE target_kind = 'coding' ORDER BY id")}
rows = []
for i, d, s, e, code, coder, coder_id, created in conn.execute(
        'SELECT c.id, c.document_id, c.start, c."end", c.code_id, k.name, c.coder_id, c.created'
        ' FROM codings c JOIN coders k ON k.id = c.coder_id WHERE c.code_id = ?'
        ' ORDER BY c.document_id, c.start, c."end", c.code_id, k.name', [sys.argv[2]]):
    name, text = documents[d]
    rows.append({"id": i, "document": name, "document_id": d, "start": s, "end": e,
                 "code": code, "coder": coder, "coder_id": coder_id, "created": created,
                 "memo": memos.get((str(i), coder_id)), "text": text[s:e]})
indent = 2 if sys.argv[3] == "indent" else None
sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=indent) + "\n")
"""


def demo_project(root: Path) -> Path:
    """The demo project at ``root``, pseudonymised: every rules finding accepted, applied."""
    from casebook.demo import build
    from casebook.project import Project

    build(root)
    project = Project.find(root)
    ids = [d.id for d in project.store.documents()]
    project.close()
    for args in (("pseudo", "scan", "--rules-only"),
                 *(("pseudo", "review", str(i), "--accept-all") for i in ids),
                 ("pseudo", "apply")):
        subprocess.run(casebook("-p", str(root), *args), capture_output=True, check=True)
    return root


def add_codings(root: Path, count: int, seed: int = 15) -> None:
    """``count`` more codings (one in a hundred with a memo) of two coders, of 1 to 40 whole
    words at random in the project's documents, with its codes at random; one transaction."""
    import re

    from casebook.model import Coding
    from casebook.project import Project

    rng = random.Random(seed)
    project = Project.find(root)
    store = project.store
    words = {d.id: [m.span() for m in re.finditer(r"\S+", store.document(d.id).text)]
             for d in store.documents()}
    codes = [c.id for c in store.codes()]
    coders = [store.coder(name).id for name in ("anna", "bram")]
    codings = []
    for n in range(count):
        doc = rng.choice(list(words))
        first = rng.randrange(len(words[doc]) - 1)
        last = min(len(words[doc]) - 1, first + rng.randrange(40))
        codings.append(Coding(doc, words[doc][first][0], words[doc][last][1],
                              rng.choice(codes), rng.choice(coders),
                              memo=f"memo {n}" if n % 100 == 0 else None))
    store.add_codings(codings)
    project.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=12_500, help="codings at 1x")
    args = parser.parse_args()
    header("codings --code X --json beside sqlite3 + json of the same rows")
    as_installed()
    ours, pseudo = [], []
    with tempfile.TemporaryDirectory() as tmp:
        base = demo_project(Path(tmp) / "base")
        for size in SIZES:
            root = Path(tmp) / f"x{size}"
            shutil.copytree(base, root)
            add_codings(root, args.base * size)
            db = str(root / "casebook.db")
            label = f"{args.base * size:,} codings"
            listed = casebook("-p", str(root), "codings", "--code", CODE, "--json")
            runs = fastest({"raw": [*listed, "--raw"], "same": [*python(ANCHOR), db, CODE,
                                                                 "indent"],
                            "compact": [*python(ANCHOR), db, CODE, "compact"],
                            "shown": listed}, repeat=5)
            raw, same, compact, shown = (runs[k] for k in ("raw", "same", "compact", "shown"))
            if raw.stdout != same.stdout:
                raise SystemExit("bench: the anchor does not print what casebook prints")
            record(BENCH, "codings --code X --json --raw", raw.seconds, same.seconds,
                   "sqlite3 + json.dumps(indent=2)", size=label, goal=1.2)
            record(BENCH, "codings --code X --json --raw", raw.seconds, compact.seconds,
                   "sqlite3 + json.dumps (compact)", size=label)
            record(BENCH, "codings --code X --json (gate)", shown.seconds, same.seconds,
                   "sqlite3 + json.dumps(indent=2)", size=label, goal=1.2)
            ours.append(raw.seconds)
            pseudo.append(shown.seconds)
            shutil.rmtree(root)
    growth(BENCH, "codings --code X --json --raw", SIZES, ours)
    growth(BENCH, "codings --code X --json (gate)", SIZES, pseudo)


if __name__ == "__main__":
    main()
