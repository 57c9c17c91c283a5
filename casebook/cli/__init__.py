"""The `casebook` command: a thin shell over the services.

:func:`main` runs a command line. A plain `casebook codings` (the listing scripts read) or
`casebook code add --from FILE` (how scripts code), as :mod:`casebook.cli.quick` defines
them, runs without click, whose import costs a listing of 12,500 codings more than its work,
and without :mod:`inspect` (:mod:`casebook.cli.lazy`);
every other command line goes to the click group
:data:`casebook.cli.group.cli`. ``from casebook.cli import cli`` (and the group's other
names) still works: they are looked up in :mod:`casebook.cli.group` when asked for, so
importing this package loads no click.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_GROUP = frozenset({"cli", "Casebook", "Commands", "COMMANDS", "SUMMARIES", "_long_project"})


def main(quick: bool = True, *, fast_exit: bool = True) -> None:
    """Run `casebook` on ``sys.argv``; exit with its code. ``quick`` false: through click
    even when :mod:`casebook.cli.quick` could run it (the tests compare the two);
    ``fast_exit`` false: a quick run exits as any other, through Python's teardown (see
    :func:`casebook.cli.quick.exit_now`; for running it inside another program)."""
    args = sys.argv[1:]
    if quick and ("codings" in args[:3] or "--from" in args[2:]):  # maybe after -p DIR
        from casebook.cli.quick import exit_now, plain_command
        from casebook.cli.quick import run as run_quick

        given = plain_command(args)
        if given is not None:
            from casebook.cli.lazy import defer_inspect

            defer_inspect()  # before dataclasses imports inspect, which neither uses
            code = run_quick(given)
            if fast_exit:
                exit_now(code)
            sys.exit(code)
    from casebook.cli import group  # first: it loads click with collection paused
    from casebook.cli.common import run

    sys.exit(run(group.cli))


def __getattr__(name: str) -> Any:
    if name in _GROUP:
        from casebook.cli import group

        return getattr(group, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
