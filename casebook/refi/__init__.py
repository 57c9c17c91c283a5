"""REFI-QDA project exchange (.qdpx): :mod:`casebook.refi.export` writes one;
:mod:`casebook.refi.reader` reads one from ATLAS.ti, MAXQDA, NVivo, QualCoder, Taguette
or Casebook and :mod:`casebook.refi.importer` brings it in through the intake
(:mod:`casebook.ingest.intake`). :mod:`casebook.refi.archive` guards against hostile zips,
:mod:`casebook.refi.textmap` moves offsets onto Casebook's normalised text."""
