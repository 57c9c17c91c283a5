"""The teaching loop beside `casebook agree` on the same data.

Data: the demo project -- at 4x and 16x with 4 and 16 copies of its four documents and of
anna's and bram's codings on them -- pseudonymised (scan, review --accept-all, apply), an
exercise of all its documents with anna and bram as the reference, 30 simulated students
handed in (casebook.demo.students). Per size, each the fastest of five rounds of the three
in turn (a slower minute of the machine slows all three): `exercise collect`
of the 30 hand-ins (each run on a fresh copy of the project) + `exercise feedback` for the
30 students (the comparison and the figures, as the JSON text `feedback --json` prints:
feedback.to_json, json.dumps(indent=2) of each student's as_dict()) in process, beside
`casebook agree` on the project they make (32 coders, every figure) in process, and each
of the two on its own beside it; then both as commands (start-up included). For scale, at
1x only: the 30 feedback PDFs and the class overview (nearly all WeasyPrint).
Goal (issue 12): collect + feedback <= 2x agree.
Run: ./dev bench   or   .venv/bin/python bench/bench_exercise.py [--sizes 1]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SIZES, best, best_run, casebook, growth, header, record  # noqa: E402

BENCH = "exercise"
STUDENTS = 30
ROUNDS = 5  # of collect, feedback and agree in turn: the fastest of each is its figure


def copies(root: Path, count: int) -> None:
    """``count - 1`` more copies of every document, with their codings (a line at the end
    tells each copy apart)."""
    from casebook.model import Coding, Document
    from casebook.offsets import sha256
    from casebook.project import Project

    project = Project.find(root)
    store = project.store
    with store.transaction():
        for summary in store.documents():
            doc = store.document(summary.id)
            codings = store.codings(document_id=doc.id)
            for copy in range(1, count):
                text = f"{doc.text}\n(kopie {copy})\n"
                new = store.add_document(
                    Document(name=f"{doc.name}-{copy}", text=text, sha256=sha256(text),
                             kind=doc.kind, format=doc.format),
                    store.turns(doc.id), store.sentences(doc.id), store.speakers(doc.id))
                store.add_codings([Coding(new, c.start, c.end, c.code_id, c.coder_id)
                                   for c in codings])
    project.close()


def setup(tmp: Path, size: int) -> tuple[Path, Path]:
    """The reviewed demo (``size`` copies) with exercise week1 and 30 hand-ins; returns
    (project, hand-ins)."""
    from casebook.demo import build
    from casebook.demo.students import simulate
    from casebook.exercise import package, spec
    from casebook.project import Project

    root = tmp / "docent"
    build(root)
    copies(root, size)
    for step in (["scan"], ["review", "--accept-all"], ["apply"]):
        subprocess.run(casebook("-p", str(root), "pseudo", *step), check=True,
                       capture_output=True)
    project = Project.find(root)
    try:
        made = package.create(project, "week1", references=["anna", "bram"])
        names = [f"Student {n:02d}" for n in range(1, STUDENTS + 1)]
        simulate(project, spec.load(root, "week1"), Path(made.package), names, tmp / "class")
    finally:
        project.close()
    return root, tmp / "class"


def in_process(root: Path, hand_ins: Path, clean: Path) -> tuple[float, float, float, int]:
    """(collect, feedback, agree) in process, each the fastest of :data:`ROUNDS` rounds of
    the three in turn; and the codings."""
    from casebook.coders import agreement
    from casebook.exercise import collect, feedback, spec
    from casebook.project import Project

    def copy_back() -> None:
        shutil.rmtree(root)
        shutil.copytree(clean, root)

    def collect_once() -> float:
        """One collect on a fresh copy of the project (the copying not timed: it was the
        copy's time taken away, but a copy over the files a collect had grown did not take
        the time of one alone, and made the figure up to 30 ms larger at 1x)."""
        copy_back()
        started = time.perf_counter()
        project = Project.find(root)
        try:
            collect.collect(project, spec.load(root, "week1"), [hand_ins])
        finally:
            project.close()
        return time.perf_counter() - started

    def timed(work, *args) -> float:
        started = time.perf_counter()
        work(*args)
        return time.perf_counter() - started

    def judge(project, exercise) -> str:
        return feedback.to_json(feedback.build(project, exercise).students)

    times: dict[str, list[float]] = {"collect": [], "feedback": [], "agree": []}
    for _ in range(ROUNDS):  # the three in turn, so that a slower minute slows all three
        times["collect"].append(collect_once())
        project = Project.find(root)
        exercise = spec.load(root, "week1")
        times["feedback"].append(timed(judge, project, exercise))
        times["agree"].append(timed(agreement.compute, project.store))
        project.close()
    collecting, judging, agreeing = (min(times[k]) for k in ("collect", "feedback", "agree"))
    parts(root, hand_ins)
    project = Project.find(root)
    exercise = spec.load(root, "week1")
    codings = len(project.store.codings())
    feedback_parts(project, exercise, judging)
    project.close()
    return collecting, judging, agreeing, codings


def feedback_parts(project, exercise, judging: float) -> None:
    """Where feedback's time goes (printed, not goals): the privacy gate made and the
    documents as it shows them (casebook/privacy), the rest (the codings read, the
    comparison, the figures, the items and the JSON text) as the difference. The fastest
    of three."""
    from casebook.collector import paused
    from casebook.exercise.words import Shown
    from casebook.privacy.guard import Gate

    def gate_and_views() -> None:
        with paused():
            Shown(project.store, Gate.for_project(project.store), exercise)

    gating = best(gate_and_views)
    print(f"  feedback, of it: the privacy gate and the documents as it shows them "
          f"{gating * 1000:.0f} ms, the rest {(judging - gating) * 1000:.0f} ms "
          "(the difference)", flush=True)


def parts(root: Path, hand_ins: Path) -> None:
    """Where collect's time goes (printed, not goals): unzipping the hand-ins, and reading
    them and placing them on the project as collect does (unzipping included; one at a
    time, where collect opens the next while it places one; the intake's plans, which
    collect makes only when it needs the intake, left out); the rest of collect is storing them (one
    transaction). Each the fastest of three."""
    from casebook.exercise import archive, collect, handins, spec
    from casebook.project import Project

    files = collect.hand_ins([hand_ins])
    unzipping = best(lambda: [archive.read(path, needed=("casebook.db",)) for path in files])
    project = Project.find(root)
    try:
        exercise = spec.load(root, "week1")
        reading = best(lambda: [collector.read(path, collect.CollectReport())
                                for collector in [handins.Collector(project, exercise)]
                                for path in files])
    finally:
        project.close()
    print(f"  collect, of it: unzipping {STUDENTS} hand-ins {unzipping * 1000:.0f} ms, "
          f"reading and placing them {reading * 1000:.0f} ms (unzipping included)",
          flush=True)


def for_scale(root: Path) -> None:
    """The 30 feedback PDFs and the class overview PDF (WeasyPrint; printed, not goals)."""
    started = time.perf_counter()
    subprocess.run(casebook("-p", str(root), "exercise", "feedback"), check=True,
                   capture_output=True)
    pdfs = time.perf_counter() - started
    overview = best_run(casebook("-p", str(root), "exercise", "overview")).seconds
    print(f"for scale: {STUDENTS} feedback PDFs {pdfs:.1f} s ({pdfs / STUDENTS:.2f} s each, "
          f"WeasyPrint), the class overview PDF {overview:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="The teaching loop beside `casebook agree`.")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES),
                        help=f"the sizes to run (default: {' '.join(map(str, SIZES))}; "
                             "one size while working on it)")
    parser.add_argument("--no-pdf", action="store_true",
                        help="leave out the PDFs for scale (two minutes of WeasyPrint)")
    args = parser.parse_args()
    sizes = args.sizes
    header(f"exercise: {STUDENTS} students on the demo's 4 documents, copies at the sizes "
           f"{tuple(sizes)}")
    ours_by_size = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            root, hand_ins = setup(tmp, size)
            clean = tmp / "clean"
            shutil.copytree(root, clean)
            collecting, judging, agree, codings = in_process(root, hand_ins, clean)
            ours, label, anchor = collecting + judging, f"{size}x", "agree, 32 coders, in process"
            record(BENCH, f"collect + feedback ({codings:,} codings)", ours, agree, anchor,
                   size=label, goal=2)
            record(BENCH, "  of which collect", collecting, agree, anchor, size=label)
            record(BENCH, "  of which feedback (JSON)", judging, agree, anchor, size=label)
            shown = best_run(casebook("-p", str(root), "exercise", "feedback", "--json"))
            agreed = best_run(casebook("-p", str(root), "agree", "--json"))
            record(BENCH, "exercise feedback --json, command", shown.seconds, agreed.seconds,
                   "agree --json, command", size=label)
            ours_by_size.append(ours)
            if size == sizes[0] and not args.no_pdf:
                for_scale(root)
    if len(sizes) > 1:
        growth(BENCH, "collect + feedback, in process", sizes, ours_by_size)


if __name__ == "__main__":
    main()
