"""`casebook agree` beside the bare coefficient computation on the same matrices.

Data: two coders code one-hour interviews (~50,000 characters, ~600 sentences each) with 20
codes; 1x is 5,000 codings over 10 interviews, 4x and 16x scale both.
Per size, in the same run:
- `casebook agree --json` as a command (start-up, reading SQLite and printing JSON included)
  beside the anchor of issue 15 as a command: a Python process that imports numpy and the
  `krippendorff` package, loads every code's coders x sentences matrix (written beforehand
  by `agreement.ratings`, so the very matrices our figures come from) and computes
  Krippendorff's alpha on each. Both sides pay a process start.
- The same in process: `agreement.compute` on an open project (every figure, the reading of
  the codings included) beside `krippendorff.alpha` on the matrices already in memory.
Goals (issues 14/15): agree <= 2x the bare computation at every size, linear in codings
(growth exponent <= 1.1).

Character units (`--unit char`) at the largest size, 80,000 codings over 160 one-hour
interviews: time and peak memory of the command against the issue's absolute goals (< 30 s,
< 1 GB; recorded with the goal as the anchor, a ratio <= 1 meets it). For scale, beside an
honest floor of the per-character way: a process that builds, per code, the coders x
characters int8 ratings with numpy (as the issue asks: memory linear in characters, small
integer types) and counts the coders' 2 x 2 table -- no coefficient yet (reported only).

Each figure is the fastest of five runs; commands run with Python's bytecode cache, as
installed ($PYTHONDONTWRITEBYTECODE is dropped).
Run: ./dev bench   or   .venv/bin/python bench/bench_agree.py [--base 5000]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    SIZES,
    as_installed,
    best,
    best_run,
    casebook,
    growth,
    header,
    python,
    record,
)

BENCH = "agree"
WORDS = ("ik", "werk", "gemeente", "klantmanager", "bijstand", "traject", "nou", "eigenlijk",
         "schulden", "kinderopvang", "solliciteren", "proefplaatsing", "regie", "wil",
         "kan", "doen", "samen", "maatwerk", "taalcursus", "brief", "loket", "moed")
INTERVIEW = 50_000  # characters in one hour of talk
CODES = [f"c{k:02d}" for k in range(20)]
REPEAT = 5  # runs of each figure; the fastest counts (a shared machine is noisy)
KRIPPENDORFF = """
import sys
import numpy as np, krippendorff
data = np.load(sys.argv[1])
for name in data.files:
    m = data[name].astype(float)
    m[m < 0] = np.nan
    krippendorff.alpha(reliability_data=m, level_of_measurement="nominal")
"""
CHARACTERS = """
import sys
import numpy as np
data = np.load(sys.argv[1])
length, coders = int(data["length"]), int(data["coders"])
for name in data.files:
    if name in ("length", "coders"):
        continue
    coder, start, end = data[name]
    steps = np.zeros((coders, length + 1), dtype=np.int8)
    np.add.at(steps, (coder, start), 1)
    np.add.at(steps, (coder, end), -1)
    ratings = (np.cumsum(steps, axis=1, dtype=np.int8)[:, :length] > 0).astype(np.int8)
    np.bincount(ratings[0] * 2 + ratings[1], minlength=4)
"""


def interview(rng: random.Random, name: str) -> tuple[str, list[tuple[int, int]]]:
    """(text, sentence spans) of about one hour of talk."""
    sentences, position, parts = [], 0, []
    while position < INTERVIEW:
        words = [rng.choice(WORDS) for _ in range(rng.randint(4, 22))]
        sentence = " ".join(words).capitalize() + "."
        parts.append(sentence)
        sentences.append((position, position + len(sentence)))
        position += len(sentence) + 1
    return f"{name}. " + " ".join(parts), [(s + len(name) + 2, e + len(name) + 2)
                                          for s, e in sentences]


def _pair(rng: random.Random, spans, size: int) -> list[tuple[int, int, str, int]]:
    """Codings of one stretch: anna's, and mostly bram's with other boundaries."""
    first = rng.randrange(len(spans) - 3)
    start, end = spans[first][0], spans[first + rng.randint(0, 2)][1]
    code = rng.choice(CODES)
    found = [(start, end, code, 0)]
    if rng.random() < 0.8:  # bram mostly agrees
        start = max(0, start + rng.randint(-15, 15))
        end = min(size, max(start + 1, end + rng.randint(-15, 15)))
        code = code if rng.random() < 0.9 else rng.choice(CODES)
    else:
        first = rng.randrange(len(spans) - 3)
        start, end = spans[first][0], spans[first + 1][1]
    return found + [(start, end, code, 1)]


def build(root: Path, codings: int, seed: int = 5) -> None:
    """A project with ``codings`` codings of two coders over one-hour interviews."""
    from casebook.model import Code, Codebook, Coding, Document, Sentence, Turn
    from casebook.offsets import sha256
    from casebook.project import Project

    rng = random.Random(seed)
    project = Project.init(root, name="Bench")
    store = project.store
    store.set_codebook(Codebook("Bench", [Code(c, c.upper()) for c in CODES]))
    coders = store.coder("anna").id, store.coder("bram").id
    with store.transaction():
        for d in range(max(1, codings // 500)):
            text, spans = interview(rng, f"gesprek {d:04d}")
            doc = store.add_document(Document(name=f"gesprek-{d:04d}", text=text,
                                              sha256=sha256(text)),
                                     [Turn(0, len(text), "R")], [Sentence(*s) for s in spans],
                                     [])
            found = {c for _ in range(250) for c in _pair(rng, spans, len(text))}
            store.add_codings([Coding(doc, s, e, code, coders[who])
                               for s, e, code, who in sorted(found)])
    project.close()


def _characters(root: Path, target: Path) -> None:
    """Every code's codings on the continuum of all documents, for the per-character floor."""
    import numpy as np

    from casebook.project import Project

    project = Project.find(root)
    store = project.store
    offset, at = {}, 0
    for doc_id, _name, length in store.document_sizes():
        offset[doc_id], at = at, at + length
    coders = {c.id: i for i, c in enumerate(store.coders())}
    rows: dict[str, list[tuple[int, int, int]]] = {}
    for doc_id, start, end, code, coder in store.coding_spans():
        rows.setdefault(code, []).append((coders[coder], offset[doc_id] + start,
                                          offset[doc_id] + end))
    project.close()
    np.savez(target, length=at, coders=len(coders),
             **{code: np.array(found, dtype=np.int64).T for code, found in rows.items()})


def measure(root: Path, tmp: Path, size: int) -> tuple[float, float]:
    """Record one size's figures; returns (command seconds, in-process seconds)."""
    import krippendorff
    import numpy as np

    from casebook.coders import agreement
    from casebook.project import Project

    project = Project.find(root)
    matrices = agreement.ratings(project.store)
    ours = best(lambda: agreement.compute(project.store), REPEAT)
    project.close()
    floats = [np.where(m < 0, np.nan, m.astype(float)) for m in matrices.values()]
    bare = best(lambda: [krippendorff.alpha(reliability_data=m, level_of_measurement="nominal")
                         for m in floats], REPEAT)
    saved = tmp / f"matrices-{size}.npz"
    np.savez(saved, **matrices)
    command = best_run(casebook("--project", str(root), "agree", "--json"), REPEAT)
    assert json.loads(command.stdout)["codes"], "no codes compared"
    anchor = best_run(python(KRIPPENDORFF) + [str(saved)], REPEAT)
    label = f"{size}x"
    record(BENCH, "agree --json, command", command.seconds, anchor.seconds,
           "krippendorff on the matrices, cmd", size=label, goal=2)
    record(BENCH, "agree, in process", ours, bare, "krippendorff.alpha in process",
           size=label, goal=2)
    return command.seconds, ours


def characters(root: Path, tmp: Path, size: int) -> None:
    """``--unit char`` at one size: time and peak memory against the goals and the floor."""
    saved = tmp / "characters.npz"
    _characters(root, saved)
    ours = best_run(casebook("--project", str(root), "agree", "--json", "--unit", "char"), REPEAT)
    floor = best_run(python(CHARACTERS) + [str(saved)], REPEAT)
    label = f"{size}x"
    record(BENCH, "agree --unit char, command", ours.seconds, 30.0, "goal (issue 15)",
           size=label, goal=1)
    record(BENCH, "agree --unit char, peak memory", ours.peak_mib, 1024.0, "goal (issue 15)",
           size=label, goal=1, unit="MiB")
    record(BENCH, "agree --unit char, command", ours.seconds, floor.seconds,
           "numpy int8 coders x chars, cmd", size=label)
    record(BENCH, "agree --unit char, peak memory", ours.peak_mib, floor.peak_mib,
           "numpy int8 coders x chars, cmd", size=label, unit="MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=5000, help="codings at 1x")
    args = parser.parse_args()
    as_installed()  # start-up as people get it: bytecode cached
    header(f"agree: 2 coders, 20 codes, {args.base:,} codings at 1x (sizes {SIZES})")
    commands, in_process = [], []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for size in SIZES:
            root = tmp / f"x{size}"
            build(root, args.base * size)
            command, ours = measure(root, tmp, size)
            commands.append(command)
            in_process.append(ours)
        growth(BENCH, "agree --json, command", SIZES, commands, goal=1.1)
        growth(BENCH, "agree, in process", SIZES, in_process, goal=1.1)
        characters(tmp / f"x{SIZES[-1]}", tmp, SIZES[-1])


if __name__ == "__main__":
    main()
