"""Import throughput on ~1M words, beside bare spaCy on the same text, in the same run.

Goal (issue 2): our import >= 0.5x the rate of spaCy's blank("nl") + sentencizer.
Run: ./dev bench   or   .venv/bin/python bench/bench_import.py [--words N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from casebook.ingest import import_files
    from casebook.ingest.segment import pipeline
    from casebook.project import Project

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = make_files(tmp, args.words)
        texts = [f.read_text(encoding="utf-8") for f in files]
        words = sum(len(t.split()) for t in texts)
        def fresh():
            """A new pipeline per measurement, so no run profits from another's caches."""
            pipeline.cache_clear()
            nlp = pipeline()
            nlp.max_length = max(len(t) for t in texts) + 1
            return nlp

        def best(run, prepare=fresh) -> float:
            """CPU seconds (not wall time: other work on the machine does not count),
            best of ``--repeat`` runs, each with fresh caches."""
            times = []
            for _ in range(args.repeat):
                state = prepare()
                t0 = time.process_time()
                run(state)
                times.append(time.process_time() - t0)
            return min(times)

        lines = [line for text in texts for line in text.split("\n") if line]
        bare_sentencizer = best(lambda nlp: [None for _ in nlp.pipe(texts)])
        bare_tokenizer = best(lambda nlp: [nlp.make_doc(t) for t in texts])
        bare_lines = best(lambda nlp: [None for _ in nlp.pipe(lines, batch_size=512)])

        counter = iter(range(1000))

        def new_project():
            fresh()
            return Project.init(tmp / f"project-{next(counter)}")

        ours = best(lambda project: (import_files(project, files), project.close()),
                    prepare=new_project)

    rate = lambda seconds: words / seconds  # noqa: E731
    print(f"{words:,} words in {len(files)} files")
    print(f"{'(CPU seconds, best of ' + str(args.repeat) + ')':34}{'seconds':>9}{'words/s':>12}")
    for label, seconds in (("spaCy tokenizer only, per file", bare_tokenizer),
                           ("spaCy blank(nl)+sentencizer, file", bare_sentencizer)):
        print(f"{label:34}{seconds:9.2f}{rate(seconds):12,.0f}")
    print(f"{'  the same, one doc per line':34}{bare_lines:9.2f}{rate(bare_lines):12,.0f}")
    print(f"{'casebook import (parse+seg+store)':34}{ours:9.2f}{rate(ours):12,.0f}")
    ratio = min(bare_sentencizer, bare_lines) / ours
    print(f"ratio ours / the faster sentencizer rate: {ratio:.2f}x (goal >= 0.50x): "
          f"{'OK' if ratio >= 0.5 else 'BELOW GOAL'}")


if __name__ == "__main__":
    main()
