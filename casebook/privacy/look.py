"""The last look over a long output as it is written: what one search of its whole text
would find, with the memory of a piece of it.

An output of many fields (an export's ``project.qde``) gets a last look at its whole text,
folded without its tags and with them (``Forms.hits(text, markup=True)``), to catch what no
field check sees. Made whole, the text and its folded copies were the export's largest
memory. :class:`LastLook` is fed the text as it is made and says whether that search would
find any form. It may see one where the whole search sees none (at a window's edge), never
the other way round; so an export that it passes holds none, and one that it stops is
checked whole (the one refusal, naming what it names).

Why it sees what the whole search sees:

1. Folding. The text is folded in pieces, each cut just after a line end, and the folded
   pieces are joined with the two spaces at a join made one. That is the fold of the whole:
   no entity or tag holds a line end, a line end is a starter for NFKD, dropping and "ß" go
   by character, and a run of separators (which fold makes one space) that runs across a
   cut is a space at the end of one folded piece and at the start of the next.
2. Searching. Each fold (with tags, without) is searched in windows: each new folded piece
   after the end of the window before, from :func:`reach` characters before its end, cut
   back to the start of the word there and :data:`MARGIN` characters more. A match of a
   form, with the character either side that its pattern looks at, spans at most ``reach``
   characters (a name's form is a literal; a number's k digits, each at most 4 characters
   from the next, span 4k - 3 however long their run; a postcode 7; a numeric date 12), so
   it lies whole in the first window that reaches its end, and that window's search finds
   it or an earlier match. The one match without a bound is a date with its month written
   out ("14 februarixxx 1986"): its month word ends at most 7 characters before the end of
   the match and its look-ahead, so the first window that reaches that end starts before
   the word, or in it and then at its start less the margin, which holds the day, the
   space and the look-behind before them.
"""

from __future__ import annotations

import re

from casebook.privacy.variants import Forms, folds

MARGIN = 8  # a written date's day, the space after it and the look-behind before it
_WORDY = re.compile(r"\w")


def reach(forms: Forms) -> int:
    """How many folded characters a match of any of ``forms`` spans at most, with the
    character before and after it (the written month of a date aside: see the module)."""
    longest = max((len(form) for form in forms.by_form), default=0)
    digits = max((4 * len(d) - 3 for d in forms.digits), default=0)
    return max(longest, digits, 7, 12) + 2


class LastLook:
    """The last look at a text fed piece by piece (see the module docstring)."""

    def __init__(self, forms: Forms) -> None:
        self.forms = forms
        self.reach = reach(forms)
        self.pending: list[str] = []  # fed after the last line end
        self.held = ["", ""]  # of each fold (without tags, with them): the window's end
        self.found = False

    def feed(self, text: str) -> None:
        """Look at ``text``, the next part of the whole, up to its last line end."""
        if self.found:
            return
        cut = text.rfind("\n") + 1
        if not cut:
            self.pending.append(text)
            return
        piece = "".join([*self.pending, text[:cut]])
        self.pending = [text[cut:]]
        self._look(piece)

    def close(self) -> bool:
        """Whether the search of the whole text fed may find a form (see the module)."""
        if not self.found:
            self._look("".join(self.pending))
        self.pending = []
        return self.found

    def _look(self, piece: str) -> None:
        if not self.forms.count():  # no form is searched for: none is found, unfolded
            return
        folded = folds(piece, markup=True)
        for at, new in enumerate(folded * 2 if len(folded) == 1 else folded):
            held = self.held[at]
            window = held + new[1:] if held.endswith(" ") and new.startswith(" ") \
                else held + new
            if self.forms.holds(window):
                self.found = True
                return
            self.held[at] = window[self._start(window):]

    def _start(self, window: str) -> int:
        """Where the next window starts in this one."""
        at = len(window) - self.reach
        if at <= 0:
            return 0
        while at > 0 and _WORDY.match(window, at - 1):
            at -= 1
        return max(0, at - MARGIN)
