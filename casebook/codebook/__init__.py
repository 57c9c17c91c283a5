"""Codebooks: the YAML schema (read with line numbers, checked, written back), changes to
the active codebook that keep codings attached by id, and REFI-QDA .qdc exchange."""

from __future__ import annotations

from casebook.codebook.schema import (
                                      Problem,
                                      check,
                                      depth,
                                      dump_yaml,
                                      load_yaml,
                                      parse_text,
                                      write_yaml,
)

__all__ = ["Problem", "check", "depth", "dump_yaml", "load_yaml", "parse_text",
           "write_yaml"]
