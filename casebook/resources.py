"""Where shipped data lives: `codebooks/` and `cases/` at the top of a checkout, or inside
the installed package (`casebook/_data/`) when installed from a wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped(folder: str) -> Path:
    """The shipped folder ``codebooks``, ``cases`` or ``demo/transcripts``."""
    for candidate in (_PACKAGE / "_data" / folder, _PACKAGE.parent / folder, _PACKAGE / folder):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"shipped folder {folder!r} is missing from this installation")
