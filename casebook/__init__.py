"""Casebook: code transcripts, compare coders, export socioprudentie cases."""

__version__ = "0.1.0"
