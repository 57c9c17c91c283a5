"""Import throughput beside bare spaCy on the same text, in the same run, at three sizes.

Goal (issue 2): our import >= 0.5x the rate of spaCy's blank("nl") + sentencizer, i.e. our
CPU seconds <= 2x spaCy's (the faster of one doc per file and one doc per line). 1x is
62,500 words of interview (``I:``/``R:`` turns of real sentences), 4x and 16x (1M words) scale
it; each figure is the best of ``--repeat`` rounds, in CPU seconds, with fresh caches; in each
round every contender runs once, in turn, after one untimed round (modules loaded, bytecode
compiled). That anchor reads no file, keeps no offsets and stores nothing; two more lines put
the import beside the least an import must do (read, segment per line, store the sentences
with ``executemany`` in one transaction -- issue 15's anchor) and beside the tokenizer alone.
Run: ./dev bench   or   .venv/bin/python bench/bench_import.py [--base N] [--repeat K]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import SIZES, growth, header, record

BENCH = "import"
GOAL = 2.0  # issue 2: our CPU seconds <= 2x blank("nl") + sentencizer's

SENTENCES = [
    "Ik heb eigenlijk altijd gewerkt, maar na de scheiding ging het mis.",
    "Nou ja, de klantmanager zei dat ik eerst mijn schulden moest regelen.",
    "Hoe bedoel je dat precies?",
    "Die proefplaatsing bij het schoonmaakbedrijf viel me eerlijk gezegd zwaar.",
    "Eh, ik weet het niet, misschien als de kinderopvang geregeld is.",
    "We kijken samen wat werkt, dat is toch het idee van gewogen maatwerk.",
    "Soms denk ik: waarom zou ik nog solliciteren, ze willen me toch niet.",
    "De taalcursus helpt wel, ik snap nu veel meer van de brieven.",
    "Mijn dochter zegt dat ik het kan, dat geeft me moed.",
    "Wat had je nodig gehad van de gemeente op dat moment?",
    "Het loket was dicht en niemand belde terug, dus ik gaf het op.",
    "Ik wil graag iets in de zorg doen, daar ben ik goed in 😊.",
]


def corpus() -> list[str]:
    """Real sentences from the bundled demo transcripts, if present, else the list above."""
    import re

    from casebook.resources import shipped

    sentences = []
    try:
        for path in shipped("demo/transcripts").glob("*.txt"):
            text = path.read_text(encoding="utf-8")
            sentences += [s for s in re.split(r"(?<=[.?!])\s+", text) if 3 < len(s.split()) < 60
                          and ":" not in s[:25]]
    except FileNotFoundError:
        pass
    return sentences if len(sentences) > 50 else SENTENCES


def make_files(folder: Path, words: int, per_file: int = 50_000) -> list[Path]:
    rng = random.Random(7)
    pool = corpus()
    files, total, index = [], 0, 0
    while total < words:
        lines, count = [], 0
        while count < min(per_file, words - total):
            speaker = "I" if len(lines) % 2 == 0 else "R"
            turn = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 6)))
            lines.append(f"{speaker}: {turn}")
            count += len(turn.split())
        path = folder / f"gesprek-{index:03d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
        total += count
        index += 1
    return files


def stored(folder: Path, nlp, files: list[Path]) -> None:
    """The least an import must do, the way issue 15 measured it: read and decode each file,
    segment it with blank("nl") + sentencizer (one doc per line), take each sentence's
    offsets and store the text and the sentences with ``executemany`` in one transaction."""
    import sqlite3

    db = sqlite3.connect(folder / "anchor.db", isolation_level=None)
    db.executescript("CREATE TABLE IF NOT EXISTS documents (id INTEGER PRIMARY KEY, name TEXT,"
                     " text TEXT); CREATE TABLE IF NOT EXISTS sentences (document_id INTEGER,"
                     " idx INTEGER, start INTEGER, \"end\" INTEGER)")
    db.execute("BEGIN")
    for path in files:
        text = path.read_bytes().decode("utf-8")
        offsets, position = [], 0
        for line in text.split("\n"):
            if line:
                offsets.append(position)
            position += len(line) + 1
        found = [(at + sent.start_char, at + sent.end_char) for at, doc in
                 zip(offsets, nlp.pipe((line for line in text.split("\n") if line),
                                       batch_size=512))
                 for sent in doc.sents]
        doc_id = db.execute("INSERT INTO documents (name, text) VALUES (?, ?)",
                            [path.stem, text]).lastrowid
        db.executemany('INSERT INTO sentences (document_id, idx, start, "end") VALUES (?,?,?,?)',
                       [(doc_id, i, s, e) for i, (s, e) in enumerate(found)])
    db.execute("COMMIT")
    db.close()


def measure(folder: Path, words: int, repeat: int) -> tuple[dict[str, float], int]:
    """CPU seconds of our import and of each anchor (the best of ``repeat`` rounds), and
    the words. In each round every contender runs once, in turn (the order rotates), each
    with a fresh pipeline; one round before them, not timed, loads and compiles every module
    each one uses, so neither pays for imports."""
    from casebook.ingest import import_files
    from casebook.ingest.segment import pipeline
    from casebook.project import Project

    files = make_files(folder, words)
    texts = [f.read_text(encoding="utf-8") for f in files]
    lines = [line for text in texts for line in text.split("\n") if line]
    counter = iter(range(10_000))

    def fresh():
        """A new pipeline per measurement, so no run profits from another's caches."""
        pipeline.cache_clear()
        nlp = pipeline()
        nlp.max_length = max(len(t) for t in texts) + 1
        return nlp

    def new_project():
        fresh()
        return Project.init(folder / f"project-{next(counter)}")

    def new_anchor():
        where = folder / f"anchor-{next(counter)}"
        where.mkdir()
        return where, fresh()

    contenders: dict[str, tuple[Callable, Callable]] = {
        "ours": (new_project, lambda project: (import_files(project, files), project.close())),
        "per file": (fresh, lambda nlp: [None for _ in nlp.pipe(texts)]),
        "per line": (fresh, lambda nlp: [None for _ in nlp.pipe(lines, batch_size=512)]),
        "stored": (new_anchor, lambda state: stored(state[0], state[1], files)),
        "tokenizer, per file": (fresh, lambda nlp: [nlp.make_doc(t) for t in texts]),
        "tokenizer, per line": (fresh, lambda nlp: [None for _ in nlp.tokenizer.pipe(
            lines, batch_size=512)]),
    }
    times: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for round_ in range(repeat + 1):
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            prepare, run = contenders[name]
            state = prepare()
            t0 = time.process_time()  # CPU seconds: other work on the machine does not count
            run(state)
            if round_:  # the first round warms up
                times[name].append(time.process_time() - t0)
    return {name: min(values) for name, values in times.items()}, \
        sum(len(t.split()) for t in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=62_500, help="words at 1x")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    header("bench_import: import (parse + segment + store) beside bare spaCy, CPU seconds")
    ours_times = []
    for size in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            best, words = measure(Path(tmp), args.base * size, args.repeat)
        ours = best["ours"]
        ours_times.append(ours)
        label = f"{size}x {words // 1000}k words"
        record(BENCH, "import (parse+segment+store)", ours,
               min(best["per file"], best["per line"]), "spaCy blank(nl)+sentencizer",
               size=label, goal=GOAL)
        record(BENCH, "import, beside the least import", ours, best["stored"],
               "read+sentencizer+executemany", size=label)
        record(BENCH, "import, beside the tokenizer alone", ours,
               min(best["tokenizer, per file"], best["tokenizer, per line"]),
               "spaCy tokenizer only", size=label)
    growth(BENCH, "import (CPU seconds)", SIZES, ours_times)


if __name__ == "__main__":
    main()
