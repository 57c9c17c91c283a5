"""The teaching loop beside `casebook agree` on the same data.

The demo project, pseudonymised (scan, review --accept-all, apply), an exercise of its four
documents with anna and bram as the reference, 30 simulated students handed in
(casebook.demo.students). Measured, best of three: `exercise collect` of the 30 hand-ins
(each run on a fresh copy of the project), `exercise feedback` for the 30 students (the
comparison and the figures, as JSON) -- and `casebook agree` on the project they make (32
coders, every figure), in process and as commands (start-up included). Then, for scale, the
30 feedback PDFs and the class overview (nearly all WeasyPrint).
Goal (issue 12): collect + feedback <= 2x agree.
Run: ./dev bench   or   .venv/bin/python bench/bench_exercise.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STUDENTS = 30


def best(work, repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs of ``work()``, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def command(root: Path, *args: str) -> float:
    """Wall time of `casebook -p ROOT ARGS` as a command, the fastest of three."""
    def once() -> None:
        subprocess.run([sys.executable, "-m", "casebook", "-p", str(root), *args],
                       check=True, capture_output=True)
    return best(once)


def setup(tmp: Path) -> tuple[Path, Path]:
    """The reviewed demo with exercise week1 and 30 hand-ins; returns (project, hand-ins)."""
    from casebook.demo import build
    from casebook.demo.students import simulate
    from casebook.exercise import package, spec
    from casebook.project import Project

    root = tmp / "docent"
    build(root)
    for step in (["scan"], ["review", "--accept-all"], ["apply"]):
        subprocess.run([sys.executable, "-m", "casebook", "-p", str(root), "pseudo", *step],
                       check=True, capture_output=True)
    project = Project.find(root)
    try:
        made = package.create(project, "week1", references=["anna", "bram"])
        names = [f"Student {n:02d}" for n in range(1, STUDENTS + 1)]
        simulate(project, spec.load(root, "week1"), Path(made.package), names, tmp / "class")
    finally:
        project.close()
    return root, tmp / "class"


def main() -> None:
    from casebook.coders import agreement
    from casebook.exercise import collect, feedback, spec
    from casebook.project import Project

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        root, hand_ins = setup(tmp)
        clean = tmp / "clean"
        shutil.copytree(root, clean)

        def collect_once() -> None:
            shutil.rmtree(root)
            shutil.copytree(clean, root)
            project = Project.find(root)
            try:
                collect.collect(project, spec.load(root, "week1"), [hand_ins])
            finally:
                project.close()

        def copy_back() -> None:
            shutil.rmtree(root)
            shutil.copytree(clean, root)

        copying = best(copy_back)
        collecting = best(collect_once) - copying
        project = Project.find(root)
        exercise = spec.load(root, "week1")
        codings = len(project.store.codings())
        judging = best(lambda: json.dumps([s.as_dict() for s in
                                           feedback.build(project, exercise).students]))
        agreeing = best(lambda: agreement.compute(project.store))
        project.close()
        print(f"{STUDENTS} students x {len(exercise.documents)} documents, {codings:,} codings "
              f"(2 references and the students), {len(exercise.codes)} codes")
        print(f"  in process: collect {collecting:.2f} s + feedback {judging:.2f} s = "
              f"{collecting + judging:.2f} s   agree {agreeing:.2f} s   ratio "
              f"{(collecting + judging) / agreeing:.2f}x  (goal <= 2x)")
        shown = command(root, "exercise", "feedback", "--json")
        agree = command(root, "agree", "--json")
        print(f"  as commands: exercise feedback --json {shown:.2f} s   agree --json "
              f"{agree:.2f} s   ratio {shown / agree:.2f}x")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "casebook", "-p", str(root), "exercise",
                        "feedback"], check=True, capture_output=True)
        pdfs = time.perf_counter() - started
        overview = command(root, "exercise", "overview")
        print(f"  for scale: {STUDENTS} feedback PDFs {pdfs:.1f} s ({pdfs / STUDENTS:.2f} s "
              f"each, WeasyPrint), the class overview PDF {overview:.1f} s")


if __name__ == "__main__":
    main()
