"""Zips whose headers lie: a wrong CRC, or a size larger than the data."""

from __future__ import annotations

import struct


def _headers(data: bytearray, member: str):
    """(offset, CRC field, size field) of the member's local and central headers."""
    name = member.encode()
    for signature, name_len, name_at, crc, size in ((b"PK\x03\x04", 26, 30, 14, 22),
                                                    (b"PK\x01\x02", 28, 46, 16, 24)):
        at = data.find(signature)
        while at >= 0:
            length = struct.unpack("<H", data[at + name_len:at + name_len + 2])[0]
            if data[at + name_at:at + name_at + length] == name:
                yield at + crc, at + size
            at = data.find(signature, at + 4)


def damage(data: bytes, member: str, how: str) -> bytes:
    """``how`` = "crc": the member's CRC-32 is wrong; "size": its header says 50 bytes
    more than there are."""
    data = bytearray(data)
    for crc, size in _headers(data, member):
        if how == "crc":
            data[crc:crc + 4] = bytes(a ^ 0xFF for a in data[crc:crc + 4])
        else:
            data[size:size + 4] = struct.pack("<I", struct.unpack("<I", data[size:size + 4])[0]
                                              + 50)
    return bytes(data)
