"""Files outside the database: read with a size limit, written so that they appear whole or
not at all, and what a killed writer left behind found again.

A file is written to ``NAME.<pid>.part`` next to it and renamed over ``NAME`` when complete;
:func:`remove_stale` removes the ``.part`` files whose process is gone (a kill, a power
cut). :func:`checkpoint` lets the kill tests stop a process at a named step.

Opening a project reads casebook.yaml and looks for stale files, so those two work on names
as text: :mod:`pathlib` (and the URL parsing it imports) is loaded by a writer or an error.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

from casebook.errors import CasebookError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

_PART = r"^(?P<name>.+)\.(?P<pid>\d+)\.part$"
_OLD_ENOUGH = 3600.0  # seconds: a .part whose process cannot be asked is stale by then


def inside(root: str | Path, relative: str | Path) -> Path:
    """``root / relative`` if it lies inside ``root`` (links resolved); ValueError if not."""
    from pathlib import Path

    return Path(inside_text(root, relative))


def inside_text(root: str | Path, relative: str | Path) -> str:
    """:func:`inside`, as text."""
    path = os.path.join(root, relative)
    real, base = os.path.realpath(path), os.path.realpath(root)
    if real != base and not real.startswith(os.path.join(base, "")):
        raise ValueError(str(relative))
    return path


def nonempty(path: str) -> bool:
    """Whether the file at ``path`` is there and holds something."""
    try:
        return os.stat(path).st_size > 0
    except OSError:
        return False


def copy_named(name: str) -> bool:
    """Whether ``name`` is named like a copy in ``sources/`` (``<12 hex digits>-<name>``)."""
    head = name[:13]
    return len(name) > 13 and head[12] == "-" and all(c in "0123456789abcdef" for c in head[:12])


def _errno_text(err: OSError) -> str:
    return err.strerror or str(err)


def read_bytes(path: str | Path, limit: int) -> bytes:
    """The bytes of the file at ``path``; one error line if it is missing, a folder,
    unreadable or larger than ``limit`` bytes (read no further than that)."""
    name = os.fspath(path) or "."  # as Path(path) has it: "" is the folder we are in
    too_large = f"refused: larger than {limit // 2**20 or 1} MB"
    try:
        if os.stat(name).st_size > limit:
            raise CasebookError(too_large, path=_shown(name))
        with open(name, "rb") as handle:  # a file that grows, a device: no further
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise CasebookError("no such file", path=_shown(name)) from None
    except IsADirectoryError:
        raise CasebookError("is a folder, not a file", path=_shown(name)) from None
    except OSError as err:
        raise CasebookError(f"cannot read ({_errno_text(err)})", path=_shown(name)) from None
    except ValueError:  # a NUL in the name
        raise CasebookError("is not a valid file name", path=repr(_shown(name))) from None
    if len(data) > limit:
        raise CasebookError(too_large, path=_shown(name))
    return data


def _shown(name: str) -> str:
    """A file's name as an error shows it: as a Path writes it."""
    from pathlib import Path

    return str(Path(name))


def checkpoint(step: str) -> None:
    """Die here, as a kill would, when ``$CASEBOOK_KILL_AT`` names ``step`` (the kill
    tests use it to stop a process between a COMMIT and the file that follows it)."""
    if os.environ.get("CASEBOOK_KILL_AT") == step:
        import signal

        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path`` to write to. When the block ends without an
    error it replaces ``path`` in one rename; otherwise it is removed and ``path`` stays as
    it was. An operating-system error is one line naming ``path``; so is a ``path`` that is
    there but no regular file (a device such as /dev/null, a pipe, a folder): a rename would
    put a file in its place."""
    from pathlib import Path

    path = Path(path)
    if not path.name or path.name in (".", ".."):
        raise CasebookError("names no file to write", path=str(path) or "''")
    if path.exists() and not path.is_file():
        raise CasebookError("is not a regular file: Casebook does not replace it", path=path)
    remove_stale(path.parent, path.name)  # a killed writer's, outside a project too
    tmp = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        yield tmp
        checkpoint(f"rename:{path.name}")
        tmp.replace(path)
    except OSError as err:
        raise CasebookError(f"cannot write ({_errno_text(err)})", path=path) from None
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8, line ends as given) to ``path``, whole or not at all."""
    with replacing(path) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def running(pid: int) -> bool:
    """Whether another process ``pid`` runs (not killed and waiting to be reaped); False where
    that cannot be asked (not POSIX)."""
    if pid == os.getpid() or os.name != "posix" or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it runs, as another user
    return not _zombie(pid)


def _gone(pid: int, part: str) -> bool:
    """Whether the process that wrote ``part`` no longer runs."""
    if pid == os.getpid():
        return False
    if os.name != "posix":  # signal 0 means something else there: go by age
        return time.time() - os.stat(part).st_mtime > _OLD_ENOUGH
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # it runs, as another user
    return _zombie(pid)


def _zombie(pid: int) -> bool:
    """Whether ``pid`` was killed and waits only to be reaped by its parent (Linux: state Z
    in /proc; a killed workbench under `casebook serve` can stay so for a while)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            stat = handle.read()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2:][:1] == "Z"


def remove_stale(folder: str | Path, name: str | None = None) -> list[Path]:
    """Remove the ``.part`` files in ``folder`` whose writer is gone (and ``.tmp`` files
    earlier versions left), only those of the file ``name`` if given; returns them."""
    removed = []
    try:
        with os.scandir(folder) as found:
            entries = list(found)
    except OSError:
        return []
    for entry in entries:
        match = re.match(_PART, entry.name) if entry.name.endswith(".part") else None
        if name is not None and (match is None or match["name"] != name):
            continue
        stale = (match is not None and _gone(int(match["pid"]), entry.path)) or \
            (entry.name.endswith(".tmp") and "." in entry.name[:-4])
        if stale and entry.is_file():
            try:
                os.unlink(entry.path)
            except OSError:
                continue
            from pathlib import Path

            removed.append(Path(entry.path))
    return removed
