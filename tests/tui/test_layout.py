"""The transcript's layout: wrapping by terminal cells, and chunked layout that ends up
the same as laying out everything at once."""

from __future__ import annotations

from rich.cells import cell_len

from casebook.model import TurnRow
from casebook.tui.widgets.layout import Layout, wrap


def test_wrap_counts_cells_not_code_points():
    text = "Ik 😅😅😅 lach, café één twee"
    spans = wrap(text, 0, len(text), 6)
    assert "".join(text[s:e] + " " for s, e in spans).split() == text.split()
    assert all(cell_len(text[s:e]) <= 6 for s, e in spans)
    assert (text.index("😅"), text.index("😅") + 3) in spans  # three wide = six cells


def test_wrap_breaks_a_word_longer_than_the_width():
    text = "abcdefghij kl"
    assert [text[s:e] for s, e in wrap(text, 0, len(text), 4)] == ["abcd", "efgh", "ij", "kl"]


def test_chunked_layout_equals_the_whole_and_finds_offsets():
    turns, text = [], ""
    for number in range(1500):
        said = f"Beurt {number} zegt iets. " * (1 + number % 4)
        turns.append(TurnRow(len(text), len(text) + len(said) - 1, "A" if number % 2 else "B"))
        text += said + "\n"
    whole = Layout(text, turns, list(range(len(turns))), 30)
    whole.finish()
    lazy = Layout(text, turns, list(range(len(turns))), 30)
    lazy.until_line(10)
    assert not lazy.complete and 10 < len(lazy) < len(whole)
    assert abs(lazy.estimate() - len(whole)) < len(whole) * 0.2
    target = turns[1200].start
    lazy.until_offset(target)
    assert lazy.end[-1] >= target
    lazy.finish()
    assert (lazy.turn, lazy.start, lazy.end, lazy.row, lazy.pad) == \
        (whole.turn, whole.start, whole.end, whole.row, whole.pad)
    assert whole.turn.count(-1) == len(turns) - 1  # one blank line between turns
