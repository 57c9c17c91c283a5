"""The coding workbench on a long transcript, each figure beside a bare Textual app measured
in the same run: first paint at three sizes (1x, 4x, 16x: 1,250 / 5,000 / 20,000 turns,
half as many codings, on sentences picked at random) and its growth exponent; then, on the largest,
casebook's own CPU per keypress (p95) for j, J, PgDn, a hotkey coding and the picker's filter,
and opening the code picker.

The bare app shows one screen of the same transcript's text in a Static and has bindings
that change it, and a picker of the same codes (an Input filtering an OptionList with
Textual's Matcher). First paint is from making the app to the last line of the transcript
drawn: wall time, and the UI thread's CPU (the worker that reads the rest of the document
runs after it). The workbench's side panels come right after the first paint; the time
until they are drawn is printed too, beside the same anchor, without a goal. "Own code" is
the time spent in casebook's handlers and line drawing, the rest of a press is Textual
(event loop, compositor).

Goals (issues 11 and 15): first paint <= 3x the bare app, flat in the document's size
(growth exponent near 0); <= 10 ms own CPU p95 per key; the code picker open well under
100 ms.
Run: .venv/bin/python bench/bench_tui.py [--turns 1250] [--presses 60] [--rounds 7]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import gc
import random
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import SENTENCES  # noqa: E402 -- the same Dutch sentences as the import bench
from common import SIZES, growth, header, record  # noqa: E402

SPEAKERS = ["Interviewer", "Client", "Klantmanager"]
SIZE = (120, 40)
CODES = [f"Code {i}" for i in range(10)]


def build(root: Path, lines: int, codings: int, seed: int = 4):
    """A project with one transcript of ``lines`` turns and ``codings`` codings (on
    sentences picked at random)."""
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
    store.add_codings([Coding(document_id=doc_id, start=sentence.start, end=sentence.end,
                              code_id=rng.choice(codes).id, coder_id=coder.id)
                       for sentence in rng.sample(sentences, codings)])
    return project


def first_screen(project) -> str:
    """The bare app's one screen of the same text: the transcript's first lines, wrapped
    to the terminal's width, as many rows as the terminal has."""
    store = project.store
    document = store.document(store.document_ids()[0])
    rows = [row for line in document.text.split("\n")[:SIZE[1]]
            for row in textwrap.wrap(line, SIZE[0])]
    return "\n".join(rows[:SIZE[1]])


# -- first paint --------------------------------------------------------------------
async def first_paint(make_app, *painted: Painted) -> list[tuple[float, float]]:
    """Per ``painted``: wall seconds and the UI thread's CPU seconds from making the app
    until it was drawn; workers reading in other threads do not count."""
    wall, cpu = time.perf_counter(), time.thread_time()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        while not all(p.done for p in painted):
            await pilot.pause(0.001)
        return [(p.wall - wall, p.cpu - cpu) for p in painted]


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

    return Painted(TranscriptView, "render_line",  # the last line, laid out at its width
                   lambda view, y: y == view.size.height - 1 and view.line_count > 0
                   and view.painter.width == view.scrollable_content_region.width)


def painted_panels() -> Painted:
    """The side panels' code tree drawn (they are mounted after the first paint)."""
    from casebook.tui.widgets.code_tree import CodeTree

    return Painted(CodeTree, "render_lines", lambda tree, crop: bool(tree.codes))


def painted_bare() -> Painted:
    from textual.widgets import Static

    return Painted(Static, "render_lines", lambda static, crop: static.id == "text")


def bare_app(screen: str):
    """A bare Textual app: one Static with ``screen`` (a screen of text), bindings that
    change it, and a picker of the same codes (Input + OptionList filtered with Textual's
    Matcher)."""
    from textual.app import App
    from textual.fuzzy import Matcher
    from textual.screen import ModalScreen
    from textual.widgets import Input, OptionList, Static

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
FRAME = 1 / 30  # a press is timed until the frame after it is drawn


async def presses(app, count: int) -> dict[str, tuple[list[float], list[float]]]:
    """Per kind of key: CPU seconds of each measured press, through the repaint after it,
    and of casebook's own code in it. What an earlier key left to do is done before."""
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
                        await pilot.pause(FRAME if key in measured else 0)
                        own[0] = 0.0
                        cpu = time.thread_time()
                        await pilot.press(key)
                        if key in measured:
                            await pilot.pause(FRAME)
                            total.append(time.thread_time() - cpu)
                            mine.append(own[0])
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
        "action_move", "action_arrow", "action_hotkey", "update_counts", "_counted")] + [
        (TranscriptView, "render_line"), (StatusLine, "refresh_status"), (Picker, "filter"),
        (Picker, "on_mount"), (Picker, "again"), (choices, "code_items")]
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
    """First paint of the workbench and of the bare app, ``rounds`` times each in turn."""
    from casebook.tui.app import CasebookApp

    screen = first_screen(project)
    runs: dict[str, list[float]] = {f"{who} {what}": [] for who in ("ours", "bare", "panels")
                                    for what in ("wall", "cpu")}

    def once(names: list[str], make_app, watches) -> None:
        gc.collect()  # what earlier runs left is not this run's work
        with contextlib.ExitStack() as stack:
            painted = [stack.enter_context(watch()) for watch in watches]
            times = asyncio.run(first_paint(make_app, *painted))
        for name, (wall, cpu) in zip(names, times):
            runs[f"{name} wall"].append(wall)
            runs[f"{name} cpu"].append(cpu)

    for _ in range(rounds + 1):  # in turn, so that the machine's load falls on both
        once(["bare"], lambda: bare_app(screen), [painted_bare])
        once(["ours", "panels"], lambda: CasebookApp(project), [painted_ours, painted_panels])
    for values in runs.values():
        del values[0]  # the first of each warmed imports and caches
    return runs


def report_paint(paint: dict[str, list[float]], size: str) -> None:
    median = statistics.median
    for what, label in (("wall", "wall"), ("cpu", "UI thread CPU")):
        anchor = median(paint[f"bare {what}"])
        record("tui", f"first paint, {label}", median(paint[f"ours {what}"]), anchor,
               "bare Textual app, one screen", size=size, goal=3)
    record("tui", "side panels drawn too, wall", median(paint["panels wall"]),
           median(paint["bare wall"]), "bare Textual app, one screen", size=size)


def report_keys(ours, bare, size: str) -> None:
    """Per key: the whole press and casebook's own CPU in it beside the bare app's whole
    press (goal for our own: 10 ms, as a ratio to it); the whole press of opening the code
    picker beside the bare app's picker."""
    for kind in KEYS:
        if kind == "open the code picker":
            anchor = p95(bare[kind][0])
            record("tui", "open the code picker, CPU p95 (< 100 ms)", p95(ours[kind][0]),
                   anchor, "bare app's picker, p95", size=size, goal=0.100 / anchor)
            continue
        anchor = p95(bare[kind][0])
        record("tui", f"key {kind}: whole press, CPU p95", p95(ours[kind][0]), anchor,
               "bare app's press, p95", size=size)
        record("tui", f"key {kind}: own CPU p95 (<= 10 ms)", p95(ours[kind][1]), anchor,
               "bare app's press, p95", size=size, goal=0.010 / anchor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=1_250, help="turns at 1x")
    parser.add_argument("--presses", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    from casebook.tui.app import CasebookApp

    header(f"TUI bench: a transcript of {args.turns:,} turns x {SIZES}, half as many "
           f"codings; terminal {SIZE[0]}x{SIZE[1]}. First paint: median of {args.rounds} "
           f"runs each, in turn with the bare app; keys: p95 of {args.presses} presses on "
           "the largest, each awaited through Textual's Pilot and the next frame.")
    cpu = []
    with tempfile.TemporaryDirectory() as tmp:
        for factor in SIZES:
            turns = args.turns * factor
            started = time.perf_counter()
            project = build(Path(tmp) / f"p{factor}", turns, turns // 2)
            print(f"built {turns:,} turns in {time.perf_counter() - started:.1f} s",
                  file=sys.stderr)
            paint = measure_paint(project, args.rounds)
            size = f"{turns:,} turns"
            report_paint(paint, size)
            cpu.append(statistics.median(paint["ours cpu"]))
            if factor != SIZES[-1]:
                project.close()
        growth("tui", "first paint, UI thread CPU", SIZES, cpu, goal=0.1)
        ours = asyncio.run(presses(CasebookApp(project), args.presses))
        bare = asyncio.run(presses(bare_app(first_screen(project)), args.presses))
        project.close()
    report_keys(ours, bare, size)


if __name__ == "__main__":
    main()
