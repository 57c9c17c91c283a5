"""What every benchmark shares: the sizes, timing, peak memory, the growth exponent, and one
line per figure beside its anchor, collected for `./dev bench`'s summary.

A bench script records each figure with ``record(...)``: it prints the line and, when
``$CASEBOOK_BENCH_RESULTS`` names a file (``./dev bench`` sets it), appends the figure as one
JSON line there; ``bench/summary.py`` turns that file into the README's table.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

SIZES = (1, 4, 16)  # every bench runs at these multiples of its base size
ROOT = Path(__file__).resolve().parents[1]

_PROBE = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
          "done = subprocess.run(sys.argv[1:], capture_output=True); "
          "print(time.perf_counter() - t, done.returncode, "
          "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
          "sys.stdout.flush(); sys.stdout.buffer.write(done.stdout)")


@dataclass(frozen=True)
class Run:
    """One run of a command: wall seconds, peak resident memory (MiB) and its output."""

    seconds: float
    peak_mib: float
    stdout: bytes


def command(argv: Sequence[str], cwd: Path | None = None, check: bool = True) -> Run:
    """Run ``argv`` in a fresh process; its wall time and peak memory, start-up included.

    A probe process starts it and reads the child's ``ru_maxrss``, so the figure is the
    command's own peak and not this script's.
    """
    done = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True,
                          cwd=cwd, check=True)
    head, _, body = done.stdout.partition(b"\n")
    seconds, code, rss = head.split()
    if check and int(code) != 0:
        raise SystemExit(f"bench: {' '.join(argv)} exited {int(code)}")
    return Run(float(seconds), int(rss) / 1024, body)


def casebook(*args: str) -> list[str]:
    """The argv of a casebook command run with this interpreter."""
    return [sys.executable, "-m", "casebook", *args]


def python(code: str) -> list[str]:
    """The argv of a Python snippet run with this interpreter (an anchor in its own process)."""
    return [sys.executable, "-c", code]


def as_installed() -> None:
    """Let the commands measured here cache their bytecode, as an installed Casebook has it
    (a process started with PYTHONDONTWRITEBYTECODE compiles every module at every start)."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(casebook("--help"), capture_output=True, check=True)


def best(work: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs of ``work()``, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def best_run(argv: Sequence[str], repeat: int = 3, cwd: Path | None = None) -> Run:
    """The fastest of ``repeat`` runs of a command (its peak memory the largest seen)."""
    runs = [command(argv, cwd=cwd) for _ in range(repeat)]
    fastest = min(runs, key=lambda r: r.seconds)
    return Run(fastest.seconds, max(r.peak_mib for r in runs), fastest.stdout)


def exponent(sizes: Sequence[float], values: Sequence[float]) -> float:
    """The growth exponent k of ``value ~ size**k``: the least-squares slope in log-log."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(v, 1e-9)) for v in values]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / spread if spread else 0.0


def machine() -> str:
    """Cores and load, printed beside every table (ratios are the figures to trust)."""
    one, five, _ = os.getloadavg()
    return f"{os.cpu_count()} cores, load {one:.2f} (1 min) {five:.2f} (5 min)"


@dataclass(frozen=True)
class Figure:
    """One measured figure beside its anchor, measured in the same run."""

    bench: str
    figure: str
    size: str
    ours: float
    anchor: float
    anchor_name: str
    goal: float | None  # the highest ratio the issue allows; None: reported only
    unit: str = "s"

    @property
    def ratio(self) -> float:
        return self.ours / self.anchor if self.anchor else math.inf

    @property
    def verdict(self) -> str:
        if self.goal is None:
            return ""
        return "OK" if self.ratio <= self.goal else "OVER"

    def line(self) -> str:
        goal = f"goal <= {self.goal:g}x" if self.goal is not None else ""
        return (f"{self.figure:<38} {self.size:>10}  {_amount(self.ours, self.unit):>10}  "
                f"{self.anchor_name:<30} {_amount(self.anchor, self.unit):>10}  "
                f"{self.ratio:6.2f}x  {goal:<13} {self.verdict}")


def _amount(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:,.0f} {unit}"


def record(bench: str, figure: str, ours: float, anchor: float, anchor_name: str, *,
           size: str = "", goal: float | None = None, unit: str = "s") -> Figure:
    """Print one figure beside its anchor and keep it for the summary."""
    item = Figure(bench, figure, size, ours, anchor, anchor_name, goal, unit)
    print(item.line(), flush=True)
    results = os.environ.get("CASEBOOK_BENCH_RESULTS")
    if results:
        with open(results, "a", encoding="utf-8") as out:
            out.write(json.dumps(asdict(item)) + "\n")
    return item


def growth(bench: str, figure: str, sizes: Sequence[float], values: Sequence[float],
           goal: float | None = 1.2) -> float:
    """Print (and keep) the growth exponent of a figure over the sizes; 1.0 is linear."""
    k = exponent(sizes, values)
    verdict = "" if goal is None else ("OK" if k <= goal else "OVER")
    print(f"growth exponent of {figure}, {sizes[0]:g}x -> {sizes[-1]:g}x: {k:.2f} "
          f"{'(goal <= ' + format(goal, 'g') + ')' if goal is not None else ''} {verdict}",
          flush=True)
    results = os.environ.get("CASEBOOK_BENCH_RESULTS")
    if results:
        with open(results, "a", encoding="utf-8") as out:
            out.write(json.dumps({"bench": bench, "figure": figure, "exponent": k,
                                  "goal": goal}) + "\n")
    return k


def header(title: str) -> None:
    """The first lines of a bench's output: what it measures and on what machine."""
    print(f"{title}\n{machine()}", flush=True)
