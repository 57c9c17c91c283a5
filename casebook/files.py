"""Writing a file so that it appears whole or not at all: every output goes through here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from casebook.errors import CasebookError


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path`` to write to. When the block ends without an
    error it replaces ``path`` in one rename; otherwise it is removed and ``path`` stays as
    it was. An operating-system error is one line naming ``path``."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        yield tmp
        tmp.replace(path)
    except OSError as err:
        raise CasebookError(f"cannot write ({err.strerror or err})", path=path) from None
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8, line ends as given) to ``path``, whole or not at all."""
    with replacing(path) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
