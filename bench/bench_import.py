"""Import throughput beside bare spaCy on the same text, in the same run, at three sizes.

Goal (issue 2): our import >= 0.5x the rate of spaCy's blank("nl") + sentencizer, i.e. our
CPU seconds <= 2x spaCy's (the faster of one doc per file and one doc per line). 1x is
62,500 words of interview (``I:``/``R:`` turns of real sentences), 4x and 16x (1M words) scale
it; each figure is the best of ``--repeat`` runs, in CPU seconds, with fresh caches.
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


def measure(folder: Path, words: int, repeat: int) -> tuple[float, float, float, int]:
    """(our import, spaCy sentencizer, spaCy tokenizer) in CPU seconds, and the words."""
    from casebook.ingest import import_files
    from casebook.ingest.segment import pipeline
    from casebook.project import Project

    files = make_files(folder, words)
    texts = [f.read_text(encoding="utf-8") for f in files]
    lines = [line for text in texts for line in text.split("\n") if line]

    def fresh():
        """A new pipeline per measurement, so no run profits from another's caches."""
        pipeline.cache_clear()
        nlp = pipeline()
        nlp.max_length = max(len(t) for t in texts) + 1
        return nlp

    def best(run: Callable, prepare: Callable = fresh) -> float:
        """CPU seconds (not wall time: other work on the machine does not count), best of
        ``repeat`` runs, each with fresh caches."""
        times = []
        for _ in range(repeat):
            state = prepare()
            t0 = time.process_time()
            run(state)
            times.append(time.process_time() - t0)
        return min(times)

    bare = min(best(lambda nlp: [None for _ in nlp.pipe(texts)]),
               best(lambda nlp: [None for _ in nlp.pipe(lines, batch_size=512)]))
    tokenizer = best(lambda nlp: [nlp.make_doc(t) for t in texts])
    counter = iter(range(1000))

    def new_project():
        fresh()
        return Project.init(folder / f"project-{next(counter)}")

    ours = best(lambda project: (import_files(project, files), project.close()),
                prepare=new_project)
    return ours, bare, tokenizer, sum(len(t.split()) for t in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=62_500, help="words at 1x")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    header("bench_import: import (parse + segment + store) beside bare spaCy, CPU seconds")
    ours_times = []
    for size in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            ours, bare, tokenizer, words = measure(Path(tmp), args.base * size, args.repeat)
        ours_times.append(ours)
        label = f"{size}x {words // 1000}k words"
        record(BENCH, "import (parse+segment+store)", ours, bare,
               "spaCy blank(nl)+sentencizer", size=label, goal=2.0)
        record(BENCH, "import, beside the tokenizer alone", ours, tokenizer,
               "spaCy tokenizer only", size=label)
    growth(BENCH, "import (CPU seconds)", SIZES, ours_times)


if __name__ == "__main__":
    main()
