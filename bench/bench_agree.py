"""`casebook agree` beside the bare coefficient computation on the same matrices.

Two coders code one-hour interviews (~50,000 characters, ~600 sentences each) with 20
codes; 1x is 5,000 codings over 10 interviews, 4x and 16x scale both. Per size, in the same
run: `casebook agree --json` as a command (start-up included) and in process, beside the
anchor of issue 15 -- the `krippendorff` package's alpha on every code's coders x sentences
matrix -- and beside Casebook's own coefficients (the nominal figures) on those matrices.
Then the growth exponent over the sizes, and `--unit char` at the largest size: time and
peak memory (goal: < 30 s, < 1 GB at 80,000 codings).
Goals (issues 14/15): agree <= 2x the bare computation, linear in codings.
Each figure is the fastest of three runs.
Run: ./dev bench   or   .venv/bin/python bench/bench_agree.py [--base 5000]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("ik", "werk", "gemeente", "klantmanager", "bijstand", "traject", "nou", "eigenlijk",
         "schulden", "kinderopvang", "solliciteren", "proefplaatsing", "regie", "wil",
         "kan", "doen", "samen", "maatwerk", "taalcursus", "brief", "loket", "moed")
INTERVIEW = 50_000  # characters in one hour of talk
CODES = [f"c{k:02d}" for k in range(20)]


def interview(rng: random.Random, name: str):
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


def build(root: Path, codings: int, seed: int = 5) -> int:
    """A project with ``codings`` codings of two coders; returns the number of sentences."""
    from casebook.model import Code, Codebook, Coding, Document, Sentence, Turn
    from casebook.offsets import sha256
    from casebook.project import Project

    rng = random.Random(seed)
    project = Project.init(root, name="Bench")
    store = project.store
    store.set_codebook(Codebook("Bench", [Code(c, c.upper()) for c in CODES]))
    anna, bram = store.coder("anna").id, store.coder("bram").id
    units = 0
    with store.transaction():
        for d in range(max(1, codings // 500)):
            text, spans = interview(rng, f"gesprek {d:04d}")
            doc = store.add_document(Document(name=f"gesprek-{d:04d}", text=text,
                                              sha256=sha256(text)),
                                     [Turn(0, len(text), "R")], [Sentence(*s) for s in spans],
                                     [])
            units += len(spans)
            for _ in range(250):
                first = rng.randrange(len(spans) - 3)
                start, end = spans[first][0], spans[first + rng.randint(0, 2)][1]
                code = rng.choice(CODES)
                store.add_coding(Coding(doc, start, end, code, anna))
                if rng.random() < 0.8:  # bram mostly agrees, with other boundaries
                    start = max(0, start + rng.randint(-15, 15))
                    end = min(len(text), max(start + 1, end + rng.randint(-15, 15)))
                    code = code if rng.random() < 0.9 else rng.choice(CODES)
                else:
                    first = rng.randrange(len(spans) - 3)
                    start, end = spans[first][0], spans[first + 1][1]
                store.add_coding(Coding(doc, start, end, code, bram))
    project.close()
    return units


def run(root: Path, *args: str) -> tuple[float, int, dict]:
    """Wall time, peak memory (KiB) and JSON of `casebook agree` as a command."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "out = subprocess.run(sys.argv[1:], capture_output=True, check=True).stdout; "
             "print(time.perf_counter() - t, "
             "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
             "sys.stdout.flush(); sys.stdout.buffer.write(out)")
    command = [sys.executable, "-m", "casebook", "--project", str(root), "agree", "--json",
               *args]
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True,
                          check=True, text=True).stdout
    head, _, body = done.partition("\n")
    seconds, rss = head.split()
    return float(seconds), int(rss), json.loads(body)


def best(work, repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs of ``work()``, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def bare(root: Path) -> tuple[float, float, float, int]:
    """(in-process agree, krippendorff on the matrices, Casebook's coefficients on the
    matrices) in seconds, and the number of units, on the project at ``root``."""
    import krippendorff
    import numpy as np

    from casebook.coders import agreement, figures
    from casebook.project import Project

    project = Project.find(root)
    in_process = best(lambda: agreement.compute(project.store))
    job = agreement._Job(project.store, None, None, None, "sentence", 0.5, "missing")
    matrices = [job.units.ratings([code])[0][0] for code in job.reported]
    project.close()
    floats = [np.where(m < 0, np.nan, m.astype(float)) for m in matrices]  # nan: missing
    package = best(lambda: [krippendorff.alpha(reliability_data=m, level_of_measurement=
                                               "nominal") for m in floats])
    own = best(lambda: [figures.nominal(figures.Tally.of(m, 2), ["anna", "bram"], "sentence")
                        for m in matrices])
    return in_process, package, own, matrices[0].shape[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=5000, help="codings at 1x")
    args = parser.parse_args()
    sizes, timings = (1, 4, 16), []
    print(f"{'size':>4} {'codings':>8} {'units':>7} {'agree cmd':>10} {'in proc':>8} "
          f"{'kripp.':>7} {'ratio':>6} {'own':>6} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            root = Path(tmp) / f"x{size}"
            build(root, args.base * size)
            command, _rss, data = min(run(root) for _ in range(3))
            codings = args.base * size
            in_process, package, own, units = bare(root)
            timings.append((codings, command, in_process))
            print(f"{size:>3}x {codings:>8,} {units:>7,} {command:>9.2f}s {in_process:>7.2f}s "
                  f"{package:>6.2f}s {command / package:>5.1f}x {own:>5.2f}s "
                  f"{command / own:>5.1f}x   (in process / kripp.: {in_process / package:.1f}x)")
            assert data["codes"], "no codes compared"
        for label, k in (("command", 1), ("in process", 2)):
            exponent = math.log(timings[-1][k] / timings[0][k]) / math.log(16)
            print(f"growth exponent of agree ({label}), 1x -> 16x: {exponent:.2f}")
        seconds, rss, _ = run(Path(tmp) / "x16", "--unit", "char")
        print(f"--unit char, {timings[-1][0]:,} codings over {timings[-1][0] // 500} one-hour "
              f"interviews: {seconds:.1f} s, peak {rss / 1024:.0f} MiB (goal < 30 s, < 1 GB)")


if __name__ == "__main__":
    main()
