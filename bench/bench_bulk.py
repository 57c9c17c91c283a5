"""`casebook code add --from FILE.csv` beside raw sqlite3 `executemany` of the same rows.

Eight one-hour interviews (~50,000 characters each), a codebook of 20 codes; the file holds
10,000 codings at 1x (4x, 16x: 40,000, 160,000), each a run of whole words of one
interview, as `document,start,end,code` (ids; the rows name no coder: the default one).
Per size, in the same run, each on a fresh copy of the same project:
- in process: the service (`casebook.coding.bulk.code_from`) beside the anchor of issue 15:
  a raw script that reads the same CSV with the csv module and inserts its rows with
  sqlite3 `executemany` into the codings table, in one transaction, with the foreign keys
  the project enforces on (same table, indexes and triggers);
- as commands: `casebook code add --from FILE.csv` beside that raw script run as
  `python -c` (start-up included on both sides);
- reported only: `executemany` alone, its rows built in memory before the clock starts.
Then the growth exponent of the service over the sizes, and the anchor's beside it (SQLite's
inserts into the codings table's indexes grow faster than linearly once they outgrow its
page cache, on both sides).
Goal (issue 15): >= 50% of raw executemany's throughput, i.e. ours <= 2x its time.
Each figure is the fastest of three runs, ours and the anchors run in turn.
Run: ./dev bench   or   .venv/bin/python bench/bench_bulk.py [--base 10000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    SIZES,
    Run,
    casebook,
    command,
    growth,
    header,
    python,
    record,
)

BENCH = "bulk"
CODER = "bench"
CODES = [f"c{k:02d}" for k in range(20)]
WORDS = ("ik", "werk", "gemeente", "klantmanager", "bijstand", "traject", "nou", "eigenlijk",
         "schulden", "kinderopvang", "solliciteren", "proefplaatsing", "regie", "wil", "kan",
         "doen", "samen", "maatwerk", "taalcursus", "brief", "loket", "moed", "één", "café")
DOCUMENTS, INTERVIEW = 8, 50_000
CREATED = "2024-01-01T00:00:00+00:00"
RAW = '''
import csv, sqlite3, sys

def raw(db, path, coder="bench", created="2024-01-01T00:00:00+00:00"):
    """The anchor: the CSV's rows into the codings table, csv module + executemany."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("BEGIN IMMEDIATE")
    coder_id = con.execute("SELECT id FROM coders WHERE name = ?", [coder]).fetchone()[0]
    with open(path, newline="", encoding="utf-8") as rows:
        reader = csv.reader(rows)
        next(reader)
        con.executemany('INSERT INTO codings (document_id, start, "end", code_id, coder_id,'
                        ' created) VALUES (?, ?, ?, ?, ?, ?)',
                        ((int(d), int(s), int(e), c, coder_id, created)
                         for d, s, e, c in reader))
    con.execute("COMMIT")
    con.close()
'''
SPACE: dict[str, object] = {}
exec(RAW, SPACE)  # the same code runs in process and, below, as `python -c`


def template(root: Path) -> list[tuple[int, list[int], list[int]]]:
    """A project with the interviews, codebook and coder; per document (id, word starts,
    word ends)."""
    from casebook.model import Code, Codebook, Document, Sentence, Turn
    from casebook.offsets import sha256
    from casebook.project import Project

    rng = random.Random(15)
    project = Project.init(root, name="Bench")
    store = project.store
    store.set_codebook(Codebook("Bench", [Code(c, c.upper()) for c in CODES]))
    store.coder(CODER)
    found = []
    for d in range(DOCUMENTS):
        words = [rng.choice(WORDS) for _ in range(INTERVIEW // 8)]
        text = " ".join(words)
        starts, position = [], 0
        for word in words:
            starts.append(position)
            position += len(word) + 1
        ends = [s + len(w) for s, w in zip(starts, words)]
        doc = store.add_document(Document(name=f"gesprek-{d}", text=text, sha256=sha256(text)),
                                 [Turn(0, len(text), "R")], [Sentence(0, len(text))], [])
        found.append((doc, starts, ends))
    project.close()
    return found


def rows(documents: list[tuple[int, list[int], list[int]]], n: int) -> list[tuple]:
    """``n`` different codings, each a run of 1-12 whole words."""
    rng, seen = random.Random(n), set()
    while len(seen) < n:
        doc, starts, ends = rng.choice(documents)
        first = rng.randrange(len(starts) - 12)
        seen.add((doc, starts[first], ends[first + rng.randrange(12)], rng.choice(CODES)))
    return sorted(seen)


def fresh(template_root: Path, tmp: Path) -> Path:
    """A copy of the template project to write into."""
    target = tmp / f"run-{time.perf_counter_ns()}"
    shutil.copytree(template_root, target)
    return target


def run_ours(root: Path, source: Path, n: int) -> float:
    """The service on the project at ``root``: seconds."""
    from casebook.coding.bulk import code_from
    from casebook.project import Project

    project = Project.find(root)
    started = time.perf_counter()
    report = code_from(project.store, source, coder=CODER)
    seconds = time.perf_counter() - started
    project.close()
    assert report.added == n and not report.refused, report
    return seconds


def run_raw(root: Path, source: Path, n: int) -> float:
    """The raw script on the project at ``root``: seconds."""
    started = time.perf_counter()
    SPACE["raw"](str(root / "casebook.db"), str(source))  # type: ignore[operator]
    seconds = time.perf_counter() - started
    assert _count(root) == n
    return seconds


def run_bare(root: Path, table: list[tuple], n: int) -> float:
    """``executemany`` alone, the rows already in memory: seconds."""
    con = sqlite3.connect(root / "casebook.db", isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    coder_id = con.execute("SELECT id FROM coders WHERE name = ?", [CODER]).fetchone()[0]
    values = [(*row, coder_id, CREATED) for row in table]
    started = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    con.executemany('INSERT INTO codings (document_id, start, "end", code_id, coder_id,'
                    " created) VALUES (?, ?, ?, ?, ?, ?)", values)
    con.execute("COMMIT")
    seconds = time.perf_counter() - started
    con.close()
    assert _count(root) == n
    return seconds


def in_process(template_root: Path, tmp: Path, source: Path, table: list[tuple],
               n: int) -> tuple[float, float, float]:
    """(ours, the raw script, executemany alone), each on a fresh copy of the project, run
    in turn three times: the fastest of each."""
    runs: tuple[list[float], list[float], list[float]] = ([], [], [])
    for _ in range(3):
        for kept, run in zip(runs, (lambda root: run_ours(root, source, n),
                                    lambda root: run_raw(root, source, n),
                                    lambda root: run_bare(root, table, n))):
            root = fresh(template_root, tmp)
            kept.append(run(root))
            shutil.rmtree(root)
    return min(runs[0]), min(runs[1]), min(runs[2])


def timed_commands(template_root: Path, tmp: Path, source: Path, n: int
                   ) -> tuple[Run, Run]:
    """(casebook code add --from, the raw script as python -c): the fastest of three runs
    of each, with the largest peak memory seen."""
    ours, raw = [], []
    for _ in range(3):
        root = fresh(template_root, tmp)
        ours.append(command(casebook("--project", str(root), "code", "add", "--from",
                                     str(source))))
        assert _count(root) == n
        shutil.rmtree(root)
        root = fresh(template_root, tmp)
        raw.append(command(python(RAW + "\nraw(*sys.argv[1:])") + [
            str(root / "casebook.db"), str(source)]))
        assert _count(root) == n
        shutil.rmtree(root)
    return _fastest(ours), _fastest(raw)


def _fastest(runs: list[Run]) -> Run:
    return Run(min(r.seconds for r in runs), max(r.peak_mib for r in runs), b"")


def _count(root: Path) -> int:
    con = sqlite3.connect(root / "casebook.db")
    try:
        return int(con.execute("SELECT count(*) FROM codings").fetchone()[0])
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=10_000, help="rows at 1x")
    args = parser.parse_args()
    os.environ["CASEBOOK_CODER"] = CODER
    header("code add --from FILE.csv beside raw sqlite3 executemany of the same rows")
    ours_times, raw_times = [], []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        documents = template(tmp / "template")
        for size in SIZES:
            n = args.base * size
            table = rows(documents, n)
            source = tmp / f"codings-{n}.csv"
            source.write_text("document,start,end,code\n" + "".join(
                f"{d},{s},{e},{c}\n" for d, s, e, c in table), encoding="utf-8")
            label = f"{n:,} rows"
            ours, raw, bare = in_process(tmp / "template", tmp, source, table, n)
            ours_times.append(ours)
            raw_times.append(raw)
            record(BENCH, "code add --from, in process", ours, raw, "csv + executemany",
                   size=label, goal=2)
            record(BENCH, "code add --from, in process", ours, bare, "executemany alone",
                   size=label)
            ours_cmd, raw_cmd = timed_commands(tmp / "template", tmp, source, n)
            record(BENCH, "code add --from, command", ours_cmd.seconds, raw_cmd.seconds,
                   "python -c csv + executemany", size=label, goal=2)
            record(BENCH, "code add --from, command, peak", ours_cmd.peak_mib,
                   raw_cmd.peak_mib, "python -c csv + executemany", size=label, unit="MiB")
        growth(BENCH, "code add --from (in process)", SIZES, ours_times)
        growth(BENCH, "csv + executemany (the anchor)", SIZES, raw_times, goal=None)


if __name__ == "__main__":
    main()
