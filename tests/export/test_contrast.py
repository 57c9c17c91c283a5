"""WCAG 2.1 contrast, against published figures, and code highlights that keep 4.5:1."""

from __future__ import annotations

import itertools

import pytest

from casebook.export.contrast import blend, contrast, hex_colour, highlight, rgb
from casebook.export.web import ALPHAS, DARK, LIGHT


@pytest.mark.parametrize("a,b,ratio", [
    ("#000000", "#ffffff", 21.0),
    ("#ffffff", "#ffffff", 1.0),
    ("#767676", "#ffffff", 4.54),  # the lightest grey that passes AA on white
    ("#777777", "#ffffff", 4.48),  # ... and the next one, which fails
    ("#0000ff", "#ffffff", 8.59),
    ("#ff0000", "#ffffff", 4.0),
])
def test_contrast_ratios_match_the_published_ones(a, b, ratio):
    assert round(contrast(rgb(a), rgb(b)), 2) == ratio
    assert contrast(rgb(b), rgb(a)) == contrast(rgb(a), rgb(b))


def test_colours_are_read_leniently():
    assert rgb("#1F77B4") == (31, 119, 180) and rgb("abc") == (170, 187, 204)
    assert rgb("red") == rgb("#12345") == rgb("#1234567") == (136, 136, 136)
    assert blend((255, 0, 0), 0.32, (255, 255, 255)) == (255, 173, 173)


@pytest.mark.parametrize("theme", [LIGHT, DARK])
def test_every_highlight_keeps_4_5_to_1_and_is_as_strong_as_allowed(theme):
    ink, paper = rgb(theme[0]), rgb(theme[1])
    steps = range(0, 256, 51)
    weakened = 0
    for colour in itertools.product(steps, steps, steps):
        for alpha in ALPHAS[theme]:
            shown = rgb(highlight(hex_colour(colour), theme[0], theme[1], alpha))
            assert contrast(ink, shown) >= 4.5, (colour, alpha, shown)
            full = blend(colour, alpha, paper)
            if contrast(ink, full) >= 4.5:
                assert shown == full  # left as it is when it is readable
            else:
                weakened += 1
                assert contrast(ink, shown) < 4.6  # only as much fainter as it must be
    # on a light page every colour reads at its opacity; on a dark one bright ones do not
    assert weakened == 0 if theme == LIGHT else weakened > 20
