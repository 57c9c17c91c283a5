"""REFI-QDA project exchange (.qdpx): :mod:`casebook.refi.export` writes one,
:mod:`casebook.refi.importer` reads one from ATLAS.ti, MAXQDA, NVivo, QualCoder, Taguette
or Casebook. :mod:`casebook.refi.archive` guards against hostile zips,
:mod:`casebook.refi.textmap` moves offsets onto Casebook's normalised text."""
