"""Commands that read or write a few rows, each beside `python -c pass` measured in the same
run: `--help`, `code add` (one coding), `docs`, `codings --doc DOC --json --raw`, `show DOC`
and `codebook show`.

The demo project (its 4 documents, not pseudonymised, hence --raw) with 2,500, 10,000 and
40,000 more codings of two coders on one more document, a one-hour interview: the commands'
output stays the same size while the project grows, so each figure should stay flat (growth
exponent near 0). `python -c "import click"` -- the CLI framework alone -- is reported
beside the anchor too: it is the floor every command stands on.

Goal (issue 15): each <= 5x `python -c pass`; flat over the sizes. Reported beside them:
`code add` of a new coding each run (the goal's figure adds the same one each run: from the
second on it is present and nothing is written), which writes (and, at the close, moves
the write-ahead log into the database file).
Each figure is the fastest of 15 runs, start-up included, the commands and the anchor run
in turn; bytecode is cached, as installed. The commands run this checkout's Casebook (its
folder first on PYTHONPATH, for the anchors too), not the one the interpreter has installed.
Run: ./dev bench   or   .venv/bin/python bench/bench_cli.py [--base 2500]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    SIZES,
    Run,
    as_installed,
    casebook,
    command,
    growth,
    header,
    python,
    record,
)

BENCH = "cli"
DOC = "klantmanager-interview"
REPEAT = 15
WORDS = ("ik", "werk", "gemeente", "klantmanager", "bijstand", "traject", "nou", "eigenlijk",
         "schulden", "kinderopvang", "solliciteren", "proefplaatsing", "regie", "wil")


def commands(root: Path) -> dict[str, list[str]]:
    """The figures: each command's argv on the project at ``root``."""
    at = ["-p", str(root)]
    return {
        "casebook --help": casebook("--help"),
        "code add (one coding)": casebook(*at, "code", "add", DOC, "--start", "10", "--end",
                                          "40", "--code", "willen", "--coder", "bench"),
        "docs": casebook(*at, "docs"),
        "codings --doc DOC --json --raw": casebook(*at, "codings", "--doc", DOC, "--json",
                                                   "--raw"),
        "show DOC": casebook(*at, "show", DOC),
        "codebook show": casebook(*at, "codebook", "show"),
    }


def fastest(argvs: dict[str, list[str]], repeat: int) -> dict[str, Run]:
    """The fastest of ``repeat`` runs of each command, the commands run in turn in each round:
    a change of load on the machine falls on all of them alike."""
    best: dict[str, Run] = {}
    for _ in range(repeat):
        for name, argv in argvs.items():
            run = command(argv)
            if name not in best or run.seconds < best[name].seconds:
                best[name] = run
    return best


def new_codings(root: Path, repeat: int) -> tuple[Run, Run]:
    """`code add` of a coding not stored yet, each run another (the figure above adds the
    same coding each time: from the second run on it is present, and nothing is written),
    beside ``python -c pass`` in turn: the fastest of ``repeat`` runs of each."""
    best: dict[str, Run] = {}
    for n in range(repeat):
        for name, argv in (("pass", python("pass")), ("add", casebook(
                "-p", str(root), "code", "add", DOC, "--start", str(100 + 3 * n), "--end",
                str(140 + 3 * n), "--code", "willen", "--coder", "bench"))):
            run = command(argv)
            if name not in best or run.seconds < best[name].seconds:
                best[name] = run
    return best["add"], best["pass"]


def interview(rng: random.Random) -> str:
    """About one hour of talk: ~50,000 characters of Dutch-looking sentences."""
    sentences = []
    while sum(map(len, sentences)) < 50_000:
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 20)))
                         .capitalize() + ".")
    return " ".join(sentences)


def grow(root: Path, count: int, seed: int = 15) -> None:
    """Add one interview and ``count`` codings of two coders on it (one transaction each)."""
    from casebook.model import Coding, Document, Sentence, Speaker, Turn
    from casebook.offsets import sha256
    from casebook.project import Project

    rng = random.Random(seed)
    project = Project.find(root)
    store = project.store
    text = interview(rng)
    doc = store.add_document(Document(name="groot-interview", text=text, sha256=sha256(text)),
                             [Turn(0, len(text), "R")], [Sentence(0, len(text))],
                             [Speaker("R")])
    codes = [c.id for c in store.codes()]
    coders = [store.coder(name).id for name in ("anna", "bram")]
    codings = []
    for _ in range(count):
        start = rng.randrange(len(text) - 300)
        codings.append(Coding(doc, start, start + rng.randint(5, 240), rng.choice(codes),
                              rng.choice(coders)))
    store.add_codings(codings)
    project.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=2_500, help="codings added at 1x")
    args = parser.parse_args()
    header("quick commands beside python -c pass")
    checkout = str(Path(__file__).resolve().parents[1])
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [checkout, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])
    as_installed()
    figures: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        from casebook.demo import build

        base = Path(tmp) / "demo"
        build(base)
        for size in SIZES:
            root = Path(tmp) / f"x{size}"
            shutil.copytree(base, root)
            grow(root, args.base * size)
            label = f"+{args.base * size:,} codings"
            runs = fastest({"pass": python("pass"), "click": python("import click"),
                            **commands(root)}, REPEAT)
            anchor = runs.pop("pass").seconds
            record(BENCH, "python -c 'import click'", runs.pop("click").seconds, anchor,
                   "python -c pass", size=label)
            for name, run in runs.items():
                record(BENCH, name, run.seconds, anchor, "python -c pass", size=label, goal=5)
                figures.setdefault(name, []).append(run.seconds)
            added, anchor = new_codings(root, REPEAT)
            record(BENCH, "code add (a new coding each run)", added.seconds, anchor.seconds,
                   "python -c pass", size=label)
            shutil.rmtree(root)
    for name, values in figures.items():
        growth(BENCH, name, SIZES, values, goal=0.15)


if __name__ == "__main__":
    main()
