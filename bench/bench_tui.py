"""The coding workbench on a long transcript, each figure beside a bare Textual app measured
in the same run: first paint, and CPU per keypress (p95) for j, J, PgDn, a hotkey coding,
opening the code picker and typing in it.

The bare app shows one screen of the same text in a Static and has bindings that change it,
and a picker of the same codes (an Input filtering an OptionList with Textual's Matcher).
"Own code" is the time spent in casebook's handlers and line drawing, the rest of a press
is Textual (event loop, compositor).

Goals (issues 11 and 15): first paint <= 3x the bare app (1.5x in CPU is the stretch goal);
<= 10 ms own CPU p95 per key.
Run: .venv/bin/python bench/bench_tui.py [--lines 20000] [--codings 10000] [--presses 60]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gc
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import SENTENCES  # noqa: E402 -- the same Dutch sentences as the import bench

SPEAKERS = ["Interviewer", "Client", "Klantmanager"]
SIZE = (120, 40)
CODES = [f"Code {i}" for i in range(10)]


def build(root: Path, lines: int, codings: int, seed: int = 4):
    """A project with one transcript of ``lines`` turns and ``codings`` codings."""
    from casebook.model import Code, Codebook, Coding, Document, Sentence, Speaker, Turn
    from casebook.offsets import sha256
    from casebook.project import Project

    rng = random.Random(seed)
    project = Project.init(root, name="bench", coder="bench")
    codes = [Code(id=f"c{i}", name=CODES[i], colour=f"#{rng.randrange(0x1000000):06x}",
                  hotkey=str(i)) for i in range(10)]
    project.store.set_codebook(Codebook(name="bench", codes=codes))
    parts, turns, sentences, offset = [], [], [], 0
    for number in range(lines):
        speaker = SPEAKERS[number % len(SPEAKERS)]
        label = f"{speaker}: "
        said = []
        start = offset + len(label)
        position = start
        for _ in range(rng.randint(1, 3)):
            sentence = rng.choice(SENTENCES)
            sentences.append(Sentence(position, position + len(sentence)))
            said.append(sentence)
            position += len(sentence) + 1
        body = " ".join(said)
        turns.append(Turn(start, start + len(body), speaker, time_start=number * 7.5))
        parts.append(label + body + "\n")
        offset += len(label) + len(body) + 1
    text = "".join(parts)
    store = project.store
    doc_id = store.add_document(Document(name="long", text=text, sha256=sha256(text)),
                                turns, sentences, [Speaker(s) for s in SPEAKERS])
    coder = store.coder("anna")
    with store.transaction():
        for sentence in rng.sample(sentences, codings):
            store.add_coding(Coding(document_id=doc_id, start=sentence.start, end=sentence.end,
                                    code_id=rng.choice(codes).id, coder_id=coder.id))
    return project


# -- first paint --------------------------------------------------------------------
async def first_paint(make_app, painted) -> tuple[float, float]:
    """Wall seconds and the UI thread's CPU seconds from making the app until ``painted``
    (the first screen of text drawn); workers reading in other threads do not count."""
    wall, cpu = time.perf_counter(), time.thread_time()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        while not painted.done:
            await pilot.pause(0.001)
        return painted.wall - wall, painted.cpu - cpu


class Painted:
    """Notes when ``cls.method`` first draws the last line of its widget (the compositor
    writes the screen out in the same tick)."""

    def __init__(self, cls, method: str, last) -> None:
        self.cls, self.method, self.last = cls, method, last
        self.done, self.wall, self.cpu = False, 0.0, 0.0

    def __enter__(self):
        original, box = getattr(self.cls, self.method), self
        self.original = original

        def watch(widget, *args):
            result = original(widget, *args)
            if not box.done and box.last(widget, *args):
                box.done, box.wall, box.cpu = True, time.perf_counter(), time.thread_time()
            return result
        setattr(self.cls, self.method, watch)
        return self

    def __exit__(self, *exc) -> None:
        setattr(self.cls, self.method, self.original)


def painted_ours() -> Painted:
    from casebook.tui.widgets.transcript import TranscriptView

    return Painted(TranscriptView, "render_line",
                   lambda view, y: y == view.size.height - 1 and view.line_count > 0)


def painted_bare() -> Painted:
    from textual.widgets import Static

    return Painted(Static, "render_lines", lambda static, crop: static.id == "text")


def bare_app():
    """A bare Textual app: one Static with a screen of text, bindings that change it, and a
    picker of the same codes (Input + OptionList filtered with Textual's Matcher)."""
    from textual.app import App
    from textual.fuzzy import Matcher
    from textual.screen import ModalScreen
    from textual.widgets import Input, OptionList, Static

    screen = "\n".join(SENTENCES[i % len(SENTENCES)] for i in range(SIZE[1]))

    class Pick(ModalScreen):
        def compose(self):
            yield Input(id="q")
            yield OptionList(*CODES, id="o")

        def on_input_changed(self, event) -> None:
            matcher = Matcher(event.value)
            found = sorted((-matcher.match(c), c) for c in CODES if matcher.match(c) > 0)
            self.query_one(OptionList).set_options([c for _, c in found])

    class Bare(App):
        BINDINGS = [(k, "shift", "") for k in ("j", "J", "pagedown", "1")] + \
            [("c", "pick", ""), ("escape", "close", "")]

        def compose(self):
            yield Static(screen, id="text")
            self.turn = 0

        def action_shift(self) -> None:
            self.turn += 1
            lines = screen.split("\n")
            self.query_one("#text", Static).update("\n".join(lines[self.turn % 7:] +
                                                             lines[:self.turn % 7]))

        def action_pick(self) -> None:
            self.push_screen(Pick())

        def action_close(self) -> None:
            self.pop_screen()

    return Bare()


# -- keys -----------------------------------------------------------------------------
# per kind of key: the keys of one round, and which of them are measured
KEYS = {"j": (["j"], {"j"}), "J": (["J"], {"J"}), "pagedown": (["pagedown"], {"pagedown"}),
        "hotkey coding": (["j", "1"], {"1"}),
        "open the code picker": (["c", "escape"], {"c"}),
        "picker filter": (["c", "o", "d", "e", "backspace", "backspace", "escape"],
                          {"o", "d", "e"})}


async def presses(app, count: int) -> dict[str, tuple[list[float], list[float]]]:
    """Per kind of key: CPU ms of each measured press (awaited through the repaint), and
    of casebook's own code in it."""
    own = _instrument()
    result: dict[str, tuple[list[float], list[float]]] = {}
    try:
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            while not getattr(app.screen, "laid_out", True):  # the whole layout is done
                await pilot.pause(0.05)
            for kind, (sequence, measured) in KEYS.items():
                total, mine = [], []
                for _ in range(count):
                    for key in sequence:
                        own[0] = 0.0
                        cpu = time.thread_time()
                        await pilot.press(key)
                        spent = (time.thread_time() - cpu) * 1000
                        if key in measured:
                            total.append(spent)
                            mine.append(own[0] * 1000)
                result[kind] = (total, mine)
    finally:
        own[1]()
    return result


def _instrument():
    """Count CPU time spent in casebook's key handlers and drawing; returns
    ``[seconds, undo]``."""
    from casebook.tui import choices
    from casebook.tui.screens.coding import CodingScreen
    from casebook.tui.screens.picker import Picker
    from casebook.tui.widgets.status import StatusLine
    from casebook.tui.widgets.transcript import TranscriptView

    targets = [(CodingScreen, name) for name in (  # (async actions: their sync parts)
        "action_move", "action_arrow", "action_hotkey", "_update_counts", "_counted")] + [
        (TranscriptView, "render_line"), (StatusLine, "refresh_status"), (Picker, "filter"),
        (Picker, "on_mount"), (choices, "code_items")]
    saved = [(cls, name, getattr(cls, name)) for cls, name in targets]
    box: list = [0.0, None]
    depth = [0]

    def wrap(function):
        @functools.wraps(function)  # Textual passes a handler the arguments it declares
        def timed(*args, **kwargs):
            depth[0] += 1
            start = time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                depth[0] -= 1
                if depth[0] == 0:
                    box[0] += time.thread_time() - start
        return timed

    for cls, name, function in saved:
        setattr(cls, name, wrap(function))

    def undo() -> None:
        for cls, name, function in saved:
            setattr(cls, name, function)

    box[1] = undo
    return box


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


# -- the run ----------------------------------------------------------------------------
def measure_paint(project, rounds: int) -> dict[str, list[float]]:
    from casebook.tui.app import CasebookApp

    runs: dict[str, list[float]] = {"ours wall": [], "ours cpu": [], "bare wall": [],
                                    "bare cpu": []}

    def once(name: str, make_app, watch) -> None:
        gc.collect()  # what earlier runs left is not this run's work
        with watch() as painted:
            wall, cpu = asyncio.run(first_paint(make_app, painted))
        runs[f"{name} wall"].append(wall)
        runs[f"{name} cpu"].append(cpu)

    for _ in range(rounds + 1):  # in turn, so that the machine's load falls on both
        once("bare", bare_app, painted_bare)
        once("ours", lambda: CasebookApp(project), painted_ours)
    for values in runs.values():
        del values[0]  # the first of each warmed imports and caches
    return runs


def report(args, paint, ours, bare) -> None:
    median = statistics.median
    print(f"\nTUI bench: {args.lines} turns, {args.codings} codings, terminal "
          f"{SIZE[0]}x{SIZE[1]}; bare = a bare Textual app in the same run. First paint: "
          f"median of {args.rounds} runs each, in turn; keys: p95 of {args.presses} presses, "
          "each awaited through Textual's Pilot (event loop, compositor).")
    print(f"{'measure':<40} {'casebook':>10} {'bare':>10} {'ratio':>7} {'goal':>12}")
    rows = [("first paint, wall ms", median(paint["ours wall"]) * 1000,
             median(paint["bare wall"]) * 1000, "<= 3x"),
            ("first paint, CPU ms", median(paint["ours cpu"]) * 1000,
             median(paint["bare cpu"]) * 1000, "<= 3x")]
    for kind in KEYS:
        rows.append((f"key {kind}: CPU ms p95", p95(ours[kind][0]), p95(bare[kind][0]), ""))
        rows.append(("  of which casebook's own code, p95", p95(ours[kind][1]), None,
                     "<= 10 ms"))
    for label, value, anchor, goal in rows:
        ratio = f"{value / anchor:6.2f}x" if anchor else "      —"
        shown = f"{anchor:10.2f}" if anchor is not None else f"{'—':>10}"
        print(f"{label:<40} {value:10.2f} {shown} {ratio} {goal:>12}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--codings", type=int, default=10_000)
    parser.add_argument("--presses", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    from casebook.tui.app import CasebookApp

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        project = build(Path(tmp) / "p", args.lines, args.codings)
        print(f"built {args.lines} turns, {args.codings} codings in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
        paint = measure_paint(project, args.rounds)
        ours = asyncio.run(presses(CasebookApp(project), args.presses))
        bare = asyncio.run(presses(bare_app(), args.presses))
        project.close()
    report(args, paint, ours, bare)


if __name__ == "__main__":
    main()
