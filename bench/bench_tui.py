"""The coding workbench on a long transcript: first paint and CPU per keypress and per
coding action, each beside a bare Textual baseline measured in the same run.

Goal (issue 4): <= 10 ms CPU per keypress; first paint of a 20k-line transcript with 10k
codings < 0.3 s.
Run: .venv/bin/python bench/bench_tui.py [--lines 20000] [--codings 10000] [--presses 40]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import SENTENCES  # noqa: E402 -- the same Dutch sentences as the import bench

SPEAKERS = ["Interviewer", "Client", "Klantmanager"]
SIZE = (120, 40)


def build(root: Path, lines: int, codings: int, seed: int = 4):
    """A project with one transcript of ``lines`` turns and ``codings`` codings."""
    from casebook.model import Code, Codebook, Coding, Document, Sentence, Speaker, Turn
    from casebook.offsets import sha256
    from casebook.project import Project

    rng = random.Random(seed)
    project = Project.init(root, name="bench", coder="bench")
    codes = [Code(id=f"c{i}", name=f"Code {i}", colour=f"#{rng.randrange(0x1000000):06x}",
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


async def first_paint(project) -> tuple[float, float]:
    """Wall and CPU seconds from app start to the first screen of the transcript drawn
    (its last visible line rendered; the compositor writes it out in the same tick)."""
    from casebook.tui.app import CasebookApp
    from casebook.tui.widgets.transcript import TranscriptView

    painted: list[tuple[float, float]] = []
    render_line = TranscriptView.render_line

    def watch(view, y):
        strip = render_line(view, y)
        if not painted and y == view.size.height - 1 and view.line_count:
            painted.append((time.perf_counter(), time.process_time()))
        return strip

    wall, cpu = time.perf_counter(), time.process_time()
    TranscriptView.render_line = watch
    try:
        app = CasebookApp(project)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert painted, "the transcript was never painted"
    finally:
        TranscriptView.render_line = render_line
    return painted[0][0] - wall, painted[0][1] - cpu


async def baseline_paint() -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    app = _baseline_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return time.perf_counter() - wall, time.process_time() - cpu


def _baseline_app():
    """A bare Textual app: one Static with a screen of text, and bindings that change it."""
    from textual.app import App
    from textual.widgets import Static

    screen = "\n".join(SENTENCES[i % len(SENTENCES)] for i in range(SIZE[1]))

    class Bare(App):
        BINDINGS = [(k, "shift", "") for k in ("j", "k", "J", "w", "shift+right", "pagedown",
                                               "1", "u")]

        def compose(self):
            yield Static(screen, id="text")
            self.turn = 0

        def action_shift(self) -> None:
            self.turn += 1
            lines = screen.split("\n")
            self.query_one("#text", Static).update("\n".join(lines[self.turn % 7:] +
                                                             lines[:self.turn % 7]))

    return Bare()


async def presses(app, keys: list[str], count: int) -> dict[str, tuple[float, float]]:
    """Per key: CPU ms per press (``count`` presses, each awaited to the repaint), and the
    part of it spent in casebook's own code (key handlers, session, drawing lines)."""
    own = _instrument()
    result = {}
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for key in keys:
                sequence = [key] * count if key != "1u" else ["1", "u"] * (count // 2)
                own[0] = 0.0
                cpu = time.process_time()
                for one in sequence:
                    await pilot.press(one)
                await pilot.pause()
                total = (time.process_time() - cpu) * 1000 / len(sequence)
                result[key] = (total, own[0] * 1000 / len(sequence))
    finally:
        own[1]()
    return result


def _instrument():
    """Count CPU time spent in casebook's handlers and line drawing; returns
    ``[seconds, undo]``."""
    from casebook.tui.app import CasebookApp
    from casebook.tui.widgets.transcript import TranscriptView

    targets = [(CasebookApp, name) for name in (
        "action_move", "action_page", "action_apply_code", "action_undo", "action_redo",
        "_update_counts")] + [(TranscriptView, "render_line")]
    saved = [(cls, name, getattr(cls, name)) for cls, name in targets]
    box: list = [0.0, None]
    depth = [0]

    def wrap(function):
        def timed(*args, **kwargs):
            depth[0] += 1
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                depth[0] -= 1
                if depth[0] == 0:
                    box[0] += time.process_time() - start
        return timed

    for cls, name, function in saved:
        setattr(cls, name, wrap(function))

    def undo() -> None:
        for cls, name, function in saved:
            setattr(cls, name, function)

    box[1] = undo
    return box


def strips_direct(project, lines: int) -> tuple[float, float, float]:
    """CPU ms to render one screen of the transcript (cache cold), beside rich rendering
    the same text as plain Text lines; and CPU ms to lay out the whole document (done in
    the background after first paint)."""
    from rich.console import Console
    from rich.text import Text

    from casebook.coding.session import CodingSession
    from casebook.tui.widgets.layout import Layout
    from casebook.tui.widgets.transcript import GUTTER, MARGIN, TranscriptView

    session = CodingSession(project.store, "bench")
    session.open(project.store.documents()[0].id)
    width = SIZE[0] - 34 - GUTTER - MARGIN
    cpu = time.process_time()
    full = Layout(session.text, session.turns, session.selection.visible_turns(), width)
    full.finish()
    layout_ms = (time.process_time() - cpu) * 1000
    view = TranscriptView(session)
    view.set_layout(full)
    cpu = time.process_time()
    for line in range(lines):
        view._render(line)
    ours = (time.process_time() - cpu) * 1000
    console = Console(width=SIZE[0] - 34, file=open(os.devnull, "w"))
    texts = [Text(session.text[full.start[i]:full.end[i]], style="on #1f77b4")
             for i in range(lines)]
    cpu = time.process_time()
    for text in texts:
        list(console.render(text))
    return ours, (time.process_time() - cpu) * 1000, layout_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--codings", type=int, default=10_000)
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args()
    from casebook.tui.app import CasebookApp

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        project = build(Path(tmp) / "p", args.lines, args.codings)
        print(f"built {args.lines} turns, {args.codings} codings in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
        asyncio.run(baseline_paint())  # warm imports for both sides
        base_wall, base_cpu = asyncio.run(baseline_paint())
        wall, cpu = asyncio.run(first_paint(project))
        keys = ["j", "k", "J", "w", "shift+right", "pagedown"]
        ours = asyncio.run(presses(CasebookApp(project), keys + ["1u"], args.presses))
        base = asyncio.run(presses(_baseline_app(), keys + ["1u"], args.presses))
        base = {key: value[0] for key, value in base.items()}
        strip_ms, rich_ms, layout_ms = strips_direct(project, SIZE[1])
        project.close()

    rows = [("first paint, wall s", wall, base_wall, "< 0.3"),
            ("first paint, CPU s", cpu, base_cpu, "")]
    names = {"j": "key j (next sentence)", "k": "key k (prev sentence)",
             "J": "key J (next turn)", "w": "key w (next word)",
             "shift+right": "key shift+right (grow)", "pagedown": "key pagedown",
             "1u": "coding action (apply 1 / undo u)"}
    for key, label in names.items():
        rows.append((f"{label}, CPU ms", ours[key][0], base[key], ""))
        rows.append(("  of which casebook's own code, CPU ms", ours[key][1], float("nan"),
                     "<= 10"))
    rows.append((f"render {SIZE[1]} lines cold, CPU ms", strip_ms, rich_ms, ""))
    rows.append(("whole layout (background), CPU ms", layout_ms, float("nan"), ""))
    print(f"\nTUI bench: {args.lines} turns, {args.codings} codings, terminal "
          f"{SIZE[0]}x{SIZE[1]}; baseline = bare Textual app (Static, one screen) / "
          "rich rendering the same lines. Key figures are whole presses through Textual's "
          "Pilot (event loop, compositor); 'own code' is the handlers and line drawing.")
    print(f"{'measure':<44} {'casebook':>10} {'baseline':>10} {'goal':>8}")
    for label, value, baseline, goal in rows:
        shown = "—" if baseline != baseline else f"{baseline:.3f}"  # nan: no baseline
        print(f"{label:<44} {value:>10.3f} {shown:>10} {goal:>8}")


if __name__ == "__main__":
    main()
