"""Several coders: :mod:`~casebook.coders.stats` (pure agreement statistics on arrays),
:mod:`~casebook.coders.agreement` (agreement over a project's codings),
:mod:`~casebook.coders.merge` (bring other coders' copies in) and
:mod:`~casebook.coders.adjudicate` (settle differences into the ``consensus`` coder)."""
