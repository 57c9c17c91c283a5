"""How the gate spells numbers and dates again (:class:`casebook.privacy.variants.Forms`):
the digits that identify a number, and the numeric spellings of a full date."""

from __future__ import annotations

import re

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def significant_digits(text: str) -> str:
    """The digits that identify a number: the longest run (an IBAN's account number), a
    phone number without its country code or leading zeros."""
    runs = ["".join(re.findall(r"\d", part)) for part in re.split(r"[A-Za-z]+", text)]
    digits = max(runs, key=len, default="")
    if digits.startswith("0031"):
        digits = digits[4:]
    elif digits.startswith("31") and len(digits) == 11:
        digits = digits[2:]
    return digits.lstrip("0")


def date_pattern(folded: str) -> tuple[str, tuple[str, str]] | None:
    """Numeric spellings of a full date, ``folded`` ("14 februari 1986": 14-2-1986, 14/02/86,
    1986-02-14), with what every spelling holds as written: the year's last two digits and
    the day's (a text without both is not searched, and its pattern not compiled)."""
    folded = folded.casefold()
    m = re.fullmatch(r"(\d{1,2}) ([a-z]+)\.? (\d{4})", folded)
    numeric = re.fullmatch(r"(\d{1,2})[ ./](\d{1,2})[ ./](\d{2,4})", folded)
    if m and any(month.startswith(m[2][:3]) for month in MONTHS):
        day, month, year = int(m[1]), next(i for i, name in enumerate(MONTHS, 1)
                                           if name.startswith(m[2][:3])), m[3]
    elif numeric:
        day, month, year = int(numeric[1]), int(numeric[2]), numeric[3]
    else:
        return None
    sep = r"[ ./]"
    y = rf"(?:{year[:2]})?{year[2:]}" if len(year) == 4 else year
    name = MONTHS[month - 1] if 1 <= month <= 12 else "-"
    return (rf"0?{day}{sep}0?{month}{sep}{y}|{year}{sep}0?{month}{sep}0?{day}"
            rf"|0?{day} {name[:3]}[a-z]*\.? {y}"), (year[-2:], str(day))
